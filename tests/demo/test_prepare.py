"""The first-run banner: logged-in pages say which demo data is still being prepared, and stop when it is done."""

import httpx
import pytest
from tests.web import login

from reachroom.demo import repository as repo
from reachroom.demo.prepare import STAGES

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
