"""Measurement over real HTTP, the page and the CLI: posts counted by their link (platform checked, unlinking
kept), snapshots typed in or imported from a CSV (every bad line named, nothing written; the same file twice adds
nothing), contradictions flagged, and a report whose figures are the hand-computed sums of each post's latest
snapshot with their provenance — for this workspace only."""

import csv
import io
import json
import uuid

import httpx
from typer.testing import CliRunner

from reachroom.cli import app
from reachroom.db import unit_of_work
from tests.web import csrf_of, login

runner = CliRunner()


def _campaign(http, factory):
    """A campaign with two Instagram creators, one with accepted terms of 300 GBP."""
    t = factory.tenant("admin")
    accounts = [factory.creator(handle=f"m{uuid.uuid4().hex[:8]}", followers=20_000)[1] for _ in range(2)]
    brand = http.post("/api/v1/brands", json={"name": f"Barry {uuid.uuid4().hex[:6]}"}, headers=t.headers).json()
    c = http.post("/api/v1/campaigns", json={"name": f"Party {uuid.uuid4().hex[:6]}", "brand_id": brand["id"]},
                  headers=t.headers).json()
    http.post(f"/api/v1/campaigns/{c['id']}/creators", json={"account_ids": accounts},
              headers=t.headers).raise_for_status()
    entries = http.get(f"/api/v1/campaigns/{c['id']}/creators", headers=t.headers).json()
    base = f"/api/v1/campaigns/{c['id']}/creators/{entries[0]['id']}/agreements"
    http.post(base, json={"base_version": 0, "fee": "300", "currency": "GBP"}, headers=t.headers).raise_for_status()
    http.post(f"{base}/accept", json={"version": 1}, headers=t.headers).raise_for_status()
    return t, c, entries


def _link(http, t, c, entry, url):
    return http.post(f"/api/v1/campaigns/{c['id']}/posts", json={"entry_id": entry["id"], "url": url,
                                                                 "posted_at": "2026-11-01T10:00:00"},
                     headers=t.headers)


def _snap(http, t, c, post_id, **counts):
    body = {"collected_at": "2026-11-03T10:00:00", "source": "manual", **counts}
    return http.post(f"/api/v1/campaigns/{c['id']}/posts/{post_id}/snapshots", json=body, headers=t.headers)


def _figures(http, t, c) -> dict:
    r = http.get(f"/api/v1/campaigns/{c['id']}/report", headers=t.headers)
    assert r.status_code == 200, r.text
    return {f["key"]: f for f in r.json()["figures"]}


def test_report_sums_each_posts_latest_numbers_with_provenance(http, factory):
    t, c, entries = _campaign(http, factory)
    a = _link(http, t, c, entries[0], "https://www.instagram.com/p/AAA111/")
    b = _link(http, t, c, entries[1], "https://www.instagram.com/reel/BBB222/")
    assert a.status_code == 201 and b.status_code == 201 and b.json()["format"] == "reel"
    a, b = a.json()["id"], b.json()["id"]
    assert _snap(http, t, c, a, views=1000, reach=800, impressions=1000, likes=40).status_code == 201
    later = _snap(http, t, c, a, collected_at="2026-11-05T10:00:00", views=1500, reach=1100, impressions=1400,
                  likes=60, comments=10)
    assert later.status_code == 201 and later.json()["flags"] == []
    odd = _snap(http, t, c, b, views=4000, reach=3000, impressions=2500, likes=200, comments=20, source="creator")
    assert odd.json()["flags"] == ["reach_above_impressions"]  # kept as given, flagged
    f = _figures(http, t, c)
    assert f["views"]["value"] == 5500 and f["reach"]["value"] == 4100 and f["impressions"]["value"] == 3900
    assert f["engagements"]["value"] == 70 + 220 and f["cost"]["value"] == 300
    assert abs(f["cpm"]["value"] - 300 / 3900 * 1000) < 1e-9 and abs(f["cpe"]["value"] - 300 / 290) < 1e-9
    assert f["views"]["posts_counted"] == 2 and f["views"]["posts_total"] == 2
    assert f["views"]["sources"] == ["creator-reported", "typed in"]
    assert f["views"]["collected_until"].startswith("2026-11-05") and "sum" in f["reach"]["label"].lower()
    # unique people: 1,100 and 3,000 reached of 20,000 + 20,000 followers, independently: 40,000 × (1 − Π(1 − rᵢ))
    u = http.get(f"/api/v1/campaigns/{c['id']}/report", headers=t.headers).json()["unique_reach"]
    assert abs(u["estimate"] - 40_000 * (1 - (1 - 1100 / 40_000) * (1 - 3000 / 40_000))) <= 0.5 + 1e-6  # 4,017.5
    assert (u["largest_creator"], u["sum_of_reach"], u["population"], u["population_given"]) == (3000, 4100, 40_000,
                                                                                                 False)
    assert u["largest_creator"] <= u["low"] <= u["estimate"] <= u["high"] <= u["sum_of_reach"]
    given = http.get(f"/api/v1/campaigns/{c['id']}/report?population=4000", headers=t.headers).json()["unique_reach"]
    assert abs(given["estimate"] - 4000 * (1 - (1 - 1100 / 4000) * (1 - 3000 / 4000))) <= 0.5 + 1e-6
    assert given["population_given"]
    assert http.get(f"/api/v1/campaigns/{c['id']}/report?population=0", headers=t.headers).status_code == 422
    assert http.delete(f"/api/v1/campaigns/{c['id']}/posts/{b}", headers=t.headers).json()["unlinked_at"]
    f = _figures(http, t, c)
    assert f["views"]["value"] == 1500 and f["views"]["posts_total"] == 1  # unlinked: no longer counted
    posts = http.get(f"/api/v1/campaigns/{c['id']}/posts", headers=t.headers).json()
    assert {p["id"]: bool(p["unlinked_at"]) for p in posts} == {a: False, b: True}  # but kept
    stranger = factory.tenant("admin")
    assert http.get(f"/api/v1/campaigns/{c['id']}/report", headers=stranger.headers).status_code == 404
    assert _snap(http, stranger, c, a, views=1).status_code == 404


def test_bad_links_and_numbers_are_named_and_write_nothing(http, factory):
    t, c, entries = _campaign(http, factory)
    for url, field in (("https://www.tiktok.com/@x/video/1", "url"), ("https://example.com/p/1", "url"),
                       ("instagram.com/p/1", "url")):
        r = _link(http, t, c, entries[0], url)
        assert r.status_code == 422 and field in r.text, (url, r.text)
    ok = _link(http, t, c, entries[0], "https://www.instagram.com/p/CCC333/").json()
    assert _link(http, t, c, entries[0], "https://www.instagram.com/p/CCC333/").status_code == 409
    for bad, field in (({"views": -1}, "views"), ({"views": "lots"}, "views"),
                       ({"collected_at": "2099-01-01T00:00:00"}, "collected_at"),
                       ({"collected_at": "2026-10-01T00:00:00"}, "collected_at"), ({"source": "guess"}, "source")):
        r = _snap(http, t, c, ok["id"], **bad)
        assert r.status_code == 422 and field in r.text, (bad, r.text)
    assert http.get(f"/api/v1/campaigns/{c['id']}/posts", headers=t.headers).json()[0]["snapshots"] == 0
    viewer = factory.tenant("viewer", t.workspace_id)
    assert _link(http, viewer, c, entries[1], "https://www.instagram.com/p/DDD444/").status_code == 403


def _csv(rows: list[dict]) -> bytes:
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=list(rows[0]))
    w.writeheader()
    w.writerows(rows)
    return out.getvalue().encode()


def test_csv_import_is_all_or_nothing_and_idempotent(http, factory):
    t, c, entries = _campaign(http, factory)
    url = "https://www.instagram.com/p/EEE555/"
    _link(http, t, c, entries[0], url).raise_for_status()
    imp = f"/api/v1/campaigns/{c['id']}/snapshots/import"
    headers = {**t.headers, "Content-Type": "text/csv"}
    bad = _csv([{"url": url, "collected_at": "2026-11-02", "views": "900", "reach": "-3"},
                {"url": "https://www.instagram.com/p/NOPE/", "collected_at": "yesterday", "views": "1"}])
    r = http.post(imp, content=bad, headers=headers)
    assert r.status_code == 422 and "line 2.reach" in r.text and "line 3.url" in r.text
    assert "line 3.collected_at" in r.text
    assert http.get(f"/api/v1/campaigns/{c['id']}/posts", headers=t.headers).json()[0]["snapshots"] == 0
    unknown = http.post(imp, content=b"url,collected_at,vibes\n", headers=headers)
    assert unknown.status_code == 422 and "vibes" in unknown.text
    good = _csv([{"url": url, "collected_at": "2026-11-02", "views": "900", "reach": "700"},
                 {"url": url, "collected_at": "2026-11-04", "views": "850", "reach": "750"}])
    first = http.post(imp, content=good, headers=headers).json()
    assert first == {"added": 2, "already_there": 0, "flagged": 1}  # views went down on the 4th: flagged
    again = http.post(imp, content=good, headers=headers).json()
    assert again == {"added": 0, "already_there": 2, "flagged": 0}
    assert _figures(http, t, c)["views"]["value"] == 850


def test_the_page_and_the_cli(http, factory, live_server):
    t, c, entries = _campaign(http, factory)
    with httpx.Client(base_url=live_server, timeout=30) as browser:
        login(browser, t.email)
        page = browser.get(f"/campaigns/{c['id']}/report")
        assert page.status_code == 200 and 'data-testid="no-posts"' in page.text
        linked = browser.post(f"/campaigns/{c['id']}/report/posts", follow_redirects=True,
                              data={"csrf_token": csrf_of(page.text), "entry_id": entries[0]["id"],
                                    "url": "https://www.instagram.com/p/FFF666/", "posted_at": "2026-11-01T09:00"})
        assert "Counting @" in linked.text and 'data-testid="post-row"' in linked.text
        post_id = http.get(f"/api/v1/campaigns/{c['id']}/posts", headers=t.headers).json()[0]["id"]
        saved = browser.post(f"/campaigns/{c['id']}/report/posts/{post_id}/snapshots", follow_redirects=True,
                             data={"csrf_token": csrf_of(page.text), "collected_at": "2026-11-02T09:00",
                                   "views": "12,000", "reach": "9000", "impressions": "11000", "likes": "300"})
        assert "Numbers saved" in saved.text and 'data-key="views" data-value="12000' in saved.text
        wrong = browser.post(f"/campaigns/{c['id']}/report/posts/{post_id}/snapshots",
                             data={"csrf_token": csrf_of(page.text), "collected_at": "", "views": "5"})
        assert wrong.status_code == 422 and "collected_at" in wrong.text
    out = runner.invoke(app, ["report", str(c["id"]), "--workspace", t.slug], catch_exceptions=False)
    assert out.exit_code == 0, out.output
    figures = {f["key"]: f["value"] for f in json.loads(out.output)["figures"]}
    assert figures["views"] == 12000 and figures["reach"] == 9000
    as_csv = runner.invoke(app, ["report", str(c["id"]), "--format", "csv", "--workspace", t.slug])
    rows = list(csv.DictReader(io.StringIO(as_csv.output)))
    assert rows[-1]["creator"] == "Total" and rows[-1]["views"] == "12000"
    assert runner.invoke(app, ["report", str(c["id"]), "--format", "pdfx", "--workspace", t.slug]).exit_code != 0


def test_the_pdf_parses_back_with_the_figures(http, factory, tmp_path):
    from pypdf import PdfReader

    t, c, entries = _campaign(http, factory)
    post = _link(http, t, c, entries[0], "https://www.instagram.com/reel/PDF1/").json()
    _snap(http, t, c, post["id"], views=49_000, reach=65_000, impressions=74_000, likes=2000).raise_for_status()
    r = http.get(f"/api/v1/campaigns/{c['id']}/report.pdf", headers=t.headers)
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf" and r.content.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(r.content)).pages)
    for expected in (c["name"], "49,000", "65,000", "74,000", "Reach (sum of post reach)", "300.00 GBP",
                     "Earned media value", "published defaults", "1 of 1 posts",
                     "Unique people reached (estimated): 65,000", "N x (1 - prod(1 - r_i))"):
        assert expected in text, (expected, text[:500])
    out = tmp_path / "r.pdf"
    cli = runner.invoke(app, ["report", str(c["id"]), "--format", "pdf", "--out", str(out), "--workspace", t.slug],
                        catch_exceptions=False)
    assert cli.exit_code == 0 and "74,000" in PdfReader(str(out)).pages[0].extract_text()
    stranger = factory.tenant("admin")
    assert http.get(f"/api/v1/campaigns/{c['id']}/report.pdf", headers=stranger.headers).status_code == 404


def test_the_kept_rollups_equal_sums_computed_from_the_snapshots(http, factory, engine):
    from reachroom.measurement import repository as repo

    t, c, entries = _campaign(http, factory)
    a = _link(http, t, c, entries[0], "https://www.instagram.com/p/ROLL1/").json()["id"]
    b = _link(http, t, c, entries[1], "https://www.instagram.com/reel/ROLL2/").json()["id"]
    _snap(http, t, c, a, collected_at="2026-11-05T10:00:00", views=900, reach=700, likes=30).raise_for_status()
    _snap(http, t, c, a, collected_at="2026-11-03T10:00:00", views=500, reach=400).raise_for_status()  # older: no
    _snap(http, t, c, b, views=2000, reach=1500, impressions=1800, comments=12, source="creator").raise_for_status()
    _snap(http, t, c, b, collected_at="2026-11-06T10:00:00", views=2500, impressions=2100).raise_for_status()
    http.delete(f"/api/v1/campaigns/{c['id']}/posts/{a}", headers=t.headers).raise_for_status()
    _link(http, t, c, entries[0], "https://www.instagram.com/p/ROLL1/").raise_for_status()  # counted again
    rows = b"url,collected_at,views,reach\nhttps://www.instagram.com/p/ROLL1/,2026-11-07,1000,800\n"
    http.post(f"/api/v1/campaigns/{c['id']}/snapshots/import", content=rows,
              headers={**t.headers, "Content-Type": "text/csv"}).raise_for_status()
    kept = http.get(f"/api/v1/campaigns/{c['id']}/report", headers=t.headers).json()
    assert {f["key"]: f["value"] for f in kept["figures"]}["views"] == 1000 + 2500
    # delivery over time: each counted post's latest numbers at the end of each day, summed (by hand)
    assert [(p["day"], p["views"], p["reach"], p["impressions"], p["engagements"]) for p in kept["delivery"]] == [
        ("2026-11-03", 500 + 2000, 400 + 1500, 1800, 12), ("2026-11-05", 900 + 2000, 700 + 1500, 1800, 30 + 12),
        ("2026-11-06", 900 + 2500, 700, 2100, 30), ("2026-11-07", 1000 + 2500, 800, 2100, 0)]
    with unit_of_work(engine) as db:
        repo.recompute_latest(db, c["id"])
    rebuilt = http.get(f"/api/v1/campaigns/{c['id']}/report", headers=t.headers).json()
    # a range: what the posts gained in it (daily changes summed), delivery over time inside it
    ranged = http.get(f"/api/v1/campaigns/{c['id']}/report?start=2026-11-05&end=2026-11-06", headers=t.headers).json()
    assert [p["day"] for p in ranged["delivery"]] == ["2026-11-05", "2026-11-06"]
    assert (ranged["range"]["views"], ranged["range"]["reach"]) == (3400 - 2500, 700 - 1900)
    assert ranged["figures"] == kept["figures"] and kept["range"] is None  # the figures stay the latest numbers
    bad = http.get(f"/api/v1/campaigns/{c['id']}/report?start=2026-11-06&end=2026-11-05", headers=t.headers)
    assert bad.status_code == 422 and "end" in bad.text
    assert http.get(f"/api/v1/campaigns/{c['id']}/report?start=soon", headers=t.headers).status_code == 422
    for part in ("figures", "creators", "formats", "emv", "delivery"):
        assert kept[part] == rebuilt[part], part


def test_a_platform_api_answer_becomes_a_snapshot(http, factory):
    from pathlib import Path

    recorded = Path(__file__).parent.parent / "connectors" / "recorded"
    t, c, entries = _campaign(http, factory)
    post = _link(http, t, c, entries[0], "https://www.instagram.com/reel/API1/").json()["id"]
    url = f"/api/v1/campaigns/{c['id']}/posts/{post}/platform-snapshots"
    body = {"collected_at": "2026-11-04T08:00:00",
            "response": json.loads((recorded / "instagram_reel_insights_v22.json").read_text())}
    r = http.post(url, json=body, headers=t.headers)
    assert r.status_code == 201, r.text
    s = r.json()
    assert (s["source"], s["metric_version"], s["views"], s["reach"], s["impressions"], s["saves"]) == (
        "platform_api", "instagram-views-2025", 48213, 31877, None, 233)
    f = _figures(http, t, c)
    assert f["views"]["value"] == 48213 and f["views"]["sources"] == ["platform API"]
    error = {"collected_at": "2026-11-05T08:00:00",
             "response": json.loads((recorded / "instagram_error.json").read_text())}
    bad = http.post(url, json=error, headers=t.headers)
    assert bad.status_code == 422 and "response.error" in bad.text and "permission" in bad.text
    shape = http.post(url, json={"collected_at": "2026-11-05T08:00:00", "response": {"data": [{"name": "reach"}]}},
                      headers=t.headers)
    assert shape.status_code == 422 and "response.data[0]" in shape.text
    assert len(http.get(f"/api/v1/campaigns/{c['id']}/posts", headers=t.headers).json()) == 1
    assert http.get(f"/api/v1/campaigns/{c['id']}/posts", headers=t.headers).json()[0]["snapshots"] == 1
    stranger = factory.tenant("admin")
    assert http.post(url, json=body, headers=stranger.headers).status_code == 404


def test_costs_per_creator_and_per_format_by_hand(http, factory, live_server):
    """Creator A (fee 300) made a post and a reel, creator B (no fee) a reel. A: 300 ÷ 2 posts, ÷ 4,000 views,
    ÷ 10 clicks, ÷ 200 engagements, ÷ 1,200 impressions × 1,000. The post format carries half of A's cost (150),
    the reel format the other half (B costs nothing). Hidden on a share link without fees."""
    t, c, entries = _campaign(http, factory)
    a1 = _link(http, t, c, entries[0], f"https://www.instagram.com/p/CPP{c['id']}/").json()["id"]
    a2 = _link(http, t, c, entries[0], f"https://www.instagram.com/reel/CPR{c['id']}/").json()["id"]
    b1 = _link(http, t, c, entries[1], f"https://www.instagram.com/reel/CPB{c['id']}/").json()["id"]
    _snap(http, t, c, a1, views=1000, reach=800, impressions=1200, likes=50, link_clicks=10).raise_for_status()
    _snap(http, t, c, a2, views=3000, likes=100, comments=50).raise_for_status()
    _snap(http, t, c, b1, views=2000, likes=50).raise_for_status()
    r = http.get(f"/api/v1/campaigns/{c['id']}/report", headers=t.headers).json()
    a = next(g for g in r["creators"] if g["key"] == str(entries[0]["id"]))
    assert (float(a["cost"]), a["cost_per_post"], a["cpv"], a["cpc"], a["cpe"], a["cpm"]) == (
        300, 150, 300 / 4000, 30, 300 / 200, 300 / 1200 * 1000)
    fmt = {g["key"]: g for g in r["formats"]}
    assert (float(fmt["post"]["cost"]), fmt["post"]["cost_per_post"], fmt["post"]["cpv"], fmt["post"]["cpc"],
            fmt["post"]["cpe"], fmt["post"]["cpm"]) == (150, 150, 150 / 1000, 15, 3, 125)
    assert (float(fmt["reel"]["cost"]), fmt["reel"]["cost_per_post"], fmt["reel"]["cpv"], fmt["reel"]["cpc"],
            fmt["reel"]["cpe"], fmt["reel"]["cpm"]) == (150, 75, 150 / 5000, None, 150 / 200, 150 / 5000 * 1000)
    table = {row["creator"]: row for row in csv.DictReader(io.StringIO(
        http.get(f"/api/v1/campaigns/{c['id']}/report.csv", headers=t.headers).text))}
    row = next(v for k, v in table.items() if entries[0]["handle"] in k)
    assert (row["cost_per_post"], row["cpv"], row["cpc"]) == ("150.00", "0.0750", "30.0000")
    assert (table["Total"]["cost_per_post"], table["Total"]["cpv"]) == ("100.00", "0.0500")  # 300 ÷ 3, ÷ 6,000
    from pypdf import PdfReader

    pdf = http.get(f"/api/v1/campaigns/{c['id']}/report.pdf", headers=t.headers)
    pdf_text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Costs: creator / format" in pdf_text and "0.0750 GBP" in pdf_text and "30.00 GBP" in pdf_text
    assert "Format: Reel" in pdf_text and "0.0300 GBP" in pdf_text  # the reels: 150 ÷ 5,000 views
    with httpx.Client(base_url=live_server, timeout=30) as browser:
        login(browser, t.email)
        page = browser.get(f"/campaigns/{c['id']}/report").text
        assert "Cost per click" in page and 'data-testid="format-cost-note"' in page and "0.0750 GBP" in page
    hidden = http.post(f"/api/v1/campaigns/{c['id']}/shares", json={"days": 1}, headers=t.headers).json()["url"]
    shared = httpx.get(live_server + hidden).text
    assert "Cost per click" not in shared and "150.00" not in shared and 'format-cost-note' not in shared
    shown = http.post(f"/api/v1/campaigns/{c['id']}/shares", json={"days": 1, "show_fees": True},
                      headers=t.headers).json()["url"]
    assert "Cost per click" in httpx.get(live_server + shown).text


def test_rollups_kept_before_the_rate_pairs_give_no_wrong_rate_and_recount_fills_them(http, factory, engine):
    """A rollup saved before the engagement-rate pairs existed (their keys removed here): a group whose posts all
    report both numbers is still exact; one whose posts do not shows no rate rather than a wrong one; `reachroom
    recount` rebuilds the pairs from the snapshots (by hand: 100 engagements ÷ 1,000 reach)."""
    from sqlalchemy import select

    from reachroom.models import CampaignRollup

    t, c, entries = _campaign(http, factory)
    a = _link(http, t, c, entries[0], f"https://www.instagram.com/p/OLD{c['id']}/").json()["id"]
    b = _link(http, t, c, entries[0], f"https://www.instagram.com/p/OLE{c['id']}/").json()["id"]
    _snap(http, t, c, a, views=2000, reach=1000, likes=100).raise_for_status()
    _snap(http, t, c, b, views=3000, likes=200).raise_for_status()  # no reach: not in the rate by reach
    assert abs(_figures(http, t, c)["er_reach"]["value"] - 100 / 1000) < 1e-12

    def forget_pairs():
        with unit_of_work(engine) as db:
            for row in db.scalars(select(CampaignRollup).where(CampaignRollup.campaign_id == c["id"])):
                row.sums = {k: v for k, v in row.sums.items() if not k.startswith("er_")}
                row.reported = {k: v for k, v in row.reported.items() if not k.startswith("er_")}

    forget_pairs()
    old = _figures(http, t, c)
    assert old["er_reach"]["value"] is None  # never 300 ÷ 1,000
    assert abs(old["er_views"]["value"] - 300 / 5000) < 1e-12  # every post reports views: exact as it was
    one = runner.invoke(app, ["recount", str(c["id"]), "--workspace", t.slug])
    assert one.exit_code == 0 and "Recounted 1 campaign(s), 2 post(s)" in one.output, one.output
    assert abs(_figures(http, t, c)["er_reach"]["value"] - 100 / 1000) < 1e-12
    forget_pairs()
    everything = runner.invoke(app, ["recount", "--workspace", t.slug])
    assert everything.exit_code == 0 and "Recounted" in everything.output
    assert abs(_figures(http, t, c)["er_reach"]["value"] - 100 / 1000) < 1e-12
