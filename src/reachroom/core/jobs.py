"""Background jobs: a huey queue stored in a SQLite file in the data dir (no server to run, whatever the
database), worked by a detached `reachroom work` process that exits once the queue is empty."""

from __future__ import annotations

import logging
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

from huey import SqliteHuey

from reachroom.config import get_settings

log = logging.getLogger(__name__)
QUEUE_FILE = "jobs.sqlite3"


@lru_cache
def get_huey() -> SqliteHuey:
    """The app's queue (one per process and data dir)."""
    folder = Path(get_settings().data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    return SqliteHuey(name="reachroom", filename=str(folder / QUEUE_FILE), results=False)


def work(huey: SqliteHuey | None = None) -> int:
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


def start_worker() -> subprocess.Popen:
    """`reachroom work` in its own process and session (it outlives a Ctrl-C of `make run` like the server)."""
    return subprocess.Popen([sys.executable, "-m", "reachroom", "work"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
