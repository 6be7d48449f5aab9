"""The demo's derived data (stats, authenticity, content profiles), computed after the load — as a background
job on `make run`, so the app serves at once — with progress in ``job_progress`` for the banner.

Authenticity reads the stats, so those two run in order; content profiles need neither and run alongside in a
second process when the database can be shared between processes (both cores busy). One preparation at a
time: a second one finds the lock file in the data dir taken and stops with :class:`PreparationRunning`.
"""

from __future__ import annotations

import time
from pathlib import Path

from filelock import FileLock, Timeout
from jinja2 import pass_context
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from reachroom.authenticity import job as authenticity_job
from reachroom.config import get_settings
from reachroom.content import job as content_job
from reachroom.core import jobs
from reachroom.creators.stats_job import recompute_all as recompute_stats
from reachroom.demo import repository as repo

#: (stage shown in the banner, job)
STAGES = (
    ("stats", recompute_stats),
    ("authenticity scores", authenticity_job.recompute_all),
    ("content profiles", content_job.recompute_all),
)
#: the stage that depends on no other and runs alongside the others
INDEPENDENT = "content profiles"
#: at most one progress write per this many seconds per stage (the jobs report per batch).
WRITE_EVERY = 1.0
LOCK_FILE = "prepare.lock"


class PreparationRunning(RuntimeError):
    """Another process is preparing the demo data."""


def _lock() -> FileLock:
    folder = Path(get_settings().data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    return FileLock(str(folder / LOCK_FILE), timeout=0)  # the OS frees it if that process dies


def prepare(engine: Engine, progress=None, stages: list[str] | None = None) -> None:
    """Run the derived-data jobs (``stages``: names, default all), recording each stage's progress;
    PreparationRunning if another preparation holds the lock."""
    names = stages or [name for name, _ in STAGES]
    try:
        with _lock():
            with engine.begin() as conn:
                repo.start_stages(conn, names)
            chain = [n for n in names if n != INDEPENDENT]
            if chain and INDEPENDENT in names and content_job._can_fork_workers(engine):
                _run_alongside(engine, chain, progress)
            else:
                _run_stages(engine, names, progress)
            brand_fits(engine)
    except Timeout:
        raise PreparationRunning("demo data is already being prepared by another process; "
                                 "wait for it to finish (the app's banner shows its progress)") from None


def brand_fits(engine: Engine) -> None:
    """The demo creators' brand fits, now that content, stats and authenticity are in (the portal ranks by them):
    all again, since a publication may have had them worked out before the content profiles existed."""
    from reachroom.db import unit_of_work
    from reachroom.portal import fits

    with unit_of_work(engine) as db:
        fits.refresh(db, everything=True)


def _run_alongside(engine: Engine, chain: list[str], progress) -> None:
    """The chain in a child process (its progress only in job_progress), the independent stage here."""
    url = engine.url.render_as_string(hide_password=False)
    child = content_job._mp_context().Process(target=_child, args=(url, chain))
    child.start()
    try:
        _run_stages(engine, [INDEPENDENT], progress)
    finally:
        child.join()
    if child.exitcode != 0:
        raise RuntimeError(f"preparing {', '.join(chain)} failed (exit code {child.exitcode})")


def _child(url: str, chain: list[str]) -> None:
    from reachroom.db import make_engine

    engine = make_engine(url)
    try:
        _run_stages(engine, chain, None)
    finally:
        engine.dispose()


def _run_stages(engine: Engine, names: list[str], progress) -> None:
    for name in names:
        job = dict(STAGES)[name]
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


def run_queued_preparation() -> None:
    """The body of the queued job: prepare the configured database (a second one queued meanwhile stops)."""
    from reachroom.db import get_engine

    try:
        prepare(get_engine())
    except PreparationRunning as exc:
        jobs.log.info("%s", exc)


_prepare_task = jobs.on_each_queue(lambda huey: huey.task(name="reachroom.prepare_demo")(run_queued_preparation))


def register_tasks() -> None:
    """Make the preparation known to this process's queue (the worker needs it to run a queued one)."""
    _prepare_task()


def start_in_background() -> None:
    """Queue the preparation and start a worker process that runs it and exits."""
    _prepare_task()()
    jobs.start_worker()


def preparation_unfinished(engine: Engine) -> bool:
    """True when a preparation was started and some stage has not finished (e.g. `make run` was stopped)."""
    try:
        with engine.connect() as conn:
            return bool(repo.unfinished(conn))
    except SQLAlchemyError:
        return False


def banner(engine: Engine) -> str | None:
    """The banner text while demo data is being prepared ("Preparing demo data: authenticity scores 40%,
    content profiles 43%"), else None. Never fails a page: a database without the table just has no banner."""
    try:
        with engine.connect() as conn:
            rows = repo.unfinished(conn)
    except SQLAlchemyError:
        return None
    if not rows:
        return None
    order = [name for name, _ in STAGES]
    rows = sorted(rows, key=lambda r: order.index(r[0]) if r[0] in order else len(order))
    running = [r for r in rows if r[2]] or rows[:1]  # stages under way (they overlap), else the next one
    return "Preparing demo data: " + ", ".join(f"{stage} {_pct(done, total)}%" for stage, done, total in running)


def _pct(done: int, total: int) -> int:
    return int(100 * done / total) if total else 0


@pass_context
def banner_for_page(context) -> str | None:
    """Jinja global: the banner for the engine of the app rendering the page."""
    app = getattr(context.get("request"), "app", None)  # templates are also rendered without an app (tests)
    engine = getattr(getattr(app, "state", None), "engine", None)
    return banner(engine) if engine is not None else None
