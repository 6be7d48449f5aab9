"""Files with the creator's drafts over real HTTP: a photo goes with a submitted draft (the brand sees it as any
draft file), the creator reads it back through the portal and nobody else can; a wrong type or a file over the
limit is refused naming the file, and nothing — neither the draft nor a stored file — is kept."""

import re
import uuid
from pathlib import Path

import httpx
from sqlalchemy import select

from reachroom.config import get_settings
from reachroom.db import unit_of_work
from reachroom.models import SocialAccount
from tests.campaigns.test_media import PNG
from tests.campaigns.test_review import BRIEF, GOOD
from tests.portal.test_api import _api, _token
from tests.portal.test_campaigns import _brand_campaign, _claim, _creator, _csrf


def _ready(http, factory, engine, live_server):
    """A campaign with a brief, two creators in it who proved their accounts; the first has agreed terms."""
    handle = f"df{uuid.uuid4().hex[:8]}"
    t, c, account, mine, theirs = _brand_campaign(http, factory, handle)
    http.put(f"/api/v1/campaigns/{c['id']}/brief", json={"base_version": 0, **BRIEF}, headers=t.headers)
    a, b = _creator(live_server), _creator(live_server)
    _claim(a, engine, handle, account)
    with unit_of_work(engine) as db:
        other = db.scalar(select(SocialAccount.handle).where(SocialAccount.id == theirs["account_id"]))
    _claim(b, engine, other, theirs["account_id"])
    home = a.get("/portal")
    a.post(f"/portal/campaigns/{mine['id']}/accept", data={"csrf_token": _csrf(home.text), "version": "1"})
    return t, c, mine, theirs, a, b


def _submissions(http, t, c, entry) -> list:
    return http.get(f"/api/v1/campaigns/{c['id']}/creators/{entry['id']}/submissions", headers=t.headers).json()


def test_a_photo_goes_with_the_draft_and_only_its_creator_reads_it(http, factory, engine, live_server):
    t, c, mine, theirs, a, b = _ready(http, factory, engine, live_server)
    room = a.get(f"/portal/campaigns/{mine['id']}")
    sent = a.post(f"/portal/campaigns/{mine['id']}/drafts", follow_redirects=True,
                  data={"csrf_token": _csrf(room.text), "caption": GOOD, "action": "submit"},
                  files=[("media", ("tea.png", PNG, "image/png"))])
    assert sent.status_code == 200 and 'data-testid="portal-draft-file"' in sent.text, sent.text[-2000:]
    subs = _submissions(http, t, c, mine)
    assert len(subs) == 1 and len(subs[0]["media"]) == 1
    file = subs[0]["media"][0]
    assert file["content_type"] == "image/png" and file["filename"] == "tea.png"
    brand_copy = http.get(f"/api/v1/campaigns/{c['id']}/media/{file['id']}", headers=t.headers)
    assert brand_copy.status_code == 200 and brand_copy.content == PNG  # the brand sees what was submitted
    url = re.search(r'src="(/portal/campaigns/\d+/media/\d+)"', sent.text).group(1)
    assert url == f"/portal/campaigns/{mine['id']}/media/{file['id']}"
    mine_back = a.get(url)
    assert mine_back.status_code == 200 and mine_back.content == PNG
    assert mine_back.headers["x-content-type-options"] == "nosniff"
    assert b.get(url).status_code == 404  # another creator of the same campaign
    assert b.get(f"/portal/campaigns/{theirs['id']}/media/{file['id']}").status_code == 404  # not through theirs
    with httpx.Client(base_url=a.base_url) as anonymous:
        assert anonymous.get(url, follow_redirects=False).status_code == 303
    for client in (a, b):
        client.close()


def test_wrong_type_or_too_big_keeps_nothing(http, factory, engine, live_server, monkeypatch):
    t, c, mine, _, a, b = _ready(http, factory, engine, live_server)
    room = a.get(f"/portal/campaigns/{mine['id']}")
    form = {"csrf_token": _csrf(room.text), "caption": GOOD, "action": "submit"}
    fake = a.post(f"/portal/campaigns/{mine['id']}/drafts", data=form,
                  files=[("media", ("photo.png", b"<script>alert(1)</script>", "image/png"))])
    assert fake.status_code == 415 and "media[1] (photo.png)" in fake.text
    monkeypatch.setenv("REACHROOM_MAX_UPLOAD_BYTES", "50")
    get_settings.cache_clear()
    big = a.post(f"/portal/campaigns/{mine['id']}/drafts", data=form,
                 files=[("media", ("tea.png", PNG + b"\0" * 100, "image/png"))])
    assert big.status_code == 413 and "media[1] (tea.png)" in big.text and "limit" in big.text
    monkeypatch.delenv("REACHROOM_MAX_UPLOAD_BYTES")
    get_settings.cache_clear()
    assert _submissions(http, t, c, mine) == []  # neither draft was kept
    for client in (a, b):
        client.close()


def test_the_api_adds_files_until_the_brand_reviews(http, factory, engine, live_server):
    t, c, mine, _, a, b = _ready(http, factory, engine, live_server)
    api = _api(live_server, _token(a))
    sub = api.post(f"/campaigns/{mine['id']}/drafts", json={"caption": GOOD})
    assert sub.status_code == 201, sub.text
    added = api.post(f"/campaigns/{mine['id']}/drafts/{sub.json()['id']}/media",
                     files=[("files", ("a.png", PNG, "image/png"))])
    assert added.status_code == 201 and added.json()[0]["url"].startswith(f"/portal/campaigns/{mine['id']}/media/")
    assert api.get(f"/campaigns/{mine['id']}/media/{added.json()[0]['id']}").content == PNG
    wrong = api.post(f"/campaigns/{mine['id']}/drafts/{sub.json()['id']}/media",
                     files=[("files", ("a.png", b"not an image", "image/png"))])
    assert wrong.status_code == 415 and wrong.json()["error"]["fields"][0]["field"].startswith("files[1]")
    http.post(f"/api/v1/campaigns/{c['id']}/creators/{mine['id']}/submissions/{sub.json()['id']}/review",
              json={"decision": "approve"}, headers=t.headers).raise_for_status()
    late = api.post(f"/campaigns/{mine['id']}/drafts/{sub.json()['id']}/media",
                    files=[("files", ("b.png", PNG, "image/png"))])
    assert late.status_code == 409 and "reviewed" in late.text
    assert len(_submissions(http, t, c, mine)[0]["media"]) == 1
    other = _api(live_server, _token(b))
    assert other.get(f"/campaigns/{mine['id']}/media/{added.json()[0]['id']}").status_code == 404
    for client in (api, other, a, b):
        client.close()


def _stored_files() -> list[Path]:
    root = Path(get_settings().data_dir) / "uploads"
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_a_good_file_beside_a_bad_one_is_not_kept_either(http, factory, engine, live_server):
    t, c, mine, _, a, b = _ready(http, factory, engine, live_server)
    room = a.get(f"/portal/campaigns/{mine['id']}")
    stored = len(_stored_files())
    r = a.post(f"/portal/campaigns/{mine['id']}/drafts",
               data={"csrf_token": _csrf(room.text), "caption": GOOD, "action": "submit"},
               files=[("media", ("tea.png", PNG, "image/png")),
                      ("media", ("page.png", b"<svg onload=x>", "image/png"))])
    assert r.status_code == 415 and "media[2] (page.png)" in r.text and GOOD[:20] in r.text  # the caption comes back
    assert _submissions(http, t, c, mine) == [] and len(_stored_files()) == stored
    for client in (a, b):
        client.close()


def test_a_photo_over_the_body_limit_streams_in_on_the_upload_routes(http, factory, engine, live_server):
    """Both portal upload routes take files up to REACHROOM_MAX_UPLOAD_BYTES, not the smaller limit of other bodies."""
    t, c, mine, _, a, b = _ready(http, factory, engine, live_server)
    big = PNG + b"\0" * (get_settings().max_body_bytes + 1000)
    room = a.get(f"/portal/campaigns/{mine['id']}")
    sent = a.post(f"/portal/campaigns/{mine['id']}/drafts", follow_redirects=True,
                  data={"csrf_token": _csrf(room.text), "caption": GOOD, "action": "submit"},
                  files=[("media", ("big.png", big, "image/png"))])
    assert sent.status_code == 200 and 'data-testid="portal-draft-file"' in sent.text
    api = _api(live_server, _token(a))
    draft = _submissions(http, t, c, mine)[0]
    added = api.post(f"/campaigns/{mine['id']}/drafts/{draft['id']}/media",
                     files=[("files", ("b.png", big, "image/png"))])
    assert added.status_code == 201, added.text[:500]
    assert [m["size"] for m in _submissions(http, t, c, mine)[0]["media"]] == [len(big), len(big)]
    for client in (api, a, b):
        client.close()
