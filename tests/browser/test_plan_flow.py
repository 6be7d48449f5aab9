"""The Plan page in a real browser: plan for a brand, read the reasons and the micro-vs-mega chart, pin a creator
and drop another (the plan is solved again around them), then turn the plan into campaign invitations."""

import re
import uuid

from sqlalchemy import select

from reachroom.db import unit_of_work
from reachroom.models import Brand, Campaign, CampaignCreator


def _campaign(engine, brand_id) -> int:
    with unit_of_work(engine) as db:
        brand = db.get(Brand, brand_id)
        c = Campaign(workspace_id=brand.workspace_id, brand_id=brand_id, name=f"Planned {uuid.uuid4().hex[:6]}",
                     objective="awareness", status="draft", currency="GBP")
        db.add(c)
        db.flush()
        return c.id


def _invited(engine, campaign_id) -> set[int]:
    with unit_of_work(engine) as db:
        return set(db.scalars(select(CampaignCreator.account_id).where(CampaignCreator.campaign_id == campaign_id,
                                                                         CampaignCreator.stage == "invited")))


def _settled(page) -> None:
    """Wait until the plan page shows a finished answer: a first answer not yet proven asks for the solver's full
    time by itself (a form that submits on load), so the page may navigate once more."""
    for _ in range(120):
        try:
            page.wait_for_load_state("load")
            if page.locator("[data-testid=plan-proving]").count() == 0 and page.locator("h1").count():
                return
        except Exception:  # the page navigated while we looked (playwright: execution context destroyed)
            pass
        page.wait_for_timeout(250)
    raise AssertionError("the plan page never settled")


def _rows(page, testid) -> list[int]:
    return [int(x) for x in page.locator(f"[data-testid={testid}]").evaluate_all(
        "rows => rows.map(r => r.dataset.account)")]


def test_plan_pin_drop_and_invite(page, seeded, browser_engine):
    campaign_id = _campaign(browser_engine, seeded.brand_id)
    page.goto("/plans")
    page.locator("[data-testid=no-plans]").wait_for()
    page.select_option("[data-testid=plan-brand]", str(seeded.brand_id))
    page.select_option("[data-testid=plan-campaign]", str(campaign_id))
    page.fill("[data-testid=plan-budget]", "2000")
    page.select_option("select[name=time_limit]", "2")
    page.click("[data-testid=plan-submit]")
    page.wait_for_url(re.compile(r"/plans/\d+"), timeout=60_000)
    _settled(page)

    chosen = _rows(page, "chosen-row")
    assert chosen, "the plan chose nobody"
    for reason in page.locator("[data-testid=chosen-row] [data-testid=reason]").all_inner_texts():
        assert reason.strip().startswith("adds ")
    assert all(r.strip() for r in page.locator("[data-testid=left-row] [data-testid=reason]").all_inner_texts())
    assert "best possible" in page.inner_text("[data-testid=plan-certificate]")
    assert page.locator("[data-testid=comparison-row]").count() == 3
    page.locator("[data-testid=comparison-chart][data-rendered='1']").wait_for()
    assert page.inner_text("[data-testid=comparison-verdict]").strip()

    # Pin a left-out creator who fits the budget on their own: solved again with them in, and marked pinned.
    left = page.locator("[data-testid=left-row]").filter(has_not_text="more than the whole budget").filter(
        has=page.locator("button", has_text="Pin")).first
    pinned = int(left.get_attribute("data-account"))
    with page.expect_navigation():
        left.locator("button", has_text="Pin").click()
    _settled(page)
    # "Pinned; solved again", or the proof that followed it when that first answer was not yet proven
    assert re.search(r"Pinned|Solved with the full time", page.inner_text("[data-testid=done-notice]"))
    row = page.locator(f"[data-testid=chosen-row][data-account='{pinned}']")
    assert row.locator("[data-testid=pinned-badge]").count() == 1

    # Drop another chosen creator: out, marked dropped, with the reason.
    others = [a for a in _rows(page, "chosen-row") if a != pinned]
    if others:
        with page.expect_navigation():
            page.locator(f"[data-testid=chosen-row][data-account='{others[0]}'] button", has_text="Drop").click()
        _settled(page)
        gone = page.locator(f"[data-testid=left-row][data-account='{others[0]}']")
        assert "dropped by you" in gone.locator("[data-testid=reason]").inner_text()
        assert pinned in _rows(page, "chosen-row")

    # One click: the plan's creators are invited into the campaign.
    final = set(_rows(page, "chosen-row"))
    page.select_option("[data-testid=invite-campaign]", str(campaign_id))
    page.click("[data-testid=invite-submit]")
    page.wait_for_url(re.compile(rf"/campaigns/{campaign_id}"))
    assert f"Invited {len(final)} creator" in page.inner_text("[data-testid=done-notice]")
    assert _invited(browser_engine, campaign_id) == final

    # The saved plan is listed.
    page.goto("/plans")
    assert page.locator("[data-testid=saved-plan]").count() >= 1


def test_a_first_answer_not_yet_proven_asks_for_the_proof_by_itself(page, seeded, monkeypatch):
    """Every first answer counts as unproven here, so the page must take the solver's full time by itself."""
    from reachroom.planning import service

    monkeypatch.setattr(service, "PROVEN", -1.0)
    page.goto("/plans")
    page.select_option("[data-testid=plan-brand]", str(seeded.brand_id))
    page.fill("[data-testid=plan-budget]", "1500")
    page.select_option("select[name=time_limit]", "2")
    page.click("[data-testid=plan-submit]")
    page.wait_for_url(re.compile(r"/plans/\d+\?done=Solved"), timeout=60_000)
    assert "Solved with the full time" in page.inner_text("[data-testid=done-notice]")
    assert page.locator("[data-testid=plan-proving]").count() == 0  # the full-time answer asks for nothing more
    assert "best possible" in page.inner_text("[data-testid=plan-certificate]")
