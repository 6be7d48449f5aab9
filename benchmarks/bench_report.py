"""Benchmark a campaign report: `python benchmarks/bench_report.py [--creators 200] [--posts 1000]
[--snapshots 30] [--requests 20]`.

Builds a scratch SQLite database (not timed): one campaign of N creators, each with P linked posts, each post with
S metric snapshots (one a day, the counts growing). Then times recomputing every post's latest-snapshot pointer and
flag count from the snapshots themselves (`repository.recompute_latest`: what "recompute the rollups" is here)
and the report (`report.report`, in process, after the start-up heap is settled as `reachroom serve` does).
Prints one JSON object (issue #15 targets: report p95 ≤ 200 ms for 200 × 1,000 × 30; recompute of 1M snapshots
≤ 15 s).
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta


def _p95(values: list[float]) -> float:
    return round(statistics.quantiles(values, n=20)[18], 1) if len(values) >= 2 else round(values[0], 1)


def _seed(engine, creators: int, posts: int, snapshots: int) -> tuple[int, int, int]:
    """(workspace id, user id, campaign id) of a campaign filled with posts and snapshots by bulk inserts."""
    from sqlalchemy import insert, select

    from reachroom.db import unit_of_work
    from reachroom.models import (
        Brand,
        Campaign,
        CampaignCreator,
        CampaignPost,
        Creator,
        PostMetricSnapshot,
        SocialAccount,
        utcnow,
    )
    from reachroom.workspaces import service as ws

    now = utcnow()
    with unit_of_work(engine) as db:
        owner = ws.create_user(db, "bench@example.com", "bench-password-1", "Bench")
        workspace = ws.create_workspace(db, "Bench", owner)
        brand = Brand(workspace_id=workspace.id, name="Bench brand")
        db.add(brand)
        db.flush()
        campaign = Campaign(workspace_id=workspace.id, brand_id=brand.id, name="Bench", objective="awareness",
                            status="live", currency="GBP", target={})
        db.add(campaign)
        db.flush()
        people = [Creator(workspace_id=None, name=f"C{i}", country="GB", language="en") for i in range(creators)]
        db.add_all(people)
        db.flush()
        accounts = [SocialAccount(creator_id=p.id, workspace_id=None, scope_key=0, platform="instagram",
                                  handle=f"bench{i}", followers=20_000, following=100, posts_count=posts,
                                  source="manual", collected_at=now) for i, p in enumerate(people)]
        db.add_all(accounts)
        db.flush()
        entries = [CampaignCreator(campaign_id=campaign.id, account_id=a.id, stage="live") for a in accounts]
        db.add_all(entries)
        db.flush()
        ids = (workspace.id, owner.id, campaign.id)
        entry_ids = [e.id for e in entries]
    start = datetime(2026, 1, 1)
    with unit_of_work(engine) as db:
        db.execute(insert(CampaignPost), [
            {"campaign_id": ids[2], "campaign_creator_id": e, "url": f"https://www.instagram.com/p/B{e}x{n}/",
             "platform": "instagram", "format": "reel" if n % 2 else "post", "linked_by": "manual",
             "link_reason": "", "posted_at": start, "created_at": now, "flagged_snapshots": 0}
            for e in entry_ids for n in range(posts)])
        post_ids = list(db.scalars(select(CampaignPost.id).where(CampaignPost.campaign_id == ids[2])))
    for chunk in range(0, len(post_ids), 2000):
        with unit_of_work(engine) as db:
            db.execute(insert(PostMetricSnapshot), [
                {"campaign_post_id": p, "collected_at": start + timedelta(days=d + 1), "source": "platform_api",
                 "metric_version": "", "views": 100 * (d + 1), "reach": 80 * (d + 1), "impressions": 120 * (d + 1),
                 "likes": 5 * (d + 1), "comments": d + 1, "flags": [], "created_at": now}
                for p in post_ids[chunk:chunk + 2000] for d in range(snapshots)])
    return ids


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--creators", type=int, default=200)
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--snapshots", type=int, default=30)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--json", action="store_true", help="accepted for run_all.py (output is always JSON)")
    args = parser.parse_args(argv)
    tmp = tempfile.mkdtemp(prefix="bench_report_")
    os.environ["REACHROOM_DATABASE_URL"] = f"sqlite:///{tmp}/r.db"
    os.environ["REACHROOM_DATA_DIR"] = f"{tmp}/var"
    from reachroom.core.tenancy import WorkspaceContext
    from reachroom.db import get_engine, unit_of_work
    from reachroom.measurement import report as report_module
    from reachroom.measurement import repository as repo
    report = report_module.report
    from reachroom.migrate import upgrade

    upgrade(os.environ["REACHROOM_DATABASE_URL"])
    engine = get_engine()
    started = time.perf_counter()
    workspace_id, user_id, campaign_id = _seed(engine, args.creators, args.posts, args.snapshots)
    seeded_s = time.perf_counter() - started
    started = time.perf_counter()
    with unit_of_work(engine) as db:
        updated = repo.recompute_latest(db)
    recompute_s = time.perf_counter() - started
    if not os.environ.get("BENCH_NO_SETTLE"):
        from reachroom.app import settle_heap

        settle_heap()
    ctx = WorkspaceContext(workspace_id, user_id, "owner")
    timings = []
    with unit_of_work(engine) as db:
        r = report(db, ctx, campaign_id)  # warm-up
        for _ in range(args.requests):
            t0 = time.perf_counter()
            report(db, ctx, campaign_id)
            timings.append((time.perf_counter() - t0) * 1000)
    views = next(f.value for f in r.figures if f.key == "views")
    print(json.dumps({"creators": args.creators, "posts": args.creators * args.posts,
                      "snapshots": args.creators * args.posts * args.snapshots, "seed_s": round(seeded_s, 1),
                      "recompute_s": round(recompute_s, 2), "posts_recomputed": updated, "views": views,
                      "report_p50_ms": round(statistics.median(timings), 1), "report_p95_ms": _p95(timings),
                      "cpus": os.cpu_count(), "loadavg": [round(x, 2) for x in os.getloadavg()]}))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    sys.exit(main())
