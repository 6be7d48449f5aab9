"""Opportunities over real HTTP: a brand publishes a campaign to creators with rules (validated, versioned, only
for a campaign still recruiting); creators whose proved accounts meet the rules see it, best fit first, with
reasons — and never the budget or the brand when it chose to stay anonymous."""

import uuid

import httpx

from tests.portal.test_campaigns import _brand_campaign, _claim, _creator
from tests.web import csrf_of, login

RULES = {"title": "Cosy autumn evenings", "summary": "Tea, candles and a good book.", "fee_min": "150",
         "fee_max": "300", "platforms": ["instagram"], "niches": ["food", "home"], "countries": ["GB"],
         "min_followers": 1000, "max_followers": 100000}


def _publish(http, t, c, **changes):
    return http.put(f"/api/v1/campaigns/{c['id']}/opportunity", json={**RULES, **changes}, headers=t.headers)


def test_publishing_is_validated_and_versioned(http, factory):
    t, c, _, _, _ = _brand_campaign(http, factory, f"op{uuid.uuid4().hex[:8]}")
    assert http.get(f"/api/v1/campaigns/{c['id']}/opportunity", headers=t.headers).json() is None
    for bad, field in [({"gifted_only": True}, "fee_min"), ({"fee_min": "400"}, "fee_max"),
                       ({"min_followers": 5000, "max_followers": 10}, "max_followers"),
                       ({"platforms": ["myspace"]}, "platforms"), ({"min_authenticity": 150}, "min_authenticity"),
                       ({"currency": "ZZZ"}, "currency")]:
        r = _publish(http, t, c, **bad)
        assert r.status_code == 422 and field in r.text, (bad, r.text)
    first = _publish(http, t, c)
    assert first.status_code == 200 and first.json()["status"] == "open"
    v = first.json()["version"]
    assert _publish(http, t, c, title="Changed", version=v).status_code == 200
    assert _publish(http, t, c, title="Stale", version=v).status_code == 409
    closed = http.post(f"/api/v1/campaigns/{c['id']}/opportunity/close", headers=t.headers)
    assert closed.json()["status"] == "closed"
    viewer = factory.tenant("viewer", t.workspace_id)
    assert _publish(http, viewer, c).status_code == 403


def test_eligible_creators_see_it_with_reasons_and_nothing_private(http, factory, engine, live_server):
    handle = f"op{uuid.uuid4().hex[:8]}"
    t, c, account, _, _ = _brand_campaign(http, factory, handle)
    http.patch(f"/api/v1/campaigns/{c['id']}", json={"version": c["version"], "budget": "98765"},
               headers=t.headers).raise_for_status()
    title = f"Cosy evenings {uuid.uuid4().hex[:8]}"  # other tests' opportunities are open in the same database
    assert _publish(http, t, c, title=title).status_code == 200
    creator = _creator(live_server)
    empty = creator.get("/portal/opportunities")
    assert 'data-testid="no-accounts"' in empty.text  # nothing until an account is proved
    _claim(creator, engine, handle, account)
    home = creator.get("/portal")
    token = home.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    saved = creator.post("/portal/profile", data={"csrf_token": token, "name": "Pat Creator", "country": "GB",
                                                  "niches": ["food"]})
    assert saved.status_code == 303
    page = creator.get("/portal/opportunities")
    assert page.text.count('data-testid="opportunity-card"') >= 1 and title in page.text
    assert "150–300 GBP" in page.text and "you make food" in page.text and f"@{handle}" in page.text
    assert "98765" not in page.text and "98,765" not in page.text  # the budget stays the brand's
    _publish(http, t, c, title=title, show_brand=False, version=http.get(f"/api/v1/campaigns/{c['id']}/opportunity",
                                                             headers=t.headers).json()["version"])
    brand = http.get(f"/api/v1/brands/{c['brand_id']}", headers=t.headers).json()["name"]
    assert brand not in creator.get("/portal/opportunities").text
    current = http.get(f"/api/v1/campaigns/{c['id']}/opportunity", headers=t.headers).json()
    r = _publish(http, t, c, title=title, min_followers=100, max_followers=500, version=current["version"])
    assert r.status_code == 200  # the account has 12,000 followers: no longer eligible
    assert title not in creator.get("/portal/opportunities").text
    creator.close()


def test_the_brand_page_publishes_and_closes(http, factory, live_server):
    t, c, _, _, _ = _brand_campaign(http, factory, f"op{uuid.uuid4().hex[:8]}")
    with httpx.Client(base_url=live_server, timeout=30) as browser:
        login(browser, t.email)
        page = browser.get(f"/campaigns/{c['id']}/opportunity")
        assert page.status_code == 200 and f'value="{c["name"]}"' in page.text  # starts from the campaign
        form = {"csrf_token": csrf_of(page.text), "title": "Party looks", "fee_min": "500", "fee_max": "100",
                "platforms": ["tiktok"], "currency": "GBP"}
        bad = browser.post(f"/campaigns/{c['id']}/opportunity", data=form)
        assert bad.status_code == 422 and "fee_max" in bad.text and 'value="Party looks"' in bad.text
        ok = browser.post(f"/campaigns/{c['id']}/opportunity", data={**form, "fee_max": "900"},
                          follow_redirects=True)
        assert "Published" in ok.text and 'data-testid="opportunity-status"' in ok.text
        closed = browser.post(f"/campaigns/{c['id']}/opportunity/close", data={"csrf_token": csrf_of(ok.text)},
                              follow_redirects=True)
        assert "Closed: creators no longer see it" in closed.text


def test_a_finished_campaign_offers_no_publish_form(http, factory, live_server):
    """A completed campaign's page says why it cannot be published instead of offering a form that is refused."""
    t, c, _, _, _ = _brand_campaign(http, factory, f"op{uuid.uuid4().hex[:8]}")
    for status in ("recruiting", "live", "completed"):
        r = http.post(f"/api/v1/campaigns/{c['id']}/status", json={"status": status}, headers=t.headers)
        assert r.status_code == 200, r.text
    with httpx.Client(base_url=live_server, timeout=30) as browser:
        login(browser, t.email)
        page = browser.get(f"/campaigns/{c['id']}/opportunity")
    assert page.status_code == 200 and 'data-testid="opportunity-finished"' in page.text
    assert "This campaign is completed" in page.text and 'data-testid="opportunity-form"' not in page.text
    assert _publish(http, t, c).status_code == 409  # and the API refuses it by name
