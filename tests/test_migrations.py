"""Alembic migrations: upgrade from empty, match the models, downgrade back to empty."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from reachroom.db import make_engine
from reachroom.migrate import downgrade, upgrade
from reachroom.models import Base
from tests.dbutil import drop_database, fresh_database_url


def test_upgrade_matches_models_and_downgrade_empties(tmp_path):
    url = fresh_database_url(tmp_path, "migrations")
    try:
        upgrade(url)
        engine = make_engine(url)
        with engine.connect() as conn:
            tables = set(inspect(conn).get_table_names())
            assert set(Base.metadata.tables) <= tables
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
            assert diff == [], f"models and migrations differ: {diff}"
        downgrade(url, "base")
        with engine.connect() as conn:
            left = set(inspect(conn).get_table_names()) - {"alembic_version"}
            assert left == set()
        upgrade(url)
        with engine.connect() as conn:
            assert set(Base.metadata.tables) <= set(inspect(conn).get_table_names())
        engine.dispose()
    finally:
        drop_database(url)
