"""ASGI entry point for uvicorn: `reachroom.asgi:app`."""

from reachroom.app import create_app

app = create_app()
