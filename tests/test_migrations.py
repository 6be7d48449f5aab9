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


def _insert(conn, table: str, **values) -> None:
    """One row with the given values; every other required column gets a plain value of its type."""
    from sqlalchemy import JSON, Boolean, Date, DateTime, Float, Integer, Numeric, text

    for col in inspect(conn).get_columns(table):
        if col["name"] in values or col["nullable"] or col.get("default") is not None:
            continue
        kind = col["type"]
        values[col["name"]] = ("[]" if isinstance(kind, JSON) else False if isinstance(kind, Boolean)
                               else "2026-01-01" if isinstance(kind, (DateTime, Date))
                               else 0 if isinstance(kind, (Integer, Float, Numeric)) else "")
    names = ", ".join(f'"{k}"' for k in values)
    conn.execute(text(f"INSERT INTO {table} ({names}) VALUES ({', '.join(':' + k for k in values)})"), values)


def test_rebuilding_a_table_keeps_its_childrens_rows(tmp_path):
    """0025 rebuilds campaign_posts on SQLite (batch mode); its snapshots (ON DELETE CASCADE) must survive, and the
    post then points at its newest snapshot and the campaign has its rollup (0026)."""
    from sqlalchemy import text

    url = fresh_database_url(tmp_path, "rebuild")
    try:
        upgrade(url, "0024")
        engine = make_engine(url)
        with engine.begin() as conn:
            _insert(conn, "workspaces", id=1, name="W", slug="w")
            _insert(conn, "brands", id=1, workspace_id=1, name="B", name_key="b", values="[]", banned_words="[]",
                    niches="[]", target_audience="{}", tolerated_safety="[]")
            _insert(conn, "campaigns", id=1, workspace_id=1, brand_id=1, name="C", name_key="c", target="{}")
            _insert(conn, "creators", id=1, name="P")
            _insert(conn, "social_accounts", id=1, creator_id=1, platform="instagram", handle="p")
            _insert(conn, "campaign_creators", id=1, campaign_id=1, account_id=1, stage="live")
            _insert(conn, "campaign_posts", id=1, campaign_id=1, campaign_creator_id=1, platform="instagram",
                    url="https://www.instagram.com/p/X/", format="post")
            _insert(conn, "campaign_post_snapshots", id=1, campaign_post_id=1, collected_at="2026-01-02",
                    source="manual", views=100, reach=80, flags="[]")
            _insert(conn, "campaign_post_snapshots", id=2, campaign_post_id=1, collected_at="2026-01-03",
                    source="manual", views=150, reach=90, flags='["views_dropped"]')
        upgrade(url)
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM campaign_post_snapshots")).scalar_one() == 2
            assert tuple(conn.execute(text("SELECT latest_snapshot_id, flagged_snapshots FROM campaign_posts")).one()) \
                == (2, 1)
            assert conn.execute(text("SELECT posts FROM campaign_rollups")).scalar_one() == 1
        engine.dispose()
    finally:
        drop_database(url)


def test_older_duplicate_open_bids_are_withdrawn_before_the_unique_index(tmp_path):
    """0031: should a race have let two open bids of one creator on one campaign in, the older is withdrawn so the
    partial unique index builds; final bids and other creators' bids are untouched, and the index then holds."""
    import pytest
    from sqlalchemy import text
    from sqlalchemy.exc import IntegrityError

    url = fresh_database_url(tmp_path, "onebid")
    try:
        upgrade(url, "0030")
        engine = make_engine(url)
        with engine.begin() as conn:
            _insert(conn, "workspaces", id=1, name="W", slug="w")
            _insert(conn, "brands", id=1, workspace_id=1, name="B", name_key="b", values="[]", banned_words="[]",
                    niches="[]", target_audience="{}", tolerated_safety="[]")
            _insert(conn, "campaigns", id=1, workspace_id=1, brand_id=1, name="C", name_key="c", target="{}")
            _insert(conn, "creators", id=1, name="P")
            _insert(conn, "social_accounts", id=1, creator_id=1, platform="instagram", handle="p")
            for user in (1, 2):
                _insert(conn, "creator_users", id=user, email=f"p{user}@creators.test", password_hash="x",
                        handles="[]", niches="[]", languages="[]", rates="[]")
            for bid, user, status in ((1, 1, "declined"), (2, 1, "open"), (3, 1, "countered"), (4, 1, "open"),
                                      (5, 2, "open")):
                _insert(conn, "creator_bids", id=bid, campaign_id=1, creator_user_id=user, account_id=1,
                        currency="GBP", status=status, version=1)
        upgrade(url)
        with engine.connect() as conn:
            states = dict(conn.execute(text("SELECT id, status FROM creator_bids")).all())
            assert states == {1: "declined", 2: "withdrawn", 3: "withdrawn", 4: "open", 5: "open"}
            assert conn.execute(text("SELECT deliverables FROM creator_bids WHERE id = 4")).scalar_one() in ([], "[]")
        with pytest.raises(IntegrityError), engine.begin() as conn:
            _insert(conn, "creator_bids", id=6, campaign_id=1, creator_user_id=2, account_id=1, currency="GBP",
                    status="countered", version=1)
        engine.dispose()
    finally:
        drop_database(url)
