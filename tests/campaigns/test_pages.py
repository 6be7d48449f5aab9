"""Campaign pages over real HTTP with CSRF: list, create, edit (with a stale version), invite, move on the board
and in the table, bulk moves, status changes, refusals shown on the page, and viewers' read-only pages."""

import re
import uuid

import httpx
import pytest

from tests.web import csrf_of, login


@pytest.fixture
def browser(live_server):
    with httpx.Client(base_url=live_server, timeout=30) as client:
        yield client


def _handle() -> str:
    return "pgc" + "".join(chr(97 + int(c, 16)) for c in uuid.uuid4().hex[:12])


def _entries(html: str) -> list[str]:
    return re.findall(r'data-testid="card" data-entry="(\d+)"', html)


def test_campaign_pages_flow(browser, factory, http):
    t = factory.tenant("member")
    assert login(browser, t.email).status_code == 200
    r = browser.get("/campaigns")
    assert r.status_code == 200 and 'data-testid="empty-campaigns"' in r.text and "/brands/new" in r.text
    brand = http.post("/api/v1/brands", json={"name": f"La Redoute {uuid.uuid4().hex[:6]}"}, headers=t.headers).json()
    token = csrf_of(browser.get("/campaigns/new").text)
    bad = {"csrf_token": token, "name": "Valentine's Day Ready", "brand_id": str(brand["id"]), "budget": "lots",
           "currency": "EUR", "niches": ["fashion", "home"], "countries": "FR, gb"}
    r = browser.post("/campaigns", data=bad)
    assert r.status_code == 422 and 'data-testid="form-errors"' in r.text and "budget" in r.text
    assert "Valentine&#39;s Day Ready" in r.text  # what was typed comes back
    assert http.get("/api/v1/campaigns", headers=t.headers).json() == []
    r = browser.post("/campaigns", data={**bad, "budget": "8,000"})
    assert r.status_code == 303, r.text
    url = r.headers["location"].split("?")[0]
    assert int(url.rsplit("/", 1)[1]) >= 1
    page = browser.get(r.headers["location"])
    assert 'data-testid="created-notice"' in page.text and 'data-testid="empty-pipeline"' in page.text
    assert "8,000.00 EUR" in page.text and "niches=fashion" in page.text and "countries=FR%2C+GB" in page.text
    handles = [_handle() for _ in range(3)]
    for h in handles:
        factory.creator(handle=h, followers=15000, er=0.05)
    r = browser.post(f"{url}/creators", data={"csrf_token": token, "handles": ", ".join("@" + h for h in handles)})
    assert r.status_code == 303
    page = browser.get(r.headers["location"])
    assert "Invited 3 creators" in page.text and len(_entries(page.text)) == 3
    for h in handles:
        assert f"@{h}" in page.text
    entry = _entries(page.text)[0]
    r = browser.post(f"{url}/creators/{entry}/stage", data={"csrf_token": token, "stage": "interested",
                                                            "version": "1", "back": "board"})
    assert r.status_code == 303 and "view=board" in r.headers["location"]
    # the same card moved again from a page that still shows version 1: refused on the page, nothing changed
    r = browser.post(f"{url}/creators/{entry}/stage", data={"csrf_token": token, "stage": "declined",
                                                            "version": "1"})
    assert r.status_code == 409 and "changed by someone else" in r.text
    r = browser.post(f"{url}/creators/{entry}/stage", data={"csrf_token": token, "stage": "paid"})
    assert r.status_code == 409 and "allowed: Negotiating, Contracted, Declined, Withdrawn" in r.text
    table = browser.get(f"{url}?view=table")
    assert 'data-testid="pipeline-table"' in table.text and table.text.count('data-testid="pipeline-row"') == 3
    others = [e for e in _entries(page.text) if e != entry]
    r = browser.post(f"{url}/creators/move", data={"csrf_token": token, "stage": "negotiating",
                                                   "ids": [entry, *others], "back": "table"})
    assert r.status_code == 303 and "Moved+3+to+Negotiating" in r.headers["location"]
    r = browser.post(f"{url}/creators/move", data={"csrf_token": token, "stage": "paid", "ids": others})
    assert r.status_code == 409 and "none moved" in r.text
    r = browser.post(f"{url}/creators/move", data={"csrf_token": token, "stage": "paid"})
    assert r.status_code == 422 and "tick at least one creator" in r.text
    filtered = browser.get(f"{url}?view=table&stage=negotiating")
    assert filtered.text.count('data-testid="pipeline-row"') == 3
    r = browser.post(f"{url}/status", data={"csrf_token": token, "status": "recruiting", "version": "1"})
    assert r.status_code == 303
    assert 'data-testid="campaign-status">Recruiting' in browser.get(url).text
    edit = browser.get(f"{url}/edit")
    assert edit.status_code == 200 and 'name="version" value="2"' in edit.text
    r = browser.post(url, data={"csrf_token": token, "version": "1", "name": "Stale edit", "currency": "EUR"})
    assert r.status_code == 409 and "changed by someone else" in r.text
    r = browser.post(url, data={"csrf_token": token, "version": "2", "name": "Valentine's Day Ready",
                                "currency": "EUR", "budget": "9000", "niches": ["fashion"]})
    assert r.status_code == 303
    detail = browser.get(url).text
    assert "9,000.00 EUR" in detail and 'data-testid="event"' in detail and "moved <strong>@" in detail
    cards = browser.get("/campaigns").text
    assert 'data-testid="campaign-card"' in cards and "3 creators" in cards and "3 negotiating" in cards


def test_viewer_sees_no_write_controls(browser, factory, http):
    member = factory.tenant("member")
    brand = http.post("/api/v1/brands", json={"name": f"Barry M {uuid.uuid4().hex[:6]}"},
                      headers=member.headers).json()
    c = http.post("/api/v1/campaigns", json={"name": "Party Look", "brand_id": brand["id"]},
                  headers=member.headers).json()
    acc = factory.creator(handle=_handle())[1]
    http.post(f"/api/v1/campaigns/{c['id']}/creators", json={"account_ids": [acc]}, headers=member.headers)
    viewer = factory.tenant("viewer", workspace_id=member.workspace_id)
    assert login(browser, viewer.email).status_code == 200
    page = browser.get(f"/campaigns/{c['id']}")
    assert page.status_code == 200 and 'data-testid="card"' in page.text
    for control in ("move-form", "add-creators-form", "status-recruiting", "edit-campaign"):
        assert f'data-testid="{control}"' not in page.text
    assert 'data-testid="new-campaign"' not in browser.get("/campaigns").text
    token = csrf_of(page.text)
    r = browser.post(f"/campaigns/{c['id']}/status", data={"csrf_token": token, "status": "recruiting"})
    assert r.status_code == 403


def test_invite_in_place_from_discover(browser, factory, http):
    t = factory.tenant("member")
    assert login(browser, t.email).status_code == 200
    brand = http.post("/api/v1/brands", json={"name": f"Tea {uuid.uuid4().hex[:6]}"}, headers=t.headers).json()
    c = http.post("/api/v1/campaigns", json={"name": "Cosy", "brand_id": brand["id"]}, headers=t.headers).json()
    acc = factory.creator(handle=_handle())[1]
    page = browser.get(f"/discover?go=1&brand_id={brand['id']}&campaign={c['id']}")
    assert page.status_code == 200 and 'data-testid="campaign-banner"' in page.text
    token = csrf_of(page.text)
    hx = {"HX-Request": "true"}
    r = browser.post(f"/campaigns/{c['id']}/creators", data={"csrf_token": token, "account_ids": str(acc)}, headers=hx)
    assert r.status_code == 200 and 'data-testid="invited-to-campaign"' in r.text and "Invited to" in r.text
    r = browser.post(f"/campaigns/{c['id']}/creators", data={"csrf_token": token, "account_ids": str(acc)}, headers=hx)
    assert "Already in" in r.text
    r = browser.post(f"/campaigns/{c['id']}/creators", data={"csrf_token": token, "account_ids": "999999999"},
                     headers=hx)
    assert r.status_code == 200 and 'data-testid="invite-refused"' in r.text and "account_ids" in r.text
    assert [x["account_id"] for x in http.get(f"/api/v1/campaigns/{c['id']}/creators", headers=t.headers).json()] \
        == [acc]
    assert browser.get(f"/discover?go=1&campaign={c['id'] + 10**6}").status_code == 404
    assert browser.get("/discover?go=1&campaign=abc").status_code == 422


def test_brief_and_draft_review_pages(browser, factory, http):
    t = factory.tenant("admin")
    assert login(browser, t.email).status_code == 200
    brand = http.post("/api/v1/brands", json={"name": f"Holland & Barrett {uuid.uuid4().hex[:4]}",
                                              "banned_words": ["cheap"]}, headers=t.headers).json()
    c = http.post("/api/v1/campaigns", json={"name": "Cosy Night", "brand_id": brand["id"]}, headers=t.headers).json()
    url = f"/campaigns/{c['id']}"
    page = browser.get(f"{url}/brief")
    assert page.status_code == 200 and "Not written yet" in page.text
    token = csrf_of(page.text)
    form = {"csrf_token": token, "base_version": "0", "key_messages": "Slow evenings",
            "required_hashtags": "CosyNightIn, #HBPartner", "required_mentions": "@hollandandbarrett",
            "promo_codes": "COSY20", "disclosure_rules": "uk", "d0_platform": "instagram", "d0_format": "reel",
            "d0_count": "2", "d0_due_on": "2026-10-20", "d0_usage_rights_days": "90", "d1_count": ""}
    r = browser.post(f"{url}/brief", data={**form, "d0_count": "zero"})
    assert r.status_code == 422 and "deliverables.0.count" in r.text and "Slow evenings" in r.text
    r = browser.post(f"{url}/brief", data=form)
    assert r.status_code == 303 and "saved=1" in r.headers["location"]
    r = browser.post(f"{url}/brief", data={**form, "key_messages": "stale"})
    assert r.status_code == 409 and "changed by someone else" in r.text
    brief = http.get(f"/api/v1/campaigns/{c['id']}/brief", headers=t.headers).json()
    assert brief["version"] == 1 and brief["required_hashtags"] == ["CosyNightIn", "HBPartner"]
    assert brief["deliverables"] == [{"platform": "instagram", "format": "reel", "count": 2, "due_on": "2026-10-20",
                                      "usage_rights_days": 90, "exclusivity_days": 0}]
    acc = factory.creator(handle=_handle())[1]
    http.post(f"/api/v1/campaigns/{c['id']}/creators", json={"account_ids": [acc]}, headers=t.headers)
    entry = http.get(f"/api/v1/campaigns/{c['id']}/creators", headers=t.headers).json()[0]
    page = browser.get(f"{url}/creators/{entry['id']}")
    assert page.status_code == 200 and 'data-testid="empty-drafts"' in page.text
    assert 'data-testid="submit-draft"' not in page.text  # not contracted yet
    r = browser.post(f"{url}/creators/{entry['id']}/submissions", data={"csrf_token": token, "caption": "hi"})
    assert r.status_code == 409 and "contracted" in r.text
    for stage in ("interested", "contracted"):
        http.post(f"/api/v1/campaigns/{c['id']}/creators/{entry['id']}/stage", json={"stage": stage},
                  headers=t.headers)
    detail = browser.get(url).text  # the brief's reel was due 20 Oct 2026: the contracted creator is late
    assert 'data-testid="reminder" data-kind="draft_due"' in detail and "Draft was due 20 Oct 2026" in detail
    bad = "So cheap and cosy #CosyNightIn #tea #calm #home #ad"
    r = browser.post(f"{url}/creators/{entry['id']}/submissions", data={"csrf_token": token, "caption": bad})
    assert r.status_code == 303
    page = browser.get(r.headers["location"])
    assert 'data-testid="submitted-notice"' in page.text and 'data-verdict="fail"' in page.text
    assert '<mark class="hl hl-fail" title="Banned words">cheap</mark>' in page.text
    assert 'data-key="disclosure" data-status="fail"' in page.text and 'data-testid="review-form"' in page.text
    sub_id = re.search(r'id="s(\d+)"', page.text).group(1)
    review = f"{url}/creators/{entry['id']}/submissions/{sub_id}/review"
    r = browser.post(review, data={"csrf_token": token, "decision": "request_changes", "comment": ""})
    assert r.status_code == 422 and "say what to change" in r.text
    r = browser.post(review, data={"csrf_token": token, "decision": "request_changes", "comment": "Ad up front"})
    assert r.status_code == 303 and "reviewed=changes_requested" in r.headers["location"]
    good = "Ad | Cosy night in with @hollandandbarrett, code COSY20 #CosyNightIn #HBPartner"
    browser.post(f"{url}/creators/{entry['id']}/submissions", data={"csrf_token": token, "caption": good})
    page = browser.get(f"{url}/creators/{entry['id']}")
    assert page.text.count('data-testid="draft"') == 2 and 'data-key="disclosure" data-status="pass"' in page.text
    sub2 = re.search(r'id="s(\d+)"', page.text).group(1)
    r = browser.post(f"{url}/creators/{entry['id']}/submissions/{sub2}/review",
                     data={"csrf_token": token, "decision": "approve"})
    assert r.status_code == 303
    assert 'data-testid="creator-stage">Approved' in browser.get(f"{url}/creators/{entry['id']}").text


def test_terms_payments_and_budget_warning_pages(browser, factory, http):
    t = factory.tenant("admin")
    assert login(browser, t.email).status_code == 200
    brand = http.post("/api/v1/brands", json={"name": f"Barry M {uuid.uuid4().hex[:4]}"}, headers=t.headers).json()
    c = http.post("/api/v1/campaigns", json={"name": "Party", "brand_id": brand["id"], "budget": "500"},
                  headers=t.headers).json()
    acc = factory.creator(handle=_handle())[1]
    http.post(f"/api/v1/campaigns/{c['id']}/creators", json={"account_ids": [acc]}, headers=t.headers)
    entry = http.get(f"/api/v1/campaigns/{c['id']}/creators", headers=t.headers).json()[0]
    url = f"/campaigns/{c['id']}/creators/{entry['id']}"
    page = browser.get(url)
    assert 'data-testid="terms-form"' in page.text and "No terms yet" in page.text
    token = csrf_of(page.text)
    r = browser.post(f"{url}/agreements", data={"csrf_token": token, "base_version": "0", "fee": "lots"})
    assert r.status_code == 422 and "fee" in r.text
    r = browser.post(f"{url}/agreements", data={"csrf_token": token, "base_version": "0", "fee": "450",
                                                "currency": "GBP", "product_value": "25"})
    assert r.status_code == 303
    r = browser.post(f"{url}/agreements/accept", data={"csrf_token": token, "version": "1"})
    assert r.status_code == 303 and "terms=accepted" in r.headers["location"]
    page = browser.get(f"{url}")
    assert 'data-testid="payment" data-status="due"' in page.text and "Accepted" in page.text
    detail = browser.get(f"/campaigns/{c['id']}").text
    assert 'data-testid="budget-warning"' in detail and "passed 80% of the budget (475.00 of 500.00" in detail
    pay = http.get(f"/api/v1/campaigns/{c['id']}/payments", headers=t.headers).json()[0]
    r = browser.post(f"/campaigns/{c['id']}/payments/{pay['id']}",
                     data={"csrf_token": token, "version": "1", "action": "paid", "reference": "TX1",
                           "entry_id": str(entry["id"])})
    assert r.status_code == 409 and "can&#39;t be marked paid" in r.text
    r = browser.post(f"/campaigns/{c['id']}/payments/{pay['id']}",
                     data={"csrf_token": token, "version": "1", "action": "approve", "entry_id": str(entry["id"])})
    assert r.status_code == 303 and "payment=approved" in r.headers["location"]
