"""Lookalikes in a real browser: "Find lookalikes" on a profile and on a list opens Discover with the results."""

import re


def _result_ids(page) -> list[int]:
    return [int(x) for x in page.locator("[data-testid=discover-result]").evaluate_all(
        "els => els.map(e => e.dataset.accountId)")]


def _list_of(engine, seeded, account_ids) -> int:
    from reachroom.db import unit_of_work
    from reachroom.models import Brand, CreatorList, CreatorListItem

    with unit_of_work(engine) as db:
        ws = db.get(Brand, seeded.brand_id).workspace_id
        lst = CreatorList(workspace_id=ws, name=f"Lookalike seeds {'-'.join(map(str, account_ids))}",
                          kind="shortlist")
        db.add(lst)
        db.flush()
        for a in account_ids:
            db.add(CreatorListItem(list_id=lst.id, account_id=a))
        return lst.id


def test_find_lookalikes_from_a_profile(page, seeded, pages):
    page.goto(f"/creators/{seeded.maya_creator_id}?account={seeded.maya_instagram_id}")
    page.click("[data-testid=find-lookalikes]")
    page.wait_for_url(re.compile(rf"/discover\?like={seeded.maya_instagram_id}$"))
    page.wait_for_selector("[data-testid=discover-result]")
    assert "Creators like @mayamakes" in page.inner_text("[data-testid=lookalike-heading]")
    ids = _result_ids(page)
    assert ids and seeded.maya_instagram_id not in ids
    first = page.locator("[data-testid=discover-result]").first
    assert first.locator("[data-testid=reasons] li").count() >= 1
    assert first.locator("[data-testid=fit]").inner_text().strip().isdigit()

    # A filter change re-runs the same lookalikes through HTMX: the seed stays out, the heading stays.
    with page.expect_response(re.compile(r"/discover/results\?.*like=")):
        page.check("input[name=platforms][value=instagram]")
    page.wait_for_load_state()
    assert seeded.maya_instagram_id not in _result_ids(page)
    assert "@mayamakes" in page.inner_text("[data-testid=lookalike-heading]")

    page.click("[data-testid=lookalike-clear]")
    page.wait_for_selector("[data-testid=discover-start]")
    assert page.locator("[data-testid=lookalike-banner]").count() == 0
    assert not pages.errors, pages.errors


def test_find_lookalikes_of_ticked_list_rows(page, seeded, browser_engine, pages):
    slow = _account_id(browser_engine, "slowkitchenuk")
    list_id = _list_of(browser_engine, seeded, [seeded.maya_instagram_id, slow])
    page.goto(f"/lists/{list_id}")
    page.check(f"[data-testid=list-item][data-account-id='{slow}'] [data-testid=compare-check]")
    page.click("[data-testid=lookalikes-selected]")
    page.wait_for_url(re.compile(rf"/discover\?like={slow}$"))
    page.wait_for_selector("[data-testid=discover-result]")
    assert "@slowkitchenuk" in page.inner_text("[data-testid=lookalike-heading]")
    assert slow not in _result_ids(page)

    page.goto(f"/lists/{list_id}")
    page.click("[data-testid=list-lookalikes]")
    page.wait_for_url(re.compile(r"/discover\?like="))
    heading = page.inner_text("[data-testid=lookalike-heading]")
    assert "@mayamakes" in heading and "@slowkitchenuk" in heading
    assert not {slow, seeded.maya_instagram_id} & set(_result_ids(page))
    assert not pages.errors, pages.errors


def _account_id(engine, handle: str) -> int:
    from sqlalchemy import select

    from reachroom.db import unit_of_work
    from reachroom.models import SocialAccount

    with unit_of_work(engine) as db:
        return db.scalar(select(SocialAccount.id).where(SocialAccount.handle == handle))
