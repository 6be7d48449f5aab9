"""`reachroom run` (what `make run` calls): one process migrates, loads a demo into an empty database and serves."""

import os
import signal
import socket
import subprocess
import sys
import time

import httpx
import pytest
from sqlalchemy import create_engine, text
from tests.dbutil import pg_base_url


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for_login(url: str, proc: subprocess.Popen, seconds: float) -> httpx.Response:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.stdout.read() if proc.stdout else "exited"
        try:
            r = httpx.get(url, timeout=2)
            if r.status_code == 200:
                return r
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"{url} did not answer within {seconds} s")


def _run(tmp_path, port: int) -> subprocess.Popen:
    env = {**os.environ, "REACHROOM_DATABASE_URL": f"sqlite:///{tmp_path / 'r.db'}",
           "REACHROOM_DATA_DIR": str(tmp_path / "var"), "REACHROOM_PORT": str(port),
           "REACHROOM_HOST": "127.0.0.1", "REACHROOM_JOBS_URL": ""}
    return subprocess.Popen([sys.executable, "-m", "reachroom", "run", "--creators", "40"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _stop(proc: subprocess.Popen) -> str:
    proc.send_signal(signal.SIGINT)  # what Ctrl-C of `make run` sends
    out, _ = proc.communicate(timeout=60)
    return out


# The command runs on its own SQLite file (what `make run` uses), whatever database the suite is on: the
# PostgreSQL pass would repeat the SQLite pass's run exactly, at ~25 s of CPU for two app processes.
@pytest.mark.skipif(pg_base_url() is not None, reason="runs in the SQLite pass: `make run` is the embedded default")
def test_run_loads_the_demo_into_an_empty_database_and_serves_the_login(tmp_path):
    port = _free_port()
    proc = _run(tmp_path, port)
    try:
        page = _wait_for_login(f"http://127.0.0.1:{port}/login", proc, 180)
        assert "password" in page.text.lower()
    finally:
        first = _stop(proc)
    assert "Database at head" in first and '"creators": 40' in first and "demo@reachroom.local" in first
    engine = create_engine(f"sqlite:///{tmp_path / 'r.db'}")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM creators")).scalar() == 40
    engine.dispose()

    proc = _run(tmp_path, port)  # a second run keeps the data and serves again
    try:
        _wait_for_login(f"http://127.0.0.1:{port}/login", proc, 180)
    finally:
        second = _stop(proc)
    assert "Demo data already present; nothing loaded." in second
