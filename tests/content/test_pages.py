"""Content on the pages over real HTTP: the profile's Content section with links to the posts, the brand voice
editor (tolerated safety categories), the voice traits and the "test a caption" box."""

import re

import httpx
import pytest

from tests.content.accounts import account_with_posts
from tests.web import csrf_of, login


@pytest.fixture
def browser(live_server):
    with httpx.Client(base_url=live_server, timeout=30) as client:
        yield client


def test_profile_shows_the_content_section_with_links_to_posts(browser, factory, engine):
    t = factory.tenant()
    creator_id, _, posts = account_with_posts(engine, t.workspace_id, handle=f"page_runner_{t.workspace_id}")
    login(browser, t.email)
    r = browser.get(f"/creators/{creator_id}")
    assert r.status_code == 200
    html = r.text
    assert 'data-testid="content"' in html and 'data-slug="fitness"' in html
    assert 'data-testid="undisclosed-count">1 not disclosed' in html
    assert 'data-category="profanity"' in html and "Holy shit" in html
    # every flag links to a post that has that anchor on the page
    links = set(re.findall(r'data-testid="content-post-link" data-post-id="(\d+)"', html))
    assert {str(posts[3]), str(posts[0])} <= links
    for pid in links:
        assert f'href="#post-{pid}"' in html and f'id="post-{pid}"' in html
    assert f'id="content-post-{posts[0]}"' in html  # the evidence list under the section
    assert html.count('data-testid="tone-trait"') == 7 and "computed just now" in html


def test_profile_without_captions_says_so(browser, factory, engine):
    t = factory.tenant()
    creator_id, _, _ = account_with_posts(engine, t.workspace_id, handle=f"quiet_{t.workspace_id}", captions=[],
                                          bio="")
    login(browser, t.email)
    r = browser.get(f"/creators/{creator_id}")
    assert r.status_code == 200 and 'data-testid="empty-content"' in r.text


def _brand(http_client, tenant, **fields):
    r = http_client.post("/api/v1/brands", json={"name": f"Page brand {tenant.workspace_id}", **fields},
                         headers=tenant.headers)
    assert r.status_code == 201, r.text
    return r.json()["id"]


def test_voice_editor_saves_tolerated_safety_and_shows_voice_traits(browser, http, factory):
    t = factory.tenant()
    brand = _brand(http, t, voice="Playful and casual, lots of emoji", tolerated_safety=["gambling"])
    login(browser, t.email)
    page = browser.get(f"/brands/{brand}/edit")
    assert page.status_code == 200
    assert 'data-testid="tolerated-safety"' in page.text and 'value="gambling" checked' in page.text
    assert 'data-testid="caption-form"' in page.text and f'hx-get="/brands/{brand}/voice"' in page.text
    form = {"csrf_token": csrf_of(page.text), "name": f"Page brand {t.workspace_id}", "voice": "Formal; no emoji",
            "banned_words": "cheap, miracle", "tolerated_safety": ["drugs_alcohol", "politics"]}
    r = browser.post(f"/brands/{brand}", data=form, follow_redirects=False)
    assert r.status_code == 303, r.text
    saved = http.get(f"/api/v1/brands/{brand}", headers=t.headers).json()
    assert saved["tolerated_safety"] == ["drugs_alcohol", "politics"] and saved["banned_words"] == ["cheap", "miracle"]
    form["tolerated_safety"] = []
    assert browser.post(f"/brands/{brand}", data=form, follow_redirects=False).status_code == 303
    assert http.get(f"/api/v1/brands/{brand}", headers=t.headers).json()["tolerated_safety"] == []

    voice = browser.get(f"/brands/{brand}/voice")
    assert voice.status_code == 200 and 'data-testid="voice-profile"' in voice.text
    assert voice.text.count('data-testid="voice-trait"') == 7 and "described" in voice.text


def test_caption_box_shows_verdicts(browser, http, factory):
    t = factory.tenant()
    brand = _brand(http, t, voice="Warm and upbeat", banned_words=["cheap"], tolerated_safety=["drugs_alcohol"])
    login(browser, t.email)
    token = csrf_of(browser.get(f"/brands/{brand}/edit").text)
    url = f"/brands/{brand}/test-caption"
    caption = "Cheap wine night with @vinoco, use my code WINE10 for 10% off"
    r = browser.post(url, data={"csrf_token": token, "text": caption}, headers={"HX-Request": "true"})
    assert r.status_code == 200 and "<html" not in r.text
    assert 'data-verdict="review"' in r.text and 'data-disclosure="undisclosed"' in r.text
    assert "cheap" in r.text and 'data-tolerated="true"' in r.text

    r = browser.post(url, data={"csrf_token": token, "text": "#ad Happy morning tea", "paid_partnership": "on"})
    assert r.status_code == 200 and "<html" in r.text and 'data-disclosure="disclosed"' in r.text

    r = browser.post(url, data={"csrf_token": token, "text": "  "}, headers={"HX-Request": "true"})
    assert r.status_code == 200 and 'data-testid="caption-error"' in r.text and "text" in r.text
    assert browser.post(url, data={"csrf_token": token, "text": ""}).status_code == 422
    assert browser.post(url, data={"csrf_token": token, "text": "x" * 5001}).status_code == 422
    assert browser.post(url, data={"text": caption}).status_code == 403  # no CSRF token


def test_other_workspace_cannot_use_the_brand_pages(live_server, http, factory):
    a, b = factory.tenant(), factory.tenant()
    brand = _brand(http, a, voice="Warm")
    with httpx.Client(base_url=live_server, timeout=30) as other:
        login(other, b.email)
        token = csrf_of(other.get("/brands/new").text)
        assert other.get(f"/brands/{brand}/voice").status_code == 404
        r = other.post(f"/brands/{brand}/test-caption", data={"csrf_token": token, "text": "hello"})
        assert r.status_code == 404
