"""Creator B never reaches creator A's objects, on every creator-realm route (portal pages and /api/v1/portal/…),
walked from the app's own route table: each path parameter is filled with A's object, B calls it with their session
(pages) or token (API) and gets 404, and nothing of A's is in the answer. Routes without parameters answer B with
B's own things only. A route whose parameter the test does not know fails it, so new routes cannot skip the check."""

import re
import uuid

import httpx
import pytest

from tests.campaigns.test_media import PNG
from tests.campaigns.test_review import BRIEF, GOOD
from tests.portal.test_api import _api, _token
from tests.portal.test_campaigns import PASSWORD, _claim, _csrf
from tests.portal.test_realm import PORTAL_PUBLIC
from tests.routes import CREATOR_REALM, app_routes

# an open opportunity is every eligible creator's to bid on: it is no object of A's
OPEN_TO_ALL = {"/portal/opportunities/{campaign_id}/bid", "/api/v1/portal/opportunities/{campaign_id}/bids"}
# a valid body per route (by its last segment), so the answer is about whose object it is, not a bad body
BODIES = {"accept": {"version": 1}, "counter": {"fee": "100"}, "drafts": {"caption": "Ad | hello"},
          "precheck": {"caption": "hello"},
          "live": {"url": "https://www.instagram.com/p/Stolen1/", "caption": "Ad | hello"}, "review": {"note": "me"},
          "snapshots": {"collected_at": "2026-11-03T09:00:00", "views": 1},
          "numbers": {"collected_at": "2026-11-03T09:00", "views": "1"}}


def _signup(live_server: str, name: str, email: str) -> httpx.Client:
    client = httpx.Client(base_url=live_server, timeout=30)
    page = client.get("/portal/signup")
    r = client.post("/portal/signup", data={"csrf_token": _csrf(page.text), "name": name, "email": email,
                                            "password": PASSWORD})
    assert r.status_code == 303, r.text
    return client


@pytest.fixture(scope="module")
def two_creators(factory, engine, live_server):
    tag = uuid.uuid4().hex[:8]
    t = factory.tenant("admin")
    brand = httpx.Client(base_url=f"{live_server}/api/v1", headers=t.headers, timeout=30)
    acc_a = factory.creator(handle=f"annasecret{tag}")[1]
    acc_b = factory.creator(handle=f"bobopen{tag}")[1]
    factory.creator(handle=f"annapending{tag}")
    b_id = brand.post("/brands", json={"name": f"Isolation {tag}"}).json()["id"]
    c = brand.post("/campaigns", json={"name": f"Isolation {tag}", "brand_id": b_id}).json()
    base = f"/campaigns/{c['id']}"
    brand.post(f"{base}/creators", json={"account_ids": [acc_a, acc_b]}).raise_for_status()
    brand.put(f"{base}/brief", json={"base_version": 0, **BRIEF}).raise_for_status()
    entry = next(e for e in brand.get(f"{base}/creators").json() if e["account_id"] == acc_a)
    brand.post(f"{base}/creators/{entry['id']}/agreements",
               json={"base_version": 0, "fee": "275", "currency": "GBP"}).raise_for_status()
    brand.put(f"{base}/opportunity", json={"title": f"Open to all {tag}", "summary": "Tea", "fee_min": "100",
                                           "fee_max": "300", "platforms": ["instagram"]}).raise_for_status()

    a_name, a_email = f"Anna Secret {tag}", f"anna{tag}@creators.test"
    a = _signup(live_server, a_name, a_email)
    _claim(a, engine, f"annasecret{tag}", acc_a)
    token_name = f"SecretTokenName{tag}"
    a_api = _api(live_server, _token(a, token_name))
    pending = a_api.post("/claims", json={"account": f"instagram:@annapending{tag}"}).json()
    assert a_api.post(f"/campaigns/{entry['id']}/accept", json={"version": 1}).status_code == 204
    caption = f"{GOOD} SecretCaption{tag}"
    room = a.get(f"/portal/campaigns/{entry['id']}")
    sent = a.post(f"/portal/campaigns/{entry['id']}/drafts", follow_redirects=True,
                  data={"csrf_token": _csrf(room.text), "caption": caption, "action": "submit"},
                  files=[("media", (f"secretfile{tag}.png", PNG, "image/png"))])
    assert sent.status_code == 200, sent.text[-2000:]
    draft = a_api.get(f"/campaigns/{entry['id']}").json()["drafts"][0]
    post = brand.post(f"{base}/posts", json={"entry_id": entry["id"], "url": f"https://www.instagram.com/p/S{tag}/",
                                             "posted_at": "2026-11-01T10:00:00"}).json()
    bid = a_api.post(f"/opportunities/{c['id']}/bids", json={"account_id": acc_a, "fee": "200", "currency": "GBP",
                                                             "message": f"SecretBid{tag}"})
    assert bid.status_code == 201, bid.text
    token_id = a_api.get("/tokens").json()[0]["id"]

    b = _signup(live_server, f"Bob Other {tag}", f"bob{tag}@creators.test")
    _claim(b, engine, f"bobopen{tag}", acc_b)
    b_api = _api(live_server, _token(b, "B's token"))
    ids = {"entry_id": entry["id"], "submission_id": draft["id"], "media_id": draft["media"][0]["id"],
           "post_id": post["id"], "claim_id": pending["id"], "bid_id": bid.json()["id"], "token_id": token_id}
    markers = [a_name, a_email, f"annasecret{tag}", f"annapending{tag}", pending["code"], token_name,
               f"SecretCaption{tag}", f"secretfile{tag}", f"SecretBid{tag}"]
    yield a_api, b, b_api, ids, markers
    for client in (brand, a, a_api, b, b_api):
        client.close()


def _routes() -> list[tuple[str, str]]:
    return [(m, p) for m, p in app_routes() if p.startswith(CREATOR_REALM) and p not in PORTAL_PUBLIC
            and not p.startswith(("/portal/login", "/portal/signup", "/portal/forgot", "/portal/reset"))]


def test_creator_b_reaches_none_of_creator_as_objects(two_creators):
    a_api, b, b_api, ids, markers = two_creators
    walked = 0
    for method, path in _routes():
        params = re.findall(r"\{([^}]+)\}", path)
        if not params:
            continue
        if path in OPEN_TO_ALL:
            continue
        assert set(params) <= ids.keys(), f"isolation test does not know how to fill {path}: add it to the ids"
        url = path
        for name in params:
            url = url.replace("{" + name + "}", str(ids[name]))
        body = BODIES.get(path.rsplit("/", 1)[-1], {})
        if path.startswith("/api/"):
            api_url = url.removeprefix("/api/v1/portal")
            if path.endswith("/media") and method == "POST":
                r = b_api.post(api_url, files=[("files", ("x.png", PNG, "image/png"))])
            else:
                r = b_api.request(method, api_url, json=body if method != "GET" else None)
        elif method == "GET":
            r = b.get(url, follow_redirects=False)
        else:
            form = {"csrf_token": _csrf(b.get("/portal").text), **{k: str(v) for k, v in body.items()}}
            r = b.request(method, url, data=form, follow_redirects=False)
        assert r.status_code == 404, (method, path, r.status_code, r.text[:300])
        for marker in markers:
            assert marker not in r.text, f"{method} {path} leaked {marker!r} to creator B"
        walked += 1
    assert walked >= 25, walked  # every creator-realm route with an id of A's

    # and A's things are as they were
    assert a_api.get("/bids").json()[0]["status"] == "open"
    assert len(a_api.get(f"/campaigns/{ids['entry_id']}").json()["drafts"]) == 1
    assert a_api.get("/tokens").json()[0]["revoked_at"] is None


def test_creator_b_sees_only_their_own_on_every_listing(two_creators):
    _, b, b_api, _, markers = two_creators
    for method, path in _routes():
        if method != "GET" or "{" in path:
            continue
        r = b_api.get(path.removeprefix("/api/v1/portal")) if path.startswith("/api/") else b.get(path)
        assert r.status_code == 200, (path, r.status_code)
        for marker in markers:
            assert marker not in r.text, f"{path} leaked {marker!r} to creator B"
