"""ASGI entry point for uvicorn: `reachroom.asgi:app`."""

from reachroom.app import create_app, settle_heap
from reachroom.discovery.index_store import preload_in_background

app = create_app()
settle_heap()
preload_in_background(app.state.engine)
