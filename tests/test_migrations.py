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


def test_name_keys_are_backfilled_and_old_clashes_kept(tmp_path):
    """0005: existing brands, lists and saved searches get their Unicode-aware key; rows that only now
    clash (ASCII-only lower() let them in) keep their names with a disambiguated key, so the unique index builds."""
    from sqlalchemy import text

    url = fresh_database_url(tmp_path, "namekeys")
    try:
        upgrade(url, "0003")
        engine = make_engine(url)
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO workspaces (id, name, slug, created_at) VALUES (1, 'W', 'w', '2026-01-01')"))
            for table, extra_cols, extra_vals in (("brands", ", description, voice, \"values\", banned_words, niches, "
                                                   "target_audience, website, updated_at",
                                                   ", '', '', '[]', '[]', '[]', '{}', '', '2026-01-01'"),
                                                  ("creator_lists", ", kind, description", ", 'shortlist', ''"),
                                                  ("saved_searches", ", query", ", '{}'")):
                for i, name in enumerate(("Élan", "élan", "Ärzte Tee")):
                    conn.execute(text(f"INSERT INTO {table} (id, workspace_id, name, created_at{extra_cols}) "
                                      f"VALUES ({i + 1}, 1, :name, '2026-01-01'{extra_vals})"), {"name": name})
        upgrade(url)
        with engine.connect() as conn:
            for table in ("brands", "creator_lists", "saved_searches"):
                keys = dict(conn.execute(text(f"SELECT name, name_key FROM {table}")).all())
                assert keys == {"Élan": "élan", "élan": "élan #2", "Ärzte Tee": "ärzte tee"}, table
        engine.dispose()
    finally:
        drop_database(url)
