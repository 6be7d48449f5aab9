"""No page scrolls sideways on a 390 px phone, with long names, notes and errors in it (Discover and Compare are
tested with their own pages)."""

import re
import uuid

import pytest

from reachroom.db import unit_of_work
from reachroom.models import Brand

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844, "is_mobile": True, "has_touch": True}
LONG_WORD = "Supercalifragilisticexpialidocious" * 2  # no place to wrap
LONG_TEXT = ("A long note for the team about why this creator fits the autumn launch, with details " * 3).strip()


@pytest.fixture(scope="module")
def hostile(browser_engine, seeded):
    """Data a real workspace ends up with: a brand, a list and a note with long unbroken words."""
    from reachroom.discovery.lists import service as lists
    from reachroom.discovery.lists.schemas import ItemIn, ListIn
    from reachroom.workspaces import service as ws

    tag = uuid.uuid4().hex[:8]
    with unit_of_work(browser_engine) as db:
        owner = ws.repo.user_by_email(db, seeded.owner_email)
        ctx = ws.user_context(db, owner.email, None)
        brand = Brand(workspace_id=ctx.workspace_id, name=f"{LONG_WORD} {tag}", description=LONG_TEXT,
                      website=f"https://{LONG_WORD.lower()}.example/{LONG_WORD}", niches=["home"],
                      target_audience={"countries": {"GB": 0.6}})
        db.add(brand)
        db.flush()
        lst = lists.create_list(db, ctx, ListIn(name=f"{LONG_WORD[:60]} {tag}", description=LONG_TEXT))
        for account_id in (seeded.maya_instagram_id, seeded.maya_tiktok_id):
            lists.add_item(db, ctx, lst.id, ItemIn(account_id=account_id, note=f"{LONG_WORD} {LONG_TEXT}",
                                                   tags=["vegan", LONG_WORD[:40]]))
        ws.create_token(db, ctx, f"{LONG_WORD[:100]}")
        return {"brand_id": brand.id, "list_id": lst.id}


def _paths(seeded, hostile) -> list[str]:
    return [
        "/creators", "/creators?q=maya", f"/creators/{seeded.maya_creator_id}",
        f"/creators/{seeded.maya_creator_id}?account={seeded.maya_tiktok_id}", f"/creators/{seeded.bare_creator_id}",
        "/brands", "/brands/new", f"/brands/{seeded.brand_id}/edit", f"/brands/{hostile['brand_id']}/edit",
        "/lists", f"/lists/{hostile['list_id']}", "/settings",
        "/creators/987654321", "/no-such-page",
    ]


def _assert_fits(page, what: str) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > 390:
        wide = page.evaluate("""() => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > 391 && !e.closest('.table-wrap, .tabs, pre, .token-box'))
            .slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))""")
        pytest.fail(f"{what} scrolls sideways at 390 px ({width}px wide): {wide}")


def test_login_page_fits_a_phone(pages):
    page = pages.new(**PHONE)
    page.goto("/login")
    page.fill("input[name=email]", "someone@example.com")
    page.fill("input[name=password]", "not-the-password")
    page.click("[data-testid=login-submit]")
    page.wait_for_selector("[data-testid=login-error]")
    _assert_fits(page, "/login with an error")


def test_every_page_fits_a_phone(pages, seeded, hostile):
    page = pages.login(seeded.owner_email, **PHONE)
    for path in _paths(seeded, hostile):
        page.goto(path)
        page.wait_for_load_state("load")
        for canvas in page.locator("canvas").all():  # charts size themselves after load
            canvas.scroll_into_view_if_needed()
        page.wait_for_function("[...document.querySelectorAll('canvas')].every(c => c.dataset.rendered === '1')"
                               " || !window.Chart")
        _assert_fits(page, path)
    assert pages.errors == []


def test_forms_with_errors_fit_a_phone(pages, seeded):
    page = pages.login(seeded.owner_email, **PHONE)
    page.goto("/brands/new")
    page.fill("#b-name", LONG_WORD)
    page.fill("#b-countries", f"{LONG_WORD}:lots")
    page.get_by_test_id("save-brand").click()
    page.wait_for_selector(".notice-error, [role=alert]")
    _assert_fits(page, "the brand form with an error")

    page.goto(f"/brands/{seeded.brand_id}/edit")  # the content tools: voice traits and a caption test
    page.fill("#caption-text", f"Loving {LONG_WORD} from @lumen! Use code {LONG_WORD.upper()} for a miracle glow #ad")
    page.get_by_test_id("caption-submit").click()
    page.wait_for_selector("#caption-result-slot > *")
    _assert_fits(page, "the brand page with a caption test result")
    page.evaluate("document.querySelector('[data-testid=caption-form]').removeAttribute('hx-post')")
    with page.expect_navigation():  # the page without JavaScript's help
        page.evaluate("document.querySelector('[data-testid=caption-form]').submit()")
    _assert_fits(page, "the caption test page")

    page.goto("/settings")
    form = page.get_by_test_id("invite-member-form")
    form.locator("input[name=email]").fill(f"{LONG_WORD}@example")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state("load")
    _assert_fits(page, "settings with an invalid member")

    page.goto(f"/creators/{seeded.maya_creator_id}")
    page.set_input_files("[data-testid=sample-upload-form] input[type=file]",
                         files=[{"name": f"{LONG_WORD}.csv", "mimeType": "text/csv",
                                 "buffer": f"followers,following,posts\n1,{LONG_WORD},3\n".encode()}])
    page.locator("[data-testid=sample-upload-form] button[type=submit]").click()
    page.wait_for_selector("[data-testid=upload-errors]")
    assert re.search(r"nothing was saved", page.get_by_test_id("upload-errors").inner_text())
    _assert_fits(page, "the profile with upload errors")
