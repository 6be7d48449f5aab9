"""Drafts in the portal over real HTTP: the creator reads the brief, checks a caption before submitting (the
brand sees nothing of it), fixes the missing ad label, submits, and reads the brand's review; nobody else's."""

import re
import uuid

from tests.campaigns.test_review import BRIEF, GOOD
from tests.portal.test_campaigns import _brand_campaign, _claim, _creator


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def test_precheck_then_submit_then_review(http, factory, engine, live_server):
    handle = f"dr{uuid.uuid4().hex[:8]}"
    t, c, account, mine, theirs = _brand_campaign(http, factory, handle)
    http.put(f"/api/v1/campaigns/{c['id']}/brief", json={"base_version": 0, **BRIEF}, headers=t.headers)
    creator = _creator(live_server)
    _claim(creator, engine, handle, account)
    home = creator.get("/portal")
    creator.post(f"/portal/campaigns/{mine['id']}/accept", data={"csrf_token": _csrf(home.text), "version": "1"})
    room = creator.get(f"/portal/campaigns/{mine['id']}")
    assert room.status_code == 200 and "#CosyNightIn" in room.text and "COSY20" in room.text
    bare = GOOD.replace("Ad | ", "")
    checked = creator.post(f"/portal/campaigns/{mine['id']}/drafts",
                           data={"csrf_token": _csrf(room.text), "caption": bare, "action": "check"})
    assert checked.status_code == 200 and 'data-verdict="fail"' in checked.text
    assert 'data-key="disclosure" data-status="fail"' in checked.text
    subs = f"/api/v1/campaigns/{c['id']}/creators/{mine['id']}/submissions"
    assert http.get(subs, headers=t.headers).json() == []  # a pre-check is the creator's alone
    sent = creator.post(f"/portal/campaigns/{mine['id']}/drafts", follow_redirects=True,
                        data={"csrf_token": _csrf(room.text), "caption": GOOD, "action": "submit"})
    assert "sent to the brand" in sent.text
    submitted = http.get(subs, headers=t.headers).json()
    assert len(submitted) == 1 and submitted[0]["caption"] == GOOD and submitted[0]["verdict"] != "fail"
    http.post(f"{subs}/{submitted[0]['id']}/review", json={"decision": "request_changes", "comment": "Add a smile"},
              headers=t.headers).raise_for_status()
    again = creator.get(f"/portal/campaigns/{mine['id']}")
    assert "Changes requested" in again.text and "Add a smile" in again.text
    assert creator.get(f"/portal/campaigns/{theirs['id']}").status_code == 404
    creator.close()


def test_live_post_and_gift_tracking_in_the_room(http, factory, engine, live_server):
    handle = f"lv{uuid.uuid4().hex[:8]}"
    t, c, account, mine, _ = _brand_campaign(http, factory, handle)
    http.put(f"/api/v1/campaigns/{c['id']}/brief", json={"base_version": 0, **BRIEF}, headers=t.headers)
    base = f"/api/v1/campaigns/{c['id']}/creators/{mine['id']}"
    http.post(f"{base}/agreements/accept", json={"version": 1}, headers=t.headers).raise_for_status()
    product = http.post(f"/api/v1/campaigns/{c['id']}/products", json={"name": "Tea box", "sku": f"T{handle}"},
                        headers=t.headers).json()
    http.post(f"{base}/shipments", headers=t.headers, json={
        "product_id": product["id"], "carrier": "Royal Mail", "tracking_number": "RM42GB",
        "address": {"recipient": "Pat", "line1": "1 Road", "city": "Leeds", "country": "GB"}}).raise_for_status()
    sub = http.post(f"{base}/submissions", json={"caption": GOOD}, headers=t.headers).json()
    http.post(f"{base}/submissions/{sub['id']}/review", json={"decision": "approve"},
              headers=t.headers).raise_for_status()
    creator = _creator(live_server)
    _claim(creator, engine, handle, account)
    room = creator.get(f"/portal/campaigns/{mine['id']}")
    assert 'data-testid="portal-gift" data-status="shipped"' in room.text and "RM42GB" in room.text
    assert "1 Road" not in room.text
    bad = creator.post(f"/portal/campaigns/{mine['id']}/drafts/{sub['id']}/live",
                       data={"csrf_token": _csrf(room.text), "url": "https://evil.test/p/1", "caption": GOOD})
    assert bad.status_code == 422 and "url" in bad.text
    r = creator.post(f"/portal/campaigns/{mine['id']}/drafts/{sub['id']}/live", follow_redirects=True,
                     data={"csrf_token": _csrf(room.text), "url": "https://www.instagram.com/p/Pat1/",
                           "caption": GOOD.replace("Ad | ", "")})
    assert 'data-testid="portal-live" data-verdict="fail"' in r.text
    entry = http.get(base, headers=t.headers).json()
    assert entry["stage"] == "live"
    creator.close()


def test_the_room_names_no_brand_staff_and_shows_the_agreed_brief(http, factory, engine, live_server):
    """The creator sees the brief of the terms they agreed to (with a note when the brand changed it since), and
    never the email of whoever at the brand wrote the brief or reviewed their draft — on the page and in the API."""
    handle = f"ag{uuid.uuid4().hex[:8]}"
    t, c, account, mine, _ = _brand_campaign(http, factory, handle)
    http.put(f"/api/v1/campaigns/{c['id']}/brief", json={"base_version": 0, **BRIEF}, headers=t.headers)
    base = f"/api/v1/campaigns/{c['id']}/creators/{mine['id']}"
    r = http.post(f"{base}/agreements", json={"base_version": 1, "fee": "300", "currency": "GBP"}, headers=t.headers)
    assert r.status_code == 201 and r.json()["brief_version"] == 1, r.text
    creator = _creator(live_server)
    _claim(creator, engine, handle, account)
    home = creator.get("/portal")
    creator.post(f"/portal/campaigns/{mine['id']}/accept", data={"csrf_token": _csrf(home.text), "version": "2"})
    room = creator.get(f"/portal/campaigns/{mine['id']}")
    assert "the one you agreed to" in room.text and 'data-testid="brief-updated"' not in room.text
    changed = {**BRIEF, "key_messages": "Bright mornings, green teas", "promo_codes": ["MORNING15"]}
    saved = http.put(f"/api/v1/campaigns/{c['id']}/brief", json={"base_version": 1, **changed}, headers=t.headers)
    assert saved.status_code == 200 and saved.json()["created_by_email"] == t.email, saved.text
    sub = creator.post(f"/portal/campaigns/{mine['id']}/drafts", follow_redirects=True,
                       data={"csrf_token": _csrf(room.text), "caption": GOOD, "action": "submit"})
    assert sub.status_code == 200
    subs = http.get(f"{base}/submissions", headers=t.headers).json()
    http.post(f"{base}/submissions/{subs[0]['id']}/review", json={"decision": "request_changes", "comment": "Smile"},
              headers=t.headers).raise_for_status()
    assert http.get(f"{base}/submissions", headers=t.headers).json()[0]["reviewer_email"] == t.email

    page = creator.get(f"/portal/campaigns/{mine['id']}")
    assert page.status_code == 200 and t.email not in page.text
    assert "The brand updated the brief after you agreed (v2; you agreed to v1)" in page.text
    assert 'data-agreed="1" data-newest="2"' in page.text
    brief_card = page.text.split('data-testid="brief"')[1].split('data-testid="newest-brief"')[0]
    assert "Slow evenings, herbal teas" in brief_card and "Bright mornings" not in brief_card
    assert "Bright mornings, green teas" in page.text  # the newest, there to read
    api = creator.get(f"/api/v1/portal/campaigns/{mine['id']}")
    body = api.json()
    assert api.status_code == 200 and t.email not in api.text
    assert body["brief"]["version"] == 1 and body["brief"]["created_by_email"] is None
    assert body["agreed_brief_version"] == 1 and body["newer_brief"]["version"] == 2
    assert body["drafts"][0]["review_comment"] == "Smile" and body["drafts"][0]["reviewer_email"] is None
    creator.close()
