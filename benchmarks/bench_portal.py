"""Benchmark the creator portal's two ranked lists: `python benchmarks/bench_portal.py [--opportunities 10000]
[--bids 2000] [--requests 20]`.

Builds a scratch SQLite database (not timed): one workspace with B brands, N campaigns (spread over the brands)
each published as an opportunity with mixed rules, one creator with a proved account, and one campaign with M bids
from M creators; every brand fit the two lists read is stored (as the background pass leaves them). Then times, in
process, the creator's opportunity feed (eligibility and brand fit over every open opportunity) and the brand's
ranked bids of that campaign. Prints one JSON object (issue #14 targets: both p95 ≤ 100 ms).
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time


def _p95(values: list[float]) -> float:
    return round(statistics.quantiles(values, n=20)[18], 1) if len(values) >= 2 else round(values[0], 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--opportunities", type=int, default=10000)
    parser.add_argument("--bids", type=int, default=2000)
    parser.add_argument("--brands", type=int, default=500)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--json", action="store_true", help="accepted for run_all.py (output is always JSON)")
    args = parser.parse_args(argv)
    tmp = tempfile.mkdtemp(prefix="bench_portal_")
    os.environ["REACHROOM_DATABASE_URL"] = f"sqlite:///{tmp}/r.db"
    os.environ["REACHROOM_DATA_DIR"] = f"{tmp}/var"
    from sqlalchemy import insert

    from reachroom.core.tenancy import WorkspaceContext
    from reachroom.db import get_engine, unit_of_work
    from reachroom.migrate import upgrade
    from reachroom.models import (
        AccountClaim,
        Bid,
        Brand,
        BrandFit,
        Campaign,
        Creator,
        CreatorUser,
        Opportunity,
        SocialAccount,
        utcnow,
    )
    from reachroom.portal import bids, opportunities
    from reachroom.portal.service import CreatorAuth
    from reachroom.workspaces import service as ws

    upgrade(os.environ["REACHROOM_DATABASE_URL"])
    engine = get_engine()
    now = utcnow()
    with unit_of_work(engine) as db:
        owner = ws.create_user(db, "bench@example.com", "bench-password-1", "Bench")
        workspace = ws.create_workspace(db, "Bench", owner)
        brands = [Brand(workspace_id=workspace.id, name=f"Bench brand {i}") for i in range(args.brands)]
        db.add_all(brands)
        db.flush()
        creators = [Creator(workspace_id=None, name=f"C{i}", country="GB", language="en")
                    for i in range(args.bids + 2)]
        db.add_all(creators)
        db.flush()
        accounts = [SocialAccount(creator_id=c.id, workspace_id=None, scope_key=0, platform="instagram",
                                  handle=f"bench{i}", display_name=c.name, followers=5000 + i * 10, following=100,
                                  posts_count=10, source="manual", collected_at=now) for i, c in enumerate(creators)]
        db.add_all(accounts)
        db.flush()
        users = [CreatorUser(email=f"u{i}@bench.test", name=f"U{i}", password_hash="x", country="GB",
                             niches=["food"]) for i in range(args.bids + 1)]
        db.add_all(users)
        db.flush()
        db.execute(insert(AccountClaim), [{"creator_user_id": u.id, "account_id": accounts[i].id, "code": "RR-B",
                                           "status": "verified", "created_at": now} for i, u in enumerate(users)])
        campaigns = [{"workspace_id": workspace.id, "brand_id": brands[i % args.brands].id,
                      "name": f"Campaign {i}",
                      "name_key": f"campaign {i}", "objective": "awareness", "status": "recruiting",
                      "currency": "GBP", "target": {}, "description": "", "version": 1, "created_at": now,
                      "updated_at": now} for i in range(args.opportunities)]
        db.execute(insert(Campaign), campaigns)
        ids = [c for (c,) in db.execute(Campaign.__table__.select().with_only_columns(Campaign.id))]
        rules = [([], []), (["instagram"], ["food", "home"]), (["tiktok"], []), ([], ["beauty"])]
        db.execute(insert(Opportunity), [
            {"campaign_id": cid, "status": "open", "title": f"Opportunity {n}", "summary": "Bench", "show_brand": True,
             "gifted_only": False, "fee_min_minor": 10000, "fee_max_minor": 40000, "currency": "GBP",
             "platforms": rules[n % 4][0], "countries": ["GB"] if n % 3 else [], "niches": rules[n % 4][1],
             "min_followers": 1000 if n % 2 else None, "max_followers": None, "min_authenticity": None,
             "version": 1, "created_at": now, "updated_at": now} for n, cid in enumerate(ids)])
        db.execute(insert(Bid), [
            {"campaign_id": ids[0], "creator_user_id": users[i + 1].id, "account_id": accounts[i + 1].id,
             "fee_minor": 10000 + i, "currency": "GBP", "gifted_only": False, "message": "", "status": "open",
             "version": 1, "created_at": now, "updated_at": now} for i in range(args.bids)])
        parts = {name: {"value": 0.6, "confidence": 0.8, "weight": w} for name, w in (
            ("semantic", 0.25), ("niche", 0.2), ("audience", 0.15), ("engagement", 0.15), ("authenticity", 0.1),
            ("tone", 0.05), ("brand_safety", 0.05), ("cost", 0.05))}
        fit_rows = [(b, accounts[0]) for b in brands] + [(brands[0], a) for a in accounts[1:args.bids + 1]]
        db.execute(insert(BrandFit), [
            {"workspace_id": workspace.id, "brand_id": b.id, "account_id": a.id, "fit": 0.3 + (n % 60) / 100,
             "confidence": 0.8, "gate": 1.0, "components": parts, "computed_at": now,
             "reasons": ["strong match for food (86/100)", "authenticity 91/100"]}
            for n, (b, a) in enumerate(fit_rows)])
        creator_id, campaign_id, workspace_id, user_id = users[0].id, ids[0], workspace.id, owner.id
    if not os.environ.get("BENCH_NO_SETTLE"):
        from reachroom.app import settle_heap

        settle_heap()  # as `reachroom serve` does at start (reachroom.asgi)
    auth = CreatorAuth(creator_id, "u0@bench.test", "U0", "", True)
    ctx = WorkspaceContext(workspace_id, user_id, "owner")
    timings: dict[str, list[float]] = {"feed": [], "bids": []}
    with unit_of_work(engine) as db:
        cards, eligible = opportunities.feed(db, auth, "GB", ["food"])  # warm-up
        ranked = bids.campaign_bids(db, ctx, campaign_id)
        for _ in range(args.requests):
            started = time.perf_counter()
            opportunities.feed(db, auth, "GB", ["food"])
            timings["feed"].append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            bids.campaign_bids(db, ctx, campaign_id)
            timings["bids"].append((time.perf_counter() - started) * 1000)
    print(json.dumps({"opportunities": args.opportunities, "brands": args.brands, "eligible": eligible,
                      "shown": len(cards), "bids": len(ranked),
                      **{f"{k}_p50_ms": round(statistics.median(v), 1) for k, v in timings.items()},
                      **{f"{k}_p95_ms": _p95(v) for k, v in timings.items()},
                      "cpus": os.cpu_count(), "loadavg": [round(x, 2) for x in os.getloadavg()]}))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    sys.exit(main())
