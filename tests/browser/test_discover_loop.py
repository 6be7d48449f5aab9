"""The find-and-shortlist loop in a real browser, from a directly loaded Discover page: add three results to the
brand's shortlist (each confirmed in place, the search untouched), save the search, run it from Lists (form
prefilled, results shown), exclude a creator for the brand and see it gone from the brand's next search.
Plus: Discover and Compare never scroll sideways at 390 px."""

import re
import uuid
from urllib.parse import urlencode

from playwright.sync_api import expect


def _loop_brand(engine, seeded) -> dict:
    """A brand of the seeded workspace of its own (so its exclusions touch no other test) with a shortlist and an
    exclusion list."""
    from reachroom.db import unit_of_work
    from reachroom.models import Brand, CreatorList

    tag = uuid.uuid4().hex[:8]
    with unit_of_work(engine) as db:
        ws = db.get(Brand, seeded.brand_id).workspace_id
        brand = Brand(workspace_id=ws, name=f"Hearthside Tea {tag}", description="Loose-leaf tea for slow mornings.",
                      niches=["lifestyle", "food"])
        db.add(brand)
        db.flush()
        # Named so that alphabetically the exclusion list comes first: it must still not be the default target.
        excl = CreatorList(workspace_id=ws, name=f"A-exclusions {tag}", kind="exclusion", brand_id=brand.id)
        short = CreatorList(workspace_id=ws, name=f"Tea shortlist {tag}", kind="shortlist", brand_id=brand.id)
        db.add_all([excl, short])
        db.flush()
        return {"brand_id": brand.id, "brand_name": brand.name, "shortlist_id": short.id, "shortlist": short.name,
                "exclusion_id": excl.id, "exclusion": excl.name, "tag": tag}


def _items(engine, list_id) -> set[int]:
    from sqlalchemy import select

    from reachroom.db import unit_of_work
    from reachroom.models import CreatorListItem

    with unit_of_work(engine) as db:
        return set(db.scalars(select(CreatorListItem.account_id).where(CreatorListItem.list_id == list_id)))


def _account_ids(engine, handles) -> list[int]:
    from sqlalchemy import select

    from reachroom.db import unit_of_work
    from reachroom.models import SocialAccount

    with unit_of_work(engine) as db:
        return [db.scalar(select(SocialAccount.id).where(SocialAccount.handle == h)) for h in handles]


def _result_ids(page) -> list[int]:
    return [int(x) for x in page.locator("[data-testid=discover-result]").evaluate_all(
        "els => els.map(e => e.dataset.accountId)")]


def test_search_shortlist_save_run_and_exclude(page, seeded, browser_engine, pages):
    b = _loop_brand(browser_engine, seeded)
    text = "slow living honest reviews"
    url = "/discover?" + urlencode({"q": text, "brand_id": b["brand_id"], "platforms": "instagram",
                                    "w_engagement": "80"})
    page.goto(url)  # a link or a reload: no search was typed on this page
    results = page.locator("[data-testid=discover-result]")
    expect(results.first).to_be_visible()
    shown = results.count()
    assert shown >= 3
    ids = _result_ids(page)

    for i in range(3):
        result = results.nth(i)
        picker = result.locator("[data-testid=add-to-list-select]")
        assert picker.input_value() == str(b["shortlist_id"])  # the brand's shortlist, never the exclusion list
        result.scroll_into_view_if_needed()
        scrolled = page.evaluate("window.scrollY")
        result.locator("[data-testid=add-to-list-submit]").click()
        expect(result.locator("[data-testid=added-to-list]")).to_contain_text(f"Added to {b['shortlist']}")
        # Confirmed in place: same page, same query, same results, same scroll position.
        expect(page.locator("[data-testid=discover-q]")).to_have_value(text)
        assert results.count() == shown and _result_ids(page) == ids
        assert page.evaluate("window.scrollY") == scrolled
        assert page.url.endswith(url)
    assert _items(browser_engine, b["shortlist_id"]) == set(ids[:3])

    # Save the search under a name; the page stays as it is.
    name = f"Slow living tea {b['tag']}"
    page.locator("[data-testid=save-search] summary").click()
    page.fill("[data-testid=save-search-name]", name)
    page.click("[data-testid=save-search-submit]")
    expect(page.locator("[data-testid=search-saved]")).to_contain_text(f"Saved as “{name}”")
    expect(page.locator("[data-testid=discover-q]")).to_have_value(text)
    assert results.count() == shown

    # Run it from Lists: Discover reopens with the query, brand, filters and weights, and the results.
    page.goto("/lists")
    row = page.locator("[data-testid=saved-search]").filter(has_text=name)
    row.get_by_role("link", name="Run").click()
    page.wait_for_url(re.compile(r"/discover\?saved=\d+$"))
    expect(page.locator("[data-testid=saved-banner]")).to_contain_text(name)
    expect(page.locator("[data-testid=discover-q]")).to_have_value(text)
    expect(page.locator("[data-testid=discover-brand]")).to_have_value(str(b["brand_id"]))
    expect(page.locator("input[name=platforms][value=instagram]")).to_be_checked()
    expect(page.locator("[data-testid=weight-engagement]")).to_have_value("80")
    expect(results.first).to_be_visible()
    assert _result_ids(page) == ids

    # Exclude the top creator for this brand, from the results.
    top = results.first
    gone = int(top.get_attribute("data-account-id"))
    top.locator("[data-testid=add-to-list-select]").select_option(str(b["exclusion_id"]))
    top.locator("[data-testid=add-to-list-submit]").click()
    expect(top.locator("[data-testid=added-to-list]")).to_contain_text(f"left out of every {b['brand_name']} search")
    assert _items(browser_engine, b["exclusion_id"]) == {gone}

    # The brand's next search leaves them out, and says so with a removable filter.
    with page.expect_response(re.compile(r"/discover/results")):
        page.click("[data-testid=discover-submit]")
    expect(page.locator(f"[data-testid=discover-result][data-account-id='{gone}']")).to_have_count(0)
    expect(results.first).to_be_visible()
    expect(page.locator("[data-testid=excluded-list]")).to_contain_text(b["exclusion"])
    page.goto(url)
    expect(results.first).to_be_visible()
    assert gone not in _result_ids(page)
    # Removing the filter shows them again.
    page.click("[data-testid=remove-excluded-list]")
    expect(page.locator(f"[data-testid=discover-result][data-account-id='{gone}']")).to_have_count(1)
    expect(page.locator("[data-testid=discover-q]")).to_have_value(text)
    assert not pages.errors, pages.errors


def test_discover_and_compare_fit_a_390px_screen(pages, seeded, browser_engine):
    b = _loop_brand(browser_engine, seeded)
    a, c, d = _account_ids(browser_engine, ["mayamakes", "glowwithnia", "quietgamerben"])
    phone = pages.login(seeded.owner_email, width=390, height=844)
    checks = [
        ("/discover?" + urlencode({"q": "slow living honest reviews", "brand_id": b["brand_id"]}),
         "[data-testid=discover-result]"),
        (f"/discover?like={a}", "[data-testid=discover-result]"),
        ("/discover", "[data-testid=discover-start]"),
        (f"/compare?account_ids={a},{c},{d},{seeded.maya_tiktok_id}", "[data-testid=compare-table]"),
    ]
    for path, ready in checks:
        phone.goto(path)
        expect(phone.locator(ready).first).to_be_visible()
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, (path, width)
    assert not pages.errors, pages.errors
