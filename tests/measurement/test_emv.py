"""EMV, open: the published defaults until a workspace saves its own table; every save is a new version (two
editors: the second gets 409); only admins save; the report's EMV is a range computed by hand from the version
it names; bad tables are named and change nothing."""

import httpx

from tests.measurement.test_report import _campaign, _link, _snap
from tests.web import csrf_of, login


def _table(http, t) -> dict:
    r = http.get("/api/v1/emv-table", headers=t.headers)
    assert r.status_code == 200, r.text
    return r.json()


def test_defaults_then_versions_and_the_report_range(http, factory):
    t, c, entries = _campaign(http, factory)
    post = _link(http, t, c, entries[0], "https://www.instagram.com/reel/EMV1/").json()
    _snap(http, t, c, post["id"], views=20_000, likes=1000, comments=40, shares=10, saves=20).raise_for_status()
    default = _table(http, t)
    assert default["version"] == 0 and default["is_default"] and "MightyScout" in default["note"]
    emv = http.get(f"/api/v1/campaigns/{c['id']}/report", headers=t.headers).json()["emv"]
    assert emv["table_version"] == 0 and emv["currency"] == "USD"
    assert emv["low"] == 200.0  # 20,000 views at $10 per 1,000; engagement valued at 0 at the low end
    assert emv["high"] == round(200 + 1000 * 0.10 + 40 * 0.75 + 10 * 1.50 + 20 * 1.00, 2)

    mine = {"base_version": 0, "currency": "gbp", "note": "Our own rates",
            "values": {"instagram": {"views_per_1000": [6, 8], "like": [0.05, 0.05]}}}
    saved = http.put("/api/v1/emv-table", json=mine, headers=t.headers)
    assert saved.status_code == 200 and saved.json()["version"] == 1 and saved.json()["currency"] == "GBP"
    stale = http.put("/api/v1/emv-table", json=mine, headers=t.headers)
    assert stale.status_code == 409 and "base_version" in stale.text  # someone saved since version 0 was read
    emv = http.get(f"/api/v1/campaigns/{c['id']}/report", headers=t.headers).json()["emv"]
    assert (emv["low"], emv["high"], emv["table_version"]) == (170.0, 210.0, 1)
    other = factory.tenant("admin")
    assert _table(http, other)["version"] == 0  # another workspace keeps the defaults


def test_bad_tables_and_roles(http, factory):
    t = factory.tenant("admin")
    for bad, field in (({"currency": "pounds"}, "currency"),
                       ({"values": {"instagram": {"like": [0.5, 0.1]}}}, "values"),
                       ({"values": {"myspace": {"like": [0, 1]}}}, "values"),
                       ({"values": {"instagram": {"hugs": [0, 1]}}}, "values")):
        body = {"base_version": 0, "currency": "USD", "values": {}, **bad}
        r = http.put("/api/v1/emv-table", json=body, headers=t.headers)
        assert r.status_code == 422 and field in r.text, (bad, r.text)
    assert _table(http, t)["version"] == 0
    member = factory.tenant("member", t.workspace_id)
    r = http.put("/api/v1/emv-table", json={"base_version": 0, "currency": "USD", "values": {}},
                 headers=member.headers)
    assert r.status_code == 403


def test_the_page_saves_a_version(factory, live_server):
    t = factory.tenant("admin")
    with httpx.Client(base_url=live_server, timeout=30) as browser:
        login(browser, t.email)
        page = browser.get("/emv")
        assert page.status_code == 200 and 'name="instagram.views_per_1000.low" value="10.0"' in page.text
        form = {"csrf_token": csrf_of(page.text), "base_version": "0", "currency": "EUR", "note": "EU rates",
                "instagram.views_per_1000.low": "9", "instagram.views_per_1000.high": "12"}
        done = browser.post("/emv", data=form, follow_redirects=True)
        assert "Saved as version 1" in done.text and 'value="EUR"' in done.text
        form["instagram.views_per_1000.low"] = "20"  # above high: named, nothing saved
        form["base_version"] = "1"
        bad = browser.post("/emv", data=form)
        assert bad.status_code == 422 and "low ≤ high" in bad.text
        assert "Save as version 2" in browser.get("/emv").text
