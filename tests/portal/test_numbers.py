"""A creator's own numbers over real HTTP: the posts of theirs a brand counts are listed in their campaign room,
the counts they type in land as creator-reported snapshots in the brand's report, bad input is named and writes
nothing, and nobody reaches another creator's posts — through the page or the creator API."""

import httpx

from tests.portal.test_api import _api, _token
from tests.portal.test_campaigns import _csrf
from tests.portal.test_draft_files import _ready


def _count(http, t, c, entry, code):
    r = http.post(f"/api/v1/campaigns/{c['id']}/posts", json={
        "entry_id": entry["id"], "url": f"https://www.instagram.com/p/{code}/", "posted_at": "2026-11-01T10:00:00"},
        headers=t.headers)
    assert r.status_code == 201, r.text
    return r.json()["id"]


def _figures(http, t, c) -> dict:
    return {f["key"]: f for f in http.get(f"/api/v1/campaigns/{c['id']}/report", headers=t.headers).json()["figures"]}


def test_typed_numbers_reach_the_brands_report_as_creator_reported(http, factory, engine, live_server):
    t, c, mine, theirs, a, b = _ready(http, factory, engine, live_server)
    room = a.get(f"/portal/campaigns/{mine['id']}")
    assert 'data-testid="no-counted-posts"' in room.text
    post = _count(http, t, c, mine, f"MINE{c['id']}")
    other = _count(http, t, c, theirs, f"THEIRS{c['id']}")
    room = a.get(f"/portal/campaigns/{mine['id']}")
    assert f'data-post="{post}"' in room.text and f'data-post="{other}"' not in room.text  # only their own
    saved = a.post(f"/portal/campaigns/{mine['id']}/posts/{post}/numbers", follow_redirects=True,
                   data={"csrf_token": _csrf(room.text), "collected_at": "2026-11-03T09:00", "views": "12,500",
                         "reach": "9000", "likes": "400", "comments": ""})
    assert saved.status_code == 200 and 'data-testid="numbers-notice"' in saved.text
    assert "reported by you" in saved.text and "12,500" in saved.text
    f = _figures(http, t, c)
    assert f["views"]["value"] == 12500 and f["views"]["sources"] == ["creator-reported"]
    assert f["engagements"]["value"] == 400
    snaps = http.get(f"/api/v1/campaigns/{c['id']}/posts", headers=t.headers).json()
    assert [p["latest"]["source"] for p in snaps if p["id"] == post] == ["creator"]


def test_bad_numbers_are_named_and_write_nothing(http, factory, engine, live_server):
    t, c, mine, theirs, a, b = _ready(http, factory, engine, live_server)
    post = _count(http, t, c, mine, f"BAD{c['id']}")
    room = a.get(f"/portal/campaigns/{mine['id']}")
    for data, field in (({"collected_at": "", "views": "5"}, "collected_at"),
                        ({"collected_at": "2026-11-03T09:00", "views": "-5"}, "views"),
                        ({"collected_at": "2026-11-03T09:00", "likes": "lots"}, "likes"),
                        ({"collected_at": "2099-01-01T09:00", "views": "5"}, "collected_at")):
        r = a.post(f"/portal/campaigns/{mine['id']}/posts/{post}/numbers", data={"csrf_token": _csrf(room.text),
                                                                                 **data})
        assert r.status_code == 422 and field in r.text, (data, r.status_code)
    assert _figures(http, t, c)["views"]["value"] is None  # nothing was stored


def test_nobody_reaches_another_creators_posts(http, factory, engine, live_server):
    t, c, mine, theirs, a, b = _ready(http, factory, engine, live_server)
    post = _count(http, t, c, mine, f"ISO{c['id']}")
    theirs_post = _count(http, t, c, theirs, f"ISO2{c['id']}")
    home = b.get("/portal")
    body = {"csrf_token": _csrf(home.text), "collected_at": "2026-11-03T09:00", "views": "1"}
    assert b.post(f"/portal/campaigns/{mine['id']}/posts/{post}/numbers", data=body).status_code == 404
    assert b.post(f"/portal/campaigns/{theirs['id']}/posts/{post}/numbers", data=body).status_code == 404
    api_a = _api(live_server, _token(a))
    assert [p["id"] for p in api_a.get(f"/campaigns/{mine['id']}/posts").json()] == [post]
    assert api_a.get(f"/campaigns/{theirs['id']}/posts").status_code == 404
    sent = api_a.post(f"/campaigns/{mine['id']}/posts/{theirs_post}/snapshots",
                      json={"collected_at": "2026-11-03T09:00:00", "views": 1})
    assert sent.status_code == 404  # a post of the same campaign, but not theirs
    ok = api_a.post(f"/campaigns/{mine['id']}/posts/{post}/snapshots",
                    json={"collected_at": "2026-11-03T09:00:00", "views": 700, "reach": 900, "impressions": 800})
    assert ok.status_code == 201 and ok.json()["source"] == "creator"
    assert ok.json()["flags"] == ["reach_above_impressions"]  # flagged like any other, kept as given
    assert api_a.post(f"/campaigns/{mine['id']}/posts/{post}/snapshots",
                      json={"collected_at": "2026-11-03T10:00:00", "source": "platform_api"}).status_code == 422
    with httpx.Client(base_url=live_server, timeout=30) as anonymous:
        assert anonymous.get(f"/api/v1/portal/campaigns/{mine['id']}/posts").status_code == 401
