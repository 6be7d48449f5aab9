"""Both sides in a real browser: a brand publishes an opportunity; two creators log in to the portal and bid; the
brand accepts one bid and counters the other; the counter is accepted; the first creator's draft fails the
disclosure pre-check, is fixed and submitted with a photo; the brand sees the photo and approves; the creator sees
"Approved" and the fee due."""

import uuid

from playwright.sync_api import expect
from sqlalchemy import select

from reachroom.db import unit_of_work
from reachroom.models import AccountClaim, SocialAccount, utcnow
from reachroom.portal import service as portal
from reachroom.portal.schemas import SignupIn
from tests.browser.test_security import _watch_csp
from tests.campaigns.test_media import PNG

PASSWORD = "portal-flow-pass"


def _creator_with(engine, handle: str) -> str:
    """A verified creator who proved the catalogue account `handle` (the claim itself is tested over HTTP)."""
    email = f"{handle.replace('.', '')}{uuid.uuid4().hex[:6]}@creators.test"
    with unit_of_work(engine) as db:
        user = portal.signup(db, SignupIn(name=f"Creator {handle}", email=email, password=PASSWORD))
        user.email_verified_at, user.country = utcnow(), "GB"
        account = db.scalar(select(SocialAccount.id).where(SocialAccount.handle == handle,
                                                           SocialAccount.workspace_id.is_(None)))
        db.add(AccountClaim(creator_user_id=user.id, account_id=account, code="RR-TEST00", status="verified",
                            verified_at=utcnow()))
    return email


def _portal_login(pages, email: str):
    page = pages.new()
    page.goto("/portal/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.get_by_test_id("portal-login-submit").click()
    expect(page.get_by_test_id("creator-name")).to_be_visible()
    return page


def _bid(page, title: str, fee: str) -> None:
    page.get_by_test_id("nav-opportunities").click()
    card = page.get_by_test_id("opportunity-card").filter(has_text=title)
    card.locator("input[name=fee]").fill(fee)
    card.get_by_test_id("place-bid").click()
    expect(page.get_by_test_id("done-notice")).to_contain_text("Bid placed")


def test_brand_and_two_creators(pages, seeded, browser_engine):
    instagram = [h for h, p in seeded.handles.items() if p == "instagram"]
    first_email, second_email = _creator_with(browser_engine, instagram[0]), _creator_with(browser_engine, instagram[1])
    brand = pages.login(seeded.owner_email)
    violations = _watch_csp(brand)
    brand.goto("/campaigns/new")
    title = f"Autumn teas {uuid.uuid4().hex[:6]}"
    brand.fill("#c-name", title)
    brand.select_option("[data-testid=campaign-brand]", str(seeded.brand_id))
    brand.get_by_test_id("save-campaign").click()
    campaign_url = brand.url.split("?")[0]
    brand.get_by_test_id("open-opportunity").click()
    brand.fill("#o-min", "100")
    brand.fill("#o-max", "400")
    brand.get_by_test_id("publish-opportunity").click()
    expect(brand.get_by_test_id("published-notice")).to_be_visible()

    first, second = _portal_login(pages, first_email), _portal_login(pages, second_email)
    _bid(first, title, "250")
    _bid(second, title, "350")

    brand.goto(campaign_url + "/bids")
    bids = brand.get_by_test_id("bid")
    expect(bids).to_have_count(2)
    bids.filter(has_text=f"@{instagram[0]}").get_by_test_id("accept-bid").click()
    expect(brand.get_by_test_id("done-notice")).to_contain_text("Accepted")
    other = brand.get_by_test_id("bid").filter(has_text=f"@{instagram[1]}")
    other.locator("input[name=fee]").fill("300")
    other.locator("input[name=message]").fill("Could you do 300?")
    other.get_by_test_id("counter-bid").click()
    expect(brand.get_by_test_id("done-notice")).to_contain_text("Counter-offer sent")

    second.get_by_test_id("nav-bids").click()
    second.get_by_test_id("accept-counter").click()
    expect(second.get_by_test_id("done-notice")).to_contain_text("Offer accepted")

    first.goto("/portal")
    campaign_card = first.get_by_test_id("my-campaign").filter(has_text=title)
    campaign_card.get_by_test_id("accept-terms").click()
    expect(first.get_by_test_id("done-notice")).to_contain_text("accepted")
    first.get_by_test_id("my-campaign").filter(has_text=title).get_by_test_id("open-my-campaign").click()
    first.get_by_test_id("portal-caption").fill("My favourite autumn tea, cosy evenings #tea")
    first.get_by_test_id("precheck").click()
    expect(first.get_by_test_id("precheck-result")).to_have_attribute("data-verdict", "fail")
    expect(first.locator("[data-testid=precheck-item][data-key=disclosure]")).to_have_attribute("data-status", "fail")
    first.get_by_test_id("portal-caption").fill("Ad | My favourite autumn tea, cosy evenings #tea")
    first.get_by_test_id("portal-media").set_input_files(files=[{"name": "tea.png", "mimeType": "image/png",
                                                                 "buffer": PNG}])
    first.get_by_test_id("submit-to-brand").click()
    expect(first.get_by_test_id("submitted-notice")).to_be_visible()
    expect(first.get_by_test_id("portal-draft-file")).to_have_count(1)  # the photo went with the draft

    brand.goto(campaign_url + "?view=table")
    brand.locator("[data-testid=pipeline-table] tbody tr").filter(has_text=f"@{instagram[0]}").locator(
        "a[href*='/creators/']").first.click()
    expect(brand.get_by_test_id("draft-file")).to_have_count(1)  # the brand sees the creator's photo
    brand.get_by_test_id("approve").click()
    expect(brand.get_by_test_id("creator-stage")).to_have_text("Approved")
    expect(brand.get_by_test_id("accepted-by")).to_contain_text("by the creator in the portal")

    first.reload()
    expect(first.get_by_test_id("portal-draft").first).to_have_attribute("data-status", "approved")
    first.goto("/portal")
    mine = first.get_by_test_id("my-campaign").filter(has_text=title)
    expect(mine.get_by_test_id("my-payment")).to_have_attribute("data-status", "due")
    assert violations == [], violations
