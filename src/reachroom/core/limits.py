"""A pure-ASGI guard that rejects request bodies over the configured size with 413 (counted as they stream in,
so an oversized upload is refused without being buffered); upload routes have their own, larger limit."""

import json
import re

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class BodySizeLimit:
    """Counts body bytes (declared or streamed) and answers 413 past the limit."""

    def __init__(self, app: ASGIApp, max_bytes: int, upload_paths: str = "", upload_bytes: int = 0) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.upload_paths = re.compile(upload_paths) if upload_paths else None
        self.upload_bytes = upload_bytes

    def _limit(self, scope: Scope) -> int:
        if self.upload_paths is not None and self.upload_paths.fullmatch(scope.get("path", "")):
            return max(self.upload_bytes, self.max_bytes)
        return self.max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        limit = self._limit(scope)
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            return await self._reject(send, limit)
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise _TooLarge()
            return message

        try:
            await self.app(scope, counted, send)
        except _TooLarge:
            await self._reject(send, limit)

    async def _reject(self, send: Send, limit: int) -> None:
        body = json.dumps({"error": {"status": 413, "code": "payload_too_large",
                                     "message": f"Request body exceeds {limit} bytes",
                                     "fields": [{"field": "body", "message": "too large"}]}}).encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})


class _TooLarge(Exception):
    pass
