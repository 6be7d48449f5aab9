"""Plans over real HTTP and the CLI: the best mix for a budget with a reason for every creator and a certificate,
micro vs mega whose numbers are the forecasts it shows, saved plans pinned and re-solved (a stale version is a
conflict), invitations from a plan, bad input named, and nothing of another workspace."""

import json
import uuid

import pytest
from typer.testing import CliRunner

from reachroom.cli import app

COUNTRY = "XP"  # a country no other test uses: the plan's candidates are this module's creators only
runner = CliRunner()


@pytest.fixture(autouse=True)
def _always_fresh(monkeypatch):
    monkeypatch.setenv("REACHROOM_DISCOVERY_CHECK_SECONDS", "0")


def _handle(prefix: str = "pl") -> str:
    return prefix + "".join(chr(97 + int(c, 16)) for c in uuid.uuid4().hex[:10])


def _setup(http, factory, followers=(8_000, 12_000, 20_000, 40_000, 250_000)):
    t = factory.tenant("owner")
    accounts = [factory.creator(country=COUNTRY, handle=_handle(), followers=f, platform="instagram")[1]
                for f in followers]
    brand = http.post("/api/v1/brands", json={
        "name": f"Plan brand {uuid.uuid4().hex[:6]}", "niches": ["food"],
        "target_audience": {"countries": {COUNTRY: 1.0}}}, headers=t.headers)
    assert brand.status_code == 201, brand.text
    return t, accounts, brand.json()


def _plan(http, t, brand, status=201, **body):
    r = http.post("/api/v1/plans", json={"brand_id": brand["id"], "creator_countries": [COUNTRY],
                                         "time_limit": 2, **body}, headers=t.headers)
    assert r.status_code == status, r.text
    return r.json()


def test_a_plan_within_budget_with_reasons_a_certificate_and_micro_vs_mega(http, factory):
    t, accounts, brand = _setup(http, factory)
    out = _plan(http, t, brand, budget=800)
    assert out["id"] and out["version"] == 1 and not out["infeasible"]
    assert set(c["account_id"] for c in out["chosen"] + out["left_out"]) == set(accounts)
    assert out["chosen"], out
    assert out["cost"] <= 800 + 1e-6
    assert abs(out["cost"] - sum(c["fee"]["expected"] for c in out["chosen"])) < 0.05
    for c in out["chosen"] + out["left_out"]:
        assert c["reason"], c
        assert c["fee"]["low"] <= c["fee"]["expected"] <= c["fee"]["high"]
        assert c["fee_basis"].startswith("rate card")
    for c in out["chosen"]:
        assert c["reason"].startswith("adds ") and c["new_people"] > 0
    cert = out["certificate"]
    assert 0 <= cert["gap"] <= 1 and cert["upper_bound"] >= cert["value"] - 1e-6
    assert "best possible" in cert["statement"]
    # The big creator (250k) costs more than the budget: said so, with the amount.
    mega = next(c for c in out["left_out"] if c["account_id"] == accounts[-1])
    assert "more than the whole budget" in mega["reason"]
    # Micro vs mega: each option's forecast totals are the shown creators' forecasts added up.
    forecasts = {c["handle"]: c["forecast"] for c in out["chosen"] + out["left_out"]}
    options = {o["name"]: o for o in out["comparison"]["options"]}
    assert set(options) == {"micro portfolio", "single macro or mega", "mixed"}
    for o in options.values():
        for metric, total in o["forecast"].items():
            parts = [forecasts[h][metric] for h in o["handles"] if forecasts[h].get(metric)]
            assert abs(total["expected"] - sum(p["expected"] for p in parts)) < 1.0, (o["name"], metric)
            assert abs(total["low"] - sum(p["low"] for p in parts)) < 1.0
    assert options["single macro or mega"]["creators"] == 0  # nobody big fits £800
    assert "no macro or mega creator fits the budget" in out["comparison"]["reason"]
    assert options["mixed"]["people_reached"] == pytest.approx(cert["value"], rel=1e-6)


def test_mega_wins_when_one_big_creator_reaches_more_for_the_money(http, factory):
    t, accounts, brand = _setup(http, factory, followers=(1_500, 2_000, 400_000))
    big = _plan(http, t, brand, budget=50_000)
    options = {o["name"]: o for o in big["comparison"]["options"]}
    assert options["single macro or mega"]["creators"] == 1
    assert options["single macro or mega"]["people_reached"] > options["micro portfolio"]["people_reached"]
    assert big["comparison"]["winner"] in ("One macro or mega creator", "Best mix of both")


def test_engagements_goal_adds_up(http, factory):
    t, accounts, brand = _setup(http, factory)
    out = _plan(http, t, brand, budget=800, goal="engagements")
    assert out["goal"] == "engagements" and out["chosen"]
    total = sum(c["forecast"]["engagements"]["expected"] for c in out["chosen"])
    assert out["certificate"]["value"] == pytest.approx(total, rel=1e-3)


def test_pin_drop_resolve_and_a_stale_version_is_a_conflict(http, factory):
    t, accounts, brand = _setup(http, factory)
    out = _plan(http, t, brand, budget=800)
    chosen = out["chosen"][0]
    # a left-out creator who fits the budget once the first chosen one is dropped
    left = next(c for c in out["left_out"] if c["fee"]["expected"] <= 800 - out["cost"] + chosen["fee"]["expected"])
    r = http.patch(f"/api/v1/plans/{out['id']}", json={"version": 1, "pin": [left["account_id"]],
                                                         "drop": [chosen["account_id"]]}, headers=t.headers)
    assert r.status_code == 200, r.text
    again = r.json()
    assert again["version"] == 2
    ids = {c["account_id"] for c in again["chosen"]}
    assert left["account_id"] in ids and chosen["account_id"] not in ids
    assert next(c for c in again["chosen"] if c["account_id"] == left["account_id"])["pinned"]
    dropped = next(c for c in again["left_out"] if c["account_id"] == chosen["account_id"])
    assert dropped["dropped"] and dropped["reason"] == "dropped by you"
    assert again["cost"] <= 800 + 1e-6
    # The second planner, still on version 1, gets a conflict and nothing changes.
    stale = http.patch(f"/api/v1/plans/{out['id']}", json={"version": 1, "unpin": [left["account_id"]]},
                       headers=t.headers)
    assert stale.status_code == 409 and stale.json()["error"]["fields"][0]["field"] == "version"
    assert http.get(f"/api/v1/plans/{out['id']}", headers=t.headers).json()["version"] == 2
    # Pinning the creator who costs more than the budget: infeasible, naming the budget.
    r = http.patch(f"/api/v1/plans/{out['id']}", json={"version": 2, "pin": [accounts[-1]]}, headers=t.headers)
    assert r.status_code == 200 and "budget" in r.json()["infeasible"] and not r.json()["chosen"]


def test_a_plan_turns_into_invitations(http, factory):
    t, accounts, brand = _setup(http, factory)
    campaign = http.post("/api/v1/campaigns", json={"name": f"Planned {uuid.uuid4().hex[:6]}",
                                                    "brand_id": brand["id"]}, headers=t.headers).json()
    out = _plan(http, t, brand, budget=800, campaign_id=campaign["id"])
    r = http.post(f"/api/v1/plans/{out['id']}/invitations", json={}, headers=t.headers)
    assert r.status_code == 200, r.text
    assert set(r.json()["added"]) == {c["account_id"] for c in out["chosen"]}
    pipeline = http.get(f"/api/v1/campaigns/{campaign['id']}/creators", headers=t.headers).json()
    assert {e["account_id"] for e in pipeline if e["stage"] == "invited"} == set(r.json()["added"])
    # Inviting again adds nobody; a new plan on the campaign leaves its booked creators out, saying why.
    again = http.post(f"/api/v1/plans/{out['id']}/invitations", json={}, headers=t.headers).json()
    assert again["added"] == [] and set(again["already_in"]) == set(r.json()["added"])
    second = _plan(http, t, brand, budget=800, campaign_id=campaign["id"])
    booked = [c for c in second["left_out"] if c["reason"] == "already in the campaign"]
    assert {c["account_id"] for c in booked} == set(r.json()["added"])
    assert not {c["account_id"] for c in second["chosen"]} & set(r.json()["added"])


@pytest.mark.parametrize("body, field", [
    ({"budget": 0}, "budget"), ({"budget": -5}, "budget"), ({"budget": "lots"}, "budget"),
    ({"budget": 500, "min_creators": 5, "max_creators": 2}, "min_creators"),
    ({"budget": 500, "currency": "XXQ"}, "currency"), ({"budget": 500, "goal": "vibes"}, "goal"),
    ({"budget": 500, "countries": ["Great Britain"]}, "countries"),
    ({"budget": 500, "coverage": [{"kind": "niche", "key": "food", "min_creators": 0}]}, "coverage"),
    ({"budget": 500, "time_limit": 600}, "time_limit"),
    ({"budget": 500, "goal": "sales"}, "goal"),  # no attributed orders to measure a conversion on
])
def test_bad_input_is_a_422_naming_the_field_and_saves_nothing(http, factory, body, field):
    t, _, brand = _setup(http, factory, followers=(9_000,))
    r = http.post("/api/v1/plans", json={"brand_id": brand["id"], **body}, headers=t.headers)
    assert r.status_code == 422, r.text
    # a field of its own, or (a rule across fields) a message that starts with the field's name
    assert any(f["field"].startswith(field) or f["message"].startswith(field)
               for f in r.json()["error"]["fields"]), r.text
    assert http.get("/api/v1/plans", headers=t.headers).json() == []


def test_infeasible_plans_name_the_constraint(http, factory):
    t, _, brand = _setup(http, factory)
    cheap = _plan(http, t, brand, budget=1)
    assert "budget" in cheap["infeasible"] and cheap["chosen"] == [] and cheap["certificate"] is None
    crowd = _plan(http, t, brand, budget=800, min_creators=50)
    assert "creators" in crowd["infeasible"]
    cover = _plan(http, t, brand, budget=800, coverage=[{"kind": "niche", "key": "gaming", "min_creators": 1}])
    assert "gaming" in cover["infeasible"]


def test_other_workspaces_never_see_a_plan(http, factory):
    t, _, brand = _setup(http, factory)
    out = _plan(http, t, brand, budget=800)
    other = factory.tenant("owner")
    assert http.get(f"/api/v1/plans/{out['id']}", headers=other.headers).status_code == 404
    assert http.patch(f"/api/v1/plans/{out['id']}", json={"version": 1}, headers=other.headers).status_code == 404
    assert http.post(f"/api/v1/plans/{out['id']}/invitations", json={}, headers=other.headers).status_code == 404
    assert http.get("/api/v1/plans", headers=other.headers).json() == []
    # Nor plan for another workspace's brand.
    r = http.post("/api/v1/plans", json={"brand_id": brand["id"], "budget": 500}, headers=other.headers)
    assert r.status_code == 404
    viewer = factory.tenant("viewer", workspace_id=t.workspace_id)
    assert http.post("/api/v1/plans", json={"brand_id": brand["id"], "budget": 500},
                     headers=viewer.headers).status_code == 403
    assert http.get(f"/api/v1/plans/{out['id']}", headers=viewer.headers).status_code == 200


def test_currency_rates_are_dated_versioned_and_convert_fees(http, factory):
    t, _, brand = _setup(http, factory)
    rates = http.get("/api/v1/currency-rates", headers=t.headers).json()
    assert rates["version"] == 0 and rates["is_default"] and rates["base"] == "GBP"
    gbp = _plan(http, t, brand, budget=800)
    usd = _plan(http, t, brand, budget=800 * rates["rates"]["USD"], currency="USD")
    fee = {c["account_id"]: c["fee"]["expected"] for c in gbp["chosen"] + gbp["left_out"]}
    for c in usd["chosen"] + usd["left_out"]:
        assert c["fee"]["expected"] == pytest.approx(fee[c["account_id"]] * rates["rates"]["USD"], rel=1e-3)
    saved = http.put("/api/v1/currency-rates", json={"base_version": 0, "as_of": "2026-12-01", "base": "GBP",
                                                     "rates": {"USD": 1.5}}, headers=t.headers)
    assert saved.status_code == 200 and saved.json()["version"] == 1
    stale = http.put("/api/v1/currency-rates", json={"base_version": 0, "as_of": "2026-12-01", "base": "GBP",
                                                     "rates": {"USD": 1.4}}, headers=t.headers)
    assert stale.status_code == 409
    eur = _plan(http, t, brand, status=422, budget=800, currency="EUR")  # not in the saved table any more
    assert eur["error"]["fields"][0]["field"] == "currency"
    bad = http.put("/api/v1/currency-rates", json={"base_version": 1, "as_of": "2026-12-01", "base": "GBP",
                                                   "rates": {"USD": -1}}, headers=t.headers)
    assert bad.status_code == 422 and "rates" in bad.json()["error"]["fields"][0]["field"]


def test_cli_plan_json(http, factory, monkeypatch):
    t, accounts, brand = _setup(http, factory)
    result = runner.invoke(app, ["plan", "--brand", brand["name"], "--budget", "800", "--goal", "reach",
                                 "--workspace", t.slug, "--time-limit", "2", "--json"],
                           env={"REACHROOM_DISCOVERY_CHECK_SECONDS": "0"})
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["brand_id"] == brand["id"] and out["cost"] <= 800 + 1e-6 and out["id"] is None
    assert all(c["reason"] for c in out["chosen"])
    bad = runner.invoke(app, ["plan", "--brand", brand["name"], "--budget", "-3", "--workspace", t.slug])
    assert bad.exit_code != 0 and "budget" in bad.output


def test_the_plan_pages_make_prove_and_refuse_bad_input(http, factory, live_server):
    import httpx

    from tests.web import csrf_of, login

    t, accounts, brand = _setup(http, factory)
    with httpx.Client(base_url=live_server, timeout=60) as browser:
        assert login(browser, t.email).status_code == 200
        token = csrf_of(browser.get("/plans").text)
        form = {"csrf_token": token, "brand_id": str(brand["id"]), "budget": "800", "currency": "GBP",
                "goal": "reach", "format": "post", "posts_per_creator": "1", "time_limit": "2",
                "countries": COUNTRY}
        # Bad input: the form again with the field named, nothing saved.
        bad = browser.post("/plans", data={**form, "budget": "-1"})
        assert bad.status_code == 422 and "budget" in bad.text and 'data-testid="form-errors"' in bad.text
        assert http.get("/api/v1/plans", headers=t.headers).json() == []
        made = browser.post("/plans", data=form)
        assert made.status_code == 303, made.text
        plan_url = made.headers["location"]
        page = browser.get(plan_url)
        assert page.status_code == 200 and 'data-testid="chosen-row"' in page.text
        plan_id = int(plan_url.rsplit("/", 1)[1])
        # "Prove it": solved again with the plan's full time, the version moves on.
        proved = browser.post(f"{plan_url}/edit", data={"csrf_token": token, "action": "prove", "version": "1"})
        assert proved.status_code == 303 and "best possible" in proved.headers["location"].replace("+", " ")
        assert http.get(f"/api/v1/plans/{plan_id}", headers=t.headers).json()["version"] == 2
        # A stale version on the page: the plan again with the conflict, nothing changed.
        stale = browser.post(f"{plan_url}/edit", data={"csrf_token": token, "action": "pin", "version": "1",
                                                       "account_id": str(accounts[0])})
        assert stale.status_code == 409 and "changed by someone else" in stale.text
        # Exchange rates: a bad line is named, a good table saved with its date.
        rates = browser.post("/plans/rates", data={"csrf_token": token, "base_version": "0", "as_of": "2026-12-01",
                                                   "base": "GBP", "rates": "USD lots"})
        assert rates.status_code == 422 and "rates" in rates.text
        saved = browser.post("/plans/rates", data={"csrf_token": token, "base_version": "0", "as_of": "2026-12-01",
                                                   "base": "GBP", "rates": "USD 1.30\nEUR 1.15"})
        assert saved.status_code == 303
        assert "01 Dec 2026" in browser.get("/plans").text
