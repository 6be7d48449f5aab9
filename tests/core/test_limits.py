"""The body-size guard over real HTTP: the usual limit everywhere, a larger one on upload routes, counted as the
body streams in (a chunked body that never declares its length is cut off too)."""

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from reachroom.core.limits import BodySizeLimit
from tests.live import serve


async def _echo(request: Request) -> PlainTextResponse:
    return PlainTextResponse(str(len(await request.body())))


def _app() -> Starlette:
    app = Starlette(routes=[Route("/upload/{n}/media", _echo, methods=["POST"]),
                            Route("/form", _echo, methods=["POST"])])
    app.add_middleware(BodySizeLimit, max_bytes=100, upload_bytes=1000, upload_paths=r"/upload/\d+/media")
    return app


def test_upload_routes_take_more_than_other_routes():
    with serve(_app()) as url, httpx.Client(base_url=url, timeout=30) as client:
        assert client.post("/form", content=b"x" * 100).text == "100"
        assert client.post("/form", content=b"x" * 101).status_code == 413
        assert client.post("/upload/7/media", content=b"x" * 1000).text == "1000"
        too_big = client.post("/upload/7/media", content=b"x" * 1001)
        assert too_big.status_code == 413 and "1000 bytes" in too_big.json()["error"]["message"]
        assert client.post("/upload/x/media", content=b"x" * 101).status_code == 413  # not an upload route

        def chunked():  # no Content-Length: the guard counts what arrives
            for _ in range(20):
                yield b"x" * 100
        assert client.post("/upload/7/media", content=chunked()).status_code == 413
