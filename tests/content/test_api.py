"""The content API over real HTTP: profiles (live and stored), classify, brand voice, tone match, caption tests,
bad input and tenancy."""

import uuid
from types import SimpleNamespace

import pytest

from reachroom.content.job import recompute_all
from reachroom.core.vocab import NICHE_SLUGS
from tests.content.accounts import account_with_posts

FORMAL = [
    "Our quarterly review of the new collection is now available. We discuss materials, fit and durability.",
    "An overview of sustainable fabrics, with references to independent laboratory tests.",
    "This season's tailoring: three considered pieces for the working week.",
]
CASUAL = [
    "omg lol this is sooo good 😂😂🔥 gonna wear it every day!!! #ootd #style #fashion #lol",
    "haha cant stop laughing 😂😂 new fit who dis 🔥🔥 #ootd #fashion #outfit",
    "LOVE LOVE LOVE 😍😍😍 soooo cute!!! #style #ootd #instafashion",
]


@pytest.fixture(scope="module")
def world(factory, engine):
    a, b = factory.tenant(), factory.tenant()
    n = a.workspace_id
    _, private, posts = account_with_posts(engine, a.workspace_id, handle=f"runner_private_{n}")
    _, shared, _ = account_with_posts(engine, None, handle=f"runner_shared_{n}")
    _, formal, _ = account_with_posts(engine, None, handle=f"formal_{n}", captions=FORMAL, bio="")
    _, casual, _ = account_with_posts(engine, None, handle=f"casual_{n}", captions=CASUAL, bio="")
    return SimpleNamespace(a=a, b=b, private=private, posts=posts, shared=shared, formal=formal, casual=casual)


def _brand(http, tenant, **fields):
    r = http.post("/api/v1/brands", json={"name": f"Brand {uuid.uuid4().hex[:12]} {tenant.workspace_id}", **fields},
                  headers=tenant.headers)
    assert r.status_code == 201, r.text
    return r.json()["id"]


def _check_profile(p, posts):
    assert p["posts_analysed"] == 8
    assert p["primary_niche"] == "fitness" and p["niches"][0]["slug"] == "fitness"
    assert p["niches"][0]["evidence"] and 0 < p["niches"][0]["confidence"] <= 1
    assert set(p["niche_scores"]) == set(NICHE_SLUGS)
    d = p["disclosure"]
    # post 0: discount code, no label; post 1: "#ad" up front; post 6: "Gifted by @…" up front
    assert d["sponsored_posts"] == 3 and d["sponsored_share"] == pytest.approx(3 / 8, abs=1e-4)
    assert (d["disclosed"], d["unclear"], d["undisclosed"]) == (2, 0, 1) and d["undisclosed_count"] == 1
    assert d["post_ids"] == [posts[0], posts[1], posts[6]]
    assert {b["handle"] for b in d["brands_mentioned"]} >= {"stridewell", "trailhound"}
    assert [s["category"] for s in p["safety"]] == ["profanity"]
    assert p["safety"][0]["post_ids"] == [posts[3]] and "shit" in p["safety"][0]["words"]
    assert [t["key"] for t in p["tone"]] == ["formality", "positivity", "humour", "emoji_density", "hashtag_density",
                                           "first_person", "promotional"]
    undisclosed = next(x for x in p["posts"] if x["post_id"] == posts[0])
    assert undisclosed["disclosure"] == "undisclosed" and undisclosed["kind"] == "paid"
    assert any(s["kind"] == "discount_code" and "SAM10" in s["text"] for s in undisclosed["sponsorship_signals"])


def test_profile_of_an_account_before_and_after_the_job(http, world, engine):
    r = http.get(f"/api/v1/accounts/{world.private}/content", headers=world.a.headers)
    assert r.status_code == 200, r.text
    live = r.json()
    assert live["stored"] is False and live["computed_at"]
    _check_profile(live, world.posts)

    summary = recompute_all(engine, workers=0, batch_size=200)
    assert summary["accounts"] >= 4 and summary["posts"] >= 8 + 8 + 3 + 3
    stored = http.get(f"/api/v1/accounts/{world.private}/content", headers=world.a.headers).json()
    assert stored["stored"] is True and stored["method_version"] == live["method_version"]
    _check_profile(stored, world.posts)
    # the page, the API and the CLI read the same rows; live and stored analyses agree
    for key in ("niches", "niche_scores", "disclosure", "tone", "safety"):
        assert stored[key] == live[key], key


def test_content_tenancy_and_unknown_ids(http, world):
    assert http.get(f"/api/v1/accounts/{world.private}/content", headers=world.b.headers).status_code == 404
    assert http.get(f"/api/v1/accounts/{world.shared}/content", headers=world.b.headers).status_code == 200
    r = http.get("/api/v1/accounts/987654321/content", headers=world.a.headers)
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
    assert http.get(f"/api/v1/accounts/{world.shared}/content").status_code == 401


def test_classify_returns_verdicts_with_evidence(http, world):
    text = "Obsessed with this lipstick from @glowco! Use my code GLOW15 for 15% off #makeup #beauty"
    r = http.post("/api/v1/content/classify", json={"text": text}, headers=world.a.headers)
    assert r.status_code == 200, r.text
    v = r.json()
    assert v["niche"]["slug"] == "beauty" and "#makeup" in v["niche"]["evidence"]
    assert len(v["niche_top"]) == 3 and v["niche_top"][0] == v["niche"]
    s = v["sponsorship"]
    assert s["sponsored"] and s["kind"] == "paid" and s["disclosure"] == "undisclosed"
    assert not s["disclosed_uk"] and not s["disclosed_us"] and "glowco" in s["brands"]
    assert any(sig["kind"] == "discount_code" for sig in s["signals"])
    assert v["safety"] == [] and set(v["tone"]) >= {"formality", "promotional"}

    flagged = http.post("/api/v1/content/classify", json={"text": "#ad " + text, "paid_partnership": True},
                        headers=world.a.headers).json()
    assert flagged["sponsorship"]["disclosure"] == "disclosed"
    buried = "Obsessed with this lipstick, use my code GLOW15 for 15% off #makeup #beauty #glow #lips #ad"
    assert http.post("/api/v1/content/classify", json={"text": buried},
                     headers=world.a.headers).json()["sponsorship"]["disclosure"] == "unclear"
    unsafe = http.post("/api/v1/content/classify", json={"text": "Casino night, free spins and tequila shots"},
                       headers=world.a.headers).json()
    assert {f["category"] for f in unsafe["safety"]} == {"gambling", "drugs_alcohol"}


@pytest.mark.parametrize("body", [{"text": ""}, {"text": "   "}, {"text": "x" * 5001}, {}, {"text": "ok", "x": 1},
                                  {"text": 42}])
def test_classify_rejects_bad_input_naming_the_field(http, world, body):
    r = http.post("/api/v1/content/classify", json=body, headers=world.a.headers)
    assert r.status_code == 422, r.text
    fields = [f["field"] for f in r.json()["error"]["fields"]]
    assert fields and fields[0] in ("text", "x")


def test_brand_voice_and_tone_match(http, world):
    brand = _brand(http, world.a, voice="Formal, professional and understated; no emoji, no slang.",
                   banned_words=["lol"])
    v = http.get(f"/api/v1/brands/{brand}/voice", headers=world.a.headers).json()
    assert v["described"] and {"formality", "emoji_density"} <= set(v["explicit_traits"])
    traits = {t["key"]: t["value"] for t in v["tone"]}
    assert traits["formality"] >= 0.75 and traits["emoji_density"] == 0

    formal = http.get(f"/api/v1/brands/{brand}/tone-match/{world.formal}", headers=world.a.headers)
    casual = http.get(f"/api/v1/brands/{brand}/tone-match/{world.casual}", headers=world.a.headers)
    assert formal.status_code == casual.status_code == 200, casual.text
    f, c = formal.json(), casual.json()
    assert 0 <= c["score"] < f["score"] <= 1
    assert "emoji_density" in c["disagreeing"] and "emoji_density" in f["agreeing"]
    assert c["banned_word_hits"] == {"lol": 2}  # "lol" and "#lol" and f["banned_word_hits"] == {}
    assert len(f["traits"]) == 7 and f["posts_compared"] == 3

    # a brand without any voice or description cannot be matched yet
    bare = _brand(http, world.a)
    r = http.get(f"/api/v1/brands/{bare}/tone-match/{world.formal}", headers=world.a.headers)
    assert r.status_code == 409 and r.json()["error"]["fields"][0]["field"] == "voice"
    assert http.get(f"/api/v1/brands/{brand}/tone-match/987654321", headers=world.a.headers).status_code == 404


def test_other_workspaces_brand_and_private_account_are_404(http, world):
    brand = _brand(http, world.a, voice="Warm and playful")
    for url in (f"/api/v1/brands/{brand}/tone-match/{world.shared}", f"/api/v1/brands/{brand}/voice"):
        assert http.get(url, headers=world.b.headers).status_code == 404
    r = http.post(f"/api/v1/brands/{brand}/test-caption", json={"text": "hello"}, headers=world.b.headers)
    assert r.status_code == 404
    own = _brand(http, world.b, voice="Warm and playful")
    assert http.get(f"/api/v1/brands/{own}/tone-match/{world.private}", headers=world.b.headers).status_code == 404
    assert http.get(f"/api/v1/brands/{own}/tone-match/{world.shared}", headers=world.b.headers).status_code == 200


def test_caption_test_against_a_brand(http, world):
    brand = _brand(http, world.a, voice="Warm, upbeat and personal", banned_words=["cheap"],
                   tolerated_safety=["drugs_alcohol"])
    url = f"/api/v1/brands/{brand}/test-caption"
    r = http.post(url, json={"text": "Cheap wine night with @vinoco! Use my code WINE10 for 10% off"},
                  headers=world.a.headers)
    assert r.status_code == 200, r.text
    v = r.json()
    assert v["verdict"] == "review" and v["banned_words"] == ["cheap"]
    assert v["sponsorship"]["disclosure"] == "undisclosed"
    assert [(f["category"], f["tolerated"]) for f in v["safety"]] == [("drugs_alcohol", True)]
    assert any("banned" in p for p in v["problems"]) and any("not disclosed" in p for p in v["problems"])
    assert not any("Drugs" in p for p in v["problems"])  # tolerated by this brand

    ok = http.post(url, json={"text": "Ad: I love my cosy morning walks with @hearth tea, so happy!"},
                   headers=world.a.headers).json()
    assert ok["sponsorship"]["disclosure"] == "disclosed" and ok["banned_words"] == [] and ok["safety"] == []
    assert ok["verdict"] == "ok" and 0 <= ok["tone_score"] <= 1

    unsafe = http.post(url, json={"text": "What a load of bullshit"}, headers=world.a.headers).json()
    assert unsafe["verdict"] == "review" and unsafe["safety"][0]["tolerated"] is False

    r = http.post(url, json={"text": ""}, headers=world.a.headers)
    assert r.status_code == 422 and r.json()["error"]["fields"][0]["field"] == "text"
    assert http.post("/api/v1/brands/987654321/test-caption", json={"text": "x"},
                     headers=world.a.headers).status_code == 404
