"""The job queue: a SQLite file by default, Redis when REACHROOM_JOBS_URL names one; tasks queued after a commit
only, never after a rollback."""

import uuid

import pytest
from huey import RedisHuey, SqliteHuey

from reachroom.core import jobs
from reachroom.db import unit_of_work


@pytest.fixture
def fresh_queue():
    jobs.get_huey.cache_clear()
    yield
    jobs.get_huey.cache_clear()


def _roundtrip(huey) -> list[str]:
    ran: list[str] = []
    name = f"test.job.{uuid.uuid4().hex[:8]}"
    task = huey.task(name=name)(lambda word: ran.append(word))
    task("hello")
    assert jobs.work(huey) >= 1
    return ran


def test_the_default_queue_is_a_sqlite_file_in_the_data_dir(fresh_queue, monkeypatch, tmp_path):
    monkeypatch.setenv("REACHROOM_DATA_DIR", str(tmp_path))
    huey = jobs.get_huey()
    assert isinstance(huey, SqliteHuey) and (tmp_path / jobs.QUEUE_FILE).exists()
    assert _roundtrip(huey) == ["hello"]


def test_redis_is_used_when_configured(fresh_queue, monkeypatch):
    monkeypatch.setenv("REACHROOM_JOBS_URL", "redis://127.0.0.1:6379/15")
    huey = jobs.get_huey()
    assert isinstance(huey, RedisHuey)
    huey.flush()
    assert _roundtrip(huey) == ["hello"]
    huey.flush()


def test_after_commit_runs_only_when_the_transaction_commits(engine):
    fired: list[str] = []
    with unit_of_work(engine) as db:
        jobs.after_commit(db, lambda: fired.append("committed"))
        assert fired == []
    assert fired == ["committed"]
    with pytest.raises(RuntimeError), unit_of_work(engine) as db:
        jobs.after_commit(db, lambda: fired.append("rolled back"))
        raise RuntimeError("the write failed")
    assert fired == ["committed"]


def test_tasks_are_declared_once_per_queue(fresh_queue, monkeypatch, tmp_path):
    """on_each_queue: the same task while the queue is the same; declared again on a new queue, where it runs."""
    declared, ran = [], []

    def declare(huey):
        declared.append(huey)
        return huey.task(name=f"test.declared.{uuid.uuid4().hex[:8]}")(lambda: ran.append(huey))

    task = jobs.on_each_queue(declare)
    monkeypatch.setenv("REACHROOM_DATA_DIR", str(tmp_path / "a"))
    first = task()
    assert task() is first and len(declared) == 1
    jobs.get_huey.cache_clear()
    monkeypatch.setenv("REACHROOM_DATA_DIR", str(tmp_path / "b"))
    second = task()
    assert second is not first and declared[1] is jobs.get_huey() and len(declared) == 2
    second()
    assert jobs.work() == 1 and ran == [declared[1]]
