"""load_demo: write a deterministic synthetic catalogue (and a workspace's brands) through an engine."""

import os
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine, insert, select, text

from reachroom.demo.brands import WORKSPACE_BRANDS
from reachroom.demo.calibration import load_calibration
from reachroom.demo.pipeline import CASES, ChunkStats, Totals, can_run_parallel, run_parallel, run_serial
from reachroom.demo.plan import default_as_of, make_plan
from reachroom.demo.writer import BulkWriter, max_ids
from reachroom.models import Brand

Progress = Callable[[str, int, int], None]


class CatalogueNotEmpty(RuntimeError):
    """load_demo only fills an empty shared catalogue."""


def catalogue_is_empty(engine: Engine) -> bool:
    """True when the shared catalogue holds no creator and no account."""
    with engine.connect() as conn:
        creator = conn.execute(text("SELECT 1 FROM creators WHERE workspace_id IS NULL LIMIT 1")).first()
        account = conn.execute(text("SELECT 1 FROM social_accounts WHERE scope_key = 0 LIMIT 1")).first()
    return creator is None and account is None


def demo_is_loaded(engine: Engine) -> bool:
    """True when demo data is present in the shared catalogue (an account with source 'demo')."""
    with engine.connect() as conn:
        row = conn.execute(text("SELECT 1 FROM social_accounts WHERE scope_key = 0 AND source = 'demo' LIMIT 1"))
        return row.first() is not None


def insert_brands(engine: Engine, workspace_id: int, as_of: datetime) -> int:
    """Add the fictional demo brands to a workspace (skipping names it already has); returns how many."""
    with engine.begin() as conn:
        existing = set(conn.execute(select(Brand.name).where(Brand.workspace_id == workspace_id)).scalars())
        rows = [dict(brand, workspace_id=workspace_id, created_at=as_of, updated_at=as_of)
                for brand in WORKSPACE_BRANDS if brand["name"] not in existing]
        if rows:
            conn.execute(insert(Brand), rows)
    return len(rows)


def load_demo(
    engine: Engine,
    creators: int,
    seed: int,
    workspace_id: int | None,
    progress: Progress | None = None,
    *,
    as_of: datetime | None = None,
    shared_data_dir: Path | str | None = None,
    workers: int | None = None,
) -> dict:
    """Write N synthetic creators into the shared catalogue (and demo brands into `workspace_id`).

    Deterministic: the same (creators, seed, as_of) gives the same rows, ids included when the tables start
    empty. `as_of` (naive UTC; default today 00:00 UTC) is when the data ends. `shared_data_dir` is where
    influencer-profiles/ may be found (default: settings.shared_data_dir); without it the committed fallback
    calibration is used, which is the same fit. `workers`: 0 runs in this process, 1 adds a peer process
    that generates and writes every other chunk (alternating with this one); None picks 1 when there are
    4+ chunks and 2+ CPUs. The rows are the same either way. Raises CatalogueNotEmpty unless the shared
    catalogue is empty. Returns counts per table, the number of accounts per injected case and the timings.
    """
    started = time.perf_counter()
    report = progress or (lambda stage, done, total: None)
    if not catalogue_is_empty(engine):
        raise CatalogueNotEmpty("the shared creator catalogue is not empty; demo data loads only into an empty one")
    if shared_data_dir is None:
        from reachroom.config import get_settings

        shared_data_dir = get_settings().shared_data_dir
    plan = make_plan(creators, seed, as_of or default_as_of(), load_calibration(Path(shared_data_dir)))
    if workers is None:
        workers = 1 if plan.chunks >= 4 and (os.cpu_count() or 1) >= 2 else 0
    as_of_dt = datetime(1970, 1, 1) + timedelta(seconds=plan.as_of)
    brands = 0
    if workspace_id is not None:
        report("brands", 0, 1)
        brands = insert_brands(engine, workspace_id, as_of_dt)
        report("brands", 1, 1)

    start = max_ids(engine)
    totals = Totals()
    parallel = workers > 0 and plan.chunks > 1 and can_run_parallel(engine)

    def on_chunk(stats: ChunkStats) -> None:
        totals.add(stats)
        report("creators", totals.creators_done, plan.creators)

    writer = BulkWriter(engine)
    report("creators", 0, plan.creators)
    try:
        try:
            if parallel:
                run_parallel(plan, engine, writer, dict(start), on_chunk)
            else:
                run_serial(plan, writer, dict(start), on_chunk)
        except BaseException:
            writer.delete_above(start)
            raise
        finally:
            report("finishing", 0, 1)
            writer.finish()
            report("finishing", 1, 1)
    finally:
        writer.close()
    counts = totals.counts
    return {
        "creators": counts["creators"], "accounts": counts["social_accounts"], "posts": counts["posts"],
        "post_snapshots": counts["post_snapshots"], "account_snapshots": counts["account_snapshots"],
        "audience_profiles": counts["audience_profiles"], "follower_samples": counts["follower_samples"],
        "comment_samples": counts["comment_samples"], "demo_truth": counts["demo_truth"], "brands": brands,
        "cases": {case: totals.case_accounts[case] for case in CASES},
        "case_rows": {case: totals.case_rows[case] for case in CASES},
        "seed": plan.seed, "as_of": plan.as_of_text[:19], "calibration": plan.calibration.source,
        "seconds": round(time.perf_counter() - started, 2),
        "seconds_generating": round(totals.generating, 2), "seconds_writing": round(totals.writing, 2),
        "processes": 2 if parallel else 1,
    }
