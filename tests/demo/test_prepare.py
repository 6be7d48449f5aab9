"""The first-run banner: logged-in pages say which demo data is still being prepared, and stop when it is done."""

import httpx
import pytest
from tests.web import login
from typer.testing import CliRunner

from reachroom.cli import app
from reachroom.core import jobs
from reachroom.demo import prepare as prepare_module
from reachroom.demo import repository as repo
from reachroom.demo.prepare import STAGES, PreparationRunning, banner, prepare

STAGE_NAMES = [name for name, _ in STAGES]


@pytest.fixture
def preparing(engine):
    """job_progress as the background process leaves it mid-run; emptied afterwards for the other tests."""
    with engine.begin() as conn:
        repo.start_stages(conn, STAGE_NAMES)
        repo.set_progress(conn, "stats", 1, 1, finished=True)
        repo.set_progress(conn, "authenticity scores", 1, 1, finished=True)
        repo.set_progress(conn, "content profiles", 43, 100)
    yield engine
    with engine.begin() as conn:
        repo.start_stages(conn, [])


def test_banner_shows_progress_until_done(preparing, live_server, factory):
    t = factory.tenant()
    with httpx.Client(base_url=live_server, timeout=30) as client:
        page = login(client, t.email)
        assert page.status_code == 200
        assert 'data-testid="demo-banner"' in page.text
        assert "Preparing demo data: content profiles 43%" in page.text
        with preparing.begin() as conn:
            repo.set_progress(conn, "content profiles", 100, 100, finished=True)
        assert 'data-testid="demo-banner"' not in client.get("/creators").text


def test_no_banner_on_the_login_page(preparing, live_server):
    assert 'data-testid="demo-banner"' not in httpx.get(f"{live_server}/login").text


def test_banner_lists_the_stages_running_alongside(preparing):
    with preparing.begin() as conn:
        repo.set_progress(conn, "authenticity scores", 40, 100)
    assert banner(preparing) == "Preparing demo data: authenticity scores 40%, content profiles 43%"


def test_a_second_preparation_stops_with_a_clear_message(engine, monkeypatch):
    ran = []
    monkeypatch.setattr(prepare_module, "_run_stages", lambda *a: ran.append(a))
    with prepare_module._lock():  # another preparation holds the lock
        with pytest.raises(PreparationRunning, match="already being prepared"):
            prepare(engine, stages=["stats"])
        result = CliRunner().invoke(app, ["prepare"])
    assert result.exit_code == 1
    assert "already being prepared" in result.output
    assert ran == []
    prepare(engine, stages=["stats"])  # free again once the other one ends
    assert len(ran) == 1
    with engine.begin() as conn:
        repo.start_stages(conn, [])  # no banner left for the other tests


def test_the_background_preparation_is_a_queued_job(monkeypatch, tmp_path):
    monkeypatch.setenv("REACHROOM_DATA_DIR", str(tmp_path))  # a queue of its own: other tests queue jobs too
    jobs.get_huey.cache_clear()
    ran, started = [], []
    monkeypatch.setattr(prepare_module, "prepare", lambda engine, **kw: ran.append(engine))
    monkeypatch.setattr(jobs, "start_worker", lambda: started.append(True))
    prepare_module.start_in_background()
    assert started == [True] and ran == []
    assert jobs.get_huey().pending_count() == 1
    assert jobs.work() == 1
    assert len(ran) == 1 and jobs.get_huey().pending_count() == 0
    jobs.get_huey.cache_clear()
