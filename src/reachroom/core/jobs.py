"""Background jobs on huey: the queue lives in a SQLite file in the data dir by default (no server to run,
whatever the database) or in Redis when `REACHROOM_JOBS_URL` names one. `reachroom worker` is the long-running
consumer (retries, periodic tasks); `reachroom work` runs what is queued and exits (the first run's preparation)."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from huey import Huey, RedisHuey, SqliteHuey
from sqlalchemy import event
from sqlalchemy.orm import Session

from reachroom.config import get_settings

log = logging.getLogger(__name__)
QUEUE_FILE = "jobs.sqlite3"
T = TypeVar("T")


@lru_cache
def get_huey() -> Huey:
    """The app's queue (one per process): Redis when configured, else a SQLite file in the data dir."""
    settings = get_settings()
    if settings.jobs_url.startswith(("redis://", "rediss://", "unix://")):
        return RedisHuey(name="reachroom", url=settings.jobs_url, results=False)
    folder = Path(settings.data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    return SqliteHuey(name="reachroom", filename=str(folder / QUEUE_FILE), results=False)


def on_each_queue(declare: Callable[[Huey], T]) -> Callable[[], T]:
    """A domain's tasks, declared once per queue: ``declare(huey)`` puts them on a queue and returns what callers
    use (the task to queue); the returned function gives that for the current queue (:func:`get_huey` — a test or
    a settings change may make a new one). Call it in ``register_tasks`` so the worker knows the tasks."""
    per_queue = lru_cache(maxsize=4)(declare)

    def current() -> T:
        return per_queue(get_huey())

    return current


def work(huey: Huey | None = None) -> int:
    """Run the queued tasks in this process until the queue is empty; returns how many ran."""
    huey = huey or get_huey()
    ran = 0
    while (task := huey.dequeue()) is not None:
        try:
            huey.execute(task)
        except Exception:  # one failing task must not strand the ones queued after it
            log.exception("background task %s failed", task.name)
        ran += 1
    return ran


def run_consumer(workers: int = 2, parent_pid: int | None = None) -> None:
    """Work the queue until stopped (SIGINT/SIGTERM finish the running task; SIGKILL loses nothing either, because
    every durable job keeps its state in the database and is picked up again by the periodic sweep)."""
    if parent_pid:
        _stop_when_orphaned(parent_pid)
    # Threads, not processes: tasks wait on SMTP and the database, and a thread pool keeps one process to stop.
    consumer = get_huey().create_consumer(workers=workers, worker_type="thread", periodic=True,
                                          check_worker_health=True)
    consumer.run()


def _stop_when_orphaned(parent: int, every: float = 2.0) -> None:
    """SIGTERM this process once `parent` is no longer its parent (`serve --worker`: uvicorn re-raises the signal
    that stopped it, so the server cannot always stop its worker itself). The pid comes from the parent, so a
    parent that died before this process got here is noticed too."""
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(every)
        os.kill(os.getpid(), signal.SIGTERM)
    threading.Thread(target=watch, daemon=True, name="parent-watch").start()


def after_commit(db: Session, action: Callable[[], object]) -> None:
    """Run `action` once the session's transaction commits (e.g. wake the worker only when the rows it needs are
    visible); nothing happens on rollback."""
    def fire(_session: Session) -> None:
        try:
            action()
        except Exception:  # the rows are committed; the periodic sweep picks them up if the wake-up fails
            log.exception("could not queue a background task after commit")
    event.listen(db, "after_commit", fire, once=True)


def start_worker(command: str = "work", *args: str, detach: bool = True) -> subprocess.Popen:
    """`reachroom <command>` in its own process; detached, it outlives a Ctrl-C of `make run` like the server."""
    proc = subprocess.Popen([sys.executable, "-m", "reachroom", command, *args], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=detach)
    if detach:  # reaped when it exits, so a long-lived parent (`reachroom run`) keeps no zombie
        threading.Thread(target=proc.wait, name=f"reap-{command}", daemon=True).start()
    return proc
