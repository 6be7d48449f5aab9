"""HTML pages over real HTTP: login, CSRF, rate limit, brand forms, settings, roles."""

import httpx
import pytest

from tests.factories import PASSWORD
from tests.web import csrf_of, login


@pytest.fixture
def browser(live_server):
    with httpx.Client(base_url=live_server, timeout=30) as client:
        yield client


def test_pages_redirect_to_login(browser):
    r = browser.get("/creators?platform=tiktok")
    assert r.status_code == 303 and r.headers["location"] == "/login?next=/creators%3Fplatform%3Dtiktok"


def test_login_logout(browser, factory):
    t = factory.tenant()
    r = login(browser, t.email)
    assert r.status_code == 200 and str(r.url).endswith("/creators")
    assert "rr_session" in browser.cookies
    r = browser.post("/logout", data={"csrf_token": csrf_of(r.text)}, follow_redirects=False)
    assert r.status_code == 303
    assert browser.get("/creators", follow_redirects=False).status_code == 303


def test_wrong_password_and_missing_csrf(browser, factory):
    t = factory.tenant()
    r = login(browser, t.email, "wrong-password")
    assert r.status_code == 401 and "wrong" in r.text
    r = browser.post("/login", data={"email": t.email, "password": PASSWORD, "csrf_token": "forged"})
    assert r.status_code == 403 and "rr_session" not in browser.cookies


def test_login_is_rate_limited(live_server, factory, monkeypatch):
    t = factory.tenant()
    with httpx.Client(base_url=live_server, timeout=30) as c:
        statuses = [login(c, t.email, f"bad-{i}").status_code for i in range(6)]
        assert statuses[:5] == [401] * 5 and statuses[5] == 429
        # Even the right password is refused while the window lasts.
        assert login(c, t.email).status_code == 429


def test_open_redirect_is_refused(browser, factory):
    t = factory.tenant()
    browser.get("/login")
    r = browser.post("/login", data={"email": t.email, "password": PASSWORD, "next": "//evil.example",
                                     "csrf_token": browser.cookies.get("rr_login_csrf")}, follow_redirects=False)
    assert r.headers["location"] == "/creators"


def test_forms_need_the_session_csrf_token(browser, factory):
    t = factory.tenant()
    login(browser, t.email)
    r = browser.post("/brands", data={"name": "NoCsrf"})
    assert r.status_code == 403
    assert http_brands(browser, t) == []


def http_brands(client, tenant):
    return httpx.get(str(client.base_url) + "/api/v1/brands", headers=tenant.headers).json()


def test_brand_form_create_edit_delete(browser, factory):
    t = factory.tenant()
    page = login(browser, t.email)
    token = csrf_of(page.text)
    form = {"csrf_token": token, "name": "Oat & Ember", "description": "Cosy candles", "voice": "warm",
            "values": "handmade, vegan", "banned_words": "cheap", "niches": ["home", "wellness"],
            "countries": "GB:60%, IE:10", "languages": "en:90%", "age_25-34": "40", "gender_female": "70"}
    r = browser.post("/brands", data=form, follow_redirects=True)
    assert r.status_code == 200 and "Oat &amp; Ember" in r.text
    brand = http_brands(browser, t)[0]
    assert brand["target_audience"]["countries"] == {"GB": 0.6, "IE": 0.1}
    assert brand["target_audience"]["languages"] == {"en": 0.9}
    assert brand["target_audience"]["age_bands"] == {"25-34": 0.4} and brand["niches"] == ["home", "wellness"]
    edit = browser.get(f"/brands/{brand['id']}/edit").text  # shown back in the unit it was typed in
    assert 'value="GB:60%, IE:10%"' in edit and 'value="en:90%"' in edit and 'value="40"' in edit
    r = browser.post(f"/brands/{brand['id']}", data={**form, "voice": "calm and kind"}, follow_redirects=True)
    assert r.status_code == 200 and http_brands(browser, t)[0]["voice"] == "calm and kind"
    r = browser.post(f"/brands/{brand['id']}/delete", data={"csrf_token": token}, follow_redirects=True)
    assert r.status_code == 200 and http_brands(browser, t) == []


@pytest.mark.parametrize("field, value, expect", [
    ("name", "", "name"),
    ("countries", "GB=half", "countries"),
    ("countries", "GB:lots", "countries"),
    ("age_18-24", "abc", "age.18-24"),
    ("niches", "astrology", "niches"),
    ("countries", "GB:90%, US:90%", "countries"),
    ("countries", "GB:0.6", "GB:60%"),  # a fraction is not silently read as 0.6%
])
def test_brand_form_errors_name_the_field_and_write_nothing(browser, factory, field, value, expect):
    t = factory.tenant()
    token = csrf_of(login(browser, t.email).text)
    form = {"csrf_token": token, "name": "Valid", field: value}
    r = browser.post("/brands", data=form)
    assert r.status_code == 422 and expect in r.text
    assert http_brands(browser, t) == []


def test_viewer_cannot_use_write_forms(browser, factory):
    owner = factory.tenant()
    viewer = factory.tenant("viewer", workspace_id=owner.workspace_id)
    token = csrf_of(login(browser, viewer.email).text)
    assert browser.get("/brands/new").status_code == 403
    assert browser.post("/brands", data={"csrf_token": token, "name": "Nope"}).status_code == 403
    assert http_brands(browser, owner) == []


def test_settings_token_shown_once(browser, factory):
    t = factory.tenant()
    token = csrf_of(login(browser, t.email).text)
    r = browser.post("/settings/tokens", data={"csrf_token": token, "name": "from-settings"})
    assert r.status_code == 200
    secret = [w for w in r.text.replace('"', " ").replace("<", " ").replace(">", " ").split() if w.startswith("rr_")]
    assert secret, "new token not shown"
    me = httpx.get(str(browser.base_url) + "/api/v1/me", headers={"Authorization": f"Bearer {secret[0]}"})
    assert me.status_code == 200
    again = browser.get("/settings").text
    assert secret[0] not in again and "from-settings" in again


def test_creators_page_filters_and_bad_filter_message(browser, factory):
    t = factory.tenant()
    factory.creator(workspace_id=t.workspace_id, platform="tiktok", handle=f"pagetok{t.workspace_id}")
    factory.creator(workspace_id=t.workspace_id, platform="youtube", handle=f"pagetube{t.workspace_id}")
    login(browser, t.email)
    r = browser.get("/creators", params={"q": "page", "platform": "tiktok"})
    assert f"pagetok{t.workspace_id}" in r.text and f"pagetube{t.workspace_id}" not in r.text
    r = browser.get("/creators", params={"q": f"pagetok{t.workspace_id}", "min_followers": "lots"})
    assert r.status_code == 200 and "min_followers" in r.text and f"pagetok{t.workspace_id}" in r.text


def test_profile_page_and_unknown_creator(browser, factory):
    t = factory.tenant()
    creator_id, account_id = factory.creator(workspace_id=t.workspace_id, name="Profile Person")
    login(browser, t.email)
    r = browser.get(f"/creators/{creator_id}")
    assert r.status_code == 200 and "Profile Person" in r.text and "followers-chart" in r.text
    assert "Median of" in r.text  # the ER definition is on the page for the tooltip
    assert browser.get("/creators/99999999").status_code == 404
