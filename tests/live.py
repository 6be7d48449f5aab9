"""Serve an ASGI app over real HTTP in a background thread on a socket bound before the server starts."""

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn


def bound_socket() -> socket.socket:
    """A listening-ready socket on a free loopback port, held open so no other worker can take the port."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


@contextmanager
def serve(app, start_timeout: float = 20.0) -> Iterator[str]:
    """Run `app` with uvicorn on a pre-bound free port; yield its base URL and stop it afterwards."""
    sock = bound_socket()
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True, name=f"live-{port}")
    thread.start()
    deadline = time.monotonic() + start_timeout
    while not server.started and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.02)  # polling a flag the server sets; not a fixed wait
    assert server.started, f"test server did not start within {start_timeout} s"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
