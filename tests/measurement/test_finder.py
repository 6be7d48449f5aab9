"""The post finder: posts of the campaign's creators inside its dates that carry the brief's hashtag, mention,
code or link are counted with the reason; posts outside the dates or without a marker are not; a post someone
stopped counting stays out; running it again adds nothing."""

import uuid
from datetime import date, timedelta

from sqlalchemy import select, update

from reachroom.db import unit_of_work
from reachroom.models import Post, utcnow
from tests.campaigns.test_review import BRIEF


def test_find_counts_posts_with_the_briefs_markers(http, factory, engine):
    t = factory.tenant("admin")
    handle = f"fd{uuid.uuid4().hex[:8]}"
    account = factory.creator(handle=handle, posts=6)[1]
    brand = http.post("/api/v1/brands", json={"name": f"Finder {uuid.uuid4().hex[:6]}"}, headers=t.headers).json()
    today = utcnow().date()
    c = http.post("/api/v1/campaigns", json={"name": f"Find {uuid.uuid4().hex[:6]}", "brand_id": brand["id"],
                                             "starts_on": str(today - timedelta(days=10)),
                                             "ends_on": str(today + timedelta(days=5))}, headers=t.headers).json()
    http.post(f"/api/v1/campaigns/{c['id']}/creators", json={"account_ids": [account]},
              headers=t.headers).raise_for_status()
    find = f"/api/v1/campaigns/{c['id']}/posts/find"
    assert "nothing to look for" in http.post(find, headers=t.headers).json()["note"]  # no brief yet
    http.put(f"/api/v1/campaigns/{c['id']}/brief", json={"base_version": 0, **BRIEF},
             headers=t.headers).raise_for_status()
    tag, code = BRIEF["required_hashtags"][0].lstrip("#"), BRIEF["promo_codes"][0]
    with unit_of_work(engine) as db:  # posts 0-3 fall inside the 10 days (one every 3 days); 4-5 before
        posts = list(db.scalars(select(Post).where(Post.account_id == account).order_by(Post.posted_at.desc())))
        captions = [f"Evening in #{tag.lower()}", f"use {code.lower()} for 20% off", "no marker here",
                    f"Old news #{tag}", f"#{tag} long ago", f"{code} long ago"]
        for p, caption in zip(posts, captions, strict=True):
            db.execute(update(Post).where(Post.id == p.id).values(caption=caption))
        inside = [p.posted_at.date() >= today - timedelta(days=10) for p in posts]
    assert inside == [True, True, True, True, False, False]
    found = http.post(find, headers=t.headers).json()
    assert found["linked"] == 3 and found["checked"] == 4, found
    listed = http.get(f"/api/v1/campaigns/{c['id']}/posts", headers=t.headers).json()
    assert all(p["linked_by"] == "auto" and p["link_reason"].startswith("carries ") for p in listed)
    assert any(f"#{tag}" in p["link_reason"] for p in listed) and any(code in p["link_reason"] for p in listed)
    assert http.post(find, headers=t.headers).json()["linked"] == 0  # again: nothing new
    http.delete(f"/api/v1/campaigns/{c['id']}/posts/{listed[0]['id']}", headers=t.headers).raise_for_status()
    assert http.post(find, headers=t.headers).json()["linked"] == 0  # what a person stopped counting stays out
    stranger = factory.tenant("admin")
    assert http.post(find, headers=stranger.headers).status_code == 404
    assert date.fromisoformat(c["starts_on"]) < today


def test_the_nightly_pass_finds_posts_of_live_campaigns_only(http, factory, engine):
    from reachroom.measurement.tasks import find_posts_everywhere

    t = factory.tenant("admin")
    today = utcnow().date()
    made = []
    for status in ("live", "draft"):
        account = factory.creator(handle=f"nt{uuid.uuid4().hex[:8]}", posts=2)[1]
        brand = http.post("/api/v1/brands", json={"name": f"Night {uuid.uuid4().hex[:6]}"}, headers=t.headers).json()
        c = http.post("/api/v1/campaigns", json={"name": f"Night {uuid.uuid4().hex[:6]}", "brand_id": brand["id"],
                                                 "starts_on": str(today - timedelta(days=10))},
                      headers=t.headers).json()
        http.post(f"/api/v1/campaigns/{c['id']}/creators", json={"account_ids": [account]},
                  headers=t.headers).raise_for_status()
        http.put(f"/api/v1/campaigns/{c['id']}/brief", json={"base_version": 0, **BRIEF},
                 headers=t.headers).raise_for_status()
        with unit_of_work(engine) as db:
            db.execute(update(Post).where(Post.account_id == account).values(
                caption=f"Tonight {BRIEF['promo_codes'][0]}"))
        if status == "live":
            for step in ("recruiting", "live"):
                r = http.post(f"/api/v1/campaigns/{c['id']}/status", json={"status": step}, headers=t.headers)
                assert r.status_code == 200, r.text
                c = r.json()
        made.append(c)
    assert find_posts_everywhere() >= 2
    counted = [len(http.get(f"/api/v1/campaigns/{c['id']}/posts", headers=t.headers).json()) for c in made]
    assert counted == [2, 0]  # the live campaign's two posts; the draft is left alone
    find_posts_everywhere()
    assert len(http.get(f"/api/v1/campaigns/{made[0]['id']}/posts", headers=t.headers).json()) == 2  # not twice


def test_find_counts_posts_with_the_creators_own_code_or_tracked_link(http, factory, engine):
    """No brief markers: a post carrying the creator's own promo code (any case) or their tracked link (its
    parameters in any order, with others) is counted for that creator; another creator's code on a post, or the
    code inside a longer word, is not."""
    t = factory.tenant("admin")
    a_acc, b_acc = (factory.creator(handle=f"own{uuid.uuid4().hex[:8]}", posts=3)[1] for _ in range(2))
    brand = http.post("/api/v1/brands", json={"name": f"Own {uuid.uuid4().hex[:6]}", "website": "shop.example"},
                      headers=t.headers).json()
    today = utcnow().date()
    c = http.post("/api/v1/campaigns", json={"name": f"Own {uuid.uuid4().hex[:6]}", "brand_id": brand["id"],
                                             "starts_on": str(today - timedelta(days=10)),
                                             "ends_on": str(today + timedelta(days=5))}, headers=t.headers).json()
    http.post(f"/api/v1/campaigns/{c['id']}/creators", json={"account_ids": [a_acc, b_acc]},
              headers=t.headers).raise_for_status()
    find = f"/api/v1/campaigns/{c['id']}/posts/find"
    assert "nothing to look for" in http.post(find, headers=t.headers).json()["note"]  # no brief, no codes yet
    made = http.post(f"/api/v1/campaigns/{c['id']}/tracking", headers=t.headers).json()
    entries = {e["account_id"]: e for e in http.get(f"/api/v1/campaigns/{c['id']}/creators", headers=t.headers).json()}
    track = {x["entry_id"]: x for x in made}
    a_code = track[entries[a_acc]["id"]]["code"]
    b_link = track[entries[b_acc]["id"]]["link"]
    base, query = b_link.split("?", 1)
    shuffled = f"{base}/?ref=story&" + "&".join(reversed(query.split("&")))  # the same link, parameters reordered
    with unit_of_work(engine) as db:  # each creator's three posts fall inside the dates (one every 3 days)
        for account, captions in ((a_acc, [f"Glowing! {a_code.lower()} gets you 10% off", f"{a_code}X is not it",
                                           "nothing here"]),
                                  (b_acc, [f"Shop my look: {shuffled}", f"my friend's code {a_code}",
                                           "nothing here"])):
            posts = db.scalars(select(Post).where(Post.account_id == account).order_by(Post.posted_at.desc()))
            for p, caption in zip(posts, captions, strict=True):
                db.execute(update(Post).where(Post.id == p.id).values(caption=caption))
    found = http.post(find, headers=t.headers).json()
    assert found["linked"] == 2 and found["checked"] == 6, found
    listed = {p["handle"]: p for p in http.get(f"/api/v1/campaigns/{c['id']}/posts", headers=t.headers).json()}
    a_handle, b_handle = entries[a_acc]["handle"], entries[b_acc]["handle"]
    assert listed[a_handle]["link_reason"] == f"carries their code {a_code}"
    assert listed[b_handle]["link_reason"] == "carries their tracked link"
    assert http.post(find, headers=t.headers).json()["linked"] == 0  # again: nothing new
