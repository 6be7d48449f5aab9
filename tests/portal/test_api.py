"""The creator API over real HTTP: tokens made in the portal (shown once, hashed at rest, revocable), the same
services as the pages, bad input named, and realms that never mix — a creator token opens no brand API route, a
brand token no creator route, and creator A's token reaches none of creator B's objects."""

import re
import uuid

import httpx
from sqlalchemy import select, text, update

from reachroom.db import unit_of_work
from reachroom.models import Bid, CreatorApiToken, SocialAccount
from tests.portal.test_brand_fit import _setup
from tests.portal.test_campaigns import _creator, _csrf
from tests.portal.test_realm import BRAND_PUBLIC, CAPABILITY_LINKS
from tests.routes import CREATOR_REALM, SIGNED_WEBHOOKS, app_routes


def _token(creator: httpx.Client, name: str = "my planner") -> str:
    """A token made on the portal page, read from the page that shows it once."""
    home = creator.get("/portal")
    page = creator.post("/portal/tokens", data={"csrf_token": _csrf(home.text), "name": name})
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    raw = re.search(r'data-testid="new-token-value"[^>]*>(rrc_[\w-]+)<', page.text).group(1)
    assert raw not in creator.get("/portal").text  # shown once
    return raw


def _api(live_server: str, token: str) -> httpx.Client:
    return httpx.Client(base_url=f"{live_server}/api/v1/portal", headers={"Authorization": f"Bearer {token}"},
                        timeout=30)


def _claim_by_api(api: httpx.Client, engine, handle: str, account: int) -> int:
    started = api.post("/claims", json={"account": f"instagram:@{handle}"})
    assert started.status_code == 201, started.text
    claim = started.json()
    early = api.post(f"/claims/{claim['id']}/check")
    assert early.status_code == 409 and "bio" in early.json()["error"]["message"]
    with unit_of_work(engine) as db:
        db.execute(update(SocialAccount).where(SocialAccount.id == account).values(bio=f"hello {claim['code']}"))
    done = api.post(f"/claims/{claim['id']}/check")
    assert done.status_code == 200 and done.json()["status"] == "verified"
    return claim["id"]


def test_token_shown_once_hashed_at_rest_and_revocable(live_server, engine):
    creator = _creator(live_server)
    raw = _token(creator)
    with unit_of_work(engine) as db:
        rows = db.execute(text("select token_hash, prefix from creator_api_tokens")).all()
        assert all(raw not in (h, p) for h, p in rows) and any(p == raw[:10] for _, p in rows)
    with _api(live_server, raw) as api:
        me = api.get("/me")
        assert me.status_code == 200 and me.json()["name"] == "Pat Creator"
        listed = api.get("/tokens").json()
        assert [t["name"] for t in listed] == ["my planner"] and "token_hash" not in listed[0]
        assert listed[0]["last_used_at"] is not None
        exported = api.get("/export").json()
        assert exported["api_tokens"][0]["name"] == "my planner" and raw not in str(exported)
        bad = api.post("/tokens", json={"name": ""})
        assert bad.status_code == 422 and bad.json()["error"]["fields"][0]["field"].endswith("name")
        second = api.post("/tokens", json={"name": "spare"}).json()
        assert second["token"].startswith("rrc_")
        assert api.delete(f"/tokens/{second['id']}").json()["revoked_at"] is not None
    with _api(live_server, second["token"]) as revoked:
        assert revoked.get("/me").status_code == 401
    home = creator.get("/portal")  # the page revokes too
    token_id = re.search(r'/portal/tokens/(\d+)/revoke', home.text).group(1)
    creator.post(f"/portal/tokens/{token_id}/revoke", data={"csrf_token": _csrf(home.text)})
    with _api(live_server, raw) as api:
        assert api.get("/me").status_code == 401
    for junk in ("rrc_nothing", "rr_" + "x" * 40, "rrc_" + "y" * 500, "cs_" + "z" * 40):
        r = httpx.get(f"{live_server}/api/v1/portal/me", headers={"Authorization": f"Bearer {junk}"})
        assert r.status_code == 401, junk
    creator.close()


def test_a_session_needs_the_csrf_header_to_write(live_server):
    creator = _creator(live_server)
    assert creator.get("/api/v1/portal/me").status_code == 200
    assert creator.post("/api/v1/portal/tokens", json={"name": "x"}).status_code == 403
    csrf = _csrf(creator.get("/portal").text)
    assert creator.post("/api/v1/portal/tokens", json={"name": "x"}, headers={"X-CSRF-Token": csrf}).status_code == 201
    creator.close()


def test_a_creator_token_opens_no_brand_api_route(live_server):
    creator = _creator(live_server)
    raw = _token(creator)
    routes = [(m, p) for m, p in app_routes() if p.startswith("/api/") and not p.startswith(CREATOR_REALM)
              and not p.startswith(SIGNED_WEBHOOKS)]
    assert ("GET", "/api/v1/campaigns") in routes
    for method, path in routes:
        r = httpx.request(method, live_server + re.sub(r"\{[^}]+\}", "1", path),
                          headers={"Authorization": f"Bearer {raw}"})
        assert r.status_code in (401, 422), (method, path, r.status_code)  # 422: the body was checked first
    creator.close()


def test_a_creator_token_opens_no_brand_page(live_server):
    """The brand's pages take a workspace session only: a creator token in the Authorization header is no login
    (the page sends to the brand's login, or refuses the form), on every page route."""
    creator = _creator(live_server)
    raw = _token(creator)
    routes = [(m, p) for m, p in app_routes() if not p.startswith(("/api/", *CREATOR_REALM, *CAPABILITY_LINKS))
              and p not in BRAND_PUBLIC]
    assert ("GET", "/creators") in routes and ("POST", "/campaigns/{campaign_id}/bids/{bid_id}") in routes
    for method, path in routes:
        r = httpx.request(method, live_server + re.sub(r"\{[^}]+\}", "1", path), follow_redirects=False,
                          headers={"Authorization": f"Bearer {raw}"})
        assert r.status_code in (303, 401, 403, 422), (method, path, r.status_code)
        if r.status_code == 303:
            assert r.headers["location"].startswith("/login"), (method, path, r.headers["location"])
        assert "Pat Creator" not in r.text
    creator.close()


def test_the_api_flow_and_creator_a_never_reaches_b(http, factory, engine, live_server):
    t, brand, c, handle, account, title = _setup(http, factory, 15_000)
    other_handle = f"b{uuid.uuid4().hex[:8]}"
    other_account = factory.creator(handle=other_handle, followers=15_000)[1]
    a_web, b_web = _creator(live_server), _creator(live_server)
    a, b = _api(live_server, _token(a_web)), _api(live_server, _token(b_web))
    _claim_by_api(a, engine, handle, account)
    b_claim = _claim_by_api(b, engine, other_handle, other_account)
    for api in (a, b):  # the opportunity asks for food makers
        api.put("/me", json={"name": "Pat Creator", "niches": ["food"]}).raise_for_status()

    feed = a.get("/opportunities", params={"q": title[-8:]})
    assert feed.status_code == 200 and feed.json()["opportunities"][0]["title"] == title
    assert a.get("/opportunities", params={"pay": "free"}).status_code == 422
    before = _bids(engine, c["id"])
    negative = a.post(f"/opportunities/{c['id']}/bids", json={"account_id": account, "fee": "-5", "currency": "GBP"})
    assert negative.status_code == 422 and "fee" in negative.text and _bids(engine, c["id"]) == before
    foreign = a.post(f"/opportunities/{c['id']}/bids", json={"account_id": other_account, "fee": "100",
                                                           "currency": "GBP"})
    assert foreign.status_code == 422 and "account_id" in foreign.text  # B's account is not A's
    a_bid = a.post(f"/opportunities/{c['id']}/bids", json={"account_id": account, "fee": "180", "currency": "GBP"})
    b_bid = b.post(f"/opportunities/{c['id']}/bids", json={"account_id": other_account, "fee": "220",
                                                         "currency": "GBP"})
    assert a_bid.status_code == 201 and b_bid.status_code == 201, (a_bid.text, b_bid.text)
    mine = a.get("/bids").json()
    assert [x["id"] for x in mine] == [a_bid.json()["id"]] and "220" not in str(mine)  # never B's fee

    assert a.post(f"/bids/{b_bid.json()['id']}/withdraw").status_code == 404
    assert a.post(f"/bids/{b_bid.json()['id']}/accept").status_code == 404
    assert a.post(f"/claims/{b_claim}/check").status_code == 404
    b_tokens = b.get("/tokens").json()
    assert a.delete(f"/tokens/{b_tokens[0]['id']}").status_code == 404
    assert b.get("/me").status_code == 200  # B's token still works

    http.post(f"/api/v1/campaigns/{c['id']}/bids/{a_bid.json()['id']}/accept", headers=t.headers).raise_for_status()
    entry = next(x for x in a.get("/campaigns").json() if x["campaign"] == c["name"])
    assert b.get(f"/campaigns/{entry['entry_id']}").status_code == 404  # A's campaign room is not B's
    accepted = a.post(f"/campaigns/{entry['entry_id']}/accept", json={"version": entry["terms"]["version"]})
    assert accepted.status_code == 204, accepted.text
    check = a.post(f"/campaigns/{entry['entry_id']}/precheck", json={"caption": "Lovely tea #tea"})
    assert check.status_code == 200 and check.json()["verdict"] in ("pass", "warn", "fail")
    news = a.get("/notifications").json()
    assert news["unread"] >= 1 and a.post("/notifications/read").status_code == 204
    assert a.get("/notifications").json()["unread"] == 0
    for client in (a, b, a_web, b_web):
        client.close()


def _bids(engine, campaign_id: int) -> int:
    with unit_of_work(engine) as db:
        return len(db.scalars(select(Bid.id).where(Bid.campaign_id == campaign_id)).all())


def test_deleting_the_account_removes_its_tokens(live_server, engine):
    creator = _creator(live_server)
    raw = _token(creator, "to delete")
    home = creator.get("/portal")
    gone = creator.post("/portal/delete", data={"csrf_token": _csrf(home.text), "password": "creator-pass-123"})
    assert gone.status_code == 200
    with unit_of_work(engine) as db:
        assert db.scalar(select(CreatorApiToken.id).where(CreatorApiToken.name == "to delete",
                                                          CreatorApiToken.prefix == raw[:10])) is None
    assert httpx.get(f"{live_server}/api/v1/portal/me", headers={"Authorization": f"Bearer {raw}"}).status_code == 401
    creator.close()
