"""The creator's data export over real HTTP: everything kept about them — claims, bids with their counter-offer
threads, notifications, campaigns with every terms version and when it was accepted, drafts with the brand's
review comments, reported numbers — and nothing of another creator, the brand's staff or its internal notes."""

import json

from sqlalchemy import update

from reachroom.db import unit_of_work
from reachroom.models import CampaignCreator
from tests.campaigns.test_review import GOOD
from tests.portal.test_campaigns import _csrf
from tests.portal.test_draft_files import _ready
from tests.portal.test_numbers import _count
from tests.portal.test_opportunities import RULES

INTERNAL = "INTERNAL: push them down to 150"


def test_the_export_holds_everything_of_theirs_and_nothing_else(http, factory, engine, live_server):
    t, c, mine, theirs, a, b = _ready(http, factory, engine, live_server)
    base = f"/api/v1/campaigns/{c['id']}"
    # the brand's side of A: an internal note, a review with a comment, a counted post
    with unit_of_work(engine) as db:
        db.execute(update(CampaignCreator).where(CampaignCreator.id == mine["id"]).values(note=INTERNAL))
    room = a.get(f"/portal/campaigns/{mine['id']}")
    a.post(f"/portal/campaigns/{mine['id']}/drafts", follow_redirects=True,
           data={"csrf_token": _csrf(room.text), "caption": GOOD, "action": "submit"}).raise_for_status()
    subs = http.get(f"{base}/creators/{mine['id']}/submissions", headers=t.headers).json()
    http.post(f"{base}/creators/{mine['id']}/submissions/{subs[0]['id']}/review", headers=t.headers,
              json={"decision": "request_changes", "comment": "More steam from the cup"}).raise_for_status()
    post = _count(http, t, c, mine, f"EXP{c['id']}")
    room = a.get(f"/portal/campaigns/{mine['id']}")
    a.post(f"/portal/campaigns/{mine['id']}/posts/{post}/numbers", follow_redirects=True, data={
        "csrf_token": _csrf(room.text), "collected_at": "2026-11-03T09:00", "views": "12,345"}).raise_for_status()
    # a bid the brand countered: two turns on its thread
    http.put(f"{base}/opportunity", json=RULES, headers=t.headers).raise_for_status()
    home = a.get("/portal")
    a.post("/portal/profile", follow_redirects=True, data={
        "csrf_token": _csrf(home.text), "name": "Pat Creator", "country": "GB", "niches": ["food"]}).raise_for_status()
    page = a.get("/portal/opportunities")
    placed = a.post(f"/portal/opportunities/{c['id']}/bid", data={
        "csrf_token": _csrf(page.text), "account_id": str(mine["account_id"]), "fee": "260", "currency": "GBP",
        "message": "Happy to film at dusk"})
    assert placed.status_code == 303, placed.text[-2000:]
    [bid] = http.get(f"{base}/bids", headers=t.headers).json()
    http.post(f"{base}/bids/{bid['id']}/counter", json={"fee": "210", "message": "Our budget is tighter"},
              headers=t.headers).raise_for_status()
    # B, in the same campaign: their terms, their draft and their claim are theirs alone
    http.post(f"{base}/creators/{theirs['id']}/agreements", headers=t.headers,
              json={"base_version": 0, "fee": "987.65", "currency": "GBP"}).raise_for_status()
    http.post(f"{base}/creators/{theirs['id']}/agreements/accept", json={"version": 1},
              headers=t.headers).raise_for_status()
    http.post(f"{base}/creators/{theirs['id']}/submissions", headers=t.headers,
              json={"caption": "Ad | B's secret caption @hollandandbarrett"}).raise_for_status()
    b_claims = b.get("/api/v1/portal/claims").json()

    r = a.get("/portal/export")
    assert r.status_code == 200 and "attachment" in r.headers["content-disposition"]
    data = json.loads(r.text)
    assert a.get("/api/v1/portal/export").json() == data  # the same through the API

    assert [x["status"] for x in data["claims"]] == ["verified"] and data["claims"][0]["method"] == "code"
    assert len(data["bids"]) == 1
    exported_bid = data["bids"][0]
    assert exported_bid["status"] == "countered" and exported_bid["fee"] == "210.00"
    assert [(m["author"], m["text"]) for m in exported_bid["thread"]] == [
        ("creator", "Happy to film at dusk"), ("brand", "Our budget is tighter")]
    kinds = {n["kind"] for n in data["notifications"]}
    assert {"bid", "review"} <= kinds and "terms" not in kinds, kinds  # B's new terms told B, not A
    assert any("210.00" in n["text"] for n in data["notifications"])
    [campaign] = data["campaigns"]
    assert campaign["campaign"] == c["name"] and campaign["stage"] == mine_stage(http, t, c, mine)
    [terms] = campaign["terms"]
    assert terms["version"] == 1 and terms["fee"] == "275.00" and terms["status"] == "accepted"
    assert terms["accepted_at"] and terms["accepted_by"] == "you"
    [draft] = campaign["drafts"]
    assert draft["caption"] == GOOD and draft["status"] == "changes_requested"
    assert draft["review_comment"] == "More steam from the cup" and "reviewer_email" not in draft
    assert campaign["brief"]["version"] == 1 and "created_by_email" not in campaign["brief"]
    [numbers] = campaign["reported_numbers"]
    assert numbers["views"] == 12345 and numbers["post"].endswith(f"/EXP{c['id']}/")

    text = r.text
    for private in (INTERNAL, t.email, "987.65", "B's secret caption", b_claims[0]["code"], b_claims[0]["handle"]):
        assert private not in text, private
    for client in (a, b):
        client.close()


def mine_stage(http, t, c, entry) -> str:
    return http.get(f"/api/v1/campaigns/{c['id']}/creators/{entry['id']}", headers=t.headers).json()["stage"]
