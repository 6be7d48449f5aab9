"""The Authenticity section in a real browser: charts render with spikes marked, no JavaScript errors."""

import os
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlalchemy import delete

from reachroom.authenticity.service import recompute_account
from reachroom.db import unit_of_work
from reachroom.models import AccountSnapshot, utcnow
from tests.factories import PASSWORD

CHROMIUM = os.environ.get("REACHROOM_CHROMIUM_PATH", "/usr/bin/chromium")


def _missing() -> str | None:
    if not os.path.exists(CHROMIUM):
        return f"Chromium not found at {CHROMIUM}"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed"
    return None


pytestmark = pytest.mark.skipif(_missing() is not None, reason=_missing() or "")


def test_authenticity_section_renders_charts(live_server, factory, engine, unique):
    tenant = factory.tenant()
    creator_id, account_id = factory.creator(handle=f"jumpy{unique}", followers=20_000, posts=12)
    with unit_of_work(engine) as db:  # 30 weekly snapshots with a +60% step four weeks ago
        db.execute(delete(AccountSnapshot).where(AccountSnapshot.account_id == account_id))
        now = utcnow()
        for week in range(30):
            followers = (20_000 if week < 4 else 12_500) * (1 - week * 0.002)
            db.add(AccountSnapshot(account_id=account_id, followers=int(followers), source="manual",
                                   collected_at=now - timedelta(days=7 * week)))
    with unit_of_work(engine) as db:
        recompute_account(db, account_id)

    def drive() -> tuple[list[str], int, str, str]:
        # Its own thread: the sync API refuses to start where another test's Playwright loop is running.
        from playwright.sync_api import sync_playwright

        errors: list[str] = []
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True,
                                         args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
            page = browser.new_page()
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(f"{live_server}/login")
            page.fill("input[name=email]", tenant.email)
            page.fill("input[name=password]", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url("**/creators**")
            page.goto(f"{live_server}/creators/{creator_id}")
            page.wait_for_selector("#auth-followers-chart[data-rendered='1']")
            page.wait_for_selector("#auth-engagement-chart[data-rendered='1']")
            spikes = page.evaluate(
                "document.getElementById('auth-followers-chart')._chart.data.datasets[1].data.length")
            growth = page.locator("[data-testid=auth-signal][data-key=growth_anomaly]").inner_text()
            level = page.locator("[data-testid=authenticity-level]").inner_text()
            browser.close()
        return errors, spikes, growth, level

    with ThreadPoolExecutor(1) as pool:
        errors, spikes, growth, level = pool.submit(drive).result(timeout=120)
    assert not errors, errors
    assert spikes == 1
    assert "no viral post" in growth
    assert level in ("Caution", "High risk")
