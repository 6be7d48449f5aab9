"""Two realms that never mix, over every route: a creator's session opens no brand page or API route, and a
brand session opens no creator page. Walked from the app's own route table, so new routes are covered."""

import re
import uuid

import httpx
import pytest

from tests.routes import CREATOR_REALM, SIGNED_WEBHOOKS, app_routes
from tests.web import login

PORTAL_PUBLIC = {"/portal/login", "/portal/signup", "/portal/forgot", "/portal/reset/{token}",
                 "/portal/verify/{token}"}
BRAND_PUBLIC = {"/login", "/healthz", "/docs", "/docs/oauth2-redirect", "/openapi.json", "/static", "/"}
CAPABILITY_LINKS = ("/invitations/", "/unsubscribe/", "/r/")  # whoever holds the link may use it, logged in or not


def _fill(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "1", path)


@pytest.fixture(scope="module")
def creator(live_server):
    client = httpx.Client(base_url=live_server, timeout=30)
    page = client.get("/portal/signup")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    r = client.post("/portal/signup", data={"csrf_token": token, "name": "Realm Test",
                                            "email": f"realm{uuid.uuid4().hex[:10]}@creators.test",
                                            "password": "realm-test-pass"})
    assert r.status_code == 303
    yield client
    client.close()


def test_a_creator_session_opens_no_brand_route(creator):
    routes = [(m, p) for m, p in app_routes()
              if p not in BRAND_PUBLIC and not p.startswith((*CREATOR_REALM, *CAPABILITY_LINKS, *SIGNED_WEBHOOKS))]
    assert ("GET", "/creators") in routes and ("GET", "/api/v1/campaigns") in routes
    for method, path in routes:
        r = creator.request(method, _fill(path), follow_redirects=False)
        if path.startswith("/api/"):
            assert r.status_code in (401, 422), (method, path, r.status_code)  # 422: the body was checked first
        else:
            location = r.headers.get("location", "")
            assert r.status_code in (303, 403, 422) and "/portal" not in location, (method, path, r.status_code)
            if r.status_code == 303:
                assert r.headers["location"].startswith("/login"), (method, path, r.headers["location"])


def test_a_brand_session_opens_no_creator_page(factory, live_server):
    brand_user = factory.tenant("owner")
    with httpx.Client(base_url=live_server, timeout=30) as browser:
        assert login(browser, brand_user.email).status_code == 200
        for method, path in app_routes():
            if not path.startswith(CREATOR_REALM) or path in PORTAL_PUBLIC:
                continue
            r = browser.request(method, _fill(path), follow_redirects=False)
            if path.startswith("/api/"):  # the creator API answers 401 (or 422: the body was checked first)
                assert r.status_code in (401, 422), (method, path, r.status_code)
                api = httpx.request(method, f"{live_server}{_fill(path)}", headers=brand_user.headers)
                assert api.status_code in (401, 422), (method, path, api.status_code)  # nor its API token
                continue
            assert r.status_code == 303 and r.headers["location"] == "/portal/login", (method, path, r.status_code)
        assert brand_user.headers  # and the brand's API token is no creator login either
        r = httpx.get(f"{live_server}/portal", headers=brand_user.headers, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/portal/login"


@pytest.mark.parametrize("bad", ["9223372036854775808", "1" + "0" * 30, "abc", "-1", "0", "%F0%9F%98%80"])
def test_portal_pages_with_bad_ids_answer_4xx(creator, bad):
    for method, path in app_routes():
        if method == "GET" and path.startswith("/portal") and "{" in path:
            r = creator.get(re.sub(r"\{[^}]+\}", bad, path), follow_redirects=False)
            assert 400 <= r.status_code < 500, (path, bad, r.status_code)
