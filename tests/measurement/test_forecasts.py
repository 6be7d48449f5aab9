"""Forecast against actual over real HTTP and the CLI: accepting terms freezes a forecast of each deliverable from
the creator's earlier posts, the report sets the counted posts' numbers beside it (by hand), coverage counts only
deliverables delivered in full, and terms accepted before forecasts existed can be forecast afterwards."""

import json
import math
import uuid

from sqlalchemy import delete
from typer.testing import CliRunner

from reachroom.cli import app
from reachroom.db import unit_of_work
from reachroom.metrics.forecast import DEFAULT_SPONSORED_RATIO, MIN_LOG_SD, RATIO_LOG_SD, Z
from reachroom.models import DeliverableForecast

runner = CliRunner()


def _terms(http, factory, deliverables):
    """A campaign with one creator (20,000 followers, 6 organic posts of 600 likes + 30 comments) and accepted terms."""
    t = factory.tenant("admin")
    account = factory.creator(handle=f"f{uuid.uuid4().hex[:8]}", followers=20_000, er=0.03)[1]
    brand = http.post("/api/v1/brands", json={"name": f"Fc {uuid.uuid4().hex[:6]}"}, headers=t.headers).json()
    c = http.post("/api/v1/campaigns", json={"name": f"Fc {uuid.uuid4().hex[:6]}", "brand_id": brand["id"]},
                  headers=t.headers).json()
    http.post(f"/api/v1/campaigns/{c['id']}/creators", json={"account_ids": [account]},
              headers=t.headers).raise_for_status()
    entry = http.get(f"/api/v1/campaigns/{c['id']}/creators", headers=t.headers).json()[0]
    base = f"/api/v1/campaigns/{c['id']}/creators/{entry['id']}/agreements"
    http.post(base, json={"base_version": 0, "fee": "250", "currency": "GBP", "deliverables": deliverables},
              headers=t.headers).raise_for_status()
    http.post(f"{base}/accept", json={"version": 1}, headers=t.headers).raise_for_status()
    return t, c, entry


def _post(http, t, c, entry, code, **counts):
    p = http.post(f"/api/v1/campaigns/{c['id']}/posts", json={"entry_id": entry["id"], "url":
                  f"https://www.instagram.com/p/{code}/", "posted_at": "2026-11-01T10:00:00"}, headers=t.headers)
    http.post(f"/api/v1/campaigns/{c['id']}/posts/{p.json()['id']}/snapshots", json={
        "collected_at": "2026-11-03T10:00:00", "source": "manual", **counts}, headers=t.headers).raise_for_status()


def _report(http, t, c):
    r = http.get(f"/api/v1/campaigns/{c['id']}/report", headers=t.headers)
    assert r.status_code == 200, r.text
    return r.json()


def test_accepting_terms_freezes_a_forecast_and_the_report_sets_actuals_beside_it(http, factory):
    t, c, entry = _terms(http, factory, [{"platform": "instagram", "format": "post", "count": 2}])
    r = _report(http, t, c)
    [d] = r["forecasts"]
    assert (d["count"], d["delivered"], d["finished"]) == (2, 0, False)
    m = {x["metric"]: x for x in d["metrics"]}
    assert "views" not in m  # nothing in the history reports views
    var = MIN_LOG_SD ** 2 * (1 + 1 / 6) + RATIO_LOG_SD ** 2  # six identical organic posts, the assumed ratio
    per_post = 630 * math.exp(var / 2) * DEFAULT_SPONSORED_RATIO
    var_mean = math.log(1 + (math.exp(var) - 1) / 2)
    assert abs(m["engagements"]["expected"] - 2 * per_post) < 0.1
    assert abs(m["engagements"]["low"] - 2 * per_post * math.exp(-var_mean / 2 - Z * math.sqrt(var_mean))) < 0.1
    assert (m["reach"]["expected"], m["reach"]["low"], m["reach"]["high"]) == (2400, 1200, 3600)
    assert r["forecast_coverage"]["judged"] == 0 and r["forecast_coverage"]["coverage"] is None
    _post(http, t, c, entry, f"A{c['id']}", reach=1000, likes=500, comments=40)
    half = {x["metric"]: x for x in _report(http, t, c)["forecasts"][0]["metrics"]}
    assert half["engagements"]["actual"] == 540 and half["engagements"]["within"] is None  # 1 of 2: not judged
    _post(http, t, c, entry, f"B{c['id']}", reach=5000, likes=500, comments=40)
    r = _report(http, t, c)
    d = r["forecasts"][0]
    m = {x["metric"]: x for x in d["metrics"]}
    assert d["finished"] and d["delivered"] == 2
    assert m["engagements"]["actual"] == 1080 and m["engagements"]["within"] is True
    assert m["reach"]["actual"] == 6000 and m["reach"]["within"] is False  # above 3,600
    assert r["forecast_coverage"] == {**r["forecast_coverage"], "judged": 2, "within": 1, "coverage": 0.5}


def test_terms_accepted_before_forecasts_existed_are_forecast_by_the_cli(http, factory, engine):
    t, c, entry = _terms(http, factory, [{"platform": "instagram", "format": "reel", "count": 1},
                                         {"platform": "instagram", "format": "story", "count": 3}])
    assert len(_report(http, t, c)["forecasts"]) == 2
    with unit_of_work(engine) as db:
        db.execute(delete(DeliverableForecast).where(DeliverableForecast.campaign_id == c["id"]))
    assert _report(http, t, c)["forecasts"] == []
    out = runner.invoke(app, ["forecasts", str(c["id"]), "--workspace", t.slug])
    assert out.exit_code == 0 and "2 deliverable" in out.output, out.output
    again = runner.invoke(app, ["forecasts", str(c["id"]), "--workspace", t.slug])
    assert "0 deliverable" in again.output  # frozen: nothing is forecast twice
    assert [(d["count"], d["format"]) for d in _report(http, t, c)["forecasts"]] == [(1, "reel"), (3, "story")]
    stranger = factory.tenant("admin")
    assert runner.invoke(app, ["forecasts", str(c["id"]), "--workspace", stranger.slug]).exit_code != 0


def test_the_page_shows_forecast_against_actual(http, factory, live_server):
    import httpx

    from tests.web import login

    t, c, entry = _terms(http, factory, [{"platform": "instagram", "format": "post", "count": 1}])
    _post(http, t, c, entry, f"P{c['id']}", reach=1000, likes=500, comments=40)
    with httpx.Client(base_url=live_server, timeout=30) as browser:
        login(browser, t.email)
        page = browser.get(f"/campaigns/{c['id']}/report")
    assert 'data-testid="forecast-vs-actual"' in page.text and 'data-testid="forecast-row"' in page.text
    assert "inside the interval for 2 of 2" in page.text and json.loads(
        page.text.split('id="report-data">')[1].split("</script>")[0])["forecasts"][0]["finished"] is True
