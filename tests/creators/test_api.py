"""Creators API: list filters, pagination, profile, posts, stats."""


def test_list_filters_and_pagination(http, factory):
    t = factory.tenant()
    ws = t.workspace_id
    factory.creator(workspace_id=ws, platform="tiktok", followers=5000, country="FR", handle=f"tt_{ws}")
    factory.creator(workspace_id=ws, platform="instagram", followers=50000, country="GB", handle=f"ig_{ws}")
    factory.creator(workspace_id=ws, platform="youtube", followers=500000, country="GB", handle=f"yt_{ws}")
    base = {"q": f"_{ws}"}
    r = http.get("/api/v1/creators", params={**base, "platform": "tiktok"}, headers=t.headers)
    assert r.status_code == 200
    assert [i["handle"] for i in r.json()["items"]] == [f"tt_{ws}"]
    r = http.get("/api/v1/creators", params={**base, "country": "gb", "sort": "followers", "order": "asc"},
                 headers=t.headers)
    assert [i["handle"] for i in r.json()["items"]] == [f"ig_{ws}", f"yt_{ws}"]
    r = http.get("/api/v1/creators", params={**base, "min_followers": 10000, "max_followers": 100000},
                 headers=t.headers)
    assert [i["handle"] for i in r.json()["items"]] == [f"ig_{ws}"]
    r = http.get("/api/v1/creators", params={**base, "size": 2, "page": 2}, headers=t.headers)
    assert r.json()["total"] == 3 and len(r.json()["items"]) == 1 and r.json()["pages"] == 2
    r = http.get("/api/v1/creators", params={**base, "tier": "macro"}, headers=t.headers)
    assert [i["handle"] for i in r.json()["items"]] == [f"yt_{ws}"]


def test_bad_list_parameters(http, factory):
    t = factory.tenant()
    for params, field in [
        ({"platform": "myspace"}, "platform"),
        ({"min_followers": -1}, "min_followers"),
        ({"min_followers": "lots"}, "min_followers"),
        ({"size": 0}, "size"),
        ({"size": 1000}, "size"),
        ({"sort": "vibes"}, "sort"),
        ({"bogus": 1}, "bogus"),
    ]:
        r = http.get("/api/v1/creators", params=params, headers=t.headers)
        assert r.status_code == 422, params
        assert field in [f["field"] for f in r.json()["error"]["fields"]], r.json()
    r = http.get("/api/v1/creators", params={"min_followers": 10, "max_followers": 5}, headers=t.headers)
    assert r.status_code == 422 and "min_followers" in r.json()["error"]["message"]


def test_profile_posts_and_stats(http, factory):
    t = factory.tenant()
    creator_id, account_id = factory.creator(workspace_id=t.workspace_id, posts=4, followers=20000, er=0.05)
    r = http.get(f"/api/v1/creators/{creator_id}", headers=t.headers)
    assert r.status_code == 200
    body = r.json()
    assert body["accounts"][0]["id"] == account_id
    er = [m for m in body["metrics"][str(account_id)] if m["label"] == "Engagement rate"][0]
    assert er["value"] == 0.05 and er["definition"] and er["source"] and er["sample_size"] == 4
    posts = http.get(f"/api/v1/accounts/{account_id}/posts", params={"size": 3}, headers=t.headers).json()
    assert posts["total"] == 4 and len(posts["items"]) == 3
    first = posts["items"][0]
    assert first["engagements"] == first["likes"] + first["comments"]
    stats = http.get(f"/api/v1/accounts/{account_id}/stats", headers=t.headers).json()
    assert len(stats["follower_history"]) == 9 and stats["audience"]["genders"]["female"] == 0.7


def test_unknown_ids_are_404(http, factory):
    t = factory.tenant()
    assert http.get("/api/v1/creators/987654321", headers=t.headers).status_code == 404
    assert http.get("/api/v1/accounts/987654321/posts", headers=t.headers).status_code == 404
    assert http.get("/api/v1/accounts/987654321/stats", headers=t.headers).status_code == 404
    assert http.get("/api/v1/accounts/1/posts", params={"page": 0}, headers=t.headers).status_code == 422


def test_shared_catalogue_is_visible_to_every_workspace(http, factory):
    a, b = factory.tenant(), factory.tenant()
    creator_id, _ = factory.creator(workspace_id=None, handle=f"shared_{a.workspace_id}")
    for t in (a, b):
        assert http.get(f"/api/v1/creators/{creator_id}", headers=t.headers).status_code == 200


def test_import_over_api(http, factory):
    t = factory.tenant("member")
    ws = t.workspace_id
    good = f"platform,handle,followers\ninstagram,apiimp{ws},1200\n".encode()
    r = http.post("/api/v1/creators/import", files={"file": ("c.csv", good, "text/csv")}, headers=t.headers)
    assert r.status_code == 200 and r.json()["created"] == 1
    r = http.post("/api/v1/creators/import", files={"file": ("c.csv", good, "text/csv")}, headers=t.headers)
    assert r.json()["unchanged"] == 1
    bad = f"platform,handle,followers\ninstagram,apibad{ws},x\n".encode()
    r = http.post("/api/v1/creators/import", files={"file": ("c.csv", bad, "text/csv")}, headers=t.headers)
    assert r.status_code == 422 and r.json()["error"]["fields"][0]["field"] == "line 2: followers"
    assert http.get("/api/v1/creators", params={"q": f"apibad{ws}"}, headers=t.headers).json()["total"] == 0
    r = http.post("/api/v1/creators/import", headers=t.headers)
    assert r.status_code == 422 and r.json()["error"]["fields"][0]["field"] == "file"


def test_viewer_cannot_import(http, factory):
    owner = factory.tenant()
    viewer = factory.tenant("viewer", workspace_id=owner.workspace_id)
    data = b"platform,handle,followers\ninstagram,v,1\n"
    r = http.post("/api/v1/creators/import", files={"file": ("c.csv", data, "text/csv")}, headers=viewer.headers)
    assert r.status_code == 403
