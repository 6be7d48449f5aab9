"""Bids over real HTTP, both sides: a creator bids on an open opportunity with a proved, eligible account; the
brand sees bids ranked with fit and value and accepts, counters or declines; the creator accepts a counter (the
terms are then theirs, accepted) or withdraws. Bad bids are refused by rule and write nothing; a creator never
sees another creator's bid."""

import re
import uuid

import httpx

from reachroom.config import get_settings
from tests.portal.test_api import _token
from tests.portal.test_campaigns import _brand_campaign, _claim, _creator
from tests.portal.test_opportunities import RULES
from tests.web import csrf_of, login


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def _ready(http, factory, engine, live_server):
    """A published opportunity and a creator who proved an eligible account (GB, food)."""
    handle = f"bid{uuid.uuid4().hex[:8]}"
    t, c, account, _, _ = _brand_campaign(http, factory, handle)
    http.put(f"/api/v1/campaigns/{c['id']}/opportunity", json=RULES, headers=t.headers).raise_for_status()
    creator = _creator(live_server)
    _claim(creator, engine, handle, account)
    home = creator.get("/portal")
    creator.post("/portal/profile", data={"csrf_token": _csrf(home.text), "name": "Pat Creator", "country": "GB",
                                          "niches": ["food"]})
    return t, c, account, creator


def _bid(creator, c, account, fee="220", **extra):
    page = creator.get("/portal/opportunities")
    return creator.post(f"/portal/opportunities/{c['id']}/bid",
                        data={"csrf_token": _csrf(page.text), "account_id": str(account), "fee": fee,
                              "currency": "GBP", "message": "I'd love to!", **extra})


def test_bid_counter_accept_and_terms(http, factory, engine, live_server):
    t, c, account, creator = _ready(http, factory, engine, live_server)
    r = _bid(creator, c, account)
    assert r.status_code == 303 and r.headers["location"].startswith("/portal/bids")
    again = _bid(creator, c, account)
    assert again.status_code == 409 and "already have an open bid" in again.text
    listed = http.get(f"/api/v1/campaigns/{c['id']}/bids", headers=t.headers).json()
    assert len(listed) == 1 and listed[0]["fee"] == "220.00" and listed[0]["status"] == "open"
    assert listed[0]["fit"] > 0 and listed[0]["reasons"]
    bid = listed[0]["id"]
    r = http.post(f"/api/v1/campaigns/{c['id']}/bids/{bid}/counter", json={"fee": "180", "message": "Our budget"},
                  headers=t.headers)
    assert r.status_code == 204
    mine = creator.get("/portal/bids")
    assert 'data-status="countered"' in mine.text and "Our budget" in mine.text and "180.00" in mine.text
    r = creator.post(f"/portal/bids/{bid}/accept", data={"csrf_token": _csrf(mine.text)}, follow_redirects=True)
    assert "Offer accepted" in r.text
    entries = http.get(f"/api/v1/campaigns/{c['id']}/creators", headers=t.headers).json()
    entry = next(e for e in entries if e["account_id"] == account)
    terms = http.get(f"/api/v1/campaigns/{c['id']}/creators/{entry['id']}/agreements", headers=t.headers).json()
    assert terms[0]["fee"] == "180.00" and terms[0]["status"] == "accepted" and terms[0]["on_behalf"] is False
    assert entry["stage"] == "contracted"
    done = http.post(f"/api/v1/campaigns/{c['id']}/bids/{bid}/decline", json={}, headers=t.headers)
    assert done.status_code == 409  # accepted is final
    creator.close()


def test_brand_accepts_and_creator_confirms_the_terms(http, factory, engine, live_server):
    t, c, account, creator = _ready(http, factory, engine, live_server)
    _bid(creator, c, account, fee="250")
    bid = http.get(f"/api/v1/campaigns/{c['id']}/bids", headers=t.headers).json()[0]["id"]
    assert http.post(f"/api/v1/campaigns/{c['id']}/bids/{bid}/accept", headers=t.headers).status_code == 204
    home = creator.get("/portal")
    assert 'data-testid="accept-terms"' in home.text and "250.00 GBP" in home.text
    creator.close()


def test_bad_bids_are_refused_by_rule(http, factory, engine, live_server):
    t, c, account, creator = _ready(http, factory, engine, live_server)
    r = _bid(creator, c, account, currency="EUR")
    assert r.status_code == 422 and "currency" in r.text
    r = _bid(creator, c, account, fee="-5")
    assert r.status_code == 422 and "fee" in r.text
    other = factory.creator(handle=f"notmine{uuid.uuid4().hex[:6]}")[1]
    r = _bid(creator, c, other)
    assert r.status_code == 422 and "proved is yours" in r.text
    http.post(f"/api/v1/campaigns/{c['id']}/opportunity/close", headers=t.headers).raise_for_status()
    r = _bid(creator, c, account)
    assert r.status_code == 409 and "closed" in r.text
    assert http.get(f"/api/v1/campaigns/{c['id']}/bids", headers=t.headers).json() == []
    creator.close()


def test_decline_withdraw_and_privacy(http, factory, engine, live_server, monkeypatch):
    t, c, account, creator = _ready(http, factory, engine, live_server)
    _bid(creator, c, account)
    bid = http.get(f"/api/v1/campaigns/{c['id']}/bids", headers=t.headers).json()[0]["id"]
    stranger = _creator(live_server)
    page = stranger.get("/portal/bids")
    assert 'data-testid="no-bids"' in page.text
    assert stranger.post(f"/portal/bids/{bid}/withdraw", data={"csrf_token": _csrf(page.text)}).status_code == 404
    http.post(f"/api/v1/campaigns/{c['id']}/bids/{bid}/decline", json={"message": "Not this time"},
              headers=t.headers).raise_for_status()
    mine = creator.get("/portal/bids")
    assert 'data-status="declined"' in mine.text and "Not this time" in mine.text
    assert creator.post(f"/portal/bids/{bid}/withdraw", data={"csrf_token": _csrf(mine.text)}).status_code == 409
    other_brand = factory.tenant("owner")
    assert http.get(f"/api/v1/campaigns/{c['id']}/bids", headers=other_brand.headers).status_code == 404
    monkeypatch.setenv("REACHROOM_BIDS_PER_DAY", "1")  # one today already: the next is refused
    get_settings.cache_clear()
    r = _bid(creator, c, account)
    assert r.status_code == 429 and "a day" in r.text
    creator.close()
    stranger.close()


def test_the_creator_answers_a_counter_with_their_own_fee(http, factory, engine, live_server):
    """Offers go both ways in one thread: brand counters, creator answers with a fee (page), the brand counters
    again and the creator answers by API; bad answers are named and change nothing; the brand then accepts."""
    t, c, account, creator = _ready(http, factory, engine, live_server)
    _bid(creator, c, account, fee="300")
    bid = http.get(f"/api/v1/campaigns/{c['id']}/bids", headers=t.headers).json()[0]["id"]
    early = creator.post(f"/portal/bids/{bid}/counter", data={"csrf_token": _csrf(creator.get("/portal/bids").text),
                                                              "fee": "250"})
    assert early.status_code == 409 and "only a counter-offer" in early.text  # nothing to answer yet
    http.post(f"/api/v1/campaigns/{c['id']}/bids/{bid}/counter", json={"fee": "200", "message": "Our budget"},
              headers=t.headers).raise_for_status()
    mine = creator.get("/portal/bids")
    assert 'data-testid="counter-back-form"' in mine.text
    bad = creator.post(f"/portal/bids/{bid}/counter", data={"csrf_token": _csrf(mine.text), "fee": "-1"})
    assert bad.status_code == 422 and "fee" in bad.text
    answered = creator.post(f"/portal/bids/{bid}/counter", follow_redirects=True,
                            data={"csrf_token": _csrf(mine.text), "fee": "260", "message": "Two reels' work"})
    assert "Your answer is with the brand" in answered.text and 'data-status="open"' in answered.text
    seen = http.get(f"/api/v1/campaigns/{c['id']}/bids", headers=t.headers).json()[0]
    assert seen["status"] == "open" and seen["fee"] == "260.00"
    assert [(m["author"], m["fee"]) for m in seen["thread"]][-2:] == [("brand", "200.00"), ("creator", "260.00")]
    http.post(f"/api/v1/campaigns/{c['id']}/bids/{bid}/counter", json={"fee": "230"},
              headers=t.headers).raise_for_status()
    bearer = {"Authorization": f"Bearer {_token(creator)}"}
    assert creator.post(f"/api/v1/portal/bids/{bid}/counter", json={"fee": "240", "extra": 1},
                        headers=bearer).status_code == 422
    assert creator.post(f"/api/v1/portal/bids/{bid}/counter", json={"fee": "240"}, headers=bearer).status_code == 204
    assert http.post(f"/api/v1/campaigns/{c['id']}/bids/{bid}/accept", headers=t.headers).status_code == 204
    entries = http.get(f"/api/v1/campaigns/{c['id']}/creators", headers=t.headers).json()
    entry = next(e for e in entries if e["account_id"] == account)
    terms = http.get(f"/api/v1/campaigns/{c['id']}/creators/{entry['id']}/agreements", headers=t.headers).json()
    assert terms[0]["fee"] == "240.00"
    creator.close()


def test_a_refused_counter_keeps_what_the_brand_typed(http, factory, engine, live_server):
    """A counter the page refuses (a negative fee) names the field, writes nothing, and keeps the typed fee and
    message in that bid's form so the brand corrects rather than retypes them."""
    t, c, account, creator = _ready(http, factory, engine, live_server)
    _bid(creator, c, account)
    bid = http.get(f"/api/v1/campaigns/{c['id']}/bids", headers=t.headers).json()[0]["id"]
    with httpx.Client(base_url=live_server, timeout=30) as brand:
        login(brand, t.email)
        page = brand.get(f"/campaigns/{c['id']}/bids")
        r = brand.post(f"/campaigns/{c['id']}/bids/{bid}",
                       data={"csrf_token": csrf_of(page.text), "action": "counter", "fee": "-20",
                             "message": "Our budget is tight"})
    assert r.status_code == 422 and "fee: must be at least 0" in r.text
    assert f'id="cf-{bid}" name="fee" inputmode="decimal" value="-20"' in r.text
    assert 'value="Our budget is tight"' in r.text
    listed = http.get(f"/api/v1/campaigns/{c['id']}/bids", headers=t.headers).json()[0]
    assert listed["status"] == "open" and len(listed["thread"]) == 1  # the creator's bid only
    creator.close()
