"""The live post over real HTTP: only an approved draft can go live; its published caption is checked again and
compared with the approved one, so a dropped "Ad" label or a swapped promo code is caught with its evidence; the
creator moves to Live; a link that is not a post on a platform is refused by name."""

import pytest

from reachroom.campaigns.live import compare_to_approved
from tests.campaigns.test_review import BRIEF, GOOD, _entry_at


def _approved(http, factory):
    t = factory.tenant("member")
    admin = factory.tenant("admin", workspace_id=t.workspace_id)
    c, entry = _entry_at(http, factory, t, ["interested", "contracted"])
    http.put(f"/api/v1/campaigns/{c['id']}/brief", json={"base_version": 0, **BRIEF}, headers=t.headers)
    subs = f"/api/v1/campaigns/{c['id']}/creators/{entry['id']}/submissions"
    s = http.post(subs, json={"caption": GOOD}, headers=t.headers).json()
    return t, admin, c, entry, subs, s


def test_only_an_approved_draft_goes_live(http, factory):
    t, admin, c, entry, subs, s = _approved(http, factory)
    body = {"url": "https://www.instagram.com/p/Cz123/", "caption": GOOD}
    r = http.post(f"{subs}/{s['id']}/live", json=body, headers=t.headers)
    assert r.status_code == 409 and "only an approved draft" in r.json()["error"]["message"]
    http.post(f"{subs}/{s['id']}/review", json={"decision": "approve"}, headers=admin.headers).raise_for_status()
    r = http.post(f"{subs}/{s['id']}/live", json=body, headers=t.headers)
    assert r.status_code == 200, r.text
    out = r.json()
    checks = {ch["key"]: ch["status"] for ch in out["live_checks"]}
    assert out["live_verdict"] == "pass" and checks["matches_approved"] == "pass" and checks["disclosure"] == "pass"
    stage = http.get(f"/api/v1/campaigns/{c['id']}/creators/{entry['id']}", headers=t.headers).json()["stage"]
    assert stage == "live"


@pytest.mark.parametrize(("live", "failing"), [
    (GOOD.replace("Ad | ", ""), "disclosure"),                  # the ad label was taken off after approval
    (GOOD.replace("COSY20", "SUMMER50"), "promo_codes"),        # the code was swapped
])
def test_changes_after_approval_are_caught(http, factory, live, failing):
    t, admin, _, _, subs, s = _approved(http, factory)
    http.post(f"{subs}/{s['id']}/review", json={"decision": "approve"}, headers=admin.headers).raise_for_status()
    out = http.post(f"{subs}/{s['id']}/live", json={"url": "https://www.tiktok.com/@anna/video/1", "caption": live},
                    headers=t.headers).json()
    checks = {ch["key"]: ch for ch in out["live_checks"]}
    assert out["live_verdict"] == "fail" and checks[failing]["status"] == "fail"
    assert checks["matches_approved"]["status"] == "warn"


@pytest.mark.parametrize("url", ["javascript:alert(1)", "https://evil.example/p/1", "ftp://instagram.com/p/1",
                                 "https://instagram.com.evil.example/p/1", "not a link"])
def test_a_link_that_is_not_a_post_is_refused(http, factory, url):
    t, admin, _, _, subs, s = _approved(http, factory)
    http.post(f"{subs}/{s['id']}/review", json={"decision": "approve"}, headers=admin.headers).raise_for_status()
    r = http.post(f"{subs}/{s['id']}/live", json={"url": url, "caption": GOOD}, headers=t.headers)
    assert r.status_code == 422 and "url" in r.text


def test_compare_marks_added_words_and_names_removed_ones():
    check = compare_to_approved("Ad | Cosy night in, code COSY20 #CosyNightIn",
                                "Cosy night in, code SUMMER50 #CosyNightIn")
    assert check.status == "warn" and [s.text for s in check.evidence] == ["SUMMER50"]
    assert "“Ad”" in check.message and "“COSY20”" in check.message
    assert compare_to_approved("Ad | hello  world", "Ad | hello world").status == "pass"
