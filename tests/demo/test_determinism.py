"""Same seed, same rows; different seed, different rows; serial and two-process loads agree; failures clean up."""

import pytest
from sqlalchemy import insert, select, text
from tests.demo.conftest import AS_OF, DEMO_TABLES, dump

import reachroom.demo.pipeline as pipeline
import reachroom.demo.plan as plan_module
from reachroom.demo import CatalogueNotEmpty, catalogue_is_empty, demo_is_loaded, load_demo
from reachroom.demo.writer import BulkWriter
from reachroom.models import Brand, Post, Workspace


def test_same_seed_gives_identical_rows(new_engine):
    a, b = new_engine(), new_engine()
    load_demo(a, 50, 3, None, as_of=AS_OF)
    load_demo(b, 50, 3, None, as_of=AS_OF)
    rows_a, rows_b = dump(a), dump(b)
    assert rows_a["posts"] and rows_a["post_snapshots"]
    for name in DEMO_TABLES:
        assert rows_a[name] == rows_b[name], name


def test_different_seed_gives_different_rows(new_engine):
    a, b = new_engine(), new_engine()
    load_demo(a, 50, 3, None, as_of=AS_OF)
    load_demo(b, 50, 4, None, as_of=AS_OF)
    with a.connect() as ca, b.connect() as cb:
        for sql in ("SELECT name FROM creators ORDER BY id", "SELECT handle FROM social_accounts ORDER BY id",
                    "SELECT caption FROM posts ORDER BY id"):
            assert ca.execute(text(sql)).scalars().all() != cb.execute(text(sql)).scalars().all()


def test_two_process_load_equals_serial_load(new_engine, monkeypatch):
    monkeypatch.setattr(plan_module, "CHUNK_CREATORS", 20)   # 4 chunks of 20, 20, 20, 10 creators
    a, b = new_engine(), new_engine()
    serial = load_demo(a, 70, 5, None, as_of=AS_OF, workers=0)
    parallel = load_demo(b, 70, 5, None, as_of=AS_OF, workers=1)
    assert serial["processes"] == 1 and parallel["processes"] == 2
    assert dump(a) == dump(b)
    assert {k: v for k, v in serial.items() if not k.startswith(("seconds", "processes"))} == \
        {k: v for k, v in parallel.items() if not k.startswith(("seconds", "processes"))}


def test_inlined_sqlite_statements_write_the_same_rows(new_engine, monkeypatch):
    """The SQLite fast path (constants inlined, always-NULL columns left out) equals binding every column."""
    a = new_engine()
    if a.dialect.name != "sqlite":
        pytest.skip("the inlining fast path is SQLite-only")
    load_demo(a, 40, 8, None, as_of=AS_OF)
    monkeypatch.setattr(BulkWriter, "inline", property(lambda self: False))
    monkeypatch.setattr(BulkWriter, "write", _write_all_columns)
    b = new_engine()
    load_demo(b, 40, 8, None, as_of=AS_OF)
    assert dump(a) == dump(b)


def _write_all_columns(self, batches):
    cur = self.dbapi.cursor()
    if not self.dbapi.in_transaction:
        cur.execute("BEGIN")
    for batch in batches:
        cols = ", ".join(self.quote(c) for c in batch.columns)
        marks = ", ".join("?" * len(batch.columns))
        cur.executemany(f"INSERT INTO {self.quote(batch.table)} ({cols}) VALUES ({marks})", batch.rows)
    cur.close()


def test_demo_is_loaded_and_refuses_a_second_load(new_engine):
    engine = new_engine()
    assert catalogue_is_empty(engine) and not demo_is_loaded(engine)
    load_demo(engine, 10, 1, None, as_of=AS_OF)
    assert demo_is_loaded(engine) and not catalogue_is_empty(engine)
    with pytest.raises(CatalogueNotEmpty):
        load_demo(engine, 10, 1, None, as_of=AS_OF)


def test_failed_load_removes_what_it_wrote(new_engine, monkeypatch):
    monkeypatch.setattr(plan_module, "CHUNK_CREATORS", 20)
    original = pipeline.generate_chunk

    def failing(plan, chunk, ident):
        if chunk == 2:
            raise RuntimeError("boom")
        return original(plan, chunk, ident)

    monkeypatch.setattr(pipeline, "generate_chunk", failing)
    engine = new_engine()
    with pytest.raises(RuntimeError, match="boom"):
        load_demo(engine, 50, 2, None, as_of=AS_OF, workers=0)
    with engine.connect() as conn:
        for name in DEMO_TABLES:
            assert conn.execute(text(f"SELECT COUNT(*) FROM {name}")).scalar_one() == 0, name
    assert catalogue_is_empty(engine)


def test_brands_go_to_the_workspace_with_consistent_audiences(new_engine):
    engine = new_engine()
    with engine.begin() as conn:
        ws = conn.execute(insert(Workspace).values(name="Demo", slug="demo").returning(Workspace.id)).scalar_one()
    summary = load_demo(engine, 10, 1, ws, as_of=AS_OF)
    assert 3 <= summary["brands"] <= 5
    with engine.connect() as conn:
        brands = conn.execute(select(Brand).where(Brand.workspace_id == ws)).all()
    assert len(brands) == summary["brands"]
    for brand in brands:
        assert brand.description and brand.voice and brand.values and brand.banned_words and brand.niches
        assert set(brand.target_audience) == {"age_bands", "genders", "countries", "languages"}
        for shares in brand.target_audience.values():
            assert abs(sum(shares.values()) - 1) < 1e-6
        assert brand.website.endswith(".example")


def test_ids_continue_after_existing_rows(new_engine):
    """A workspace's own creators already in the tables: demo ids start after them, nothing collides."""
    engine = new_engine()
    with engine.begin() as conn:
        ws = conn.execute(insert(Workspace).values(name="W", slug="w").returning(Workspace.id)).scalar_one()
        conn.execute(text("INSERT INTO creators (id, workspace_id, name, created_at) VALUES (7, :ws, 'Own', :t)"),
                     {"ws": ws, "t": AS_OF})
    load_demo(engine, 20, 1, None, as_of=AS_OF)
    with engine.begin() as conn:
        assert conn.execute(text("SELECT MIN(id) FROM creators WHERE workspace_id IS NULL")).scalar_one() == 8
        top = conn.execute(text("SELECT MAX(id) FROM posts")).scalar_one()
        account = conn.execute(text("SELECT MIN(id) FROM social_accounts")).scalar_one()
        new_id = conn.execute(insert(Post).values(account_id=account, platform_post_id="x", posted_at=AS_OF,
                                                  format="image", source="manual").returning(Post.id)).scalar_one()
    assert new_id == top + 1          # PostgreSQL sequences were moved past the demo rows
