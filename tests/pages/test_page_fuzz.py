"""Every HTML GET route, logged in as a workspace owner, with valid, huge and garbage path ids and malformed query
values, answers 200 or a styled 4xx page: never a 5xx."""

import httpx
import pytest

from reachroom.creators.schemas import CreatorFilters
from reachroom.discovery.engine import COMPONENTS
from reachroom.discovery.views import NUMBERS
from tests.campaigns.test_media import PNG
from tests.routes import CREATOR_REALM, app_routes
from tests.web import login

# Not pages: JSON, static files and the API docs (the schemathesis run covers the API).
NOT_PAGES = {"/openapi.json", "/docs", "/docs/oauth2-redirect", "/healthz", "/static"}
HUGE_IDS = ["9223372036854775808", "1" + "0" * 30]
GARBAGE_IDS = ["abc", "-1", "0", "1.5", "１２", "%F0%9F%98%80", "1e3", "1 2"]
BAD_VALUES = ["9223372036854775808", "1" + "0" * 30, "abc", "-1", "", "Ärzte 😀 ½ ²", "x" * 2000, "nan", "inf",
              "1e999", "-0", "0x10", "1.5", "1,abc", "%", "[]", "{}", "null", "<script>"]
DISCOVER = sorted(
    set(NUMBERS) | {f"w_{c}" for c in COMPONENTS}
    | {"q", "limit", "offset", "sort", "order", "brand_id", "platforms", "tiers", "niches", "exclude_safety",
       "countries", "languages", "er_min", "sponsored_share_max", "aud_country", "aud_country_min", "aud_age",
       "aud_age_min", "aud_gender", "aud_gender_min", "exclude_list_ids", "like", "go", "saved", "campaign"}
)
# What each page reads from its query string (declared parameters plus request.query_params in the views); every
# page also gets all of these at once. A page reading nothing gets them too: it must ignore them.
READS = {"/creators": sorted(CreatorFilters.model_fields), "/creators/{creator_id}": ["account", "uploaded", "listed"],
         "/discover": DISCOVER, "/discover/results": DISCOVER, "/compare": ["account_ids"],
         "/lists/{list_id}/lookalikes": ["account_ids"], "/login": ["next"],
         "/lists/{list_id}": ["created", "saved", "added", "already", "removed", "updated"],
         "/campaigns": ["brand_id", "status", "deleted"], "/campaigns/new": ["brand_id"],
         "/campaigns/{campaign_id}": ["view", "stage", "created", "saved", "done"],
         "/campaigns/{campaign_id}/brief": ["saved"],
         "/campaigns/{campaign_id}/creators/{entry_id}": ["submitted", "reviewed", "reply", "reply_error", "live"],
         "/campaigns/{campaign_id}/email": ["ids", "stage", "template_id"], "/outreach": ["status", "done", "page"]}
# Per parameter, the values most likely to break a parser (all of BAD_VALUES go in the all-at-once requests).
SHARP = ["9223372036854775808", "abc", "-1", "", "Ärzte 😀 ½ ²", "x" * 2000, "nan", "1e999"]
PARAM_NAMES = sorted({name for names in READS.values() for name in names})


def _page_routes() -> list[str]:
    # the creator portal is another realm (a brand login is sent to its login page): tests/portal/test_realm.py
    return sorted({p for m, p in app_routes() if m == "GET" and not p.startswith(("/api/", *CREATOR_REALM))
                   and p not in NOT_PAGES})


@pytest.fixture(scope="module")
def owner_site(factory, live_server):
    """An owner with a brand, a list holding an account, a saved search and a private creator; a logged-in client."""
    owner = factory.tenant("owner")
    creator_id, account_id = factory.creator(workspace_id=owner.workspace_id)
    with httpx.Client(base_url=live_server, headers=owner.headers) as api:
        brand = api.post("/api/v1/brands", json={"name": f"Fuzz brand {owner.workspace_id}"}).json()
        lst = api.post("/api/v1/lists", json={"name": f"Fuzz list {owner.workspace_id}"}).json()
        api.post(f"/api/v1/lists/{lst['id']}/items", json={"account_id": account_id})
        search = api.post("/api/v1/saved-searches", json={"name": "Fuzz search", "query": {"text": "vegan"}}).json()
        invitation = api.post("/api/v1/invitations", json={"email": f"fuzz{owner.workspace_id}@example.com"}).json()
        campaign = api.post("/api/v1/campaigns", json={"name": "Fuzz campaign", "brand_id": brand["id"]}).json()
        api.post(f"/api/v1/campaigns/{campaign['id']}/creators", json={"account_ids": [account_id]})
        entry = api.get(f"/api/v1/campaigns/{campaign['id']}/creators").json()[0]
        base = f"/api/v1/campaigns/{campaign['id']}/creators/{entry['id']}"
        for stage in ("interested", "contracted"):
            api.post(f"{base}/stage", json={"stage": stage})
        draft = api.post(f"{base}/submissions", json={"caption": "Ad | fuzz"}).json()
        media = api.post(f"{base}/submissions/{draft['id']}/media",
                         files=[("files", ("f.png", PNG, "image/png"))]).json()[0]
        template = api.post("/api/v1/outreach/templates",
                            json={"name": "Fuzz", "subject": "Hi", "body": "Hi"}).json()
        post = api.post(f"/api/v1/campaigns/{campaign['id']}/posts",
                        json={"entry_id": entry["id"], "url": f"https://www.instagram.com/p/FUZZ{owner.workspace_id}/"})
        assert post.status_code == 201, post.text
        plan = api.post("/api/v1/plans", json={"brand_id": brand["id"], "budget": 500, "pool": 10, "time_limit": 1},
                        timeout=60).json()
    ids = {"template_id": template["id"], "media_id": media["id"],
           "campaign_id": campaign["id"], "entry_id": entry["id"], "token": invitation["accept_url"].rsplit("/", 1)[1],
           "creator_id": creator_id, "account_id": account_id, "brand_id": brand["id"], "list_id": lst["id"],
           "saved_search_id": search["id"], "plan_id": plan["id"], "post_id": post.json()["id"]}
    browser = httpx.Client(base_url=live_server, timeout=60, follow_redirects=True)
    assert login(browser, owner.email).status_code == 200
    yield browser, ids
    browser.close()


def _fill(path: str, ids: dict, bad: str | None = None) -> str:
    for key, value in ids.items():
        path = path.replace("{" + key + "}", bad if bad is not None else str(value))
    assert "{" not in path, f"page fuzz does not know how to fill {path}: add its parameter to the ids"
    return path


def _check(resp: httpx.Response, what: str) -> None:
    assert resp.status_code < 500, f"{what}: {resp.status_code}\n{resp.text[:500]}"
    assert resp.status_code == 200 or 400 <= resp.status_code < 500, f"{what}: {resp.status_code}"
    if resp.status_code >= 400 and resp.status_code not in (413, 431):  # too large is answered before the app
        assert "text/html" in resp.headers.get("content-type", ""), f"{what}: a page answered with a non-page error"


def test_pages_are_walked():
    routes = _page_routes()
    assert {"/creators", "/creators/{creator_id}", "/discover", "/lists/{list_id}", "/compare"} <= set(routes)


@pytest.mark.parametrize("route", _page_routes())
def test_path_ids_valid_huge_or_garbage_never_5xx(owner_site, route):
    browser, ids = owner_site
    _check(browser.get(_fill(route, ids)), route)
    if "{" not in route:
        return
    for bad in HUGE_IDS + GARBAGE_IDS:
        url = _fill(route, ids, bad)
        resp = browser.get(url)
        _check(resp, url)
        assert resp.status_code in (404, 422), f"{url}: {resp.status_code} for a bad id"


@pytest.mark.parametrize("route", _page_routes())
def test_malformed_query_values_never_5xx(owner_site, route):
    browser, ids = owner_site
    path = _fill(route, ids)
    for value in BAD_VALUES:  # every parameter at once (the very long value on one only, to stay a valid URL)
        params = {name: value for name in PARAM_NAMES} if len(value) < 100 else {PARAM_NAMES[0]: value}
        _check(browser.get(path, params=params), f"{path} all={value[:20]!r}")
    # Each parameter the page reads alone (a page stops at the first bad one), two sharp values each, taking turns.
    for i, name in enumerate(READS.get(route, [])):
        for value in (SHARP[i % len(SHARP)], SHARP[(i + 3) % len(SHARP)]):
            _check(browser.get(path, params={name: value}), f"{path}?{name}={value[:20]!r}")
