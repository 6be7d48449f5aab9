"""Bids in detail, over real HTTP and the creator API: each eligibility rule refuses a bid by its own name (niches
included, in the feed and the notifications too), a fee per deliverable and proposed dates travel from the bid to
the brand's page and into the terms, one open bid per opportunity holds even when bids arrive together, currencies
are real ISO 4217 codes, the rate-card estimate beside a bid is in the bid's currency, and final bids stay final."""

import threading
import uuid
from decimal import Decimal

import httpx
import numpy as np
import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from reachroom.db import unit_of_work
from reachroom.metrics.fees import estimate_fee_batch
from reachroom.models import Bid, CampaignCreator
from reachroom.planning.currency import DEFAULT_RATES
from tests.portal.test_api import _api, _token
from tests.portal.test_bids import _bid, _ready
from tests.portal.test_campaigns import _csrf
from tests.portal.test_notifications import _run_tell_tasks
from tests.portal.test_opportunities import RULES
from tests.web import login


def _bids(engine, campaign_id: int) -> list[tuple[int, str, int]]:
    with unit_of_work(engine) as db:
        return [tuple(r) for r in db.execute(select(Bid.id, Bid.status, Bid.fee_minor)
                                             .where(Bid.campaign_id == campaign_id).order_by(Bid.id))]


def _republish(http, t, c, **changes):
    current = http.get(f"/api/v1/campaigns/{c['id']}/opportunity", headers=t.headers).json()
    r = http.put(f"/api/v1/campaigns/{c['id']}/opportunity", json={**RULES, **changes, "version": current["version"]},
                 headers=t.headers)
    assert r.status_code == 200, r.text


def _field(r) -> str:
    return r.json()["error"]["fields"][0]["field"]


def test_each_rule_refuses_by_its_own_name_and_writes_nothing(http, factory, engine, live_server):
    t, c, account, creator = _ready(http, factory, engine, live_server)  # GB, food; 12,000 followers, instagram
    api = _api(live_server, _token(creator))
    title = f"Rules {uuid.uuid4().hex[:8]}"
    for changes, rule, words in [({"platforms": ["tiktok"]}, "platform", "TikTok"),
                                 ({"min_followers": 50_000}, "followers", "at least 50,000 followers"),
                                 ({"max_followers": 5_000, "min_followers": None}, "followers", "at most 5,000"),
                                 ({"countries": ["FR"]}, "countries", "creators in FR"),
                                 ({"niches": ["beauty"]}, "niches", "creators in beauty"),
                                 ({"min_authenticity": 90}, "authenticity", "authenticity score of 90")]:
        _republish(http, t, c, title=title, **changes)
        r = api.post(f"/opportunities/{c['id']}/bids", json={"account_id": account, "fee": "200", "currency": "GBP"})
        assert r.status_code == 422, (rule, r.text)
        assert _field(r) == rule and words in r.json()["error"]["message"], r.text
        assert len(r.json()["error"]["fields"]) == 1  # the one rule that failed, not a list of all
        assert title not in creator.get("/portal/opportunities").text  # not in the feed either
        page = _bid(creator, c, account)
        assert page.status_code == 422 and f"{rule}:" in page.text
    assert _bids(engine, c["id"]) == []
    _republish(http, t, c, title=title, niches=["beauty", "food"])  # one niche in common is enough
    assert title in creator.get("/portal/opportunities").text
    ok = api.post(f"/opportunities/{c['id']}/bids", json={"account_id": account, "fee": "200", "currency": "GBP"})
    assert ok.status_code == 201, ok.text
    api.close()
    creator.close()


def test_a_niche_only_opportunity_is_announced_only_to_its_niche(http, factory, engine, live_server):
    _, _, _, food = _ready(http, factory, engine, live_server)  # a food creator (GB, 12,000 followers)
    _, _, _, beauty = _ready(http, factory, engine, live_server)
    home = beauty.get("/portal").text
    saved = beauty.post("/portal/profile", data={"csrf_token": _csrf(home), "name": "Bea", "country": "GB",
                                                 "niches": ["beauty"]})
    assert saved.status_code == 303

    def heard(creator, title: str) -> bool:
        with _api(live_server, _token(creator, f"t{uuid.uuid4().hex[:6]}")) as api:
            return any(title in n["text"] for n in api.get("/notifications").json()["notifications"])

    brand = factory.tenant("admin")
    titles = {}
    for niche in ("beauty", "food"):
        title = titles[niche] = f"{niche} {uuid.uuid4().hex[:8]}"
        b = http.post("/api/v1/brands", json={"name": f"B {uuid.uuid4().hex[:8]}"}, headers=brand.headers).json()
        camp = http.post("/api/v1/campaigns", json={"name": title, "brand_id": b["id"]}, headers=brand.headers).json()
        http.put(f"/api/v1/campaigns/{camp['id']}/opportunity", json={**RULES, "title": title, "niches": [niche]},
                 headers=brand.headers).raise_for_status()
        assert _run_tell_tasks(camp["id"]) == 1
    assert heard(beauty, titles["beauty"]) and not heard(food, titles["beauty"])
    assert heard(food, titles["food"]) and not heard(beauty, titles["food"])
    assert titles["beauty"] in beauty.get("/portal/opportunities").text
    assert titles["beauty"] not in food.get("/portal/opportunities").text
    food.close()
    beauty.close()


def _brief(http, t, c, *deliverables):
    r = http.put(f"/api/v1/campaigns/{c['id']}/brief", headers=t.headers,
                 json={"base_version": 0, "key_messages": "Slow evenings", "deliverables": list(deliverables)})
    assert r.status_code == 200, r.text


def _dated(http, t, c, starts: str, ends: str):
    now = http.get(f"/api/v1/campaigns/{c['id']}", headers=t.headers).json()
    http.patch(f"/api/v1/campaigns/{c['id']}", json={"version": now["version"], "starts_on": starts, "ends_on": ends},
               headers=t.headers).raise_for_status()


def test_fee_per_deliverable_and_dates_reach_the_brand_and_the_terms(http, factory, engine, live_server):
    t, c, account, creator = _ready(http, factory, engine, live_server)
    _brief(http, t, c, {"platform": "instagram", "format": "reel", "count": 2},
           {"platform": "instagram", "format": "story", "count": 3, "usage_rights_days": 30})
    _dated(http, t, c, "2027-03-01", "2027-03-31")
    api = _api(live_server, _token(creator))
    url = f"/opportunities/{c['id']}/bids"
    base = {"account_id": account, "currency": "GBP", "starts_on": "2027-03-05", "ends_on": "2027-03-20"}
    lines = [{"format": "reel", "count": 2, "fee": "300"}, {"format": "story", "count": 3, "fee": "90.50"}]
    for bad, field in [({"deliverables": [{"format": "video", "count": 1, "fee": "100"}]}, "deliverables.0.format"),
                       ({"deliverables": [lines[0], lines[0]]}, "deliverables.1.format"),
                       ({"deliverables": [{"format": "reel", "count": 1, "fee": "-1"}]}, "deliverables.0.fee"),
                       ({"deliverables": lines, "fee": "100"}, "fee"),
                       ({"deliverables": lines, "ends_on": "2027-03-02"}, "ends_on"),
                       ({"deliverables": lines, "starts_on": "2027-02-20"}, "starts_on"),
                       ({"deliverables": lines, "ends_on": "2027-04-02"}, "ends_on"),
                       ({"deliverables": lines, "starts_on": "someday"}, "starts_on")]:
        r = api.post(url, json={**base, **bad})
        assert r.status_code == 422 and field in {f["field"] for f in r.json()["error"]["fields"]}, (field, r.text)
    assert _bids(engine, c["id"]) == []
    ok = api.post(url, json={**base, "deliverables": lines})
    assert ok.status_code == 201, ok.text
    assert _bids(engine, c["id"])[0][2] == 39050  # the total is the sum of the lines
    mine = api.get("/bids").json()[0]
    assert [(d["format"], d["count"], d["fee"]) for d in mine["deliverables"]] == [("reel", 2, "300.00"),
                                                                                  ("story", 3, "90.50")]
    assert (mine["starts_on"], mine["ends_on"]) == ("2027-03-05", "2027-03-20")
    page = creator.get("/portal/bids").text
    assert 'data-testid="bid-terms"' in page and "2 × reel at 300.00" in page and "until 20 Mar 2027" in page
    theirs = http.get(f"/api/v1/campaigns/{c['id']}/bids", headers=t.headers).json()[0]
    assert theirs["fee"] == "390.50" and theirs["deliverables"][1]["fee"] == "90.50"
    assert theirs["starts_on"] == "2027-03-05"
    with httpx.Client(base_url=live_server, timeout=30) as browser:
        login(browser, t.email)
        brand_page = browser.get(f"/campaigns/{c['id']}/bids").text
    assert "3 × story at 90.50" in brand_page and "from 05 Mar 2027" in brand_page
    http.post(f"/api/v1/campaigns/{c['id']}/bids/{theirs['id']}/accept", headers=t.headers).raise_for_status()
    entry = next(e for e in http.get(f"/api/v1/campaigns/{c['id']}/creators", headers=t.headers).json()
                 if e["account_id"] == account)
    terms = http.get(f"/api/v1/campaigns/{c['id']}/creators/{entry['id']}/agreements", headers=t.headers).json()[0]
    assert terms["fee"] == "390.50" and terms["status"] == "proposed"
    got = [(d["platform"], d["format"], d["count"], d["due_on"], d["usage_rights_days"]) for d in terms["deliverables"]]
    assert got == [("instagram", "reel", 2, "2027-03-20", 0), ("instagram", "story", 3, "2027-03-20", 30)]
    api.close()
    creator.close()


def test_the_creator_form_sends_a_fee_per_deliverable(http, factory, engine, live_server):
    t, c, account, creator = _ready(http, factory, engine, live_server)
    _brief(http, t, c, {"platform": "instagram", "format": "reel", "count": 1},
           {"platform": "instagram", "format": "post", "count": 2})
    page = creator.get("/portal/opportunities").text
    card = next(x for x in page.split('data-testid="opportunity-card"')[1:] if f"/opportunities/{c['id']}/bid" in x)
    assert 'data-testid="bid-lines"' in card and 'name="line_fee"' in card
    _dated(http, t, c, "2027-05-01", "2027-05-31")
    bad = creator.post(f"/portal/opportunities/{c['id']}/bid", data={
        "csrf_token": _csrf(page), "account_id": str(account), "currency": "GBP", "fee": "",
        "line_format": ["reel", "post"], "line_count": ["1", "2"], "line_fee": ["150", "120"],
        "starts_on": "2027-05-20", "ends_on": "2027-05-10", "message": "Spring <b>ideas</b>"})
    assert bad.status_code == 422 and "ends_on: end on or after the start date" in bad.text
    assert 'value="150"' in bad.text and 'value="2027-05-20"' in bad.text  # what was typed comes back
    assert "Spring &lt;b&gt;ideas&lt;/b&gt;</textarea>" in bad.text and _bids(engine, c["id"]) == []
    r = creator.post(f"/portal/opportunities/{c['id']}/bid", data={
        "csrf_token": _csrf(page), "account_id": str(account), "currency": "GBP", "fee": "",
        "line_format": ["reel", "post"], "line_count": ["1", "2"], "line_fee": ["150", "120"],
        "starts_on": "", "ends_on": ""}, follow_redirects=True)
    assert r.status_code == 200 and "1 × reel at 150.00, 2 × post at 120.00 GBP" in r.text
    assert _bids(engine, c["id"])[0][2] == 27000
    creator.close()


def test_one_open_bid_holds_when_bids_arrive_together(http, factory, engine, live_server):
    t, c, account, creator = _ready(http, factory, engine, live_server)
    token = _token(creator)
    answers: list[int] = []

    def bid() -> None:
        with _api(live_server, token) as api:
            answers.append(api.post(f"/opportunities/{c['id']}/bids",
                                    json={"account_id": account, "fee": "200", "currency": "GBP"}).status_code)

    threads = [threading.Thread(target=bid) for _ in range(6)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert sorted(answers) == [201, 409, 409, 409, 409, 409] or (answers.count(201) == 1 and
                                                                 set(answers) <= {201, 409, 429})
    assert [s for _, s, _ in _bids(engine, c["id"])] == ["open"]
    creator.close()


def test_the_database_refuses_a_second_open_bid(http, factory, engine, live_server):
    t, c, account, creator = _ready(http, factory, engine, live_server)
    assert _bid(creator, c, account).status_code == 303
    with unit_of_work(engine) as db:
        first = db.scalar(select(Bid).where(Bid.campaign_id == c["id"]))
        values = {"campaign_id": c["id"], "creator_user_id": first.creator_user_id, "account_id": account,
                  "currency": "GBP"}
    with pytest.raises(IntegrityError), unit_of_work(engine) as db:
        db.add(Bid(**values, status="countered"))
        db.flush()
    with unit_of_work(engine) as db:  # a final bid beside the open one is fine: the index is partial
        db.add(Bid(**values, status="withdrawn"))
    creator.close()


def test_currencies_are_real_codes(http, factory, engine, live_server):
    t, c, account, creator = _ready(http, factory, engine, live_server)
    api = _api(live_server, _token(creator))
    r = api.post(f"/opportunities/{c['id']}/bids", json={"account_id": account, "fee": "200", "currency": "ZZZ"})
    assert r.status_code == 422 and _field(r) == "currency" and "not a currency" in r.text
    me = api.get("/me").json()
    r = api.put("/me", json={"name": me["name"], "rates": [{"format": "reel", "amount": "100", "currency": "ZZZ"}]})
    assert r.status_code == 422 and _field(r) == "rates.0.currency", r.text
    assert api.get("/me").json()["rates"] == me["rates"]  # nothing saved
    ok = api.put("/me", json={"name": me["name"], "rates": [{"format": "reel", "amount": "100", "currency": "eur"}]})
    assert ok.status_code == 200 and ok.json()["rates"][0]["currency"] == "EUR"
    assert _bids(engine, c["id"]) == []
    api.close()
    creator.close()


@pytest.mark.parametrize(("currency", "shown"), [("EUR", "EUR"), ("ISK", "GBP")])
def test_the_fee_estimate_is_in_the_bids_currency(http, factory, engine, live_server, currency, shown):
    t, c, account, creator = _ready(http, factory, engine, live_server)
    _republish(http, t, c, currency=currency)
    r = _bid(creator, c, account, currency=currency)
    assert r.status_code == 303, r.text
    bid = http.get(f"/api/v1/campaigns/{c['id']}/bids", headers=t.headers).json()[0]
    low, high = estimate_fee_batch(np.array([float(bid["followers"])]), ["instagram"])
    rate = DEFAULT_RATES[currency] if shown != "GBP" else 1.0  # no saved table: the dated defaults (no ISK in them)
    assert bid["fee_estimate_currency"] == shown
    assert bid["fee_estimate"] == [round(float(low[0]) * rate, 2), round(float(high[0]) * rate, 2)]
    assert ("default rates of 28 Nov 2025" in bid["fee_estimate_rates"]) == (shown != "GBP")
    creator.close()


def test_final_bids_stay_final_on_either_side(http, factory, engine, live_server):
    t, c, account, creator = _ready(http, factory, engine, live_server)
    api = _api(live_server, _token(creator))
    bid = api.post(f"/opportunities/{c['id']}/bids", json={"account_id": account, "fee": "200", "currency": "GBP"})
    bid_id = bid.json()["id"]
    http.post(f"/api/v1/campaigns/{c['id']}/bids/{bid_id}/decline", json={"message": "No"},
              headers=t.headers).raise_for_status()

    def state():
        with unit_of_work(engine) as db:
            entries = db.scalar(select(func.count()).select_from(CampaignCreator)
                                .where(CampaignCreator.campaign_id == c["id"]))
        agreements = [len(http.get(f"/api/v1/campaigns/{c['id']}/creators/{e['id']}/agreements",
                                   headers=t.headers).json())
                      for e in http.get(f"/api/v1/campaigns/{c['id']}/creators", headers=t.headers).json()]
        return _bids(engine, c["id"]), entries, agreements

    before = state()
    for r in (http.post(f"/api/v1/campaigns/{c['id']}/bids/{bid_id}/accept", headers=t.headers),
              http.post(f"/api/v1/campaigns/{c['id']}/bids/{bid_id}/counter", json={"fee": "150"}, headers=t.headers),
              api.post(f"/bids/{bid_id}/accept"), api.post(f"/bids/{bid_id}/withdraw")):
        assert r.status_code == 409 and "declined" in r.json()["error"]["message"], r.text
    assert state() == before and before[0][0][1] == "declined"
    negative = api.post(f"/opportunities/{c['id']}/bids", json={"account_id": account, "fee": "-1", "currency": "GBP"})
    assert negative.status_code == 422 and _field(negative) == "fee"
    http.post(f"/api/v1/campaigns/{c['id']}/opportunity/close", headers=t.headers).raise_for_status()
    closed = api.post(f"/opportunities/{c['id']}/bids", json={"account_id": account, "fee": "100", "currency": "GBP"})
    assert closed.status_code == 409 and _field(closed) == "campaign_id" and "closed" in closed.text
    assert state() == before
    assert Decimal(before[0][0][2]) == 20000
    api.close()
    creator.close()
