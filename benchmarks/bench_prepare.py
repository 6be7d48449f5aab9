"""Benchmark the demo's derived-data jobs: `python benchmarks/bench_prepare.py [--creators N] [--db-url URL]`.

Without --db-url, loads an N-creator demo into a fresh SQLite file first (not timed). Then runs the stages
(stats, authenticity scores, content profiles) as `reachroom prepare` runs them (content alongside the others)
and prints one JSON object: wall seconds, CPU seconds of this process and of its child processes, when
each stage finished (seconds after the start), and the load average before and after (the machine may be
shared: CPU seconds are the steadier number).
``--stage NAME`` (repeatable) runs only those stages; ``--profile FILE`` writes a cProfile of this process.
``--direct`` runs the chosen stages' jobs one after another in this process (no lock, no child process, no brand
fits) and adds each job's own CPU seconds (``cpu_s_by_stage``): the number to compare when changing one job.
"""

import argparse
import cProfile
import json
import os
import resource
import sys
import time
from datetime import UTC, datetime

from sqlalchemy import select, text

from reachroom.db import make_engine
from reachroom.models import JobProgress


def _cpu() -> tuple[float, float]:
    """CPU seconds (user + system) of this process and of its finished child processes."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, kids.ru_utime + kids.ru_stime


def _load(url: str, creators: int) -> int:
    from reachroom.demo import load_demo
    from reachroom.demo.setup import ensure_demo_login
    from reachroom.models import Base

    path = url.split("///", 1)[1]
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
    engine = make_engine(url)
    Base.metadata.create_all(engine)
    summary = load_demo(engine, creators, 7, ensure_demo_login(engine))
    engine.dispose()
    return summary["accounts"]


def main(argv: list[str] | None = None) -> int:
    from reachroom.demo.prepare import STAGES, prepare

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--creators", type=int, default=1000)
    parser.add_argument("--db-url", default=None, help="an already loaded demo database (not modified "
                                                       "beyond the derived tables)")
    parser.add_argument("--stage", choices=[name for name, _ in STAGES], action="append", default=None,
                        help="run this stage (repeatable; default all)")
    parser.add_argument("--profile", default=None, help="write a cProfile of the main process here")
    parser.add_argument("--direct", action="store_true", help="run each job directly and time it alone")
    parser.add_argument("--json", action="store_true", help="accepted for run_all.py (output is always JSON)")
    args = parser.parse_args(argv)

    url = args.db_url or "sqlite:////tmp/reachroom_prepare_bench.db"
    if not args.db_url:
        _load(url, args.creators)
    engine = make_engine(url)
    names = args.stage or None
    load_before = os.getloadavg()
    profiler = cProfile.Profile() if args.profile else None
    (own, kids), started, t0 = _cpu(), time.perf_counter(), datetime.now(UTC).replace(tzinfo=None)
    if profiler:
        profiler.enable()
    by_stage: dict[str, float] = {}
    if args.direct:
        for name in names or [n for n, _ in STAGES]:
            before = _cpu()[0]
            dict(STAGES)[name](engine)
            by_stage[name] = round(_cpu()[0] - before, 2)
    else:
        prepare(engine, stages=names)
    if profiler:
        profiler.disable()
        profiler.dump_stats(args.profile)
    wall = time.perf_counter() - started
    own2, kids2 = _cpu()
    with engine.connect() as conn:
        accounts = conn.execute(text("SELECT count(*) FROM social_accounts")).scalar_one()
        # stages overlap, so each one's finish time (from job_progress) since the start is what is comparable
        finished = {stage: round((at - t0).total_seconds(), 1) for stage, at in
                    conn.execute(select(JobProgress.stage, JobProgress.updated_at)).all()}
    result = {"accounts": accounts, "wall_s": round(wall, 2), "cpu_s_main": round(own2 - own, 2),
              "cpu_s_children": round(kids2 - kids, 2), "stage_finished_after_s": finished,
              **({"cpu_s_by_stage": by_stage} if args.direct else {}),
              "cpus": os.cpu_count(), "loadavg_before": [round(x, 2) for x in load_before],
              "loadavg_after": [round(x, 2) for x in os.getloadavg()], "db_url": url.split("@")[-1]}
    engine.dispose()
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
