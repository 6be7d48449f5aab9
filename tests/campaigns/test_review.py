"""Briefs and content review over real HTTP: versioned briefs with conflicts, drafts checked against the brief
(disclosure, hashtags, mentions, links, codes, banned words, safety, tone, brand name) with evidence, and the
review that moves the creator along; roles and bad input."""

from tests.campaigns.test_api import _add, _campaign, _handle

BRIEF = {"key_messages": "Slow evenings, herbal teas", "required_hashtags": ["#CosyNightIn", "HBPartner"],
         "required_mentions": ["@hollandandbarrett"], "promo_codes": ["COSY20"], "banned_words": ["cheap"],
         "disclosure_rules": "uk", "deliverables": [{"platform": "instagram", "format": "reel", "count": 2,
                                                     "due_on": "2026-10-20", "usage_rights_days": 90}]}
GOOD = "Ad | My cosy night in with @hollandandbarrett teas, code COSY20 #CosyNightIn #HBPartner"
BAD = "Such a cheap cosy night in with my tea #CosyNightIn #tea #calm #home #hygge #ad"


def _entry_at(http, factory, t, stage_path):
    c = _campaign(http, t)
    acc = factory.creator(handle=_handle())[1]
    _add(http, t, c["id"], account_ids=[acc])
    entry = http.get(f"/api/v1/campaigns/{c['id']}/creators", headers=t.headers).json()[0]
    for stage in stage_path:
        r = http.post(f"/api/v1/campaigns/{c['id']}/creators/{entry['id']}/stage", json={"stage": stage},
                      headers=t.headers)
        assert r.status_code == 200, r.text
    return c, entry


def test_brief_versions_and_conflicts(http, factory):
    t = factory.tenant("member")
    c = _campaign(http, t)
    base = f"/api/v1/campaigns/{c['id']}/brief"
    empty = http.get(base, headers=t.headers).json()
    assert empty["version"] == 0 and empty["required_hashtags"] == []
    r = http.put(base, json={"base_version": 0, **BRIEF}, headers=t.headers)
    assert r.status_code == 200, r.text
    b = r.json()
    assert b["version"] == 1 and b["required_hashtags"] == ["CosyNightIn", "HBPartner"]
    assert b["required_mentions"] == ["hollandandbarrett"] and b["deliverables"][0]["format"] == "reel"
    r = http.put(base, json={"base_version": 1, **BRIEF, "promo_codes": ["COSY25"]}, headers=t.headers)
    assert r.status_code == 200 and r.json()["version"] == 2
    r = http.put(base, json={"base_version": 1, **BRIEF, "promo_codes": ["LOST"]}, headers=t.headers)
    assert r.status_code == 409 and r.json()["error"]["fields"][0]["field"] == "base_version"
    versions = http.get(base + "/versions", headers=t.headers).json()
    assert [v["version"] for v in versions] == [2, 1] and versions[0]["promo_codes"] == ["COSY25"]
    for bad, field in [({"required_hashtags": ["two words"]}, "required_hashtags"),
                       ({"disclosure_rules": "fr"}, "disclosure_rules"),
                       ({"deliverables": [{"format": "tweet"}]}, "deliverables.0.format"),
                       ({"deliverables": [{"count": 0}]}, "deliverables.0.count")]:
        r = http.put(base, json={"base_version": 2, **BRIEF, **bad}, headers=t.headers)
        assert r.status_code == 422 and r.json()["error"]["fields"][0]["field"] == field, r.text
    assert http.get(base, headers=t.headers).json()["version"] == 2


def test_drafts_are_checked_and_reviewed(http, factory):
    t = factory.tenant("member")
    admin = factory.tenant("admin", workspace_id=t.workspace_id)
    c, entry = _entry_at(http, factory, t, ["interested", "contracted"])
    http.put(f"/api/v1/campaigns/{c['id']}/brief", json={"base_version": 0, **BRIEF}, headers=t.headers)
    subs = f"/api/v1/campaigns/{c['id']}/creators/{entry['id']}/submissions"
    r = http.post(subs, json={"caption": BAD}, headers=t.headers)
    assert r.status_code == 201, r.text
    s1 = r.json()
    checks = {ch["key"]: ch for ch in s1["checks"]}
    assert s1["verdict"] == "fail" and s1["version"] == 1 and s1["brief_version"] == 1
    assert checks["disclosure"]["status"] == "fail"  # "#ad" buried at the end of a block of hashtags
    assert checks["hashtags"]["status"] == "fail" and "HBPartner" in checks["hashtags"]["message"]
    assert checks["mentions"]["status"] == "fail" and checks["promo_codes"]["status"] == "fail"
    cheap = checks["banned_words"]
    assert cheap["status"] == "fail" and BAD[cheap["evidence"][0]["start"]:cheap["evidence"][0]["end"]] == "cheap"
    entry_now = http.get(f"/api/v1/campaigns/{c['id']}/creators/{entry['id']}", headers=t.headers).json()
    assert entry_now["stage"] == "in_review"
    review = f"{subs}/{s1['id']}/review"
    r = http.post(review, json={"decision": "request_changes", "comment": "Put Ad first"}, headers=t.headers)
    assert r.status_code == 403  # members submit, admins review
    r = http.post(review, json={"decision": "request_changes"}, headers=admin.headers)
    assert r.status_code == 422
    r = http.post(review, json={"decision": "request_changes", "comment": "Put Ad first"}, headers=admin.headers)
    assert r.status_code == 200 and r.json()["status"] == "changes_requested"
    r = http.post(review, json={"decision": "approve"}, headers=admin.headers)
    assert r.status_code == 409 and "already reviewed" in r.json()["error"]["message"]
    r = http.post(subs, json={"caption": GOOD}, headers=t.headers)
    s2 = r.json()
    assert r.status_code == 201 and s2["version"] == 2
    assert {ch["key"]: ch["status"] for ch in s2["checks"]}["disclosure"] == "pass"
    assert all(ch["status"] != "fail" for ch in s2["checks"]), s2["checks"]
    assert http.post(review, json={"decision": "approve"}, headers=admin.headers).status_code == 409  # not latest
    r = http.post(f"{subs}/{s2['id']}/review", json={"decision": "approve"}, headers=admin.headers)
    assert r.status_code == 200 and r.json()["status"] == "approved"
    stage = http.get(f"/api/v1/campaigns/{c['id']}/creators/{entry['id']}", headers=t.headers).json()["stage"]
    assert stage == "approved"
    listed = http.get(subs, headers=t.headers).json()
    assert [s["version"] for s in listed] == [2, 1] and listed[0]["reviewer_email"] == admin.email
    events = http.get(f"/api/v1/campaigns/{c['id']}/creators/{entry['id']}/timeline", headers=t.headers).json()
    assert [e["new_value"] for e in events if e["kind"] == "stage"][:4] == ["approved", "in_review",
                                                                             "changes_requested", "in_review"]


def test_submitting_needs_a_contract_and_a_caption(http, factory):
    t = factory.tenant("member")
    c, entry = _entry_at(http, factory, t, [])
    subs = f"/api/v1/campaigns/{c['id']}/creators/{entry['id']}/submissions"
    r = http.post(subs, json={"caption": GOOD}, headers=t.headers)
    assert r.status_code == 409 and r.json()["error"]["fields"][0]["field"] == "stage"
    r = http.post(subs, json={"caption": ""}, headers=t.headers)
    assert r.status_code == 422 and r.json()["error"]["fields"][0]["field"] == "caption"
    assert http.get(subs, headers=t.headers).json() == []
    other = factory.tenant("owner")
    assert http.get(subs, headers=other.headers).status_code == 404
    assert http.post(subs, json={"caption": GOOD}, headers=other.headers).status_code == 404
    assert http.put(f"/api/v1/campaigns/{c['id']}/brief", json={"base_version": 0},
                    headers=other.headers).status_code == 404


def test_highlight_marks_each_span_with_its_worst_check():
    from reachroom.campaigns.checks import highlight

    checks = [{"status": "pass", "label": "Hashtags", "evidence": [{"start": 0, "end": 4, "text": "#tea"}]},
              {"status": "fail", "label": "Banned", "evidence": [{"start": 2, "end": 8, "text": "ea che"}]}]
    pieces = highlight("#tea cheap", checks)
    assert "".join(p[0] for p in pieces) == "#tea cheap"
    assert pieces == [("#t", "pass", "Hashtags"), ("ea che", "fail", "Banned"), ("ap", None, "")]
    assert highlight("", checks) == []


def test_late_items_are_drafts_past_due_and_reviews_waiting():
    from datetime import date, datetime
    from types import SimpleNamespace as Row

    from reachroom.campaigns.reminders import late_items

    rows = [Row(id=1, handle="a", stage="drafting", stage_changed_at=datetime(2026, 10, 1)),
            Row(id=2, handle="b", stage="in_review", stage_changed_at=datetime(2026, 10, 20, 9)),
            Row(id=3, handle="c", stage="in_review", stage_changed_at=datetime(2026, 10, 23)),
            Row(id=4, handle="d", stage="approved", stage_changed_at=datetime(2026, 10, 1)),
            Row(id=5, handle="e", stage="invited", stage_changed_at=datetime(2026, 10, 1))]
    due = [{"due_on": "2026-10-25"}, {"due_on": date(2026, 10, 18)}, {"due_on": None}]
    items = late_items(rows, due, date(2026, 10, 24))
    assert [(m.handle, m.kind, m.days_late) for m in items] == [("a", "draft_due", 6), ("b", "review_waiting", 1)]
    assert "due 18 Oct 2026 (6 days late)" in items[0].message
    assert late_items(rows, [], date(2026, 10, 24))[0].kind == "review_waiting"  # no due dates: only reviews
    assert late_items(rows, due, date(2026, 10, 18)) == []  # due today is not late yet


def test_reminders_over_http(http, factory):
    t = factory.tenant("member")
    c, entry = _entry_at(http, factory, t, ["interested", "contracted"])
    http.put(f"/api/v1/campaigns/{c['id']}/brief", json={"base_version": 0, "deliverables": [
        {"platform": "instagram", "format": "post", "count": 1, "due_on": "2020-01-01"}]}, headers=t.headers)
    late = http.get(f"/api/v1/campaigns/{c['id']}/reminders", headers=t.headers).json()
    assert [(m["kind"], m["campaign_creator_id"]) for m in late] == [("draft_due", entry["id"])]
    http.post(f"/api/v1/campaigns/{c['id']}/creators/{entry['id']}/submissions", json={"caption": GOOD},
              headers=t.headers)
    assert http.get(f"/api/v1/campaigns/{c['id']}/reminders", headers=t.headers).json() == []  # in review today
    assert http.get(f"/api/v1/campaigns/{c['id']}/reminders", headers=factory.tenant().headers).status_code == 404
