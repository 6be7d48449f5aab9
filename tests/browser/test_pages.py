"""Real-browser tests of the pages: login, creators list, profile charts, brands, settings, roles, phones."""

import re

import pytest

from tests.browser.conftest import PASSWORD

pytestmark = pytest.mark.browser


def _rows(page):
    return page.locator("[data-testid=creator-row]")


def _handles(page) -> list[str]:
    return _rows(page).evaluate_all("rows => rows.map(r => r.dataset.handle)")


def _is_sorted(handles: list[str]) -> bool:
    """Alphabetical, ignoring dots (PostgreSQL collations may skip punctuation)."""
    keys = [h.replace(".", "") for h in handles]
    return keys == sorted(keys)


# ---------------------------------------------------------------- login


def test_wrong_password_shows_error_and_right_one_lands_on_creators(pages, seeded):
    page = pages.new()
    page.goto("/creators")
    page.wait_for_url(re.compile(r"/login\?next="))
    assert "demo@reachroom.local" in page.get_by_test_id("demo-hint").inner_text()

    page.fill("input[name=email]", seeded.owner_email)
    page.fill("input[name=password]", "not-the-password")
    page.click("[data-testid=login-submit]")
    error = page.get_by_test_id("login-error")
    assert "wrong" in error.inner_text().lower()
    assert page.input_value("input[name=email]") == seeded.owner_email

    page.fill("input[name=password]", PASSWORD)
    page.click("[data-testid=login-submit]")
    page.wait_for_url(re.compile(r"/creators$"))
    assert page.get_by_test_id("creators-table").is_visible()
    assert "owner" in page.get_by_test_id("workspace").inner_text().lower()


def test_logout_ends_the_session(pages, seeded):
    page = pages.login(seeded.owner_email)
    page.click("[data-testid=logout]")
    page.wait_for_url(re.compile(r"/login"))
    page.goto("/settings")
    page.wait_for_url(re.compile(r"/login\?next=(%2F|/)settings"))


# ---------------------------------------------------------------- creators list


def test_filter_by_platform_shows_only_that_platform(page, seeded):
    page.select_option("#f-platform", "tiktok")
    page.click("[data-testid=apply-filters]")
    page.wait_for_url(re.compile(r"platform=tiktok"))
    assert "q=" not in page.url, "empty filters should not clutter the address"
    platforms = _rows(page).evaluate_all("rows => rows.map(r => r.dataset.platform)")
    expected = sum(1 for p in seeded.handles.values() if p == "tiktok")
    assert platforms == ["tiktok"] * expected
    assert page.get_by_test_id("result-count").inner_text() == str(expected)
    page.get_by_test_id("clear-filters").click()
    page.wait_for_url(re.compile(r"/creators$"))
    assert _rows(page).count() == len(seeded.handles)


def test_search_by_handle_and_by_name(page):
    page.fill("#f-q", "glowwith")
    page.press("#f-q", "Enter")
    page.wait_for_url(re.compile(r"q=glowwith"))
    assert _rows(page).evaluate_all("rows => rows.map(r => r.dataset.handle)") == ["glowwithnia"]

    page.fill("#f-q", "maya patel")
    page.press("#f-q", "Enter")
    page.wait_for_url(re.compile(r"q=maya"))
    handles = sorted(_rows(page).evaluate_all("rows => rows.map(r => r.dataset.handle)"))
    assert handles == ["maya.makes", "mayamakes"]


def test_engagement_filter_takes_a_percent(page, seeded):
    page.fill("#f-min-er", "9")
    page.click("[data-testid=apply-filters]")
    page.wait_for_url(re.compile(r"min_er=0\.09"))
    handles = set(_rows(page).evaluate_all("rows => rows.map(r => r.dataset.handle)"))
    assert handles == {"glowwithnia", "homebyhana", "maya.makes"}
    assert page.input_value("#f-min-er") == "9"


def test_no_results_offers_to_clear_filters(page):
    page.goto("/creators?q=nobody-has-this-handle")
    empty = page.get_by_test_id("empty-filtered")
    assert empty.is_visible()
    empty.get_by_role("link", name="Clear all filters").click()
    page.wait_for_url(re.compile(r"/creators$"))
    assert _rows(page).count() > 0


def test_invalid_filter_is_reported_not_fatal(page):
    page.goto("/creators?min_followers=lots&platform=tiktok")
    assert "min_followers" in page.get_by_test_id("filter-errors").inner_text()
    assert set(_rows(page).evaluate_all("rows => rows.map(r => r.dataset.platform)")) == {"tiktok"}


def test_sortable_headers_and_pagination(page, seeded):
    followers = _rows(page).evaluate_all("rows => rows.map(r => +r.dataset.followers)")
    assert followers == sorted(followers, reverse=True), "default sort is followers, high to low"

    page.locator("th a[data-sort=followers]").click()
    page.wait_for_url(re.compile(r"order=asc"))
    followers = _rows(page).evaluate_all("rows => rows.map(r => +r.dataset.followers)")
    assert followers == sorted(followers)

    page.locator("th a[data-sort=handle]").click()
    page.wait_for_url(re.compile(r"sort=handle"))
    assert _is_sorted(_handles(page))

    page.goto("/creators?size=3&sort=handle&order=asc")
    assert _rows(page).count() == 3
    pages_total = -(-len(seeded.handles) // 3)
    assert page.get_by_test_id("page-of").inner_text() == f"Page 1 of {pages_total}"
    first_page = _rows(page).evaluate_all("rows => rows.map(r => r.dataset.handle)")
    page.get_by_test_id("next-page").click()
    page.wait_for_url(re.compile(r"page=2"))
    assert "size=3" in page.url and "sort=handle" in page.url
    second_page = _rows(page).evaluate_all("rows => rows.map(r => r.dataset.handle)")
    assert page.get_by_test_id("page-of").inner_text() == f"Page 2 of {pages_total}"
    assert not set(first_page) & set(second_page)
    assert _is_sorted(first_page + second_page)


# ---------------------------------------------------------------- profile


def test_open_profile_renders_follower_chart_and_metric_tooltips(page, seeded):
    page.locator("[data-testid=creator-row][data-handle=mayamakes] [data-testid=creator-link]").click()
    page.wait_for_url(re.compile(rf"/creators/{seeded.maya_creator_id}\?account={seeded.maya_instagram_id}"))
    assert page.get_by_test_id("creator-name").inner_text() == "Maya Patel"

    chart = page.get_by_test_id("followers-chart")
    page.wait_for_selector("[data-testid=followers-chart][data-rendered='1']")
    box = chart.bounding_box()
    assert box and box["width"] > 200 and box["height"] > 100
    page.wait_for_selector("#engagement-chart[data-rendered='1']")
    page.wait_for_selector("#age-chart[data-rendered='1']")
    page.wait_for_selector("#gender-chart[data-rendered='1']")
    page.wait_for_selector("#country-chart[data-rendered='1']")
    assert "Source: demo" in page.get_by_test_id("audience-caption").inner_text()

    card = page.locator("[data-testid=metric-card][data-label='Engagement rate']")
    assert card.locator("[data-testid=metric-value]").inner_text() == "4.12%"
    assert "denominator" in card.get_attribute("title")
    tip = card.get_by_role("tooltip")
    assert not tip.is_visible()
    card.focus()
    tip.wait_for(state="visible")
    text = tip.inner_text()
    assert "Median of" in text and "Source" in text and "Sample" in text and "12" in text
    peers = page.locator("[data-testid=metric-card][data-label='Engagement vs peers'] [data-testid=metric-value]")
    assert peers.inner_text() == "Top 12%"
    growth = page.locator("[data-testid=metric-card][data-label='Follower growth, 90 days'] [data-testid=metric-value]")
    assert growth.inner_text() == "+6.4%"

    posts = page.get_by_test_id("post")
    assert posts.count() == 12
    assert page.get_by_test_id("paid-badge").count() >= 1


def test_account_tabs_switch_the_account(page, seeded):
    page.goto(f"/creators/{seeded.maya_creator_id}")
    tabs = page.get_by_test_id("account-tab")
    assert tabs.count() == 2
    page.locator("[data-testid=account-tab][data-platform=tiktok]").click()
    page.wait_for_url(re.compile(rf"account={seeded.maya_tiktok_id}"))
    current = page.locator("[data-testid=account-tab][aria-current=page]")
    assert "maya.makes" in current.inner_text()
    page.wait_for_selector("[data-testid=followers-chart][data-rendered='1']")


def test_profile_without_data_shows_empty_states(page, seeded):
    page.goto(f"/creators/{seeded.bare_creator_id}")
    assert page.get_by_test_id("creator-name").inner_text() == "Sam Newcomb"
    for testid in ("empty-followers", "empty-engagement", "empty-audience", "empty-posts"):
        assert page.get_by_test_id(testid).is_visible(), testid
    assert page.get_by_test_id("followers-chart").count() == 0
    cards = page.get_by_test_id("metric-card")
    assert cards.count() == 1 and "5.2k" in cards.inner_text()


def test_unknown_creator_shows_friendly_404(page):
    response = page.goto("/creators/999999")
    assert response.status == 404
    assert page.get_by_test_id("error-page").is_visible()
    assert page.get_by_test_id("main-nav").is_visible()


# ---------------------------------------------------------------- brands


def test_create_edit_and_delete_a_brand(page):
    page.goto("/brands")
    page.get_by_test_id("new-brand").first.click()
    page.wait_for_url(re.compile(r"/brands/new"))
    page.fill("#b-name", "Cosy Candle Co")
    page.fill("#b-description", "Hand-poured soy candles for slow autumn evenings.")
    page.fill("#b-values", "handmade, low waste")
    page.check("input[name=niches][value=home]")
    page.check("input[name=niches][value=lifestyle]")
    page.fill("#age-25-34", "45")
    page.fill("#gender-female", "70")
    page.fill("#b-countries", "GB:60%, IE:10")
    page.get_by_test_id("save-brand").click()
    page.wait_for_url(re.compile(r"/brands/\d+/edit\?saved=1"))
    assert page.get_by_test_id("saved-notice").is_visible()
    assert page.input_value("#b-name") == "Cosy Candle Co"
    assert page.input_value("#b-values") == "handmade, low waste"
    assert page.input_value("#age-25-34") == "45"
    assert page.input_value("#gender-female") == "70"
    assert page.input_value("#b-countries") == "GB:60%, IE:10%"
    assert page.is_checked("input[name=niches][value=home]")
    assert not page.is_checked("input[name=niches][value=beauty]")

    # An invalid edit re-renders with the error and keeps what was typed.
    page.fill("#age-18-24", "80")
    page.fill("#b-description", "Now with wax melts.")
    page.get_by_test_id("save-brand").click()
    assert "age_bands" in page.get_by_test_id("form-errors").inner_text()
    assert page.input_value("#b-description") == "Now with wax melts."
    assert page.input_value("#age-18-24") == "80"

    page.fill("#age-18-24", "20")
    page.get_by_test_id("save-brand").click()
    page.wait_for_url(re.compile(r"saved=1"))
    assert page.input_value("#b-description") == "Now with wax melts."

    # Delete asks first; cancelling keeps the brand.
    page.get_by_test_id("delete-brand").click()
    dialog = page.get_by_test_id("confirm-dialog")
    dialog.wait_for(state="visible")
    assert "Cosy Candle Co" in dialog.inner_text()
    page.get_by_test_id("confirm-cancel").click()
    dialog.wait_for(state="hidden")
    assert "/edit" in page.url

    page.get_by_test_id("delete-brand").click()
    page.get_by_test_id("confirm-ok").click()
    page.wait_for_url(re.compile(r"/brands\?deleted=1"))
    assert page.get_by_test_id("deleted-notice").is_visible()
    assert "Cosy Candle Co" not in page.get_by_test_id("brand-list").inner_text()


def test_delete_from_the_brand_list_needs_confirmation(page):
    page.goto("/brands/new")
    page.fill("#b-name", "Short-lived Brand")
    page.get_by_test_id("save-brand").click()
    page.wait_for_url(re.compile(r"saved=1"))
    page.goto("/brands")
    card = page.locator("[data-testid=brand-card]", has_text="Short-lived Brand")
    card.get_by_test_id("delete-brand").click()
    page.get_by_test_id("confirm-ok").click()
    page.wait_for_url(re.compile(r"deleted=1"))
    assert page.locator("[data-testid=brand-card]", has_text="Short-lived Brand").count() == 0


def test_empty_workspace_invites_to_create_the_first_brand(pages, seeded):
    page = pages.login(seeded.empty_email)
    page.goto("/brands")
    empty = page.get_by_test_id("empty-brands")
    assert empty.is_visible()
    assert empty.get_by_test_id("new-brand").is_visible()


# ---------------------------------------------------------------- settings


def test_create_an_api_token_shown_once_and_revoke_it(page, base_url):
    page.goto("/settings")
    page.fill("#t-name", "Reporting notebook")
    page.get_by_test_id("create-token").click()
    token = page.get_by_test_id("new-token").inner_text().strip()
    assert token.startswith("rr_") and len(token) > 30
    row = page.locator("[data-testid=token-row]", has_text="Reporting notebook")
    assert token[:10] in row.inner_text()
    assert token not in row.inner_text()

    # The token works against the API, and the secret is never shown again.
    me = page.request.get(f"{base_url}/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert me.ok
    page.goto("/settings")
    assert page.get_by_test_id("new-token").count() == 0
    assert token not in page.content()

    row = page.locator("[data-testid=token-row]", has_text="Reporting notebook")
    row.get_by_test_id("revoke-token").click()
    with page.expect_navigation():
        page.get_by_test_id("confirm-ok").click()
    row = page.locator("[data-testid=token-row]", has_text="Reporting notebook")
    assert "Revoked" in row.inner_text()
    assert page.request.get(f"{base_url}/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status == 401


def test_owner_adds_a_member_and_changes_their_role(page, pages):
    page.goto("/settings")
    page.fill("#m-email", "newbie@example.com")
    page.select_option("#m-role", "viewer")
    page.locator("[data-testid=invite-member-form] button[type=submit]").click()
    link = page.get_by_test_id("invite-link").inner_text().strip()
    newbie = pages.new()
    newbie.goto(link)
    newbie.fill("#name", "Nina Newbie")
    newbie.fill("#password", "a-long-initial-password")
    newbie.get_by_test_id("signup-accept").click()
    newbie.wait_for_url(re.compile(r"/creators$"))
    page.goto("/settings")
    row = page.locator("[data-testid=member-row][data-email='newbie@example.com']")
    assert row.get_by_test_id("member-role").input_value() == "viewer"
    with page.expect_navigation():
        row.get_by_test_id("member-role").select_option("member")  # submits on change
    row = page.locator("[data-testid=member-row][data-email='newbie@example.com']")
    assert row.get_by_test_id("member-role").input_value() == "member"
    row.get_by_test_id("remove-member").click()
    with page.expect_navigation():
        page.get_by_test_id("confirm-ok").click()
    assert page.locator("[data-testid=member-row][data-email='newbie@example.com']").count() == 0


# ---------------------------------------------------------------- roles


def test_viewer_sees_no_write_buttons(viewer_page, seeded):
    page = viewer_page
    assert "viewer" in page.get_by_test_id("workspace").inner_text().lower()
    page.goto("/brands")
    assert page.get_by_test_id("brand-card").count() >= 1
    assert page.get_by_test_id("new-brand").count() == 0
    assert page.get_by_test_id("delete-brand").count() == 0
    page.goto(f"/brands/{seeded.brand_id}/edit")
    assert page.get_by_test_id("readonly-notice").is_visible()
    assert page.get_by_test_id("save-brand").count() == 0
    assert page.is_disabled("#b-name")
    page.goto("/settings")
    assert page.get_by_test_id("member-role").count() == 0
    assert page.get_by_test_id("remove-member").count() == 0
    assert page.locator("[data-testid=invite-member-form]").count() == 0
    response = page.goto("/brands/new")
    assert response.status == 403


# ---------------------------------------------------------------- phones


def test_phone_width_nav_is_usable(pages, seeded):
    page = pages.login(seeded.owner_email, width=390, height=844, is_mobile=True, has_touch=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways on a phone ({width}px wide)"
    nav = page.get_by_test_id("main-nav")
    for key in ("creators", "brands", "settings"):
        link = nav.get_by_test_id(f"nav-{key}")
        assert link.is_visible()
        box = link.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390 and box["height"] >= 32, f"{key} link is cramped"
    assert page.get_by_test_id("logout").is_visible()
    assert page.get_by_test_id("creators-table").is_visible()

    nav.get_by_test_id("nav-brands").tap()
    page.wait_for_url(re.compile(r"/brands$"))
    assert nav.get_by_test_id("nav-brands").get_attribute("aria-current") == "page"
    nav.get_by_test_id("nav-settings").tap()
    page.wait_for_url(re.compile(r"/settings$"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.goto(f"/creators/{seeded.maya_creator_id}")
    page.wait_for_selector("[data-testid=followers-chart][data-rendered='1']")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_login_redirects_back_to_the_page_asked_for(pages, seeded):
    page = pages.new()
    page.goto(f"/creators/{seeded.maya_creator_id}")
    page.wait_for_url(re.compile(r"/login"))
    page.fill("input[name=email]", seeded.owner_email)
    page.fill("input[name=password]", PASSWORD)
    page.click("[data-testid=login-submit]")
    page.wait_for_url(re.compile(rf"/creators/{seeded.maya_creator_id}$"))


def test_no_javascript_errors_on_any_page(pages, seeded):
    page = pages.login(seeded.owner_email)
    for path in ("/creators", f"/creators/{seeded.maya_creator_id}", "/brands", "/brands/new",
                 f"/brands/{seeded.brand_id}/edit", "/settings"):
        page.goto(path)
        page.wait_for_load_state("load")
    assert pages.errors == []

