"""List pages over real HTTP with CSRF: create, add (from a profile or a results page), edit, remove, compare."""

import uuid

import httpx
import pytest

from tests.web import csrf_of, login


@pytest.fixture
def browser(live_server):
    with httpx.Client(base_url=live_server, timeout=30) as client:
        yield client


def _handle() -> str:
    """Letters only: shared accounts made here must not match other tests' `q=_<id>` searches."""
    return "lst" + "".join(chr(97 + int(c, 16)) for c in uuid.uuid4().hex[:12])


def _logged_in(browser, factory, role="owner", workspace_id=None):
    t = factory.tenant(role, workspace_id=workspace_id)
    assert login(browser, t.email).status_code == 200
    return t


def test_lists_page_flow(browser, factory, http):
    t = _logged_in(browser, factory)
    r = browser.get("/lists")
    assert r.status_code == 200 and 'data-testid="empty-lists"' in r.text and 'data-testid="empty-searches"' in r.text
    token = csrf_of(r.text)
    r = browser.post("/lists", data={"csrf_token": token, "name": "Summer picks", "kind": "shortlist",
                                     "brand_id": "", "description": "for the summer drop"})
    assert r.status_code == 303
    list_url = r.headers["location"].split("?")[0]
    list_id = int(list_url.rsplit("/", 1)[1])
    page = browser.get(r.headers["location"])
    assert "Summer picks" in page.text and 'data-testid="empty-list"' in page.text
    assert 'data-testid="created-notice"' in page.text

    # Another engineer's Discover results post here and expect to go back to the Referer.
    creator_id, acc = factory.creator(name="Maya Flow", handle=_handle())
    _, acc2 = factory.creator(name="Omar Flow", followers=40000, handle=_handle())
    r = browser.post(f"/lists/{list_id}/items", data={"csrf_token": token, "account_id": str(acc), "note": "warm",
                                                      "tags": "vegan, GB"},
                     headers={"referer": f"{browser.base_url}/discover?q=oat"})
    assert r.status_code == 303 and r.headers["location"] == "/discover?q=oat"
    r = browser.post(f"/lists/{list_id}/items", data={"csrf_token": token, "account_id": str(acc2),
                                                      "next": "/creators"})
    assert r.status_code == 303 and r.headers["location"] == "/creators"
    # adding again is harmless from a page; off-site next is ignored
    r = browser.post(f"/lists/{list_id}/items", data={"csrf_token": token, "account_id": str(acc),
                                                      "next": "https://evil.example/x"})
    assert r.status_code == 303 and r.headers["location"] == f"/lists/{list_id}?already={acc}"
    items = http.get(f"/api/v1/lists/{list_id}/items", headers=t.headers).json()
    assert {i["account_id"] for i in items} == {acc, acc2}
    assert next(i for i in items if i["account_id"] == acc)["tags"] == ["vegan", "gb"]

    page = browser.get(list_url)
    assert "Maya Flow" in page.text and "warm" in page.text and 'data-testid="compare-selected"' in page.text
    assert f'/api/v1/lists/{list_id}/export.csv' in page.text
    r = browser.post(f"/lists/{list_id}/items/{acc}", data={"csrf_token": token, "note": "booked", "tags": "paid"})
    assert r.status_code == 303
    item = next(i for i in http.get(f"/api/v1/lists/{list_id}/items", headers=t.headers).json()
                if i["account_id"] == acc)
    assert item["note"] == "booked" and item["tags"] == ["paid"]

    # the export link works with the browser session (same cookie auth as the API)
    r = browser.get(f"/api/v1/lists/{list_id}/export.csv")
    assert r.status_code == 200 and "Maya Flow" in r.text

    r = browser.get(f"/compare?account_ids={acc}&account_ids={acc2}")
    assert r.status_code == 200 and 'data-testid="compare-table"' in r.text and 'data-best="1"' in r.text
    r = browser.get(f"/compare?account_ids={acc},{acc2}")
    assert r.status_code == 200 and "Omar Flow" in r.text
    assert 'data-testid="empty-compare"' in browser.get(f"/compare?account_ids={acc}").text
    many = ",".join(str(factory.creator(handle=_handle(), name=_handle())[1]) for _ in range(6))
    r = browser.get(f"/compare?account_ids={many}")
    assert r.status_code == 422 and "account_ids" in r.text

    r = browser.post(f"/lists/{list_id}/items/{acc2}/delete", data={"csrf_token": token})
    assert r.status_code == 303
    r = browser.post(f"/lists/{list_id}", data={"csrf_token": token, "name": "Summer final", "kind": "exclusion",
                                                "brand_id": "", "description": ""})
    assert r.status_code == 303
    listing = browser.get("/lists").text
    assert "Summer final" in listing and "Exclusion" in listing
    r = browser.post(f"/lists/{list_id}/delete", data={"csrf_token": token})
    assert r.status_code == 303 and r.headers["location"] == "/lists?deleted=1"
    assert browser.get(list_url).status_code == 404
    assert creator_id


def test_profile_add_to_list(browser, factory, http):
    t = _logged_in(browser, factory)
    creator_id, acc = factory.creator(name="Profile Person", handle=_handle())
    page = browser.get(f"/creators/{creator_id}")
    assert 'data-testid="create-first-list"' in page.text  # no lists yet: a link to make one
    lst = http.post("/api/v1/lists", json={"name": "From profiles"}, headers=t.headers).json()
    page = browser.get(f"/creators/{creator_id}")
    assert 'data-testid="add-to-list-select"' in page.text and "From profiles" in page.text
    r = browser.post("/lists/add-item", data={"csrf_token": csrf_of(page.text), "list_id": str(lst["id"]),
                                              "account_id": str(acc), "note": "", "tags": "",
                                              "next": f"/creators/{creator_id}"})
    assert r.status_code == 303 and r.headers["location"] == f"/creators/{creator_id}?listed=added"
    assert 'data-testid="added-to-list"' in browser.get(r.headers["location"]).text
    assert http.get(f"/api/v1/lists/{lst['id']}/items", headers=t.headers).json()[0]["account_id"] == acc


def test_page_bad_input_and_csrf(browser, factory, http):
    t = _logged_in(browser, factory)
    token = csrf_of(browser.get("/lists").text)
    r = browser.post("/lists", data={"csrf_token": token, "name": "   ", "kind": "shortlist"})
    assert r.status_code == 422 and "name" in r.text and 'data-testid="form-errors"' in r.text
    r = browser.post("/lists", data={"csrf_token": token, "name": "Fine", "kind": "bogus"})
    assert r.status_code == 422 and "kind" in r.text
    r = browser.post("/lists", data={"csrf_token": "forged", "name": "Forged"})
    assert r.status_code == 403
    assert http.get("/api/v1/lists", headers=t.headers).json() == []
    lst = http.post("/api/v1/lists", json={"name": "Taken"}, headers=t.headers).json()
    r = browser.post("/lists", data={"csrf_token": token, "name": "taken", "kind": "shortlist"})
    assert r.status_code == 409 and "already exists" in r.text
    r = browser.post(f"/lists/{lst['id']}/items", data={"csrf_token": token, "account_id": "abc"})
    assert r.status_code == 422 and "account_id" in r.text
    r = browser.post(f"/lists/{lst['id']}/items", data={"csrf_token": token, "account_id": "1",
                                                        "tags": ",".join(f"t{i}" for i in range(25))})
    assert r.status_code in (404, 422)
    assert http.get(f"/api/v1/lists/{lst['id']}/items", headers=t.headers).json() == []


def test_viewer_pages_are_read_only(browser, factory, http):
    owner = factory.tenant()
    lst = http.post("/api/v1/lists", json={"name": "Owner list"}, headers=owner.headers).json()
    search = http.post("/api/v1/saved-searches", json={"name": "Owner search", "query": {"text": "oat"}},
                       headers=owner.headers).json()
    _logged_in(browser, factory, "viewer", owner.workspace_id)
    page = browser.get("/lists")
    assert "Owner list" in page.text and 'data-testid="new-list-form"' not in page.text
    assert f"/discover?saved={search['id']}" in page.text and 'data-testid="delete-search"' not in page.text
    detail = browser.get(f"/lists/{lst['id']}")
    assert detail.status_code == 200 and 'data-testid="delete-list"' not in detail.text
    token = csrf_of(page.text)
    _, acc = factory.creator(handle=_handle(), name=_handle())
    assert browser.post("/lists", data={"csrf_token": token, "name": "V"}).status_code == 403
    assert browser.post(f"/lists/{lst['id']}/items", data={"csrf_token": token, "account_id": str(acc)}
                        ).status_code == 403
    assert browser.post(f"/lists/{lst['id']}/delete", data={"csrf_token": token}).status_code == 403
    assert browser.post(f"/saved-searches/{search['id']}/delete", data={"csrf_token": token}).status_code == 403


def test_saved_search_listed_and_deleted(browser, factory, http):
    t = _logged_in(browser, factory)
    s = http.post("/api/v1/saved-searches", json={"name": "Oat milk GB", "query": {"text": "oat milk"}},
                  headers=t.headers).json()
    page = browser.get("/lists")
    assert "Oat milk GB" in page.text and f'href="/discover?saved={s["id"]}"' in page.text
    r = browser.post(f"/saved-searches/{s['id']}/delete", data={"csrf_token": csrf_of(page.text)})
    assert r.status_code == 303
    assert http.get("/api/v1/saved-searches", headers=t.headers).json() == []


def test_other_workspace_pages_are_404(browser, factory, http):
    a = factory.tenant()
    lst = http.post("/api/v1/lists", json={"name": "A only"}, headers=a.headers).json()
    _, private_acc = factory.creator(workspace_id=a.workspace_id, handle=_handle(), name=_handle())
    _, shared_acc = factory.creator(handle=_handle(), name=_handle())
    _logged_in(browser, factory)
    token = csrf_of(browser.get("/lists").text)
    assert browser.get(f"/lists/{lst['id']}").status_code == 404
    assert browser.post(f"/lists/{lst['id']}/items", data={"csrf_token": token, "account_id": str(shared_acc)}
                        ).status_code == 404
    assert browser.post(f"/lists/{lst['id']}/delete", data={"csrf_token": token}).status_code == 404
    assert browser.get(f"/compare?account_ids={private_acc},{shared_acc}").status_code == 404
    assert "A only" not in browser.get("/lists").text


def test_compare_colours_authenticity_levels_by_their_meaning(browser, factory, engine):
    """The same badge as the profile: 'Excellent' green, 'High risk' red (never a warning colour for good news)."""
    import re

    from reachroom.db import unit_of_work
    from reachroom.models import AccountAuthenticity

    _logged_in(browser, factory)
    accs = [factory.creator(handle=_handle(), name=_handle())[1] for _ in range(2)]
    with unit_of_work(engine) as db:
        for acc, level, score in zip(accs, ("excellent", "high_risk"), (94.0, 22.0), strict=True):
            db.add(AccountAuthenticity(account_id=acc, scope_key=0, score=score, level=level, confidence=0.8,
                                       signals=[], audience_types={}, method_version="test"))
    page = browser.get(f"/compare?account_ids={accs[0]},{accs[1]}").text
    badges = re.findall(r'class="badge badge-(\w+)" data-testid="compare-auth-level" data-level="(\w+)"', page)
    assert badges == [("ok", "excellent"), ("danger", "high_risk")]
