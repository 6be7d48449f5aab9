"""The content job on a small demo catalogue: rows for every account, compact embeddings, the same rows from
worker processes, and the demo's undisclosed ads and unsafe posts found (eval-demo, service and CLI)."""

import json
import os
from datetime import datetime

import numpy as np
import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from reachroom.cli import app
from reachroom.config import get_settings
from reachroom.content import evaluate
from reachroom.content.analysis import SAFETY_BIT, sponsorship_of
from reachroom.content.embedder import from_bytes
from reachroom.content.job import recompute_all
from reachroom.content.safety import check_post
from reachroom.content.sponsored import detect_sponsorship
from reachroom.core.vocab import NICHE_SLUGS
from reachroom.db import get_engine, make_engine, unit_of_work
from reachroom.demo import load_demo
from reachroom.migrate import upgrade
from reachroom.models import AccountContent, DemoTruth, Post, PostContent, SocialAccount

NOW = datetime(2026, 11, 1, 12, 0, 0)
WINDOW = 12  # newest posts per account, as in the product


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('content_demo')}/demo.db"
    upgrade(url)
    engine = make_engine(url)
    load_demo(engine, creators=300, seed=11, workspace_id=None, workers=0)
    summary = recompute_all(engine, workers=0, batch_size=150, recent_posts=WINDOW, now=NOW)
    yield url, engine, summary
    engine.dispose()


def _same(a, b) -> bool:
    """Equal structures, with floats within 1e-3 and float16 embeddings within 1e-3 per component."""
    if isinstance(a, float) or isinstance(b, float):
        return isinstance(a, int | float) and isinstance(b, int | float) and abs(a - b) <= 1e-3
    if isinstance(a, bytes) and isinstance(b, bytes):
        return len(a) == len(b) and bool(np.allclose(from_bytes(a), from_bytes(b), atol=1e-3))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return a == b


def _rows(engine, model, key):
    with engine.connect() as conn:
        rows = conn.execute(select(model).order_by(key)).mappings().all()
    return [dict(r) for r in rows]


def test_every_account_gets_a_profile_from_its_newest_posts(demo):
    _, engine, summary = demo
    with unit_of_work(engine) as db:
        n_accounts = db.scalar(select(func.count()).select_from(SocialAccount))
        per_account = dict(db.execute(select(Post.account_id, func.count()).group_by(Post.account_id)).all())
        analysed = dict(db.execute(select(PostContent.account_id, func.count()).group_by(PostContent.account_id)).all())
        newest = db.scalars(select(Post.id).where(Post.account_id == 1)
                            .order_by(Post.posted_at.desc(), Post.id.desc()).limit(WINDOW)).all()
        stored = db.scalars(select(PostContent.post_id).where(PostContent.account_id == 1)).all()
    assert summary["accounts"] == n_accounts > 300
    assert summary["posts"] == sum(min(WINDOW, n) for n in per_account.values())
    assert all(analysed[a] == min(WINDOW, n) for a, n in per_account.items())
    assert sorted(stored) == sorted(newest)

    accounts = _rows(engine, AccountContent, AccountContent.account_id)
    assert len(accounts) == n_accounts
    for row in accounts[:50]:
        assert set(row["niche_scores"]) == set(NICHE_SLUGS)
        # "unclear": the creator's niche scores are flat, the profile abstains (and says why in the evidence)
        assert row["primary_niche"] in (*NICHE_SLUGS, "unclear") and row["niches"][0]["slug"] == row["primary_niche"]
        assert 0 < row["niches"][0]["confidence"] <= 1
        if row["primary_niche"] == "unclear":
            assert row["niches"][0]["evidence"][0].startswith("no niche stands out")
        vec = from_bytes(row["embedding"])
        assert vec.shape == (256,) and abs(float(np.linalg.norm(vec)) - 1) < 0.01
        assert len(row["embedding"]) == 512  # float16, compact
        assert set(row["tone"]["traits"]) == {"formality", "positivity", "humour", "emoji_density",
                                              "hashtag_density", "first_person", "promotional"}
        mask = 0
        for cat, entry in row["safety"].items():
            mask |= SAFETY_BIT[cat]
            assert entry["count"] == len(entry["post_ids"]) and entry["words"]
        assert mask == row["safety_mask"]
        assert row["method_version"] == summary["method_version"] and row["computed_at"] == NOW
    # the demo has creators with two niches, sponsored posts and flagged posts
    assert any(len(r["niches"]) > 1 for r in accounts)
    assert sum(r["sponsored_posts"] for r in accounts) > 0 and any(r["safety_mask"] for r in accounts)


def test_rerun_replaces_rows_and_worker_processes_write_the_same_rows(tmp_path):
    url = f"sqlite:///{tmp_path}/small.db"
    upgrade(url)
    engine = make_engine(url)
    try:
        load_demo(engine, creators=80, seed=3, workspace_id=None, workers=0)
        recompute_all(engine, workers=0, batch_size=40, recent_posts=4, now=NOW)
        before_accounts = _rows(engine, AccountContent, AccountContent.account_id)
        before_posts = _rows(engine, PostContent, PostContent.post_id)
        summary = recompute_all(engine, workers=2, batch_size=40, recent_posts=4, now=NOW)
        assert summary["workers"] == 2 and summary["accounts"] == len(before_accounts)
        # BLAS may sum in another order across processes: numbers agree to rounding, everything else exactly.
        assert _same(_rows(engine, AccountContent, AccountContent.account_id), before_accounts)
        assert _same(_rows(engine, PostContent, PostContent.post_id), before_posts)
    finally:
        engine.dispose()


def test_the_demos_undisclosed_ads_and_unsafe_posts_are_found(demo):
    """The job's rules over every injected case of the demo (not only the analysed window) and a sample of the
    other posts, so the numbers don't hang on which posts happen to be newest."""
    _, engine, _ = demo
    with engine.connect() as conn:
        truth = conn.execute(select(DemoTruth.post_id, DemoTruth.case, DemoTruth.details)
                             .where(DemoTruth.post_id.is_not(None))).all()
        posts = {pid: (caption, paid) for pid, caption, paid in
                 conn.execute(select(Post.id, Post.caption, Post.is_paid_partnership)).all()}
    undisclosed = {pid for pid, case, _ in truth if case == "undisclosed_ad"}
    unsafe = {pid: evaluate.DEMO_CATEGORY.get(d["category"], d["category"])
              for pid, case, d in truth if case == "brand_unsafe"}
    assert len(undisclosed) >= 15 and len(unsafe) >= 15
    sample = sorted(undisclosed | set(unsafe) | set(list(posts)[::5]))
    found_ads, found_unsafe, found_category = set(), set(), set()
    for pid in sample:
        caption, paid = posts[pid]
        if sponsorship_of(detect_sponsorship(caption, paid_partnership_flag=paid))[2] == "undisclosed":
            found_ads.add(pid)
        categories = check_post(caption).categories
        if categories:
            found_unsafe.add(pid)
            if unsafe.get(pid) in categories:
                found_category.add(pid)
    assert len(found_ads & undisclosed) / len(found_ads) >= 0.95  # precision
    assert len(found_ads & undisclosed) / len(undisclosed) >= 0.8  # recall
    assert len(found_unsafe & set(unsafe)) / len(found_unsafe) >= 0.95
    assert len(found_unsafe & set(unsafe)) / len(unsafe) >= 0.4
    assert found_category == found_unsafe & set(unsafe)  # a found post is flagged in its own category
    profanity = {p for p, c in unsafe.items() if c == "profanity"}
    assert profanity and profanity <= found_unsafe


def test_eval_demo_scores_the_stored_profiles(demo):
    _, engine, _ = demo
    with unit_of_work(engine) as db:
        result = evaluate.evaluate_demo(db)
    assert result["analysed_posts"] == demo[2]["posts"]
    for key in ("undisclosed_ad", "brand_unsafe"):
        r = result[key]
        assert r["truth"] <= r["truth_total"] and r["true_positives"] <= min(r["truth"], r["predicted"])
        if r["predicted"]:
            assert r["precision"] >= 0.9
    assert set(result["brand_unsafe"]["by_category"]) <= set(SAFETY_BIT)


@pytest.fixture
def cli_on_demo(demo, monkeypatch):
    """Point the CLI's settings and engine at the demo database for one test."""
    url = demo[0]
    monkeypatch.setenv("REACHROOM_DATABASE_URL", url)
    get_settings.cache_clear()
    get_engine.cache_clear()
    yield url
    monkeypatch.undo()
    get_settings.cache_clear()
    get_engine.cache_clear()


def test_eval_demo_cli_prints_precision_and_recall(cli_on_demo):
    r = CliRunner().invoke(app, ["content", "eval-demo", "--json"], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    result = json.loads(r.output)
    for key in ("undisclosed_ad", "brand_unsafe"):
        assert 0 <= result[key]["precision"] <= 1 and 0 <= result[key]["recall"] <= 1
    assert "profanity" in result["brand_unsafe"]["by_category"]
    text = CliRunner().invoke(app, ["content", "eval-demo"], catch_exceptions=False)
    assert text.exit_code == 0 and "Undisclosed ads: precision" in text.output


def test_eval_demo_without_profiles_or_truth_says_what_to_run(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path}/empty.db"
    upgrade(url)
    monkeypatch.setenv("REACHROOM_DATABASE_URL", url)
    get_settings.cache_clear()
    get_engine.cache_clear()
    try:
        r = CliRunner().invoke(app, ["content", "eval-demo"])
        assert r.exit_code == 1 and "reachroom content recompute" in r.output
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()
        get_engine.cache_clear()


def test_bulk_insert_stores_what_the_orm_insert_stores():
    from sqlalchemy import create_engine, insert, text

    from reachroom.content import repository
    from reachroom.content.analysis import NO_FLAGS
    from reachroom.models import Base

    row = {
        "post_id": 7, "account_id": 3, "niche": "pets", "niche_confidence": 0.1234, "niche_scores": {"pets": 0.5},
        "is_sponsored": True, "sponsorship_kind": None, "disclosure": "unclear",
        "evidence": {"niche": {"terms": ["ün", "🐶"]}, "x": [1.5, None]}, "safety_mask": 3,
        "safety_flags": [{"category": "alcohol", "words": ["wine"]}], "embedding": b"\x00\x3c",
        "method_version": "1+x", "computed_at": NOW,
    }
    # rows 8 and 9 share row 7's flags and time objects (each bound once), row 10 differs after them
    rows = [row, {**row, "post_id": 8, "niche": None, "niche_confidence": None, "embedding": None,
                  "is_sponsored": False, "evidence": {}},
            {**row, "post_id": 9, "safety_flags": NO_FLAGS}, {**row, "post_id": 10, "safety_flags": NO_FLAGS},
            {**row, "post_id": 11, "safety_flags": [{"category": "drugs", "words": []}]}]
    stored = []
    for fast in (True, False):
        engine = create_engine("sqlite://")
        Base.metadata.create_all(engine, tables=[PostContent.__table__])
        with engine.begin() as conn:
            if fast:
                repository._insert_many(conn, PostContent, rows)
            else:
                conn.execute(insert(PostContent), rows)
            stored.append(conn.execute(text("SELECT * FROM post_content ORDER BY post_id")).all())
    assert stored[0] == stored[1] and len(stored[0]) == 5


def _niceness_after_init(url: str) -> int:
    from reachroom.content import job

    job._init_worker(url)
    return os.nice(0)


@pytest.mark.skipif(not hasattr(os, "nice"), reason="os.nice is POSIX only")
def test_worker_processes_yield_to_other_work(tmp_path):
    """The analysis workers run niced, so the demo's stats -> authenticity chain beside them keeps its core."""
    import multiprocessing

    from reachroom.content.job import WORKER_NICENESS

    url = f"sqlite:///{tmp_path / 'w.db'}"
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        after = pool.apply(_niceness_after_init, (url,))
    assert WORKER_NICENESS > 0 and after == min(19, os.nice(0) + WORKER_NICENESS)
