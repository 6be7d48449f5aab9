"""Campaigns over real HTTP: create, edit with versions, status and stage moves, adding creators, bulk moves,
timeline, CSV export, bad input (4xx naming the field, nothing written) and roles."""

import csv
import io
import uuid

import pytest

from reachroom.db import unit_of_work
from reachroom.models import Campaign, CampaignCreator


def _handle() -> str:
    return "cmp" + "".join(chr(97 + int(c, 16)) for c in uuid.uuid4().hex[:12])


def _brand(http, t) -> dict:
    r = http.post("/api/v1/brands", json={"name": f"Brand {uuid.uuid4().hex[:10]}"}, headers=t.headers)
    assert r.status_code == 201, r.text
    return r.json()


def _campaign(http, t, **extra) -> dict:
    body = {"name": f"Autumn {uuid.uuid4().hex[:8]}", "brand_id": _brand(http, t)["id"], **extra}
    r = http.post("/api/v1/campaigns", json=body, headers=t.headers)
    assert r.status_code == 201, r.text
    return r.json()


def _add(http, t, cid, **body):
    return http.post(f"/api/v1/campaigns/{cid}/creators", json=body, headers=t.headers)


def test_create_read_and_edit_with_versions(http, factory):
    t = factory.tenant("member")
    c = _campaign(http, t, objective="conversions", budget="5000.50", currency="eur", starts_on="2026-10-01",
                  ends_on="2026-10-31", target={"niches": ["food"], "tiers": ["micro"], "countries": ["gb", "ie"]})
    assert c["status"] == "draft" and c["version"] == 1 and c["currency"] == "EUR"
    assert float(c["budget"]) == 5000.5 and c["target"]["countries"] == ["GB", "IE"]
    assert c["owner_email"] == t.email and c["creators"] == 0 and c["allowed_status_moves"] == ["recruiting",
                                                                                                "archived"]
    got = http.get(f"/api/v1/campaigns/{c['id']}", headers=t.headers).json()
    assert got["name"] == c["name"] and got["brand_name"]
    r = http.patch(f"/api/v1/campaigns/{c['id']}", json={"version": 1, "budget": None, "description": "teas"},
                   headers=t.headers)
    assert r.status_code == 200, r.text
    assert r.json()["budget"] is None and r.json()["description"] == "teas" and r.json()["version"] == 2
    # a second editor who read version 1 gets a conflict and overwrites nothing
    r = http.patch(f"/api/v1/campaigns/{c['id']}", json={"version": 1, "description": "candles"}, headers=t.headers)
    assert r.status_code == 409 and r.json()["error"]["fields"][0]["field"] == "version"
    assert http.get(f"/api/v1/campaigns/{c['id']}", headers=t.headers).json()["description"] == "teas"
    listed = http.get("/api/v1/campaigns", params={"brand_id": c["brand_id"]}, headers=t.headers).json()
    assert [x["id"] for x in listed] == [c["id"]]


@pytest.mark.parametrize("body, field", [
    ({"objective": "fame"}, "objective"),
    ({"budget": "-1"}, "budget"),
    ({"budget": "10.001"}, "budget"),
    ({"currency": "pounds"}, "currency"),
    ({"currency": "ZZZ"}, "currency"),  # three letters, but no currency
    ({"starts_on": "2026-10-02", "ends_on": "2026-10-01"}, "ends_on"),
    ({"target": {"niches": ["astrology"]}}, "target.niches"),
    ({"target": {"countries": ["GBR"]}}, "target.countries"),
    ({"brand_id": 0}, "brand_id"),
    ({"name": ""}, "name"),
])
def test_bad_campaign_input_names_the_field_and_writes_nothing(http, factory, body, field):
    t = factory.tenant("member")
    brand = _brand(http, t)
    payload = {"name": "Bad one", "brand_id": brand["id"], **body}
    r = http.post("/api/v1/campaigns", json=payload, headers=t.headers)
    assert r.status_code == 422, r.text
    assert any(f["field"].startswith(field) or field in f["message"] for f in r.json()["error"]["fields"]), r.text
    assert http.get("/api/v1/campaigns", headers=t.headers).json() == []


def test_other_workspaces_brand_and_duplicate_names(http, factory):
    t, other = factory.tenant("member"), factory.tenant("member")
    theirs = _brand(http, other)
    r = http.post("/api/v1/campaigns", json={"name": "X", "brand_id": theirs["id"]}, headers=t.headers)
    assert r.status_code == 422 and r.json()["error"]["fields"][0]["field"] == "brand_id"
    c = _campaign(http, t)
    r = http.post("/api/v1/campaigns", json={"name": c["name"].upper(), "brand_id": c["brand_id"]}, headers=t.headers)
    assert r.status_code == 409 and r.json()["error"]["fields"][0]["field"] == "name"
    assert http.get(f"/api/v1/campaigns/{c['id']}", headers=other.headers).status_code == 404


def test_status_moves_follow_the_allowed_paths(http, factory):
    t = factory.tenant("member")
    c = _campaign(http, t)
    r = http.post(f"/api/v1/campaigns/{c['id']}/status", json={"status": "completed"}, headers=t.headers)
    assert r.status_code == 409 and "allowed: Recruiting, Archived" in r.json()["error"]["message"]
    for status in ("recruiting", "live", "completed"):
        r = http.post(f"/api/v1/campaigns/{c['id']}/status", json={"status": status}, headers=t.headers)
        assert r.status_code == 200 and r.json()["status"] == status
    r = http.post(f"/api/v1/campaigns/{c['id']}/status", json={"status": "live", "version": 1}, headers=t.headers)
    assert r.status_code == 409 and r.json()["error"]["fields"][0]["field"] == "version"


def test_pipeline_add_move_timeline_and_export(http, factory):
    t = factory.tenant("member")
    c = _campaign(http, t)
    accounts = [factory.creator(followers=10000 + i, er=0.04, handle=_handle(), name=f"Cre {i}")[1] for i in range(3)]
    r = _add(http, t, c["id"], account_ids=accounts[:2], note="from Discover")
    assert r.status_code == 201 and r.json() == {"added": accounts[:2], "already_in": []}
    lst = http.post("/api/v1/lists", json={"name": f"L{uuid.uuid4().hex[:8]}"}, headers=t.headers).json()
    for a in accounts[1:]:
        http.post(f"/api/v1/lists/{lst['id']}/items", json={"account_id": a}, headers=t.headers)
    r = _add(http, t, c["id"], list_id=lst["id"])
    assert r.status_code == 201 and r.json() == {"added": [accounts[2]], "already_in": [accounts[1]]}
    rows = http.get(f"/api/v1/campaigns/{c['id']}/creators", headers=t.headers).json()
    assert [r["account_id"] for r in rows] == accounts and {r["stage"] for r in rows} == {"invited"}
    first = rows[0]
    assert first["allowed_moves"] == ["interested", "negotiating", "declined", "withdrawn"]
    r = http.post(f"/api/v1/campaigns/{c['id']}/creators/{first['id']}/stage", json={"stage": "paid"},
                  headers=t.headers)
    assert r.status_code == 409 and "allowed: Interested, Negotiating, Declined, Withdrawn" in r.json()["error"][
        "message"]
    url = f"/api/v1/campaigns/{c['id']}/creators/{first['id']}/stage"
    r = http.post(url, json={"stage": "interested", "version": first["version"]}, headers=t.headers)
    assert r.status_code == 200 and r.json()["stage"] == "interested"
    # someone who still sees "invited" tries to decline: a conflict, not a silent overwrite
    r = http.post(url, json={"stage": "declined", "version": first["version"]}, headers=t.headers)
    assert r.status_code == 409 and r.json()["error"]["fields"][0]["field"] == "version"
    events = http.get(f"/api/v1/campaigns/{c['id']}/creators/{first['id']}/timeline", headers=t.headers).json()
    assert [(e["kind"], e["old_value"], e["new_value"]) for e in events] == [("stage", "invited", "interested"),
                                                                              ("added", "", "invited")]
    assert events[0]["actor_email"] == t.email
    summary = http.get(f"/api/v1/campaigns/{c['id']}", headers=t.headers).json()
    assert summary["stage_counts"] == {"invited": 2, "interested": 1} and summary["creators"] == 3
    r = http.get(f"/api/v1/campaigns/{c['id']}/export.csv", headers=t.headers)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    table = list(csv.DictReader(io.StringIO(r.text)))
    assert [row["stage"] for row in table] == ["Interested", "Invited", "Invited"]
    assert table[0]["profile_url"].startswith("http") and table[0]["followers"] == "10000"


def test_bulk_move_is_all_or_nothing(http, factory):
    t = factory.tenant("member")
    c = _campaign(http, t)
    accounts = [factory.creator(handle=_handle())[1] for _ in range(3)]
    _add(http, t, c["id"], account_ids=accounts)
    rows = http.get(f"/api/v1/campaigns/{c['id']}/creators", headers=t.headers).json()
    ids = [r["id"] for r in rows]
    http.post(f"/api/v1/campaigns/{c['id']}/creators/{ids[0]}/stage", json={"stage": "negotiating"},
              headers=t.headers)
    r = http.post(f"/api/v1/campaigns/{c['id']}/creators/move", json={"ids": ids, "stage": "interested"},
                  headers=t.headers)
    assert r.status_code == 409 and "1 of 3 can't move, so none moved" in r.json()["error"]["message"]
    stages = [r["stage"] for r in http.get(f"/api/v1/campaigns/{c['id']}/creators", headers=t.headers).json()]
    assert stages == ["negotiating", "invited", "invited"]
    r = http.post(f"/api/v1/campaigns/{c['id']}/creators/move", json={"ids": ids[1:], "stage": "interested"},
                  headers=t.headers)
    assert r.status_code == 200 and [x["stage"] for x in r.json()] == ["interested", "interested"]


def test_adding_bad_creators_writes_nothing(http, factory):
    t, other = factory.tenant("member"), factory.tenant("member")
    c = _campaign(http, t)
    good = factory.creator(handle=_handle())[1]
    private = factory.creator(workspace_id=other.workspace_id, handle=_handle())[1]
    r = _add(http, t, c["id"], account_ids=[good, private])
    assert r.status_code == 422 and r.json()["error"]["fields"][0]["field"] == "account_ids"
    r = _add(http, t, c["id"], account_ids=[good], handles=["@nobody" + uuid.uuid4().hex[:6]])
    assert r.status_code == 422 and r.json()["error"]["fields"][0]["field"] == "handles.0"
    r = _add(http, t, c["id"])
    assert r.status_code == 422
    assert http.get(f"/api/v1/campaigns/{c['id']}/creators", headers=t.headers).json() == []
    with unit_of_work() as db:
        assert db.query(CampaignCreator).filter_by(campaign_id=c["id"]).count() == 0


def test_handles_and_removal_rules(http, factory):
    t = factory.tenant("member")
    c = _campaign(http, t)
    handle = _handle()
    acc = factory.creator(handle=handle, platform="tiktok")[1]
    r = _add(http, t, c["id"], handles=[f"tiktok:@{handle}"])
    assert r.status_code == 201 and r.json()["added"] == [acc]
    entry = http.get(f"/api/v1/campaigns/{c['id']}/creators", headers=t.headers).json()[0]
    base = f"/api/v1/campaigns/{c['id']}/creators/{entry['id']}"
    for stage in ("negotiating", "contracted"):
        assert http.post(base + "/stage", json={"stage": stage}, headers=t.headers).status_code == 200
    r = http.delete(base, headers=t.headers)
    assert r.status_code == 409 and "Withdrawn" in r.json()["error"]["message"]
    assert http.post(base + "/stage", json={"stage": "withdrawn"}, headers=t.headers).status_code == 200
    assert http.delete(base, headers=t.headers).status_code == 204
    assert http.get(base, headers=t.headers).status_code == 404


def test_viewers_read_and_only_admins_delete(http, factory):
    member = factory.tenant("member")
    c = _campaign(http, member)
    viewer = factory.tenant("viewer", workspace_id=member.workspace_id)
    assert http.get(f"/api/v1/campaigns/{c['id']}", headers=viewer.headers).status_code == 200
    r = http.post(f"/api/v1/campaigns/{c['id']}/status", json={"status": "recruiting"}, headers=viewer.headers)
    assert r.status_code == 403
    r = http.post("/api/v1/campaigns", json={"name": "V", "brand_id": c["brand_id"]}, headers=viewer.headers)
    assert r.status_code == 403
    assert http.delete(f"/api/v1/campaigns/{c['id']}", headers=member.headers).status_code == 403
    with unit_of_work() as db:
        assert db.get(Campaign, c["id"]) is not None
    admin = factory.tenant("admin", workspace_id=member.workspace_id)
    assert http.delete(f"/api/v1/campaigns/{c['id']}", headers=admin.headers).status_code == 204
    assert http.get(f"/api/v1/campaigns/{c['id']}", headers=member.headers).status_code == 404
