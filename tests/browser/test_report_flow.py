"""A campaign report in a real browser: eleven-creator-style totals of 49,000 views / 65,000 reach / 74,000
impressions (Barry M's in the source article) shown with their provenance; the CSV and PDF downloads carry them;
a share link made on the page opens the report logged out, without fees, and nothing else."""

import csv
import io
import json
import re
import uuid
from datetime import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader
from sqlalchemy import select

from reachroom.campaigns import money
from reachroom.campaigns import service as campaigns
from reachroom.campaigns.schemas import AcceptIn, AgreementIn, CampaignIn, PipelineAdd
from reachroom.config import get_settings
from reachroom.core.tenancy import WorkspaceContext
from reachroom.db import make_engine, unit_of_work
from reachroom.measurement import service as measurement
from reachroom.measurement.schemas import PostLinkIn, SnapshotIn
from reachroom.models import Base, Membership, User
from tests.browser.conftest import Pages
from tests.browser.test_security import _watch_csp
from tests.live import serve

TOTALS = {"views": 49_000, "reach": 65_000, "impressions": 74_000}


def _campaign_with_numbers(engine, seeded) -> int:
    """A campaign of the seeded brand with two creators' posts whose latest numbers add up to TOTALS."""
    with unit_of_work(engine) as db:
        user_id, workspace_id = db.execute(select(User.id, Membership.workspace_id).join(
            Membership, Membership.user_id == User.id).where(User.email == seeded.owner_email)).one()
        ctx = WorkspaceContext(workspace_id, user_id, "owner")
        c = campaigns.create_campaign(db, ctx, CampaignIn(name=f"Show Us Your Party Look {uuid.uuid4().hex[:6]}",
                                                          brand_id=seeded.brand_id, objective="engagement"))
        campaigns.add_creators(db, ctx, c.id, PipelineAdd(account_ids=[seeded.maya_instagram_id]))
        entry = campaigns.pipeline(db, ctx, c.id)[0]
        money.propose(db, ctx, c.id, entry.id, AgreementIn(base_version=0, fee=Decimal("350")))
        money.accept(db, ctx, c.id, entry.id, AcceptIn(version=1))
        halves = [{k: v // 2 for k, v in TOTALS.items()}, {k: v - v // 2 for k, v in TOTALS.items()}]
        for n, counts in enumerate(halves):
            post = measurement.link_post(db, ctx, c.id, PostLinkIn(
                entry_id=entry.id, url=f"https://www.instagram.com/reel/PARTY{n}{c.id}/",
                posted_at=datetime(2025, 12, 5 + n, 18)))
            measurement.add_snapshot(db, ctx, c.id, post.id, SnapshotIn(
                collected_at=datetime(2025, 12, 12 + n), source="platform_api", likes=900, comments=60, **counts))
        return c.id


def test_report_downloads_and_a_share_link(pages, seeded, browser_engine, tmp_path):
    campaign_id = _campaign_with_numbers(browser_engine, seeded)
    page = pages.login(seeded.owner_email, accept_downloads=True)
    violations = _watch_csp(page)
    page.goto(f"/campaigns/{campaign_id}")
    page.get_by_test_id("open-report").click()
    for key, value in TOTALS.items():
        figure = page.locator(f"[data-testid=figure][data-key={key}]")
        expect(figure).to_contain_text(f"{value:,}")
        expect(figure.get_by_test_id("figure-provenance")).to_contain_text("2 of 2 posts · platform API")
    expect(page.locator("[data-testid=figure][data-key=emv]")).to_contain_text("USD")
    for chart in ("delivery-chart", "spend-chart", "creator-chart", "format-chart"):  # 2 days, a paid creator
        expect(page.get_by_test_id(chart)).to_have_attribute("data-rendered", "1")

    with page.expect_download() as got:
        page.get_by_test_id("report-csv").click()
    rows = list(csv.DictReader(io.StringIO(got.value.path().read_text(encoding="utf-8"))))
    assert rows[-1]["creator"] == "Total" and rows[-1]["views"] == "49000" and rows[-1]["impressions"] == "74000"
    with page.expect_download() as got:
        page.get_by_test_id("report-pdf").click()
    text = "".join(p.extract_text() for p in PdfReader(str(got.value.path())).pages)
    assert "49,000" in text and "65,000" in text and "74,000" in text

    page.fill("#sh-label", "Barry M team")
    page.get_by_test_id("create-share").click()
    link = page.get_by_test_id("new-share-url").inner_text().strip()
    assert re.search(r"/r/rs_[\w-]+$", link)
    client = pages.new()  # another browser context: no login
    client.goto(link)
    expect(client.locator("[data-testid=figure][data-key=views]")).to_contain_text("49,000")
    expect(client.get_by_test_id("shared-note")).to_contain_text("fees and costs are not shown")
    expect(client.locator("[data-testid=figure][data-key=cost]")).to_have_count(0)
    expect(client.get_by_test_id("delivery-chart")).to_have_attribute("data-rendered", "1")
    expect(client.get_by_test_id("spend-vs-results")).to_have_count(0)  # costs hidden: no spend chart either
    assert json.loads(client.locator("#report-data").text_content())["creators"] == []  # no per-creator costs
    expect(client.get_by_test_id("main-nav")).to_have_count(0)
    client.goto(f"/campaigns/{campaign_id}/report")
    expect(client).to_have_url(re.compile(r"/login"))  # the link opens that report, nothing else

    page.goto(f"/campaigns/{campaign_id}/report")  # not a reload: that would post the form again
    expect(page.get_by_test_id("share")).to_have_count(1)
    expect(page.get_by_test_id("share")).to_contain_text("opened")
    page.get_by_test_id("revoke-share").click()
    page.get_by_test_id("confirm-ok").click()
    expect(page.get_by_test_id("done-notice")).to_contain_text("revoked")
    response = client.goto(link)
    assert response is not None and response.status == 404

    # sales: a code for the creator, the shop's orders from a Shopify export, the figures
    page.get_by_test_id("make-tracking").click()
    expect(page.get_by_test_id("done-notice")).to_contain_text("1 creator(s) have a code")
    code = page.get_by_test_id("tracking-code").input_value()
    orders = tmp_path / "orders_export.csv"
    orders.write_text("Name,Email,Currency,Total,Discount Code,Created at,Lineitem name\n"
                      f"#1001,a@example.com,GBP,35.00,{code.lower()},2025-12-08 10:00:00 +0000,Lip kit\n"
                      "#1001,,,,,,Gloss\n#1002,b@example.com,GBP,20.00,,2025-12-08 11:00:00 +0000,Gloss\n")
    page.set_input_files("#oi-file", str(orders))
    page.get_by_test_id("import-orders").click()
    expect(page.get_by_test_id("done-notice")).to_contain_text("2 order(s) added")
    expect(page.locator("[data-testid=sales-figure][data-key=orders]")).to_contain_text("1")  # the code's order only
    expect(page.locator("[data-testid=sales-figure][data-key=revenue]")).to_contain_text("35.00 GBP")
    expect(page.get_by_test_id("sales-note")).to_contain_text("floor")
    orders.write_text("Name,Currency,Total,Created at\n#1003,ZZZ,5.00,2025-12-08 10:00:00 +0000\n")
    page.set_input_files("#oi-file", str(orders))
    page.get_by_test_id("import-orders").click()
    expect(page.get_by_test_id("form-errors")).to_contain_text("line 2.currency")
    assert violations == [] and pages.errors == []


@pytest.fixture(scope="module")
def demo_url(chromium, tmp_path_factory):
    """The real demo (its campaigns and their measured posts, over 600 creators) served on a free port."""
    from reachroom.app import create_app
    from reachroom.demo import load_demo
    from reachroom.demo.campaigns import add_demo_campaigns
    from reachroom.demo.measurement import add_demo_measurement
    from reachroom.demo.setup import demo_owner
    from tests.dbutil import drop_database, fresh_database_url

    url = fresh_database_url(tmp_path_factory.mktemp("demo-report"), "demo_report_browser")
    engine = make_engine(url)
    Base.metadata.create_all(engine)
    workspace_id, user_id = demo_owner(engine)
    load_demo(engine, 600, 5, workspace_id, workers=0)
    add_demo_campaigns(engine, workspace_id, user_id)
    add_demo_measurement(engine, workspace_id, user_id)
    with serve(create_app(engine)) as base:
        yield base
    engine.dispose()
    drop_database(url)


def test_the_demo_barry_m_report_downloads_and_shares(chromium, demo_url, request):
    """The demo's "Show Us Your Party Look!" (Barry M) shows the article's 49K / 65K / 74K; its CSV and PDF carry
    them; a share link made on the page opens the report logged out."""
    settings = get_settings()
    pages = Pages(chromium, demo_url, request)
    try:
        page = pages.login(settings.demo_email, settings.demo_password, accept_downloads=True)
        page.goto("/campaigns")
        page.get_by_role("link", name="Show Us Your Party Look!").first.click()
        page.get_by_test_id("open-report").click()
        expect(page.locator("h1")).to_have_text("Report")
        for key, value in TOTALS.items():
            expect(page.locator(f"[data-testid=figure][data-key={key}]")).to_contain_text(f"{value:,}")
        expect(page.get_by_test_id("creator-row")).to_have_count(11)
        expect(page.get_by_test_id("figure-version-warning")).to_have_count(0)  # one metric version per platform
        with page.expect_download() as got:
            page.get_by_test_id("report-csv").click()
        rows = list(csv.DictReader(io.StringIO(got.value.path().read_text(encoding="utf-8"))))
        total = rows[-1]
        assert (total["creator"], total["views"], total["reach_sum_of_posts"], total["impressions"]) == (
            "Total", "49000", "65000", "74000")
        assert len(rows) >= 12 and all(r["metric_versions"] for r in rows)
        with page.expect_download() as got:
            page.get_by_test_id("report-pdf").click()
        text = "".join(p.extract_text() for p in PdfReader(str(got.value.path())).pages)
        assert "49,000" in text and "65,000" in text and "74,000" in text
        page.fill("#sh-label", "Barry M team")
        page.get_by_test_id("create-share").click()
        link = page.get_by_test_id("new-share-url").inner_text().strip()
        client = pages.new()  # no login
        client.goto(link)
        for key, value in TOTALS.items():
            expect(client.locator(f"[data-testid=figure][data-key={key}]")).to_contain_text(f"{value:,}")
        expect(client.get_by_test_id("shared-note")).to_contain_text("fees and costs are not shown")
        expect(client.get_by_test_id("main-nav")).to_have_count(0)
        assert pages.errors == []
    finally:
        pages.close()
