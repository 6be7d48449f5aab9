"""Benchmark the demo data load: `python benchmarks/bench_demo.py --creators N --db-url URL`.

Creates the schema with Base.metadata.create_all on the given database (which should be empty), runs
load_demo and prints one JSON object: creators, accounts, posts, seconds, db_bytes (SQLite file plus WAL;
PostgreSQL: pg_database_size) and the full load summary.
"""

import argparse
import json
import os
import resource
import sys
import time
from datetime import datetime
from pathlib import Path

from sqlalchemy import text

from reachroom.db import make_engine
from reachroom.demo import load_demo
from reachroom.models import Base


def _db_bytes(engine, url: str) -> int:
    if url.startswith("sqlite"):
        path = Path(url.split("///", 1)[1])
        return sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists())
    with engine.connect() as conn:
        return int(conn.execute(text("SELECT pg_database_size(current_database())")).scalar_one())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--creators", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--db-url", default="sqlite:////tmp/reachroom_demo_bench.db")
    parser.add_argument("--workers", type=int, default=None, help="generator processes (default: auto)")
    parser.add_argument("--as-of", default=None, help="end of the data, YYYY-MM-DD (default: today)")
    parser.add_argument("--fresh", action="store_true", help="delete the SQLite file first")
    parser.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    args = parser.parse_args(argv)

    if args.fresh and args.db_url.startswith("sqlite:///"):
        path = args.db_url.split("///", 1)[1]
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(path + suffix):
                os.remove(path + suffix)
    engine = make_engine(args.db_url)
    Base.metadata.create_all(engine)

    def progress(stage: str, done: int, total: int) -> None:
        if not args.quiet:
            print(f"{stage}: {done}/{total}", file=sys.stderr, flush=True)

    as_of = datetime.strptime(args.as_of, "%Y-%m-%d") if args.as_of else None
    started = time.perf_counter()
    summary = load_demo(engine, args.creators, args.seed, None, progress, as_of=as_of, workers=args.workers)
    seconds = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = {
        "creators": summary["creators"], "accounts": summary["accounts"], "posts": summary["posts"],
        "seconds": round(seconds, 2), "db_bytes": _db_bytes(engine, args.db_url),
        "cpu_seconds_main": round(usage.ru_utime + usage.ru_stime, 2),
        "cpu_seconds_workers": round(children.ru_utime + children.ru_stime, 2),
        "max_rss_mb": round(usage.ru_maxrss / 1024, 1),
        "db_url": args.db_url.split("@")[-1], "summary": summary,
    }
    engine.dispose()
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
