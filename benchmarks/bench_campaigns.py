"""Benchmark a 500-creator campaign: `python benchmarks/bench_campaigns.py [--creators 500] [--requests 30]`.

Loads a small demo into a fresh SQLite file (not timed), creates a campaign with N creators spread over the
stages, serves the real app and times the board and table pages and the pipeline API over HTTP (the wall time
of each request on localhost: an upper bound of the server time), then queueing one email to every creator through
the API (rendered per creator, do-not-contact checked, rows written, the sender task queued), then times the
automated checks of one draft in process. Prints one JSON object (issue #13 targets: pages p95 ≤ 150 ms, queueing
500 emails ≤ 2 s, checks ≤ 50 ms).
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time

import httpx


def _p95(values: list[float]) -> float:
    return round(statistics.quantiles(values, n=20)[18], 1) if len(values) >= 2 else round(values[0], 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--creators", type=int, default=500)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--json", action="store_true", help="accepted for run_all.py (output is always JSON)")
    args = parser.parse_args(argv)

    tmp = tempfile.mkdtemp(prefix="bench_campaigns_")
    os.environ["REACHROOM_DATABASE_URL"] = f"sqlite:///{tmp}/r.db"
    os.environ["REACHROOM_DATA_DIR"] = f"{tmp}/var"
    os.environ["REACHROOM_SMTP_HOST"] = "127.0.0.1"  # a mail server is "set", so emails are queued, not held;
    os.environ["REACHROOM_SMTP_PORT"] = "1"  # no worker runs here, so nothing is ever sent
    # imported after the environment points at the scratch database: settings are read on first import
    from sqlalchemy import func, select
    from tests.live import serve

    from reachroom.app import create_app, settle_heap
    from reachroom.campaigns import service
    from reachroom.campaigns.checks import Rules, run_checks
    from reachroom.campaigns.schemas import CampaignIn, PipelineAdd, StageMove
    from reachroom.core.tenancy import WorkspaceContext
    from reachroom.db import get_engine, unit_of_work
    from reachroom.demo import load_demo
    from reachroom.demo.setup import demo_owner
    from reachroom.migrate import upgrade
    from reachroom.models import Brand, Creator, SocialAccount
    from reachroom.workspaces import service as auth

    upgrade(os.environ["REACHROOM_DATABASE_URL"])
    engine = get_engine()
    ws, user = demo_owner(engine)
    load_demo(engine, max(400, args.creators), 7, ws, workers=0)
    ctx = WorkspaceContext(ws, user, "owner")
    moves = ["interested", "negotiating", "contracted", "drafting", "in_review"]
    with unit_of_work(engine) as db:
        brand = db.scalar(select(Brand).where(Brand.workspace_id == ws))
        # one account per creator, so each pipeline entry is a different person with their own address
        first_accounts = select(func.min(SocialAccount.id)).group_by(SocialAccount.creator_id)
        accounts = sorted(db.scalars(first_accounts))[: args.creators]
        for i, creator in enumerate(db.scalars(select(Creator).join(SocialAccount).where(
                SocialAccount.id.in_(accounts)))):
            creator.email = f"bench.creator{i}@example.com"  # every creator reachable: one email each
        c = service.create_campaign(db, ctx, CampaignIn(name="Bench campaign", brand_id=brand.id))
        service.add_creators(db, ctx, c.id, PipelineAdd(account_ids=accounts))
        for i, row in enumerate(service.pipeline(db, ctx, c.id)):
            for stage in moves[: i % (len(moves) + 1)]:
                service.move_creator(db, ctx, c.id, row.id, StageMove(stage=stage))
        _, token = auth.create_token(db, ctx, "bench")
    headers = {"Authorization": f"Bearer {token}"}
    timings: dict[str, list[float]] = {"board": [], "table": [], "api_pipeline": []}
    with serve(create_app(engine)) as url, httpx.Client(base_url=url, timeout=60) as client:
        client.get("/login")
        client.post("/login", data={"email": os.environ.get("REACHROOM_DEMO_EMAIL", "demo@reachroom.local"),
                                    "password": "reachroom-demo", "csrf_token": client.cookies.get("rr_login_csrf"),
                                    "next": "/creators"})
        paths = {"board": f"/campaigns/{c.id}", "table": f"/campaigns/{c.id}?view=table",
                 "api_pipeline": f"/api/v1/campaigns/{c.id}/creators"}
        if not os.environ.get("BENCH_NO_SETTLE"):
            settle_heap()  # as `reachroom serve` does at start (reachroom.asgi)
        for name, path in paths.items():
            client.get(path, headers=headers if name.startswith("api") else None)  # warm-up
            for _ in range(args.requests):
                started = time.perf_counter()
                r = client.get(path, headers=headers if name.startswith("api") else None)
                timings[name].append((time.perf_counter() - started) * 1000)
                assert r.status_code == 200, (path, r.status_code)
        entry_ids = [row["id"] for row in client.get(paths["api_pipeline"], headers=headers).json()]
        body = {"subject": "{{ brand }} x {{ first_name }}", "body": "Hi {{ first_name }}, join {{ campaign }}? "
                "{{ brief_link }}", "entry_ids": entry_ids}
        for _ in range(3):
            started = time.perf_counter()
            r = client.post(f"/api/v1/campaigns/{c.id}/emails", json=body, headers=headers)
            timings.setdefault("queue_emails", []).append((time.perf_counter() - started) * 1000)
            assert r.status_code == 201 and r.json()["queued"] == len(entry_ids), r.text[:300]
        emails_queued = r.json()["queued"]
    caption = ("Ad | My slow Sunday with @hollowmeretea — code COSY20 for 20% off #CosyNightIn #HollowmerePartner "
               "and a long story about the evening, the candles, the blanket and the tea " * 3)
    rules = Rules(required_hashtags=["CosyNightIn", "HollowmerePartner"], required_mentions=["hollowmeretea"],
                  promo_codes=["COSY20"], banned_words=["cheap", "miracle"], brand_name="Hollowmere Tea Co.",
                  brand_voice="Warm, calm and unhurried; gentle humour.")
    run_checks(caption, [], rules)
    checks = []
    for _ in range(args.requests):
        started = time.perf_counter()
        run_checks(caption, [], rules)
        checks.append((time.perf_counter() - started) * 1000)
    result = {"creators": args.creators, "requests": args.requests, "emails_per_send": emails_queued,
              **{f"{k}_p50_ms": round(statistics.median(v), 1) for k, v in timings.items()},
              **{f"{k}_p95_ms": _p95(v) for k, v in timings.items()},
              "checks_p50_ms": round(statistics.median(checks), 2), "checks_p95_ms": _p95(checks),
              "cpus": os.cpu_count(), "loadavg": [round(x, 2) for x in os.getloadavg()]}
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    sys.exit(main())
