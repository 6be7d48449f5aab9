"""Workspace B never sees workspace A's rows, on every list and get route (page and API)."""

import httpx
import pytest

from tests.campaigns.test_media import PNG
from tests.portal.test_campaigns import _claim, _creator
from tests.portal.test_campaigns import _csrf as portal_csrf
from tests.routes import CREATOR_REALM, app_routes
from tests.web import csrf_of, login

# Every GET route must be listed here with how to fill its path parameters from A's objects.
# A route the test doesn't know fails the test, so new routes can't skip the check.
PUBLIC = {"/login", "/healthz", "/docs", "/docs/oauth2-redirect", "/openapi.json", "/static", "/",
          "/invitations/{token}",  # a capability link: whoever holds the token may see the invitation
          "/unsubscribe/{token}",  # the same: the link in an email (tested in tests/outreach)
          "/r/{token}"}  # a report shared with a client (tested in tests/measurement/test_shares.py)


@pytest.fixture(scope="module")
def two_workspaces(factory, engine, live_server):
    a, b = factory.tenant("owner"), factory.tenant("owner")
    with httpx.Client(base_url=live_server, timeout=30) as c:
        brand = c.post("/api/v1/brands", json={"name": f"SecretBrand{a.workspace_id}"}, headers=a.headers).json()
    creator_id, account_id = factory.creator(workspace_id=a.workspace_id, handle=f"privatehandle{a.workspace_id}",
                                             name=f"Private Person {a.workspace_id}",
                                             email=f"private{a.workspace_id}@creators.test")
    token_id = c_token_id(live_server, a)
    # A shared-catalogue account in A's campaign: its pipeline entry must still be A's alone.
    campaign_shared = factory.creator(handle=f"sharedincampaign{a.workspace_id}")[1]
    with httpx.Client(base_url=live_server, timeout=30) as c:
        lst = c.post("/api/v1/lists", json={"name": f"SecretList{a.workspace_id}"}, headers=a.headers).json()
        c.post(f"/api/v1/lists/{lst['id']}/items", json={"account_id": account_id, "note": "secret"},
               headers=a.headers)
        search = c.post("/api/v1/saved-searches", json={"name": f"SecretSearch{a.workspace_id}", "query": {}},
                        headers=a.headers).json()
        invitation = c.post("/api/v1/invitations", json={"email": f"invited{a.workspace_id}@example.com"},
                            headers=a.headers).json()
        campaign = c.post("/api/v1/campaigns", json={"name": f"SecretCampaign{a.workspace_id}",
                                                     "brand_id": brand["id"]}, headers=a.headers).json()
        c.post(f"/api/v1/campaigns/{campaign['id']}/creators", json={"account_ids": [campaign_shared, account_id]},
               headers=a.headers)
        entries = c.get(f"/api/v1/campaigns/{campaign['id']}/creators", headers=a.headers).json()
        entry = entries[0]
        assert entry["account_id"] == campaign_shared
        template = c.post("/api/v1/outreach/templates", json={"name": f"SecretTemplate{a.workspace_id}",
                                                               "subject": "Hi", "body": "Hello"},
                          headers=a.headers).json()
        sent = c.post(f"/api/v1/campaigns/{campaign['id']}/emails",
                      json={"subject": f"SecretSubject{a.workspace_id}", "body": "Hello",
                            "entry_ids": [entries[1]["id"]]}, headers=a.headers).json()
        dnc = c.post("/api/v1/outreach/do-not-contact", json={"email": f"blocked{a.workspace_id}@creators.test",
                                                              "reason": f"SecretReason{a.workspace_id}"},
                     headers=a.headers).json()
        product = c.post(f"/api/v1/campaigns/{campaign['id']}/products", json={
            "name": f"SecretProduct{a.workspace_id}", "sku": f"SECRETSKU{a.workspace_id}"}, headers=a.headers).json()
        shipment = c.post(f"/api/v1/campaigns/{campaign['id']}/creators/{entry['id']}/shipments", json={
            "product_id": product["id"], "address": {"recipient": f"Secret Recipient {a.workspace_id}",
                                                     "line1": "1 Hidden Row", "city": "Nowhere", "country": "GB"}},
            headers=a.headers).json()
        for stage in ("interested", "contracted"):
            c.post(f"/api/v1/campaigns/{campaign['id']}/creators/{entry['id']}/stage", json={"stage": stage},
                   headers=a.headers).raise_for_status()
        draft = c.post(f"/api/v1/campaigns/{campaign['id']}/creators/{entry['id']}/submissions",
                       json={"caption": f"SecretCaption{a.workspace_id}"}, headers=a.headers).json()
        media = c.post(f"/api/v1/campaigns/{campaign['id']}/creators/{entry['id']}/submissions/{draft['id']}/media",
                       files=[("files", (f"SecretFile{a.workspace_id}.png", PNG, "image/png"))],
                       headers=a.headers).json()[0]
        camp = f"/api/v1/campaigns/{campaign['id']}"
        post = c.post(f"{camp}/posts", json={"entry_id": entry["id"], "posted_at": "2026-11-01T10:00:00",
                                             "url": f"https://www.instagram.com/p/SECRETPOST{a.workspace_id}/"},
                      headers=a.headers)
        assert post.status_code == 201, post.text
        c.post(f"{camp}/posts/{post.json()['id']}/snapshots", json={"collected_at": "2026-11-02T10:00:00",
                                                                  "views": 1234}, headers=a.headers).raise_for_status()
        c.post(f"{camp}/tracking", headers=a.headers).raise_for_status()
        share = c.post(f"{camp}/shares", json={"days": 5, "label": f"SecretShare{a.workspace_id}"},
                       headers=a.headers).json()
        plan = c.post("/api/v1/plans", json={"brand_id": brand["id"], "budget": 500, "pool": 10, "time_limit": 1},
                      headers=a.headers, timeout=60)
        assert plan.status_code == 201, plan.text
        plan = plan.json()
        # A's campaign published to creators, a creator's bid on it, and a creator asking A to confirm an account
        c.put(f"/api/v1/campaigns/{campaign['id']}/opportunity", headers=a.headers, json={
            "title": f"SecretOpportunity{a.workspace_id}", "summary": f"SecretSummary{a.workspace_id}",
            "fee_min": "100", "fee_max": "300", "platforms": ["instagram"]}).raise_for_status()
        review_account = factory.creator(handle=f"claimreview{a.workspace_id}")[1]
        c.post(f"/api/v1/campaigns/{campaign['id']}/creators", json={"account_ids": [review_account]},
               headers=a.headers).raise_for_status()
    bid_id, claim_id = _bid_and_claim(live_server, engine, a, campaign["id"], campaign_shared, review_account)
    ids = {"invitation_id": invitation["id"], "media_id": media["id"], "submission_id": draft["id"],
           "creator_id": creator_id, "account_id": account_id, "brand_id": brand["id"], "token_id": token_id,
           "membership_id": member_id(live_server, a), "list_id": lst["id"], "saved_search_id": search["id"],
           "campaign_id": campaign["id"], "entry_id": entry["id"], "template_id": template["id"],
           "email_id": sent["email_ids"][0], "dnc_id": dnc["id"],
           "shipment_id": shipment["id"], "product_id": product["id"], "plan_id": plan["id"], "bid_id": bid_id,
           "claim_id": claim_id, "post_id": post.json()["id"], "share_id": share["id"]}
    # Routes without path parameters that take A's ids in the query string instead (B must get 404).
    shared_account = factory.creator(handle="sharedtenancy", name="Shared Tenancy")[1]
    ids["query"] = {"/compare": f"account_ids={account_id},{shared_account}",
                    "/api/v1/compare": f"account_ids={account_id},{shared_account}",
                    "/discover": f"like={shared_account},{account_id}&campaign={campaign['id']}",
                    "/discover/results": f"like={account_id}"}
    markers = [f"SecretBrand{a.workspace_id}", f"privatehandle{a.workspace_id}", f"Private Person {a.workspace_id}",
               a.email, f"SecretList{a.workspace_id}", f"SecretSearch{a.workspace_id}",
               f"invited{a.workspace_id}@example.com", f"SecretCampaign{a.workspace_id}",
               f"SecretTemplate{a.workspace_id}", f"SecretSubject{a.workspace_id}",
               f"private{a.workspace_id}@creators.test", f"SecretReason{a.workspace_id}",
               f"SecretCaption{a.workspace_id}", f"SecretFile{a.workspace_id}",
               f"SecretProduct{a.workspace_id}", f"SECRETSKU{a.workspace_id}", f"Secret Recipient {a.workspace_id}",
               f"SecretOpportunity{a.workspace_id}", f"SecretSummary{a.workspace_id}",
               f"SecretBidMessage{a.workspace_id}", f"SecretClaimNote{a.workspace_id}",
               f"SECRETPOST{a.workspace_id}", f"SecretShare{a.workspace_id}"]
    return a, b, ids, markers


def _bid_and_claim(live_server, engine, a, campaign_id: int, bid_account: int, review_account: int):
    """A creator proves the shared account in A's campaign and bids with it on A's opportunity, then claims another
    account of A's campaign and asks A to confirm it: (bid id, claim id)."""
    creator = _creator(live_server)
    ws = a.workspace_id
    _claim(creator, engine, f"sharedincampaign{ws}", bid_account)
    page = creator.get("/portal/opportunities")
    placed = creator.post(f"/portal/opportunities/{campaign_id}/bid", data={
        "csrf_token": portal_csrf(page.text), "account_id": str(bid_account), "fee": "200", "currency": "GBP",
        "message": f"SecretBidMessage{ws}"})
    assert placed.status_code == 303, placed.text[-2000:]
    home = creator.get("/portal")
    creator.post("/portal/claims",
                 data={"csrf_token": portal_csrf(home.text), "account": f"instagram:@claimreview{ws}"})
    claim = next(x for x in creator.get("/api/v1/portal/claims").json() if x["handle"] == f"claimreview{ws}")
    asked = creator.post(f"/portal/claims/{claim['id']}/review", follow_redirects=True,
                         data={"csrf_token": portal_csrf(home.text), "note": f"SecretClaimNote{ws}"})
    assert asked.status_code == 200, asked.text[-2000:]
    with httpx.Client(base_url=live_server, timeout=30) as c:
        bids = c.get(f"/api/v1/campaigns/{campaign_id}/bids", headers=a.headers).json()
        waiting = c.get("/api/v1/claims", headers=a.headers).json()
    assert len(bids) == 1 and any(w["id"] == claim["id"] for w in waiting), (bids, waiting)
    creator.close()
    return bids[0]["id"], claim["id"]


def c_token_id(base, tenant):
    with httpx.Client(base_url=base, timeout=30) as c:
        return c.get("/api/v1/tokens", headers=tenant.headers).json()[0]["id"]


def member_id(base, tenant):
    with httpx.Client(base_url=base, timeout=30) as c:
        return c.get("/api/v1/members", headers=tenant.headers).json()[0]["id"]


def _get_routes():
    # the creator portal is another realm: tests/portal/test_realm.py walks it against brand sessions
    return [p for m, p in app_routes() if m == "GET" and p not in PUBLIC and not p.startswith(CREATOR_REALM)]


def _fill(path: str, ids: dict) -> str:
    query = ids.get("query", {}).get(path)
    for key, value in ids.items():
        path = path.replace("{" + key + "}", str(value))
    assert "{" not in path, f"tenancy test does not know how to fill {path}: add its parameter to the ids"
    return f"{path}?{query}" if query else path


def test_every_get_route_hides_other_workspaces(two_workspaces, live_server):
    a, b, ids, markers = two_workspaces
    routes = sorted(set(_get_routes()))
    assert "/api/v1/creators" in routes and "/creators/{creator_id}" in routes
    with httpx.Client(base_url=live_server, timeout=30) as browser:
        assert login(browser, b.email).status_code == 200
        for route in routes:
            url = _fill(route, ids)
            if route.startswith("/api/"):
                resp = httpx.get(live_server + url, headers=b.headers)
            else:
                resp = browser.get(url)
            has_param = "{" in route or route in ids["query"]
            if has_param:
                assert resp.status_code == 404, f"{route}: B got {resp.status_code} for A's row"
            else:
                assert resp.status_code == 200, f"{route}: {resp.status_code}"
            for marker in markers:
                assert marker not in resp.text, f"{route} leaked {marker!r} to workspace B"


def test_a_sees_its_own_rows(two_workspaces, live_server):
    a, _, ids, markers = two_workspaces
    r = httpx.get(live_server + "/api/v1/creators", params={"q": f"privatehandle{a.workspace_id}"}, headers=a.headers)
    assert r.json()["total"] == 1
    assert httpx.get(live_server + f"/api/v1/brands/{ids['brand_id']}", headers=a.headers).status_code == 200


def test_writes_to_other_workspace_rows_are_404(two_workspaces, live_server):
    _, b, ids, _ = two_workspaces
    assert httpx.patch(live_server + f"/api/v1/brands/{ids['brand_id']}", json={"voice": "x"},
                       headers=b.headers).status_code == 404
    assert httpx.delete(live_server + f"/api/v1/brands/{ids['brand_id']}", headers=b.headers).status_code == 404
    assert httpx.delete(live_server + f"/api/v1/tokens/{ids['token_id']}", headers=b.headers).status_code == 404
    assert httpx.patch(live_server + f"/api/v1/members/{ids['membership_id']}", json={"role": "viewer"},
                       headers=b.headers).status_code == 404
    assert httpx.delete(live_server + f"/api/v1/invitations/{ids['invitation_id']}",
                        headers=b.headers).status_code == 404


def test_campaign_writes_to_other_workspace_rows_are_404(two_workspaces, live_server):
    _, b, ids, _ = two_workspaces
    base = f"{live_server}/api/v1/campaigns/{ids['campaign_id']}"
    entry = f"{base}/creators/{ids['entry_id']}"
    writes = [
        ("PATCH", base, {"version": 1, "name": "Stolen"}), ("POST", base + "/status", {"status": "recruiting"}),
        ("POST", base + "/creators", {"account_ids": [ids["account_id"]]}),
        ("POST", base + "/creators/move", {"ids": [ids["entry_id"]], "stage": "interested"}),
        ("POST", entry + "/stage", {"stage": "interested"}),
        ("POST", base + "/products", {"name": "Stolen", "sku": "STOLEN"}),
        ("POST", entry + "/shipments", {"product_id": ids["product_id"], "address": {
            "recipient": "X", "line1": "X", "city": "X", "country": "GB"}}),
        ("POST", f"{base}/shipments/{ids['shipment_id']}/status", {"status": "shipped", "version": 1,
                                                                  "tracking_number": "X1"}),
        ("POST", f"{base}/shipments/{ids['shipment_id']}/erase-address", None),
        ("DELETE", entry, None), ("DELETE", base, None),
    ]
    draft = f"{entry}/submissions/{ids['submission_id']}"
    writes += [("POST", draft + "/live", {"url": "https://www.instagram.com/p/x/", "caption": "Ad | stolen"}),
               ("PUT", base + "/opportunity", {"title": "Stolen"}), ("POST", base + "/opportunity/close", None),
               ("POST", f"{base}/bids/{ids['bid_id']}/accept", None),
               ("POST", f"{base}/bids/{ids['bid_id']}/counter", {"fee": "1"}),
               ("POST", f"{base}/bids/{ids['bid_id']}/decline", {}),
               ("POST", f"{live_server}/api/v1/claims/{ids['claim_id']}/approve", None),
               ("POST", f"{live_server}/api/v1/claims/{ids['claim_id']}/reject", {"reason": "stolen"})]
    upload = httpx.post(draft + "/media", files=[("files", ("x.png", PNG, "image/png"))], headers=b.headers)
    assert upload.status_code == 404, upload.text
    outreach = f"{live_server}/api/v1/outreach"
    writes += [
        ("POST", base + "/emails", {"subject": "x", "body": "y", "entry_ids": [ids["entry_id"]]}),
        ("POST", base + "/emails/preview", {"subject": "x", "body": "y", "entry_ids": [ids["entry_id"]]}),
        ("POST", entry + "/replies", {"text": "stolen"}),
        ("POST", f"{outreach}/outbox/{ids['email_id']}/retry", None),
        ("PATCH", f"{outreach}/templates/{ids['template_id']}", {"name": "n", "subject": "s", "body": "b",
                                                                 "version": 1}),
        ("DELETE", f"{outreach}/templates/{ids['template_id']}", None),
        ("DELETE", f"{outreach}/do-not-contact/{ids['dnc_id']}", None),
    ]
    for method, url, body in writes:
        r = httpx.request(method, url, json=body, headers=b.headers)
        assert r.status_code == 404, (method, url, r.status_code, r.text)
    tracking = f"shipment_id,carrier,tracking_number\n{ids['shipment_id']},X,1\n"
    r = httpx.post(f"{base}/shipments/import", content=tracking, headers={**b.headers, "Content-Type": "text/csv"})
    assert r.status_code == 404, r.text


def test_bid_and_claim_pages_of_other_workspaces_are_404(two_workspaces, live_server):
    """B's session posts decisions on A's bid and A's creator claim (page forms), and on A's bid through B's own
    campaign: 404 each time, nothing of A's in the answer, and the bid is still open."""
    a, b, ids, markers = two_workspaces
    with (httpx.Client(base_url=live_server, timeout=30) as browser,
          httpx.Client(base_url=live_server, timeout=30) as api):
        assert login(browser, b.email).status_code == 200
        brand = api.post("/api/v1/brands", json={"name": "B's own"}, headers=b.headers).json()
        own = api.post("/api/v1/campaigns", json={"name": "B's own", "brand_id": brand["id"]},
                       headers=b.headers).json()
        csrf = csrf_of(browser.get("/settings").text)
        posts = [(f"/campaigns/{ids['campaign_id']}/bids/{ids['bid_id']}", {"action": action, "fee": "1"})
                 for action in ("accept", "counter", "decline")]
        posts += [(f"/campaigns/{own['id']}/bids/{ids['bid_id']}", {"action": "accept"}),
                  (f"/claims/{ids['claim_id']}", {"action": "approve"}),
                  (f"/claims/{ids['claim_id']}", {"action": "reject", "reason": "not theirs"})]
        for url, form in posts:
            r = browser.post(url, data={"csrf_token": csrf, **form}, follow_redirects=False)
            assert r.status_code == 404, (url, form, r.status_code)
            for marker in markers:
                assert marker not in r.text, f"{url} leaked {marker!r} to workspace B"
        r = api.post(f"/api/v1/campaigns/{own['id']}/bids/{ids['bid_id']}/accept", headers=b.headers)
        assert r.status_code == 404, r.text
        bids = api.get(f"/api/v1/campaigns/{ids['campaign_id']}/bids", headers=a.headers).json()
        assert [x["status"] for x in bids] == ["open"]
        assert any(w["id"] == ids["claim_id"] for w in api.get("/api/v1/claims", headers=a.headers).json())


def _measurement_state(live_server, a, ids) -> tuple:
    """What A's campaign holds in measurement: posts (counted or not), the post's snapshots, codes, share links."""
    base = f"{live_server}/api/v1/campaigns/{ids['campaign_id']}"
    posts = httpx.get(f"{base}/posts", headers=a.headers).json()
    snaps = httpx.get(f"{base}/posts/{ids['post_id']}/snapshots", headers=a.headers).json()
    codes = httpx.get(f"{base}/tracking", headers=a.headers).json()
    links = httpx.get(f"{base}/shares", headers=a.headers).json()
    return ([(p["id"], p["url"], p["unlinked_at"], p["snapshots"]) for p in posts], snaps,
            [(t["entry_id"], t["code"], t["landing_url"]) for t in codes],
            [(s["id"], s["revoked_at"]) for s in links])


def test_measurement_writes_to_other_workspace_rows_are_404(two_workspaces, live_server):
    """Every measurement write, API and report page form, against A's campaign from B: 404 and nothing written."""
    a, b, ids, _ = two_workspaces
    before = _measurement_state(live_server, a, ids)
    assert before[0] and before[1] and before[3]  # the fixture gave A a post with numbers and a share link
    base = f"{live_server}/api/v1/campaigns/{ids['campaign_id']}"
    post = f"{base}/posts/{ids['post_id']}"
    writes = [
        ("POST", f"{base}/posts", {"entry_id": ids["entry_id"], "url": "https://www.instagram.com/p/STOLEN1/"}),
        ("DELETE", post, None), ("POST", f"{post}/snapshots", {"collected_at": "2026-11-03T10:00:00", "views": 1}),
        ("POST", f"{post}/platform-snapshots", {"collected_at": "2026-11-03T10:00:00", "response": {"data": []}}),
        ("POST", f"{base}/posts/find", None), ("POST", f"{base}/tracking", None),
        ("PUT", f"{base}/tracking/{ids['entry_id']}", {"code": "STOLEN10"}),
        ("POST", f"{base}/shares", {"days": 3}), ("DELETE", f"{base}/shares/{ids['share_id']}", None),
    ]
    for method, url, body in writes:
        r = httpx.request(method, url, json=body, headers=b.headers)
        assert r.status_code == 404, (method, url, r.status_code, r.text)
    snaps = f"url,collected_at,views\nhttps://www.instagram.com/p/SECRETPOST{a.workspace_id}/,2026-11-04,99\n"
    r = httpx.post(f"{base}/snapshots/import", content=snaps, headers={**b.headers, "Content-Type": "text/csv"})
    assert r.status_code == 404, r.text
    page = f"/campaigns/{ids['campaign_id']}/report"
    orders = b"Name,Currency,Total,Created at\n#STOLEN-1,GBP,10.00,2026-11-02 10:00:00 +0000\n"
    with httpx.Client(base_url=live_server, timeout=30) as browser:
        assert login(browser, b.email).status_code == 200
        token = csrf_of(browser.get("/campaigns").text)
        forms = [
            (f"{page}/posts", {"entry_id": str(ids["entry_id"]), "url": "https://www.instagram.com/p/STOLEN2/"}),
            (f"{page}/find", {}), (f"{page}/posts/{ids['post_id']}/unlink", {}),
            (f"{page}/posts/{ids['post_id']}/snapshots", {"collected_at": "2026-11-03T10:00", "views": "5"}),
            (f"{page}/tracking", {}), (f"{page}/tracking/{ids['entry_id']}", {"code": "STOLEN11"}),
            (f"{page}/shop", {"secret": "stolen-secret-0123456789"}),
            (f"{page}/shares", {"days": "3"}), (f"{page}/shares/{ids['share_id']}/revoke", {}),
        ]
        for url, data in forms:
            r = browser.post(url, data={"csrf_token": token, **data})
            assert r.status_code == 404, (url, r.status_code)
        for url, body in ((f"{page}/snapshots", snaps.encode()), (f"{page}/orders", orders)):
            r = browser.post(url, data={"csrf_token": token}, files={"file": ("x.csv", body, "text/csv")})
            assert r.status_code == 404, (url, r.status_code)
    assert _measurement_state(live_server, a, ids) == before
    # nothing landed in B's own workspace either
    assert httpx.get(f"{live_server}/api/v1/shop-webhook", headers=b.headers).json() is None
