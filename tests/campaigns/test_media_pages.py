"""Drafts with files and live posts on the creator's page over real HTTP: the draft form takes photos and videos
(shown back in the draft), a wrong file keeps neither the draft nor the file, and the live-post form checks the
published caption against the approved one."""

import re

import httpx
import pytest

from tests.campaigns.test_media import HTML, PNG
from tests.campaigns.test_review import BRIEF, GOOD, _entry_at
from tests.web import csrf_of, login


@pytest.fixture
def setup(http, factory, live_server):
    t = factory.tenant("admin")
    c, entry = _entry_at(http, factory, t, ["interested", "contracted"])
    http.put(f"/api/v1/campaigns/{c['id']}/brief", json={"base_version": 0, **BRIEF}, headers=t.headers)
    with httpx.Client(base_url=live_server, timeout=30) as browser:
        login(browser, t.email)
        yield browser, f"/campaigns/{c['id']}/creators/{entry['id']}", t, c


def test_a_draft_with_a_photo_and_then_its_live_post(setup, http):
    browser, page, t, c = setup
    html = browser.get(page).text
    assert 'enctype="multipart/form-data"' in html and 'data-testid="draft-media"' in html
    r = browser.post(f"{page}/submissions", data={"csrf_token": csrf_of(html), "caption": GOOD},
                     files=[("media", ("look.png", PNG, "image/png"))], follow_redirects=True)
    assert r.status_code == 200 and "submitted and checked" in r.text
    src = re.search(r'<img src="(/campaigns/\d+/media/\d+)"', r.text).group(1)
    image = browser.get(src)
    assert image.content == PNG and image.headers["content-type"] == "image/png"
    sid = re.search(r'/submissions/(\d+)/review', r.text).group(1)
    r = browser.post(f"{page}/submissions/{sid}/review", data={"csrf_token": csrf_of(r.text), "decision": "approve"},
                     follow_redirects=True)
    assert 'data-testid="live-form"' in r.text
    bad = browser.post(f"{page}/submissions/{sid}/live", data={"csrf_token": csrf_of(r.text), "url": "https://x.test/1",
                                                                "caption": GOOD})
    assert bad.status_code == 422 and "url" in bad.text
    live = browser.post(f"{page}/submissions/{sid}/live", follow_redirects=True,
                        data={"csrf_token": csrf_of(r.text), "url": "https://www.instagram.com/p/Abc/",
                              "caption": GOOD.replace("Ad | ", "")})
    assert 'data-testid="live-post" data-verdict="fail"' in live.text
    assert 'data-key="matches_approved" data-status="warn"' in live.text and "Live" in live.text


def test_a_wrong_file_keeps_neither_the_draft_nor_the_file(setup, http):
    browser, page, t, c = setup
    html = browser.get(page).text
    r = browser.post(f"{page}/submissions", data={"csrf_token": csrf_of(html), "caption": GOOD},
                     files=[("media", ("photo.png", HTML, "image/png"))])
    assert r.status_code == 415 and "media[1] (photo.png)" in r.text and 'data-testid="form-errors"' in r.text
    subs = http.get(f"/api/v1/campaigns/{c['id']}{page.split(str(c['id']), 1)[1]}/submissions", headers=t.headers)
    assert subs.json() == []
