"""A post's snapshot history (API and page, this workspace only), metric versions (never a "drop" across a
platform's change of what it counts; a warning beside a total that mixes them; on the page and in the CSV), a
story's 24 hours (numbers read after it expired are flagged) and the snapshot CSV's contradictions inside one file,
over real HTTP."""

import csv
import io

import httpx
from pypdf import PdfReader

from tests.measurement.test_report import _campaign, _csv, _figures, _link, _snap
from tests.web import csrf_of, login


def _history(http, t, c, post_id):
    return http.get(f"/api/v1/campaigns/{c['id']}/posts/{post_id}/snapshots", headers=t.headers)


def test_a_posts_history_newest_first_and_404_elsewhere(http, factory, live_server):
    t, c, entries = _campaign(http, factory)
    post = _link(http, t, c, entries[0], "https://www.instagram.com/p/HIS111/").json()
    assert _history(http, t, c, post["id"]).json() == []
    for day, views in (("2026-11-02", 900), ("2026-11-06", 1500), ("2026-11-04", 1200)):  # one typed in late
        r = _snap(http, t, c, post["id"], collected_at=f"{day}T10:00:00", views=views, reach=views - 100,
                  metric_version="instagram-views-2025")
        assert r.status_code == 201, r.text
    _snap(http, t, c, post["id"], collected_at="2026-11-05T10:00:00", views=1000, source="creator",
          metric_version="instagram-views-2025").raise_for_status()  # lower than the 4th: flagged
    h = _history(http, t, c, post["id"])
    assert h.status_code == 200
    got = [(s["collected_at"][:10], s["views"], s["source"], s["flags"]) for s in h.json()]
    assert got == [("2026-11-06", 1500, "manual", []), ("2026-11-05", 1000, "creator", ["views_dropped"]),
                   ("2026-11-04", 1200, "manual", []), ("2026-11-02", 900, "manual", [])]
    assert {s["metric_version"] for s in h.json()} == {"instagram-views-2025"} and h.json()[0]["reach"] == 1400
    other = factory.tenant("admin")
    assert _history(http, other, c, post["id"]).status_code == 404  # another workspace
    c2 = http.post("/api/v1/campaigns", json={"name": "Other", "brand_id": c["brand_id"]}, headers=t.headers).json()
    assert _history(http, t, c2, post["id"]).status_code == 404  # a post of another campaign
    with httpx.Client(base_url=live_server, timeout=30) as browser:
        login(browser, t.email)
        report = browser.get(f"/campaigns/{c['id']}/report")
        assert f'href="/campaigns/{c["id"]}/report/posts/{post["id"]}"' in report.text
        page = browser.get(f"/campaigns/{c['id']}/report/posts/{post['id']}")
        assert page.status_code == 200 and page.text.count('data-testid="history-row"') == 4
        assert page.text.index("1,500") < page.text.index("1,200") < page.text.index(">900<")
        assert "views dropped" in page.text and "Instagram views (current metric)" in page.text
    with httpx.Client(base_url=live_server, timeout=30) as stranger:
        login(stranger, other.email)
        assert stranger.get(f"/campaigns/{c['id']}/report/posts/{post['id']}").status_code == 404


def test_a_metric_version_change_is_not_a_drop_and_a_mixed_total_says_so(http, factory, live_server):
    t, c, entries = _campaign(http, factory)
    old = _link(http, t, c, entries[0], "https://www.instagram.com/p/VER111/").json()
    new = _link(http, t, c, entries[1], "https://www.instagram.com/p/VER222/").json()
    first = _snap(http, t, c, old["id"], views=5000, impressions=6000, metric_version="instagram-impressions")
    assert first.status_code == 201
    # the platform's change: views now count differently (fewer), which is not the post losing views
    changed = _snap(http, t, c, old["id"], collected_at="2026-11-08T10:00:00", views=4200,
                    metric_version="instagram-views-2025")
    assert changed.status_code == 201 and changed.json()["flags"] == []
    same = _snap(http, t, c, old["id"], collected_at="2026-11-09T10:00:00", views=4100,
                 metric_version="instagram-views-2025")
    assert same.json()["flags"] == ["views_dropped"]  # the same version going down still is
    f = _figures(http, t, c)
    assert f["views"]["warning"] is None and f["views"]["metric_versions"] == ["instagram-views-2025"]
    _snap(http, t, c, new["id"], views=800, impressions=1000, metric_version="instagram-impressions").raise_for_status()
    f = _figures(http, t, c)
    assert f["views"]["metric_versions"] == ["instagram-impressions", "instagram-views-2025"]
    assert "2 metric versions" in f["views"]["warning"] and "Instagram" in f["views"]["warning"]
    assert f["impressions"]["warning"] and f["reach"]["warning"] is None
    rows = list(csv.DictReader(io.StringIO(http.get(f"/api/v1/campaigns/{c['id']}/report.csv",
                                                    headers=t.headers).text)))
    by = {r["creator"].lstrip("'").split(" ")[0]: r["metric_versions"] for r in rows}  # '@: not a formula
    assert by[f"@{entries[0]['handle']}"] == "instagram-views-2025"
    assert by[f"@{entries[1]['handle']}"] == "instagram-impressions"
    assert by["Total"] == "instagram-impressions; instagram-views-2025"
    pdf = http.get(f"/api/v1/campaigns/{c['id']}/report.pdf", headers=t.headers)
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Mixed metric versions: Instagram posts counted under 2 metric versions" in " ".join(text.split())
    with httpx.Client(base_url=live_server, timeout=30) as browser:
        login(browser, t.email)
        page = browser.get(f"/campaigns/{c['id']}/report")
        assert page.text.count('data-testid="figure-version-warning"') == 2
        assert 'data-testid="post-version"' in page.text
        # in words a marketer reads, not the connectors' identifiers
        assert "Instagram impressions (older metric)" in page.text and ">instagram-impressions<" not in page.text
        shared = http.post(f"/api/v1/campaigns/{c['id']}/shares", json={"days": 3}, headers=t.headers).json()
        client_view = httpx.get(live_server + shared["url"])  # the client's view, logged out
        assert client_view.status_code == 200 and "Instagram views (current metric)" in client_view.text
        # the form offers the platform's versions, the current one first
        form = page.text.split('data-testid="metric-version"')[1].split("</select>")[0]
        assert form.index("instagram-views-2025") < form.index("instagram-impressions")
        saved = browser.post(f"/campaigns/{c['id']}/report/posts/{new['id']}/snapshots", follow_redirects=True,
                             data={"csrf_token": csrf_of(page.text), "collected_at": "2026-11-10T09:00",
                                   "views": "700", "metric_version": "instagram-views-2025"})
        assert "Numbers saved" in saved.text and "they contradict" not in saved.text
    latest = _history(http, t, c, new["id"]).json()[0]
    assert (latest["metric_version"], latest["views"], latest["flags"]) == ("instagram-views-2025", 700, [])
    assert _figures(http, t, c)["views"]["warning"] is None  # every post now counted the same way


def test_a_story_lives_24_hours_and_later_numbers_are_flagged(http, factory):
    t, c, entries = _campaign(http, factory)
    story = _link(http, t, c, entries[0], "https://www.instagram.com/stories/someone/3123456789012345678/").json()
    assert story["format"] == "story" and story["expires_at"].startswith("2026-11-02T10:00")
    within = _snap(http, t, c, story["id"], collected_at="2026-11-02T09:30:00", reach=400, impressions=500)
    assert within.status_code == 201 and within.json()["flags"] == []
    grace = _snap(http, t, c, story["id"], collected_at="2026-11-02T10:30:00", reach=410, impressions=520)
    assert grace.json()["flags"] == []  # read just after it went: its 24 hours' numbers
    late = _snap(http, t, c, story["id"], collected_at="2026-11-03T12:00:00", reach=420, impressions=530)
    assert late.status_code == 201 and late.json()["flags"] == ["collected_after_story_expired"]
    post = _link(http, t, c, entries[0], "https://www.instagram.com/p/NOTSTORY1/").json()
    assert post["expires_at"] is None
    assert _snap(http, t, c, post["id"], collected_at="2026-11-20T12:00:00", reach=1).json()["flags"] == []
    # imported late numbers are flagged the same way
    headers = {**t.headers, "Content-Type": "text/csv"}
    r = http.post(f"/api/v1/campaigns/{c['id']}/snapshots/import", headers=headers, content=_csv(
        [{"url": story["url"], "collected_at": "2026-11-04T08:00", "reach": "430"}]))
    assert r.json() == {"added": 1, "already_there": 0, "flagged": 1}
    report = http.get(f"/api/v1/campaigns/{c['id']}/report", headers=t.headers).json()
    assert report["flagged_snapshots"] == 2


def test_snapshot_csv_contradictions_in_one_file_and_bad_cells_write_nothing(http, factory):
    t, c, entries = _campaign(http, factory)
    url = "https://www.instagram.com/p/DUP111/"
    post = _link(http, t, c, entries[0], url).json()
    imp = f"/api/v1/campaigns/{c['id']}/snapshots/import"
    headers = {**t.headers, "Content-Type": "text/csv"}
    clash = _csv([{"url": url, "collected_at": "2026-11-02T10:00", "views": "900", "source": "csv"},
                  {"url": url, "collected_at": "2026-11-03T10:00", "views": "950", "source": "csv"},
                  {"url": url, "collected_at": "2026-11-02T10:00", "views": "901", "source": "csv"}])
    r = http.post(imp, content=clash, headers=headers)
    assert r.status_code == 422 and "line 4.collected_at" in r.text and "line 2 " in r.text, r.text
    assert _history(http, t, c, post["id"]).json() == []
    for row, field in (({"views": "lots"}, "line 2.views"), ({"likes": "1.5"}, "line 2.likes"),
                       ({"collected_at": "2099-01-01"}, "line 2.collected_at"),
                       ({"collected_at": "2026-10-01"}, "line 2.collected_at")):
        bad = _csv([{"url": url, "collected_at": "2026-11-02T10:00", "views": "900", **row}])
        r = http.post(imp, content=bad, headers=headers)
        assert r.status_code == 422 and field in r.text, (row, r.text)
    assert _history(http, t, c, post["id"]).json() == []
    # the same row twice with the same numbers is one snapshot, not a contradiction
    twice = _csv([{"url": url, "collected_at": "2026-11-02T10:00", "views": "900"}] * 2)
    assert http.post(imp, content=twice, headers=headers).json() == {"added": 1, "already_there": 0, "flagged": 0}
    assert len(_history(http, t, c, post["id"]).json()) == 1
