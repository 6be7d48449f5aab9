"""The demo's derived data (stats, authenticity, content profiles), computed after the load — in a background
process on `make run`, so the app serves at once — with progress in ``job_progress`` for the banner."""

from __future__ import annotations

import subprocess
import sys
import time

from jinja2 import pass_context
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from reachroom.authenticity import job as authenticity_job
from reachroom.content import job as content_job
from reachroom.creators.stats_job import recompute_all as recompute_stats
from reachroom.demo import repository as repo

#: (stage shown in the banner, job)
STAGES = (
    ("stats", recompute_stats),
    ("authenticity scores", authenticity_job.recompute_all),
    ("content profiles", content_job.recompute_all),
)
#: at most one progress write per this many seconds per stage (the jobs report per batch).
WRITE_EVERY = 1.0


def prepare(engine: Engine, progress=None, stages=STAGES) -> None:
    """Run every derived-data job in order, recording each stage's progress."""
    with engine.begin() as conn:
        repo.start_stages(conn, [name for name, _ in stages])
    for name, job in stages:
        last = 0.0

        def report(label: str, done: int, total: int, name: str = name) -> None:
            nonlocal last
            if progress:
                progress(label, done, total)
            now = time.monotonic()
            if now - last >= WRITE_EVERY or done >= total:
                last = now
                with engine.begin() as conn:
                    repo.set_progress(conn, name, done, total)

        job(engine, progress=report)
        with engine.begin() as conn:
            repo.set_progress(conn, name, 1, 1, finished=True)


def start_in_background() -> subprocess.Popen:
    """`reachroom demo prepare` in its own process (and session, so it outlives the terminal's Ctrl-C of
    `make run` no worse than the server does)."""
    return subprocess.Popen([sys.executable, "-m", "reachroom", "prepare"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)


def preparation_unfinished(engine: Engine) -> bool:
    """True when a preparation was started and some stage has not finished (e.g. `make run` was stopped)."""
    try:
        with engine.connect() as conn:
            return bool(repo.unfinished(conn))
    except SQLAlchemyError:
        return False


def banner(engine: Engine) -> str | None:
    """The banner text while demo data is being prepared ("Preparing demo data: content profiles 43%"), else
    None. Never fails a page: a database without the table just has no banner."""
    try:
        with engine.connect() as conn:
            rows = repo.unfinished(conn)
    except SQLAlchemyError:
        return None
    if not rows:
        return None
    stage, done, total = rows[0]
    pct = int(100 * done / total) if total else 0
    return f"Preparing demo data: {stage} {pct}%"


@pass_context
def banner_for_page(context) -> str | None:
    """Jinja global: the banner for the engine of the app rendering the page."""
    app = getattr(context.get("request"), "app", None)  # templates are also rendered without an app (tests)
    engine = getattr(getattr(app, "state", None), "engine", None)
    return banner(engine) if engine is not None else None
