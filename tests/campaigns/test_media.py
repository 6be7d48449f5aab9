"""Files with drafts over real HTTP: the type comes from the bytes (a PNG named .txt is a PNG; HTML or SVG named
.png is refused), oversized or wrong files leave nothing behind (no row, no file on disk), and files come back
with their real type, nosniff and a sandbox — to the workspace that owns them only."""

import base64
import hashlib
from pathlib import Path

import pytest
from sqlalchemy import func, select

from reachroom.campaigns.media import sniff
from reachroom.config import get_settings
from reachroom.db import unit_of_work
from reachroom.models import SubmissionMedia
from tests.campaigns.test_review import GOOD, _entry_at

# a real 1×1 PNG, a GIF header, a minimal MP4 "ftyp" box and files that only pretend
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQ"
                       "AAAABJRU5ErkJggg==")
GIF = (b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00,"
       b"\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64
HTML = b"<!DOCTYPE html><html><script>alert(document.cookie)</script></html>"
SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
PDF = b"%PDF-1.7\n1 0 obj << /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >> endobj\n%%EOF"


def _draft(http, factory):
    t = factory.tenant("member")
    c, entry = _entry_at(http, factory, t, ["interested", "contracted"])
    subs = f"/api/v1/campaigns/{c['id']}/creators/{entry['id']}/submissions"
    s = http.post(subs, json={"caption": GOOD}, headers=t.headers).json()
    return t, c, entry, f"{subs}/{s['id']}/media"


def _rows() -> int:
    from reachroom.db import get_engine

    with unit_of_work(get_engine()) as db:
        return db.scalar(select(func.count()).select_from(SubmissionMedia))


def _stored_files() -> list[Path]:
    root = Path(get_settings().data_dir) / "uploads"
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.mark.parametrize(("data", "mime"), [(PNG, "image/png"), (GIF, "image/gif"), (MP4, "video/mp4"),
                                            (HTML, None), (SVG, None), (b"plain text", None), (b"", None)])
def test_the_type_comes_from_the_bytes(data, mime):
    assert sniff(data) == mime


def test_files_are_kept_with_their_draft_and_served_as_what_they_are(http, factory):
    t, c, entry, url = _draft(http, factory)
    r = http.post(url, files=[("files", ("holiday.txt", PNG, "text/plain")), ("files", ("clip.bin", MP4, "x/y"))],
                  headers=t.headers)
    assert r.status_code == 201, r.text
    png, mp4 = r.json()
    assert (png["content_type"], png["kind"], png["size"]) == ("image/png", "image", len(PNG))
    assert png["sha256"] == hashlib.sha256(PNG).hexdigest() and mp4["content_type"] == "video/mp4"
    got = http.get(f"/api/v1/campaigns/{c['id']}/media/{png['id']}", headers=t.headers)
    assert got.status_code == 200 and got.content == PNG
    assert got.headers["content-type"] == "image/png" and got.headers["x-content-type-options"] == "nosniff"
    assert "sandbox" in got.headers["content-security-policy"]
    listed = http.get(url.rsplit("/", 2)[0], headers=t.headers).json()
    assert [m["id"] for m in listed[0]["media"]] == [png["id"], mp4["id"]]
    other = factory.tenant("owner")
    assert http.get(f"/api/v1/campaigns/{c['id']}/media/{png['id']}", headers=other.headers).status_code == 404


@pytest.mark.parametrize(("name", "data", "status"), [
    ("cute.png", HTML, 415), ("logo.png", SVG, 415), ("brochure.jpg", PDF, 415), ("notes.jpg", b"just words", 415),
    ("empty.png", b"", 422)])
def test_wrong_files_are_refused_and_nothing_is_kept(http, factory, name, data, status):
    t, _, _, url = _draft(http, factory)
    rows, files = _rows(), len(_stored_files())
    r = http.post(url, files=[("files", ("fine.png", PNG, "image/png")), ("files", (name, data, "image/png"))],
                  headers=t.headers)
    assert r.status_code == status, r.text
    assert "files[2]" in r.json()["error"]["message"] and name in r.json()["error"]["message"]
    assert _rows() == rows and len(_stored_files()) == files  # the good file was not kept either


def test_an_oversized_upload_is_refused_before_it_is_kept(http, factory, monkeypatch):
    monkeypatch.setenv("REACHROOM_MAX_UPLOAD_BYTES", str(len(PNG) + 10))
    t, _, _, url = _draft(http, factory)
    rows, files = _rows(), len(_stored_files())
    big = PNG + b"\x00" * 100
    r = http.post(url, files=[("files", ("big.png", big, "image/png"))], headers=t.headers)
    assert r.status_code == 413 and "limit" in r.json()["error"]["message"]
    assert _rows() == rows and len(_stored_files()) == files


def test_viewers_cannot_upload(http, factory):
    t, c, _, url = _draft(http, factory)
    viewer = factory.tenant("viewer", t.workspace_id)
    r = http.post(url, files=[("files", ("a.png", PNG, "image/png"))], headers=viewer.headers)
    assert r.status_code == 403
