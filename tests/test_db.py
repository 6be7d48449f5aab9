"""Transactions on both databases: a savepoint opened as a request's first write nests inside the request's
transaction, so rolling the request back undoes everything (on SQLite, Python's driver would otherwise commit the
savepoint's work at once)."""

import uuid

from sqlalchemy import select

from reachroom.db import new_session
from reachroom.models import Workspace


def test_rolling_back_undoes_a_savepoint_that_was_the_first_write(engine):
    slug = f"sp-{uuid.uuid4().hex[:10]}"
    with new_session(engine) as db:
        db.execute(select(Workspace.id).limit(1)).all()  # reads first, as a request does
        with db.begin_nested():
            db.add(Workspace(name="Savepoint test", slug=slug))
        db.rollback()
    with new_session(engine) as db:
        assert db.scalar(select(Workspace.id).where(Workspace.slug == slug)) is None


def test_committing_keeps_it(engine):
    slug = f"sp-{uuid.uuid4().hex[:10]}"
    with new_session(engine) as db:
        with db.begin_nested():
            db.add(Workspace(name="Savepoint test", slug=slug))
        db.commit()
    with new_session(engine) as db:
        assert db.scalar(select(Workspace.id).where(Workspace.slug == slug)) is not None
