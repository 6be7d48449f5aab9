"""Demo-data fixtures: fresh databases (SQLite file, or PostgreSQL when the suite runs on it) with the schema."""

import itertools
from datetime import datetime

import pytest
from sqlalchemy import Engine, select
from tests.dbutil import drop_database, fresh_database_url

from reachroom.db import make_engine
from reachroom.demo import load_demo
from reachroom.models import Base

AS_OF = datetime(2026, 6, 30)
DEMO_TABLES = ("creators", "social_accounts", "account_snapshots", "audience_profiles", "posts", "post_snapshots",
               "follower_samples", "comment_samples", "demo_truth")
_names = itertools.count()


@pytest.fixture
def new_engine(tmp_path):
    """Factory of empty databases with the schema; all disposed (and dropped on PostgreSQL) afterwards."""
    made: list[tuple[Engine, str]] = []

    def make() -> Engine:
        url = fresh_database_url(tmp_path, f"demo_{next(_names)}")
        engine = make_engine(url)
        Base.metadata.create_all(engine)
        made.append((engine, url))
        return engine

    yield make
    for engine, url in made:
        engine.dispose()
        drop_database(url)


def dump(engine: Engine) -> dict[str, list[tuple]]:
    """Every demo table's rows, ordered by id."""
    out = {}
    with engine.connect() as conn:
        for name in DEMO_TABLES:
            table = Base.metadata.tables[name]
            out[name] = [tuple(r) for r in conn.execute(select(table).order_by(table.c.id))]
    return out


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    """A catalogue of 800 demo creators, shared by the read-only tests of a module."""
    url = fresh_database_url(tmp_path_factory.mktemp("demo"), f"demo_loaded_{next(_names)}")
    engine = make_engine(url)
    Base.metadata.create_all(engine)
    summary = load_demo(engine, 800, 11, None, as_of=AS_OF, workers=0)
    yield engine, summary
    engine.dispose()
    drop_database(url)
