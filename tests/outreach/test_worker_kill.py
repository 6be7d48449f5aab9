"""Kill the worker mid-send: `reachroom worker` (a real huey consumer in its own process) is SIGKILLed while the
SMTP server holds its message; a new worker takes the email back once its lease runs out and delivers it once."""

import os
import signal
import subprocess
import sys
import time

from sqlalchemy import select

from reachroom.db import unit_of_work
from reachroom.models import OutboundEmail, utcnow


def _worker(tmp_path, smtp_port: int, name: str) -> subprocess.Popen:
    env = {**os.environ, "REACHROOM_DATA_DIR": str(tmp_path / "var"), "REACHROOM_SMTP_HOST": "127.0.0.1",
           "REACHROOM_SMTP_PORT": str(smtp_port), "REACHROOM_SMTP_SECURITY": "none",
           "REACHROOM_MAIL_LEASE_SECONDS": "2", "REACHROOM_SMTP_TIMEOUT_SECONDS": "60"}
    log = open(tmp_path / f"{name}.log", "wb")  # noqa: SIM115 (closed with the process)
    return subprocess.Popen([sys.executable, "-m", "reachroom", "worker", "--threads", "1"], env=env,
                            stdout=log, stderr=subprocess.STDOUT)


def _row(engine, email_id: int) -> OutboundEmail:
    with unit_of_work(engine) as db:
        row = db.scalar(select(OutboundEmail).where(OutboundEmail.id == email_id))
        db.expunge(row)
    return row


def _wait_for(check, timeout: float, what: str, proc: subprocess.Popen, tmp_path, name: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := check():
            return value
        assert proc.poll() is None, f"{name} exited: {(tmp_path / f'{name}.log').read_text()[-2000:]}"
        time.sleep(0.1)  # polling for a state change, not a fixed wait
    raise AssertionError(f"{what} within {timeout} s; {name} log: {(tmp_path / f'{name}.log').read_text()[-2000:]}")


def test_killing_the_worker_mid_send_loses_nothing(smtp_server, http, team, engine, tmp_path):
    smtp_server.hold_seconds = 120  # the first delivery hangs in the middle of the SMTP conversation
    r = http.post(f"/api/v1/campaigns/{team.campaign['id']}/emails",
                  json={"subject": "Hi {{ first_name }}", "body": "Join us?", "entry_ids": team.entries[:1]},
                  headers=team.headers)
    assert r.status_code == 201 and r.json()["queued"] == 1
    email_id = r.json()["email_ids"][0]

    first = _worker(tmp_path, smtp_server.port, "worker-1")
    try:
        _wait_for(smtp_server.stalled.is_set, 60, "the worker did not start sending", first, tmp_path, "worker-1")
        assert _row(engine, email_id).status == "sending"
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
    finally:
        if first.poll() is None:
            first.kill()
    assert _row(engine, email_id).status == "sending"  # the dead worker's claim is still on the row
    smtp_server.hold_seconds = 0
    while _row(engine, email_id).lease_until >= utcnow():
        time.sleep(0.1)  # until the dead worker's lease has run out

    second = _worker(tmp_path, smtp_server.port, "worker-2")
    try:
        _wait_for(lambda: _row(engine, email_id).status == "sent", 60, "the email was not sent again", second,
                  tmp_path, "worker-2")
    finally:
        second.terminate()
        second.wait(timeout=20)
    row = _row(engine, email_id)
    assert row.attempts == 2 and row.sent_at is not None
    assert len(smtp_server.to(team.emails[0])) == 1  # delivered once, by the second worker


def test_a_worker_started_by_serve_stops_with_it(tmp_path):
    """`serve --worker` starts `reachroom worker --stop-with=<its pid>`; when the server process is gone (killed,
    or stopped by a signal uvicorn re-raises), the worker exits too instead of running on unseen."""
    parent = subprocess.Popen(
        [sys.executable, "-c", "import os, subprocess, sys, time\n"
         "w = subprocess.Popen([sys.executable, '-m', 'reachroom', 'worker', '--threads', '1',\n"
         "                      f'--stop-with={os.getpid()}'])\n"
         "print(w.pid, flush=True)\n"
         "time.sleep(60)\n"],
        env={**os.environ, "REACHROOM_DATA_DIR": str(tmp_path / "var")}, stdout=subprocess.PIPE, text=True)
    worker_pid = int(parent.stdout.readline())
    parent.kill()
    parent.wait(timeout=10)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and _alive(worker_pid):
        time.sleep(0.1)  # polling for the worker to notice
    assert not _alive(worker_pid), "the worker outlived the process that started it"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie (exited, not yet reaped by init) counts as gone
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(") ", 1)[1][0] != "Z"
    except FileNotFoundError:
        return False
