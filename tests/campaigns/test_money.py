"""Agreements, the payments ledger and spend over real HTTP: versions and acceptance, fees falling due, payment
moves with their rules and versions, spend against budget with 80% / 100% warnings, CSV, roles."""

import csv
import io

from tests.campaigns.test_api import _add, _campaign, _handle


def _entries(http, factory, t, n, **campaign):
    c = _campaign(http, t, **campaign)
    accounts = [factory.creator(handle=_handle())[1] for _ in range(n)]
    _add(http, t, c["id"], account_ids=accounts)
    return c, http.get(f"/api/v1/campaigns/{c['id']}/creators", headers=t.headers).json()


def _agree(http, t, c, entry, fee, **extra):
    base = f"/api/v1/campaigns/{c['id']}/creators/{entry['id']}/agreements"
    current = http.get(base, headers=t.headers).json()
    version = current[0]["version"] if current else 0
    r = http.post(base, json={"base_version": version, "fee": fee, **extra}, headers=t.headers)
    assert r.status_code == 201, r.text
    r = http.post(base + "/accept", json={"version": version + 1}, headers=t.headers)
    assert r.status_code == 200, r.text
    return r.json()


def test_agreement_versions_and_acceptance(http, factory):
    t = factory.tenant("member")
    c, (entry,) = _entries(http, factory, t, 1, budget="1000")
    http.put(f"/api/v1/campaigns/{c['id']}/brief", json={"base_version": 0, "deliverables": [
        {"platform": "instagram", "format": "reel", "count": 2}]}, headers=t.headers)
    base = f"/api/v1/campaigns/{c['id']}/creators/{entry['id']}/agreements"
    r = http.post(base, json={"base_version": 0, "fee": "300", "product_value": "45.50"}, headers=t.headers)
    assert r.status_code == 201 and r.json()["version"] == 1 and r.json()["status"] == "proposed"
    assert r.json()["deliverables"][0]["format"] == "reel" and r.json()["brief_version"] == 1
    r = http.post(base, json={"base_version": 0, "fee": "280"}, headers=t.headers)
    assert r.status_code == 409 and r.json()["error"]["fields"][0]["field"] == "base_version"
    r = http.post(base, json={"base_version": 1, "fee": "350", "product_value": "45.50"}, headers=t.headers)
    assert r.status_code == 201 and r.json()["version"] == 2
    r = http.post(base + "/accept", json={"version": 1}, headers=t.headers)
    assert r.status_code == 409 and "not the newest" in r.json()["error"]["message"]
    r = http.post(base + "/accept", json={"version": 2}, headers=t.headers)
    assert r.status_code == 200 and r.json()["status"] == "accepted" and r.json()["accepted_by_email"] == t.email
    assert r.json()["accepted_at"] and r.json()["on_behalf"] is True
    assert http.post(base + "/accept", json={"version": 2}, headers=t.headers).status_code == 409
    stage = http.get(f"/api/v1/campaigns/{c['id']}/creators/{entry['id']}", headers=t.headers).json()["stage"]
    assert stage == "contracted"
    ledger = http.get(f"/api/v1/campaigns/{c['id']}/payments", headers=t.headers).json()
    assert [(p["kind"], p["amount"], p["status"]) for p in ledger] == [("fee", "350.00", "due")]
    versions = http.get(base, headers=t.headers).json()
    assert [(v["version"], v["status"]) for v in versions] == [(2, "accepted"), (1, "proposed")]
    for bad, field in [({"fee": "-5"}, "fee"), ({"fee": "1.234"}, "fee"), ({"currency": "XQZ"}, "currency"),
                       ({"usage_rights_days": -1}, "usage_rights_days")]:
        r = http.post(base, json={"base_version": 2, "fee": "10", **bad}, headers=t.headers)
        assert r.status_code == 422 and r.json()["error"]["fields"][0]["field"] == field, r.text


def test_payments_follow_their_rules_and_spend_warns(http, factory):
    t = factory.tenant("member")
    admin = factory.tenant("admin", workspace_id=t.workspace_id)
    c, entries = _entries(http, factory, t, 3, budget="1000")
    _agree(http, t, c, entries[0], "400", product_value="50")
    spend = http.get(f"/api/v1/campaigns/{c['id']}/spend", headers=t.headers).json()
    assert spend["committed"] == "450.00" and spend["warning"] == "none" and spend["share_of_budget"] == 0.45
    _agree(http, t, c, entries[1], "380")
    spend = http.get(f"/api/v1/campaigns/{c['id']}/spend", headers=t.headers).json()
    assert spend["committed"] == "830.00" and spend["warning"] == "over_80"
    _agree(http, t, c, entries[2], "200", currency="EUR")  # another currency: shown apart, never summed
    _agree(http, t, c, entries[1], "600")  # renegotiated: the new terms replace the old in the total
    spend = http.get(f"/api/v1/campaigns/{c['id']}/spend", headers=t.headers).json()
    assert spend["committed"] == "1050.00" and spend["warning"] == "over_100" and spend["other_currencies"] == ["EUR"]
    assert {x["handle"]: x["total"] for x in spend["creators"]} == {entries[0]["handle"]: "450.00",
                                                                    entries[1]["handle"]: "600.00"}
    fee = http.get(f"/api/v1/campaigns/{c['id']}/payments", headers=t.headers).json()[0]
    url = f"/api/v1/campaigns/{c['id']}/payments/{fee['id']}"
    assert http.post(url, json={"action": "approve", "version": 1}, headers=t.headers).status_code == 403
    r = http.post(url, json={"action": "paid", "version": 1, "reference": "TX1"}, headers=admin.headers)
    assert r.status_code == 409 and "can't be marked paid" in r.json()["error"]["message"]
    r = http.post(url, json={"action": "approve", "version": 1}, headers=admin.headers)
    assert r.status_code == 200 and r.json()["status"] == "approved" and r.json()["version"] == 2
    r = http.post(url, json={"action": "failed", "version": 1}, headers=admin.headers)
    assert r.status_code == 409 and r.json()["error"]["fields"][0]["field"] == "version"
    r = http.post(url, json={"action": "paid", "version": 2}, headers=admin.headers)
    assert r.status_code == 422 and "reference" in r.json()["error"]["message"]
    r = http.post(url, json={"action": "failed", "version": 2}, headers=admin.headers)
    assert r.status_code == 200 and r.json()["status"] == "failed"
    http.post(url, json={"action": "retry", "version": 3}, headers=admin.headers)
    r = http.post(url, json={"action": "paid", "version": 4, "method": "bank transfer", "reference": "TX-889"},
                  headers=admin.headers)
    assert r.status_code == 200 and r.json()["status"] == "paid" and r.json()["paid_at"]
    spend = http.get(f"/api/v1/campaigns/{c['id']}/spend", headers=t.headers).json()
    assert spend["paid"] == "400.00"
    r = http.get(f"/api/v1/campaigns/{c['id']}/payments.csv", headers=t.headers)
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert r.status_code == 200 and rows[0]["reference"] == "TX-889" and rows[0]["amount"] == "400.00"
    events = http.get(f"/api/v1/campaigns/{c['id']}/creators/{entries[0]['id']}/timeline", headers=t.headers).json()
    assert [e["new_value"] for e in events if e["kind"] == "payment"] == ["paid", "approved", "failed", "approved"]
    other = factory.tenant("owner")
    assert http.get(f"/api/v1/campaigns/{c['id']}/spend", headers=other.headers).status_code == 404
    assert http.post(url, json={"action": "retry", "version": 5}, headers=other.headers).status_code == 404
