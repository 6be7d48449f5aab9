"""A brand's results across campaigns over real HTTP, the page and the CLI: campaigns side by side with
hand-computed cost per result, a creator leaderboard whose verdicts follow the stated rule, and nothing of another
workspace or another brand."""

import json
import uuid

import httpx
from typer.testing import CliRunner

from reachroom.cli import app
from tests.web import login

runner = CliRunner()


def _setup(http, factory, fees=(100, 400, 100)):
    """A brand with two campaigns: creator A in both, B and C in the second; each with accepted terms."""
    t = factory.tenant("admin")
    accounts = [factory.creator(handle=f"r{uuid.uuid4().hex[:8]}", followers=20_000)[1] for _ in range(3)]
    brand = http.post("/api/v1/brands", json={"name": f"Res {uuid.uuid4().hex[:6]}"}, headers=t.headers).json()
    made = []
    for n, members in enumerate(([accounts[0]], accounts)):
        c = http.post("/api/v1/campaigns", json={"name": f"Wave {n} {uuid.uuid4().hex[:4]}", "brand_id": brand["id"],
                                                 "currency": "GBP"}, headers=t.headers).json()
        http.post(f"/api/v1/campaigns/{c['id']}/creators", json={"account_ids": members},
                  headers=t.headers).raise_for_status()
        entries = {e["account_id"]: e for e in http.get(f"/api/v1/campaigns/{c['id']}/creators",
                                                        headers=t.headers).json()}
        for i, account in enumerate(members):
            base = f"/api/v1/campaigns/{c['id']}/creators/{entries[account]['id']}/agreements"
            http.post(base, json={"base_version": 0, "fee": str(fees[i]), "currency": "GBP"},
                      headers=t.headers).raise_for_status()
            http.post(f"{base}/accept", json={"version": 1}, headers=t.headers).raise_for_status()
        made.append((c, entries))
    return t, brand, accounts, made


def _post(http, t, c, entry, code, **counts):
    post = http.post(f"/api/v1/campaigns/{c['id']}/posts", json={
        "entry_id": entry["id"], "url": f"https://www.instagram.com/p/{code}/", "posted_at": "2026-11-01T10:00:00"},
        headers=t.headers)
    assert post.status_code == 201, post.text
    snap = http.post(f"/api/v1/campaigns/{c['id']}/posts/{post.json()['id']}/snapshots", json={
        "collected_at": "2026-11-03T10:00:00", "source": "manual", **counts}, headers=t.headers)
    assert snap.status_code == 201, snap.text


def test_campaigns_side_by_side_and_a_leaderboard_with_reasons(http, factory):
    t, brand, (a, b, c_), [(first, e1), (second, e2)] = _setup(http, factory)
    _post(http, t, first, e1[a], f"A1{first['id']}", views=1000, reach=1000, likes=100)  # cost 100: CPE 1.00
    _post(http, t, second, e2[a], f"A2{second['id']}", views=1000, reach=1000, likes=100)  # +100: CPE 1.00
    _post(http, t, second, e2[b], f"B{second['id']}", views=4000, reach=2000, likes=100)  # 400 / 100 = 4.00
    _post(http, t, second, e2[c_], f"C{second['id']}", views=500, reach=2000, likes=20)  # ER 1% < half of median
    r = http.get(f"/api/v1/brands/{brand['id']}/results", headers=t.headers)
    assert r.status_code == 200, r.text
    out = r.json()
    camp = {x["campaign_id"]: x for x in out["campaigns"]}
    assert camp[first["id"]]["views"] == 1000 and float(camp[first["id"]]["cost"]) == 100
    s = camp[second["id"]]
    assert s["views"] == 5500 and s["engagements"] == 220 and float(s["cost"]) == 600
    assert abs(s["cpe"] - 600 / 220) < 1e-9 and abs(s["engagement_rate"] - 220 / 5000) < 1e-9
    board = {x["account_id"]: x for x in out["creators"]}
    assert board[a]["campaigns"] == 2 and board[a]["posts"] == 2 and float(board[a]["cost"]) == 200
    assert abs(board[a]["cpe"] - 1.0) < 1e-9 and board[a]["verdict"] == "rebook"
    # medians: CPE of (1.00, 4.00, 5.00) = 4.00, ER of (10%, 5%, 1%) = 5%
    assert board[c_]["verdict"] == "review" and "under half the median 5.00%" in board[c_]["reason"]
    assert board[b]["verdict"] == "rebook"  # CPE 4.00 at the median, ER 5% at the median
    assert [x["verdict"] for x in out["creators"]] == ["rebook", "rebook", "review"]
    assert out["creators"][0]["account_id"] == a  # cheapest engagement first among the rebooks


def test_a_brand_of_another_workspace_is_404_and_bad_ids_422(http, factory):
    t, brand, *_ = _setup(http, factory)
    stranger = factory.tenant("admin")
    assert http.get(f"/api/v1/brands/{brand['id']}/results", headers=stranger.headers).status_code == 404
    assert http.get("/api/v1/brands/abc/results", headers=t.headers).status_code == 422
    empty = http.post("/api/v1/brands", json={"name": f"Empty {uuid.uuid4().hex[:6]}"}, headers=t.headers).json()
    out = http.get(f"/api/v1/brands/{empty['id']}/results", headers=t.headers).json()
    assert out["campaigns"] == [] and out["creators"] == []


def test_the_page_and_the_cli(http, factory, live_server):
    t, brand, (a, *_), [(first, e1), _] = _setup(http, factory)
    _post(http, t, first, e1[a], f"P{first['id']}", views=1200, reach=900, likes=45)
    with httpx.Client(base_url=live_server, timeout=30) as browser:
        login(browser, t.email)
        page = browser.get(f"/brands/{brand['id']}/results")
        assert page.status_code == 200
        assert 'data-testid="leaderboard-row"' in page.text and "1,200" in page.text
        assert browser.get("/brands").text.count(f'href="/brands/{brand["id"]}/results"') == 1
        assert browser.get("/brands/99999999/results").status_code == 404
    got = runner.invoke(app, ["results", brand["name"], "--json", "--workspace", t.slug])
    assert got.exit_code == 0, got.output
    assert json.loads(got.output)["campaigns"][1]["views"] == 1200  # newest first: the first wave is second
    missing = runner.invoke(app, ["results", "No such brand", "--workspace", t.slug])
    assert missing.exit_code != 0 and "brand" in missing.output


def test_engagement_rate_by_views_where_reach_is_absent(http, factory, live_server):
    """An Instagram post with reach and two TikTok videos with views only (by hand): the report's rate by reach is
    the Instagram post's alone (100 ÷ 1,000, not all 700 engagements ÷ 1,000), by views over all three; the TikTok
    creators' rows and verdicts use the rate by views, compared only with each other."""
    t = factory.tenant("admin")
    ig = factory.creator(handle=f"i{uuid.uuid4().hex[:8]}", followers=20_000)[1]
    tiks = [factory.creator(handle=f"k{uuid.uuid4().hex[:8]}", platform="tiktok", followers=20_000)[1]
            for _ in range(2)]
    brand = http.post("/api/v1/brands", json={"name": f"Er {uuid.uuid4().hex[:6]}"}, headers=t.headers).json()
    c = http.post("/api/v1/campaigns", json={"name": f"Views {uuid.uuid4().hex[:4]}", "brand_id": brand["id"],
                                             "currency": "GBP"}, headers=t.headers).json()
    http.post(f"/api/v1/campaigns/{c['id']}/creators", json={"account_ids": [ig, *tiks]},
              headers=t.headers).raise_for_status()
    entries = {e["account_id"]: e for e in http.get(f"/api/v1/campaigns/{c['id']}/creators", headers=t.headers).json()}
    for account, fee, url, counts in (
            (ig, 100, f"https://www.instagram.com/p/ER{c['id']}/", {"views": 2000, "reach": 1000, "likes": 100}),
            (tiks[0], 100, f"https://www.tiktok.com/@x/video/71{c['id']}", {"views": 10_000, "likes": 500}),
            (tiks[1], 400, f"https://www.tiktok.com/@x/video/72{c['id']}", {"views": 10_000, "likes": 100})):
        base = f"/api/v1/campaigns/{c['id']}/creators/{entries[account]['id']}/agreements"
        http.post(base, json={"base_version": 0, "fee": str(fee), "currency": "GBP"}, headers=t.headers)
        http.post(f"{base}/accept", json={"version": 1}, headers=t.headers).raise_for_status()
        post = http.post(f"/api/v1/campaigns/{c['id']}/posts", json={
            "entry_id": entries[account]["id"], "url": url, "posted_at": "2026-11-01T10:00:00"}, headers=t.headers)
        assert post.status_code == 201, post.text
        http.post(f"/api/v1/campaigns/{c['id']}/posts/{post.json()['id']}/snapshots", json={
            "collected_at": "2026-11-03T10:00:00", "source": "manual", **counts}, headers=t.headers).raise_for_status()
    report = http.get(f"/api/v1/campaigns/{c['id']}/report", headers=t.headers).json()
    f = {x["key"]: x for x in report["figures"]}
    assert abs(f["er_reach"]["value"] - 100 / 1000) < 1e-12 and f["er_reach"]["posts_counted"] == 1
    assert abs(f["er_views"]["value"] - 700 / 22_000) < 1e-12 and f["er_views"]["posts_counted"] == 3
    assert f["er_impressions"]["value"] is None
    rows = {g["key"]: g for g in report["creators"]}
    assert (rows[str(entries[ig]["id"])]["engagement_rate"], rows[str(entries[ig]["id"])]["engagement_rate_basis"]
            ) == (0.1, "reach")
    assert (rows[str(entries[tiks[0]]["id"])]["engagement_rate"], rows[str(entries[tiks[0]]["id"])][
        "engagement_rate_basis"]) == (0.05, "views")
    with httpx.Client(base_url=live_server, timeout=30) as browser:
        login(browser, t.email)
        page = browser.get(f"/campaigns/{c['id']}/report")
        # marked "of views": the two TikTok creators' rows and the video format's
        assert page.status_code == 200 and page.text.count('data-testid="er-basis"') == 3
    board = {r["account_id"]: r for r in http.get(f"/api/v1/brands/{brand['id']}/results",
                                                  headers=t.headers).json()["creators"]}
    # cost per engagement 1.00, 0.20, 4.00: median 1.00; rates by views 5% and 1%: median 3%
    assert board[ig]["verdict"] == "rebook" and "by reach 10.00%" in board[ig]["reason"]
    assert board[tiks[0]]["verdict"] == "rebook" and "by views 5.00% (median 3.00%)" in board[tiks[0]]["reason"]
    assert board[tiks[1]]["verdict"] == "review" and board[tiks[1]]["reason"] == (
        "engagement rate by views 1.00%, under half the median 3.00%")


def test_campaigns_are_listed_by_when_they_ran_not_when_they_were_entered(http, factory):
    """A campaign entered today for last spring comes after this autumn's, whatever the order they were made in."""
    t = factory.tenant("admin")
    brand = http.post("/api/v1/brands", json={"name": f"Order {uuid.uuid4().hex[:6]}"}, headers=t.headers).json()
    made = {}
    for name, starts, ends in (("Autumn", "2026-10-01", "2026-10-31"), ("Spring", "2026-04-01", "2026-04-30"),
                               ("Summer", "2026-07-01", "2026-07-31")):
        r = http.post("/api/v1/campaigns", json={"name": f"{name} {uuid.uuid4().hex[:4]}", "brand_id": brand["id"],
                                                 "starts_on": starts, "ends_on": ends}, headers=t.headers)
        assert r.status_code == 201, r.text
        made[r.json()["id"]] = name
    out = http.get(f"/api/v1/brands/{brand['id']}/results", headers=t.headers).json()
    assert [made[c["campaign_id"]] for c in out["campaigns"]] == ["Autumn", "Summer", "Spring"]
