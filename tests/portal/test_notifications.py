"""Creators hear about what concerns them, in the portal and by email (through the outbox): a new opportunity
their account fits, a counter-offer, new terms, a review of their draft and a payment — and nothing about others."""

import re
import uuid

from sqlalchemy import select

from reachroom.core import jobs
from reachroom.db import unit_of_work
from reachroom.models import OutboundEmail
from tests.campaigns.test_review import GOOD
from tests.portal.test_bids import _bid
from tests.portal.test_campaigns import _brand_campaign, _claim, _creator
from tests.portal.test_opportunities import RULES


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def _news(creator) -> list[str]:
    return re.findall(r'data-testid="notification" data-kind="(\w+)"', creator.get("/portal").text)


def _run_tell_tasks(campaign_id: int) -> int:
    """Run the queued "tell the fitting creators" tasks of this campaign, as the worker would; how many ran."""
    huey = jobs.get_huey()
    mine = [task for task in huey.pending()
            if task.name == "reachroom.portal.tell_fitting_creators" and task.args == (campaign_id,)]
    for task in mine:
        huey.execute(task)
        huey.revoke(task)  # run here; a worker must not run it again
    return len(mine)


def test_opportunity_and_counter_reach_the_creator(http, factory, engine, live_server):
    handle = f"no{uuid.uuid4().hex[:8]}"
    t, c, account, _, _ = _brand_campaign(http, factory, handle)
    creator = _creator(live_server)
    _claim(creator, engine, handle, account)
    home = creator.get("/portal")
    creator.post("/portal/profile", data={"csrf_token": _csrf(home.text), "name": "Pat", "country": "GB",
                                          "niches": ["home"]})
    http.put(f"/api/v1/campaigns/{c['id']}/opportunity", json=RULES, headers=t.headers).raise_for_status()
    assert "opportunity" not in _news(creator)  # told by the worker, not in the brand's request
    assert _run_tell_tasks(c["id"]) == 1
    assert "opportunity" in _news(creator)
    _bid(creator, c, account)
    bid = http.get(f"/api/v1/campaigns/{c['id']}/bids", headers=t.headers).json()[0]["id"]
    http.post(f"/api/v1/campaigns/{c['id']}/bids/{bid}/counter", json={"fee": "190"}, headers=t.headers)
    page = creator.get("/portal")
    assert "A counter-offer on your bid: 190.00 GBP" in page.text and 'data-testid="unread-count"' in page.text
    with unit_of_work(engine) as db:  # and by email, through the outbox (no workspace sees it)
        subjects = db.scalars(select(OutboundEmail.subject).where(OutboundEmail.workspace_id.is_(None),
                                                                  OutboundEmail.subject.like("%190.00 GBP%"))).all()
    assert subjects
    creator.post("/portal/notifications/read", data={"csrf_token": _csrf(page.text)})
    assert 'data-testid="unread-count"' not in creator.get("/portal").text
    creator.close()


def test_terms_review_and_payment_reach_the_creator_only(http, factory, engine, live_server):
    handle = f"nt{uuid.uuid4().hex[:8]}"
    t, c, account, mine, theirs = _brand_campaign(http, factory, handle)  # terms v1 proposed before the claim
    creator, stranger = _creator(live_server), _creator(live_server)
    _claim(creator, engine, handle, account)
    base = f"/api/v1/campaigns/{c['id']}/creators/{mine['id']}"
    http.post(f"{base}/agreements", json={"base_version": 1, "fee": "300", "currency": "GBP"},
              headers=t.headers).raise_for_status()
    assert "terms" in _news(creator)
    http.post(f"{base}/agreements/accept", json={"version": 2}, headers=t.headers).raise_for_status()
    sub = http.post(f"{base}/submissions", json={"caption": GOOD}, headers=t.headers).json()
    http.post(f"{base}/submissions/{sub['id']}/review", json={"decision": "approve"},
              headers=t.headers).raise_for_status()
    assert "review" in _news(creator)
    http.post(f"{base}/stage", json={"stage": "live"}, headers=t.headers).raise_for_status()
    payment = next(p for p in http.get(f"/api/v1/campaigns/{c['id']}/payments", headers=t.headers).json()
                   if p["campaign_creator_id"] == mine["id"])
    pay = f"/api/v1/campaigns/{c['id']}/payments/{payment['id']}"
    http.post(pay, json={"action": "approve", "version": payment["version"]}, headers=t.headers).raise_for_status()
    http.post(pay, json={"action": "paid", "version": payment["version"] + 1, "method": "bank", "reference": "R1"},
              headers=t.headers).raise_for_status()
    assert "payment" in _news(creator) and "You were paid 300.00 GBP" in creator.get("/portal").text
    assert _news(stranger) == []
    creator.close()
    stranger.close()
