"""Discover page in a real browser: search, change a weight, see the results update; add to a list if lists exist."""

import re


def _fits(page) -> list[str]:
    return page.locator("[data-testid=discover-result] [data-testid=fit]").all_inner_texts()


def _shortlist(engine, brand_id) -> int:
    from sqlalchemy import select

    from reachroom.db import unit_of_work
    from reachroom.models import Brand, CreatorList

    with unit_of_work(engine) as db:
        ws = db.get(Brand, brand_id).workspace_id
        found = db.scalar(select(CreatorList).where(CreatorList.workspace_id == ws,
                                                    CreatorList.name == "Discover picks"))
        if found is None:
            found = CreatorList(workspace_id=ws, name="Discover picks", kind="shortlist")
            db.add(found)
            db.flush()
        return found.id


def _items(engine, list_id) -> set[int]:
    from sqlalchemy import select

    from reachroom.db import unit_of_work
    from reachroom.models import CreatorListItem

    with unit_of_work(engine) as db:
        return set(db.scalars(select(CreatorListItem.account_id).where(CreatorListItem.list_id == list_id)))


def test_search_then_weight_change_updates_results(page, seeded, browser_engine):
    list_id = _shortlist(browser_engine, seeded.brand_id)
    page.goto("/discover")
    page.wait_for_selector("[data-testid=discover-start]")
    page.fill("[data-testid=discover-q]", "slow living honest reviews")
    page.select_option("[data-testid=discover-brand]", str(seeded.brand_id))
    page.click("[data-testid=discover-submit]")
    page.wait_for_selector("[data-testid=discover-result]")
    assert re.search(r"\d+ ms", page.inner_text("[data-testid=discover-summary]"))
    first = page.locator("[data-testid=discover-result]").first
    assert first.locator("[data-testid=reasons] li").count() >= 1
    before = _fits(page)
    with page.expect_response(re.compile(r"/discover/results")):
        slider = page.locator("[data-testid=weight-engagement]")
        slider.evaluate("el => { el.value = 100; el.dispatchEvent(new Event('input', {bubbles: true}));"
                        " el.dispatchEvent(new Event('change', {bubbles: true})); }")
    # Wait for the new results to be swapped in: the response alone arrives before the DOM changes.
    page.wait_for_function("b => JSON.stringify([...document.querySelectorAll("
                           "'[data-testid=discover-result] [data-testid=fit]')].map(e => e.innerText))"
                           " !== JSON.stringify(b)", arg=before)
    assert _fits(page) != before
    # The slider's value label follows it (app.js, data-shows-value).
    assert page.locator("[data-testid=weight-engagement] + *").inner_text().strip() == "100"
    # Profile link goes to the creator page.
    href = first.locator("[data-testid=result-link]").get_attribute("href")
    assert href and href.startswith("/creators/")
    # Add to list: posts to the lists feature's /lists/add-item and lands the account on the list.
    account_id = int(first.get_attribute("data-account-id"))
    first.locator("select[name=list_id]").select_option(str(list_id))
    first.locator("[data-testid=add-to-list-submit]").click()
    first.locator("[data-testid=added-to-list]").wait_for()  # confirmed in place, no page load
    assert account_id in _items(browser_engine, list_id)
