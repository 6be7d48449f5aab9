"""A tiny in-process publish/subscribe for "something happened" that another domain reacts to in the same
transaction (e.g. campaigns publish "draft reviewed"; the portal notifies the creator). Core knows no domain:
domains subscribe at import time."""

from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

Handler = Callable[..., None]
_handlers: dict[str, list[Handler]] = {}


def subscribe(event: str, handler: Handler) -> None:
    """Call `handler(db, **data)` whenever `event` is published (once per handler)."""
    if handler not in _handlers.setdefault(event, []):
        _handlers[event].append(handler)


def publish(db: Session, event: str, **data: Any) -> None:
    """Tell every subscriber, in the caller's transaction (a failing subscriber fails the change)."""
    for handler in _handlers.get(event, []):
        handler(db, **data)
