"""Recompute every account's content profile (PostContent per recent post, AccountContent per account).

Id-range batches like the stats job: per batch one query for the accounts (id, bio), one window-function query
for each account's newest posts, one embedder call for all of the batch's texts, then the pure analysis per
account (:func:`reachroom.content.analysis.analyse_account`) and one transaction that deletes the range's rows
and bulk-inserts the new ones. With ``workers > 0`` the analysis of batches runs in worker processes (each reads
its own ranges) while this process writes, so the job scales with cores; the rows are the same either way.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from datetime import datetime

from sqlalchemy import Engine

from reachroom.content import repository as repo
from reachroom.content.analysis import METHOD_VERSION, RECENT_POSTS, PostText, analyse_account, get_analyser
from reachroom.core.batch import collector_paused
from reachroom.models import utcnow

Progress = Callable[[str, int, int], None]


# ---------------------------------------------------------------------------------------------------------
# The batch job
# ---------------------------------------------------------------------------------------------------------


def compute_range(conn, lo: int, hi: int, recent: int, now: datetime) -> tuple[list[dict], list[dict]]:
    """Read one id range and analyse its accounts: (account rows, post rows)."""
    with collector_paused():
        return _compute_range(conn, lo, hi, recent, now)


def _compute_range(conn, lo: int, hi: int, recent: int, now: datetime) -> tuple[list[dict], list[dict]]:
    accounts = repo.accounts_in(conn, lo, hi)
    by_account: dict[int, list[PostText]] = {}
    for aid, pid, caption, paid in repo.recent_posts_in(conn, lo, hi, recent):
        by_account.setdefault(aid, []).append(PostText(pid, caption or "", bool(paid)))
    clf = get_analyser()
    clf.clear()
    clf.prime([p.caption for ps in by_account.values() for p in ps] + [bio or "" for _, bio in accounts])
    account_rows, post_rows = [], []
    for aid, bio in accounts:
        acc, posts = analyse_account(aid, by_account.get(aid, []), bio or "", now, clf)
        account_rows.append(acc)
        post_rows.extend(posts)
    clf.clear()
    return account_rows, post_rows


_worker_engine: Engine | None = None


#: how much a worker process yields to others (os.nice): the analysis is batch work that can wait for the web app
#: and for the stats -> authenticity chain the demo preparation runs beside it (the longer path: it alone
#: decides when the preparation ends, while the workers' batches fill whatever CPU is left).
WORKER_NICENESS = 10


def _init_worker(url: str) -> None:
    global _worker_engine
    from reachroom.db import make_engine

    if hasattr(os, "nice"):  # POSIX only
        os.nice(WORKER_NICENESS)
    _worker_engine = make_engine(url)
    get_analyser()  # load the model once per worker, before the first batch


def _work(lo: int, hi: int, recent: int, now: datetime) -> tuple[int, int, list[dict], list[dict]]:
    assert _worker_engine is not None
    with _worker_engine.connect() as conn:
        accounts, posts = compute_range(conn, lo, hi, recent, now)
    return lo, hi, accounts, posts


def _can_fork_workers(engine: Engine) -> bool:
    url = engine.url
    if url.get_backend_name() == "sqlite":
        return bool(url.database) and url.database != ":memory:" and "mode=memory" not in str(url)
    return True


def _mp_context():
    """fork where it is safe (POSIX, single-threaded), else spawn."""
    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def default_workers(n_batches: int) -> int:
    cpus = os.cpu_count() or 1
    return min(cpus, 4) if cpus >= 2 and n_batches >= 4 else 0


def recompute_all(engine: Engine, progress: Progress | None = None, batch_size: int = 1000,
                  recent_posts: int = RECENT_POSTS, workers: int | None = None,
                  now: datetime | None = None) -> dict:
    """Recompute every account's content profile; one transaction per batch. Returns counts and timings."""
    started = time.perf_counter()
    now = now or utcnow()
    with engine.connect() as conn:
        lo, hi, total = repo.account_id_bounds(conn)
    ranges = [(s, s + batch_size) for s in range(lo, hi + 1, batch_size)] if total else []
    if workers is None:
        workers = default_workers(len(ranges))
    if workers and not _can_fork_workers(engine):
        workers = 0
    done = n_posts = 0
    if progress:
        progress("Content profiles", 0, total)

    def write(lo_: int, hi_: int, accounts: list[dict], posts: list[dict]) -> None:
        nonlocal done, n_posts
        with collector_paused(), engine.begin() as conn:
            repo.replace_content(conn, lo_, hi_, accounts, posts)
        done += len(accounts)
        n_posts += len(posts)
        if progress:
            progress("Content profiles", done, total)

    if workers:
        url = engine.url.render_as_string(hide_password=False)
        with ProcessPoolExecutor(max_workers=workers, mp_context=_mp_context(), initializer=_init_worker,
                                 initargs=(url,)) as pool:
            pending: set[Future] = set()
            queue = list(ranges)
            while queue or pending:
                while queue and len(pending) < 2 * workers:
                    a, b = queue.pop(0)
                    pending.add(pool.submit(_work, a, b, recent_posts, now))
                finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                for fut in finished:
                    with collector_paused():  # unpickling a batch's rows builds as many objects as making them
                        write(*fut.result())
    else:
        for a, b in ranges:
            with engine.connect() as conn:
                accounts, posts = compute_range(conn, a, b, recent_posts, now)
            write(a, b, accounts, posts)
    seconds = time.perf_counter() - started
    return {
        "accounts": done, "posts": n_posts, "seconds": round(seconds, 2),
        "posts_per_second": round(n_posts / seconds, 1) if seconds > 0 else None,
        "workers": workers, "recent_posts": recent_posts, "method_version": METHOD_VERSION,
    }
