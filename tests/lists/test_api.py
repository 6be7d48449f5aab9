"""Lists, items, saved searches, compare and CSV export over real HTTP: CRUD, bad input, roles, tenancy."""

import csv
import io
import uuid

import pytest

from reachroom.db import unit_of_work
from reachroom.discovery.lists import service
from reachroom.models import AccountAuthenticity, AccountContent


def _handle() -> str:
    """Letters only: shared accounts made here must not match other tests' `q=_<id>` searches."""
    return "lst" + "".join(chr(97 + int(c, 16)) for c in uuid.uuid4().hex[:12])


def _list(http, t, name="Spring GB", **extra):
    r = http.post("/api/v1/lists", json={"name": name, **extra}, headers=t.headers)
    assert r.status_code == 201, r.text
    return r.json()


def _count_lists(http, t) -> int:
    return len(http.get("/api/v1/lists", headers=t.headers).json())


def test_list_crud_and_items(http, factory):
    t = factory.tenant("member")
    brand = http.post("/api/v1/brands", json={"name": f"Fern{t.workspace_id}"}, headers=t.headers).json()
    lst = _list(http, t, brand_id=brand["id"], description="launch")
    assert lst["kind"] == "shortlist" and lst["brand_name"] == brand["name"] and lst["item_count"] == 0
    _, acc = factory.creator(followers=20000, er=0.05, country="DE", name="Anna Berg", handle=_handle())
    r = http.post(f"/api/v1/lists/{lst['id']}/items", json={"account_id": acc, "note": "great fit",
                                                               "tags": ["Vegan", " vegan ", "GB"]}, headers=t.headers)
    assert r.status_code == 201, r.text
    item = r.json()
    assert item["tags"] == ["vegan", "gb"] and item["note"] == "great fit" and item["name"] == "Anna Berg"
    assert item["followers"] == 20000 and item["engagement_rate"] == pytest.approx(0.05)
    detail = http.get(f"/api/v1/lists/{lst['id']}", headers=t.headers).json()
    assert detail["item_count"] == 1 and detail["items"][0]["account_id"] == acc
    r = http.patch(f"/api/v1/lists/{lst['id']}/items/{acc}", json={"tags": ["contacted"]}, headers=t.headers)
    assert r.status_code == 200 and r.json()["tags"] == ["contacted"] and r.json()["note"] == "great fit"
    r = http.patch(f"/api/v1/lists/{lst['id']}", json={"name": "Renamed", "kind": "exclusion", "brand_id": None},
                   headers=t.headers)
    assert r.status_code == 200, r.text
    assert r.json()["name"] == "Renamed" and r.json()["kind"] == "exclusion" and r.json()["brand_id"] is None
    assert r.json()["item_count"] == 1
    assert http.get("/api/v1/lists", headers=t.headers).json()[0]["item_count"] == 1
    assert http.delete(f"/api/v1/lists/{lst['id']}/items/{acc}", headers=t.headers).status_code == 204
    assert http.get(f"/api/v1/lists/{lst['id']}/items", headers=t.headers).json() == []
    assert http.delete(f"/api/v1/lists/{lst['id']}/items/{acc}", headers=t.headers).status_code == 404
    assert http.delete(f"/api/v1/lists/{lst['id']}", headers=t.headers).status_code == 204
    assert http.get(f"/api/v1/lists/{lst['id']}", headers=t.headers).status_code == 404


def test_duplicates_are_409(http, factory):
    t = factory.tenant()
    lst = _list(http, t, "Dupes")
    r = http.post("/api/v1/lists", json={"name": "dupes"}, headers=t.headers)
    assert r.status_code == 409 and r.json()["error"]["fields"][0]["field"] == "name"
    _, acc = factory.creator(handle=_handle(), name=_handle())
    assert http.post(f"/api/v1/lists/{lst['id']}/items", json={"account_id": acc}, headers=t.headers).status_code == 201
    r = http.post(f"/api/v1/lists/{lst['id']}/items", json={"account_id": acc}, headers=t.headers)
    assert r.status_code == 409 and r.json()["error"]["fields"][0]["field"] == "account_id"
    other = _list(http, t, "Other")
    r = http.patch(f"/api/v1/lists/{other['id']}", json={"name": "DUPES"}, headers=t.headers)
    assert r.status_code == 409


@pytest.mark.parametrize("body, field", [
    ({"name": ""}, "name"),
    ({"name": "x" * 121}, "name"),
    ({"name": "ok", "kind": "favourites"}, "kind"),
    ({"name": "ok", "brand_id": 0}, "brand_id"),
    ({"name": "ok", "brand_id": 999999999}, "brand_id"),
    ({"name": "ok", "colour": "red"}, "colour"),
])
def test_bad_list_input_names_the_field_and_writes_nothing(http, factory, body, field):
    t = factory.tenant()
    r = http.post("/api/v1/lists", json=body, headers=t.headers)
    assert r.status_code == 422, r.text
    assert field in [f["field"] for f in r.json()["error"]["fields"]]
    assert _count_lists(http, t) == 0


@pytest.mark.parametrize("body, field", [
    ({}, "account_id"),
    ({"account_id": "abc"}, "account_id"),
    ({"account_id": 1, "tags": ["x" * 41]}, "tags"),
    ({"account_id": 1, "tags": [f"t{i}" for i in range(21)]}, "tags"),
    ({"account_id": 1, "note": "n" * 2001}, "note"),
])
def test_bad_item_input(http, factory, body, field):
    t = factory.tenant()
    lst = _list(http, t)
    r = http.post(f"/api/v1/lists/{lst['id']}/items", json=body, headers=t.headers)
    assert r.status_code == 422, r.text
    assert any(f["field"].startswith(field) for f in r.json()["error"]["fields"])
    assert http.get(f"/api/v1/lists/{lst['id']}/items", headers=t.headers).json() == []


def test_unknown_account_is_404(http, factory):
    t = factory.tenant()
    lst = _list(http, t)
    r = http.post(f"/api/v1/lists/{lst['id']}/items", json={"account_id": 987654321}, headers=t.headers)
    assert r.status_code == 404


def test_viewer_reads_but_cannot_write(http, factory):
    owner = factory.tenant("owner")
    viewer = factory.tenant("viewer", workspace_id=owner.workspace_id)
    lst = _list(http, owner)
    _, acc = factory.creator(handle=_handle(), name=_handle())
    assert http.get("/api/v1/lists", headers=viewer.headers).status_code == 200
    assert http.get(f"/api/v1/lists/{lst['id']}", headers=viewer.headers).status_code == 200
    assert http.post("/api/v1/lists", json={"name": "Nope"}, headers=viewer.headers).status_code == 403
    assert http.patch(f"/api/v1/lists/{lst['id']}", json={"name": "x"}, headers=viewer.headers).status_code == 403
    assert http.delete(f"/api/v1/lists/{lst['id']}", headers=viewer.headers).status_code == 403
    r = http.post(f"/api/v1/lists/{lst['id']}/items", json={"account_id": acc}, headers=viewer.headers)
    assert r.status_code == 403
    r = http.post("/api/v1/saved-searches", json={"name": "s", "query": {}}, headers=viewer.headers)
    assert r.status_code == 403
    assert _count_lists(http, owner) == 1


def test_tenancy_of_lists_items_and_saved_searches(http, factory):
    a, b = factory.tenant(), factory.tenant()
    lst = _list(http, a, "A secret list")
    _, private_acc = factory.creator(workspace_id=a.workspace_id, handle=_handle(), name=_handle())
    _, shared_acc = factory.creator(handle=_handle(), name=_handle())
    assert http.post(f"/api/v1/lists/{lst['id']}/items", json={"account_id": private_acc},
                     headers=a.headers).status_code == 201
    search = http.post("/api/v1/saved-searches", json={"name": "A search", "query": {"text": "vegan"}},
                       headers=a.headers).json()
    assert http.get("/api/v1/lists", headers=b.headers).json() == []
    assert http.get("/api/v1/saved-searches", headers=b.headers).json() == []
    for url in (f"/api/v1/lists/{lst['id']}", f"/api/v1/lists/{lst['id']}/items",
                f"/api/v1/lists/{lst['id']}/export.csv", f"/api/v1/saved-searches/{search['id']}"):
        assert http.get(url, headers=b.headers).status_code == 404, url
    r = http.post(f"/api/v1/lists/{lst['id']}/items", json={"account_id": shared_acc}, headers=b.headers)
    assert r.status_code == 404
    assert http.patch(f"/api/v1/lists/{lst['id']}/items/{private_acc}", json={"note": "x"},
                      headers=b.headers).status_code == 404
    assert http.delete(f"/api/v1/lists/{lst['id']}/items/{private_acc}", headers=b.headers).status_code == 404
    assert http.delete(f"/api/v1/lists/{lst['id']}", headers=b.headers).status_code == 404
    assert http.delete(f"/api/v1/saved-searches/{search['id']}", headers=b.headers).status_code == 404
    # B can't put A's private account on its own list either
    b_list = _list(http, b, "B list")
    r = http.post(f"/api/v1/lists/{b_list['id']}/items", json={"account_id": private_acc}, headers=b.headers)
    assert r.status_code == 404
    assert http.post(f"/api/v1/lists/{b_list['id']}/items", json={"account_id": shared_acc},
                     headers=b.headers).status_code == 201
    # the same name is fine in another workspace
    assert http.post("/api/v1/lists", json={"name": "A secret list"}, headers=b.headers).status_code == 201
    assert len(http.get(f"/api/v1/lists/{lst['id']}/items", headers=a.headers).json()) == 1


def test_exclusion_account_ids(http, factory, engine):
    a, b = factory.tenant(), factory.tenant()
    excl = _list(http, a, "Never", kind="exclusion")
    _, acc1 = factory.creator(handle=_handle(), name=_handle())
    _, acc2 = factory.creator(handle=_handle(), name=_handle())
    for acc in (acc1, acc2):
        http.post(f"/api/v1/lists/{excl['id']}/items", json={"account_id": acc}, headers=a.headers)
    with unit_of_work(engine) as db:
        assert service.exclusion_account_ids(db, a.ctx, [excl["id"]]) == {acc1, acc2}
        assert service.exclusion_account_ids(db, a.ctx, []) == set()
        with pytest.raises(Exception) as err:
            service.exclusion_account_ids(db, b.ctx, [excl["id"]])
        assert err.value.status == 422 and err.value.fields[0].field == "exclude_list_ids"


def test_saved_search_crud_and_validation(http, factory):
    t = factory.tenant()
    r = http.post("/api/v1/saved-searches", json={"name": "GB vegan", "query": {"text": "vegan", "limit": 50}},
                  headers=t.headers)
    assert r.status_code == 201, r.text
    s = r.json()
    assert s["query"] == {"text": "vegan", "limit": 50}
    assert http.post("/api/v1/saved-searches", json={"name": "gb VEGAN", "query": {}},
                     headers=t.headers).status_code == 409
    for bad in ([1, 2], "text", 3, None):
        r = http.post("/api/v1/saved-searches", json={"name": "bad", "query": bad}, headers=t.headers)
        assert r.status_code == 422 and r.json()["error"]["fields"][0]["field"].startswith("query"), bad
    r = http.post("/api/v1/saved-searches", json={"name": "huge", "query": {"text": "x" * 21000}}, headers=t.headers)
    assert r.status_code == 422 and "query" in r.json()["error"]["message"]
    r = http.patch(f"/api/v1/saved-searches/{s['id']}", json={"name": "Renamed", "query": {"text": "oat"}},
                   headers=t.headers)
    assert r.status_code == 200 and r.json()["name"] == "Renamed" and r.json()["query"] == {"text": "oat"}
    assert [x["name"] for x in http.get("/api/v1/saved-searches", headers=t.headers).json()] == ["Renamed"]
    assert http.delete(f"/api/v1/saved-searches/{s['id']}", headers=t.headers).status_code == 204
    assert http.get(f"/api/v1/saved-searches/{s['id']}", headers=t.headers).status_code == 404


def test_compare_limits_and_best_values(http, factory, engine):
    t = factory.tenant()
    ids = [factory.creator(followers=f, er=er, handle=_handle(), name=_handle())[1]
           for f, er in ((10000, 0.02), (30000, 0.06), (20000, 0.04))]
    with unit_of_work(engine) as db:
        db.add(AccountContent(account_id=ids[0], primary_niche="beauty", niches=[{"slug": "beauty", "confidence": 0.9}],
                              posts_analysed=6, sponsored_share=0.25, method_version="t"))
        db.add(AccountAuthenticity(account_id=ids[1], scope_key=0, score=82.0, level="high", confidence=0.7,
                                   method_version="t"))
    r = http.get("/api/v1/compare", params={"account_ids": ",".join(map(str, ids))}, headers=t.headers)
    assert r.status_code == 200, r.text
    data = r.json()
    assert [a["account_id"] for a in data["accounts"]] == ids
    rows = {row["key"]: row for row in data["rows"]}
    assert rows["followers"]["values"] == [10000, 30000, 20000]
    assert rows["followers"]["best_account_ids"] == [ids[1]]
    assert rows["engagement_rate"]["best_account_ids"] == [ids[1]]
    assert rows["er_percentile"]["best_account_ids"] == []  # all equal: nothing to highlight
    assert data["accounts"][0]["content"]["primary_niche"] == "beauty"
    assert data["accounts"][1]["authenticity"]["score"] == 82.0 and data["accounts"][2]["authenticity"] is None
    assert data["accounts"][0]["er_denominator"] == "followers"
    assert "authenticity_score" in rows and "sponsored_share" in rows

    six = ids + [factory.creator(handle=_handle(), name=_handle())[1] for _ in range(3)]
    r = http.get("/api/v1/compare", params={"account_ids": ",".join(map(str, six))}, headers=t.headers)
    assert r.status_code == 422 and r.json()["error"]["fields"][0]["field"] == "account_ids"
    for bad in (str(ids[0]), "", "1,abc", f"{ids[0]},{ids[0]}"):
        r = http.get("/api/v1/compare", params={"account_ids": bad}, headers=t.headers)
        assert r.status_code == 422, bad
        assert r.json()["error"]["fields"][0]["field"] == "account_ids"


def test_compare_hides_other_workspace_accounts(http, factory):
    a, b = factory.tenant(), factory.tenant()
    _, private_acc = factory.creator(workspace_id=a.workspace_id, handle=_handle(), name=_handle())
    _, shared_acc = factory.creator(handle=_handle(), name=_handle())
    q = {"account_ids": f"{private_acc},{shared_acc}"}
    assert http.get("/api/v1/compare", params=q, headers=a.headers).status_code == 200
    assert http.get("/api/v1/compare", params=q, headers=b.headers).status_code == 404


def test_csv_export(http, factory):
    t = factory.tenant()
    lst = _list(http, t, "Export me!")
    zoe_handle = "zoe" + _handle()
    _, acc = factory.creator(followers=15000, er=0.031, country="GB", name="Zoë Ng", handle=zoe_handle)
    _, acc2 = factory.creator(name="=HYPERLINK(evil)", handle=_handle())
    http.post(f"/api/v1/lists/{lst['id']}/items", json={"account_id": acc, "note": "Loves oat milk, \"really\"",
                                                          "tags": ["vegan", "gb"]}, headers=t.headers)
    http.post(f"/api/v1/lists/{lst['id']}/items", json={"account_id": acc2, "note": "-2 rate"}, headers=t.headers)
    r = http.get(f"/api/v1/lists/{lst['id']}/export.csv", headers=t.headers)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert 'filename="export-me.csv"' in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert len(rows) == 2
    by_id = {int(row["account_id"]): row for row in rows}
    row = by_id[acc]
    assert row["handle"] == zoe_handle and row["platform"] == "instagram" and row["name"] == "Zoë Ng"
    assert row["country"] == "GB" and row["followers"] == "15000"
    # no float noise: the rate as a spreadsheet reads it (3.10% = 0.031); links open from a downloaded file
    assert row["engagement_rate"] == f"{float(row['engagement_rate'].rstrip('%')):.2f}%"
    assert abs(float(row["engagement_rate"].rstrip("%")) - 3.1) < 0.01
    assert row["profile_url"].startswith(str(http.base_url).rstrip("/") + "/creators/")
    assert row["profile_url"].endswith(f"?account={acc}") and http.get(row["profile_url"]).status_code != 404
    assert row["note"] == 'Loves oat milk, "really"' and row["tags"] == "vegan, gb"
    assert by_id[acc2]["name"] == "'=HYPERLINK(evil)" and by_id[acc2]["note"] == "'-2 rate"
    assert list(rows[0].keys())[:8] == ["handle", "platform", "name", "country", "followers", "engagement_rate",
                                        "er_denominator", "note"]
