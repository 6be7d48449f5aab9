"""Read-only report links for clients: the link opens that one report without a login — fees hidden unless the
owner chose to show them — and nothing else; it stops working once revoked or expired; another workspace cannot
list or revoke it; the token is stored hashed."""

import re

import httpx
from sqlalchemy import text, update

from reachroom.db import unit_of_work
from reachroom.models import ReportShare, utcnow
from tests.measurement.test_report import _campaign, _link, _snap
from tests.web import csrf_of, login


def _report_with_numbers(http, factory):
    t, c, entries = _campaign(http, factory)
    post = _link(http, t, c, entries[0], "https://www.instagram.com/p/SHARE1/").json()
    _snap(http, t, c, post["id"], views=5000, reach=4000, impressions=4500, likes=100).raise_for_status()
    return t, c


def test_a_link_shows_one_report_without_fees_and_nothing_else(http, factory, live_server, engine):
    t, c = _report_with_numbers(http, factory)
    made = http.post(f"/api/v1/campaigns/{c['id']}/shares", json={"days": 7, "label": "Client"}, headers=t.headers)
    assert made.status_code == 201 and made.json()["url"].startswith("/r/rs_")
    url = made.json()["url"]
    with httpx.Client(base_url=live_server, timeout=30) as anonymous:
        page = anonymous.get(url)
        assert page.status_code == 200 and c["name"] in page.text and 'data-key="views"' in page.text
        assert 'data-key="cost"' not in page.text and "300.00" not in page.text  # fees hidden
        assert 'data-testid="link-post-form"' not in page.text and 'data-testid="main-nav"' not in page.text
        assert page.headers["cache-control"] == "no-store"
        assert anonymous.get(f"/campaigns/{c['id']}/report", follow_redirects=False).status_code == 303  # no login
        assert anonymous.get(f"/api/v1/campaigns/{c['id']}/report").status_code == 401
        assert anonymous.get(url.replace("rs_", "rs_x")).status_code == 404
    with unit_of_work(engine) as db:
        hashes = [h for (h,) in db.execute(text("select token_hash from report_shares"))]
        assert url.removeprefix("/r/") not in hashes and all(len(h) == 64 for h in hashes)
    listed = http.get(f"/api/v1/campaigns/{c['id']}/shares", headers=t.headers).json()
    assert listed[0]["url"] is None and listed[0]["last_opened_at"]  # never the address again; opened once
    stranger = factory.tenant("admin")
    assert http.get(f"/api/v1/campaigns/{c['id']}/shares", headers=stranger.headers).status_code == 404
    assert http.delete(f"/api/v1/campaigns/{c['id']}/shares/{listed[0]['id']}",
                       headers=stranger.headers).status_code == 404
    assert http.delete(f"/api/v1/campaigns/{c['id']}/shares/{listed[0]['id']}",
                       headers=t.headers).json()["revoked_at"]
    assert httpx.get(live_server + url).status_code == 404  # revoked


def test_fees_when_chosen_expiry_and_bad_input(http, factory, live_server, engine):
    t, c = _report_with_numbers(http, factory)
    with_fees = http.post(f"/api/v1/campaigns/{c['id']}/shares", json={"show_fees": True}, headers=t.headers).json()
    page = httpx.get(live_server + with_fees["url"])
    assert 'data-key="cost"' in page.text and "300.00" in page.text
    with unit_of_work(engine) as db:
        db.execute(update(ReportShare).where(ReportShare.id == with_fees["id"]).values(expires_at=utcnow()))
    assert httpx.get(live_server + with_fees["url"]).status_code == 404  # expired
    for bad in ({"days": 0}, {"days": 400}, {"days": "forever"}, {"label": "x" * 200}):
        r = http.post(f"/api/v1/campaigns/{c['id']}/shares", json=bad, headers=t.headers)
        assert r.status_code == 422, bad
    viewer = factory.tenant("viewer", t.workspace_id)
    assert http.post(f"/api/v1/campaigns/{c['id']}/shares", json={}, headers=viewer.headers).status_code == 403


def test_the_page_makes_and_revokes_a_link(http, factory, live_server):
    t, c = _report_with_numbers(http, factory)
    with httpx.Client(base_url=live_server, timeout=30) as browser:
        login(browser, t.email)
        page = browser.get(f"/campaigns/{c['id']}/report")
        made = browser.post(f"/campaigns/{c['id']}/report/shares",
                            data={"csrf_token": csrf_of(page.text), "label": "Agency", "days": "14"})
        assert made.status_code == 200 and made.headers["cache-control"] == "no-store"
        link = re.search(r'data-testid="new-share-url"[^>]*>([^<]+)<', made.text).group(1)
        assert "/r/rs_" in link and httpx.get(link).status_code == 200
        bad = browser.post(f"/campaigns/{c['id']}/report/shares", data={"csrf_token": csrf_of(page.text),
                                                                          "days": "-3"})
        assert bad.status_code == 422 and "days" in bad.text
        share_id = re.search(r"/report/shares/(\d+)/revoke", made.text).group(1)
        browser.post(f"/campaigns/{c['id']}/report/shares/{share_id}/revoke",
                     data={"csrf_token": csrf_of(page.text)})
        assert httpx.get(link).status_code == 404
