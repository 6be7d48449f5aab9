"""In Chromium: the Content-Security-Policy breaks nothing (no violation on the main pages, htmx and charts
work), /docs renders offline, invitations work end to end, and "Try it" shows the real address."""

import re

import httpx
import pytest

pytestmark = pytest.mark.browser

CSP_WORDS = ("Content Security Policy", "Content-Security-Policy")


def _watch_csp(page) -> list[str]:
    """Every CSP violation the page reports: console messages and securitypolicyviolation events."""
    seen: list[str] = []
    page.on("console", lambda m: seen.append(m.text) if any(w in m.text for w in CSP_WORDS) else None)
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => console.error("
        "'Content Security Policy violation: ' + e.violatedDirective + ' ' + e.blockedURI));"
    )
    return seen


def test_main_pages_log_no_csp_violation(pages, seeded):
    page = pages.new()
    violations = _watch_csp(page)
    page.goto("/login")
    page.fill("input[name=email]", seeded.owner_email)
    page.fill("input[name=password]", "browser-test-password")
    page.click("[data-testid=login-submit]")
    page.wait_for_url(re.compile(r"/creators"))
    response = page.goto("/creators")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.goto(f"/creators/{seeded.maya_creator_id}")
    page.wait_for_selector("[data-testid=followers-chart][data-rendered='1']")  # Chart.js ran under the CSP
    for path in ("/brands", f"/brands/{seeded.brand_id}/edit", "/lists", "/settings", "/creators/999999999"):
        page.goto(path)
        page.wait_for_load_state("load")
    # htmx (no eval, no injected <style>) still swaps results in.
    page.goto("/discover")
    page.fill("[data-testid=discover-q]", "slow living honest reviews")
    page.click("[data-testid=discover-submit]")
    page.wait_for_selector("[data-testid=discover-result]")
    with page.expect_response(re.compile(r"/discover/results")):
        page.locator("[data-testid=weight-engagement]").evaluate(
            "el => { el.value = 90; el.dispatchEvent(new Event('change', {bubbles: true})); }")
    page.goto("/docs")
    page.wait_for_selector(".opblock")
    assert violations == [], violations
    assert pages.errors == []


def test_docs_render_the_operations_without_internet(pages):
    page = pages.new()
    violations = _watch_csp(page)
    outside: list[str] = []
    # Any request off this server fails, as it would on a machine without internet.
    page.route(re.compile(r"^(?!http://127\.0\.0\.1)"), lambda route: (outside.append(route.request.url),
                                                                        route.abort()))
    page.goto("/docs")
    page.wait_for_selector(".opblock")
    assert page.locator(".opblock-summary-path", has_text="/api/v1/me").count() >= 1
    # Swagger UI keeps only the operations near the viewport in the page: scroll through and collect them all
    seen: set[str] = set()
    for _ in range(400):
        seen.update(t.strip() for t in page.locator(".opblock-summary-path").all_inner_texts())
        at_bottom = page.evaluate("window.innerHeight + window.scrollY >= document.body.scrollHeight - 2")
        if at_bottom:
            break
        page.mouse.wheel(0, 600)
        page.wait_for_timeout(30)
    spec_paths = set(httpx.get(f"{pages.base_url}/openapi.json").json()["paths"])
    assert spec_paths <= {p.replace("\u200b", "") for p in seen}, sorted(spec_paths - seen)[:5]
    assert "Reachroom API" in page.locator(".info .title").inner_text()
    assert outside == [] and violations == []


def test_error_page_go_back_works_without_inline_script(page, seeded):
    page.goto("/brands")
    page.goto("/creators/999999999")
    page.get_by_role("link", name="Go back").click()
    page.wait_for_url(re.compile(r"/brands$"))


def test_settings_try_it_uses_the_servers_address(page, base_url):
    page.goto("/settings")
    assert page.get_by_test_id("try-it").inner_text().endswith(f"{base_url}/api/v1/me")


def test_owner_invites_a_new_person_who_joins(page, pages, unique):
    email = f"invitee-{unique}@example.com"
    page.goto("/settings")
    page.fill("#m-email", email)
    page.select_option("#m-role", "viewer")
    page.get_by_test_id("invite-member").click()
    link = page.get_by_test_id("invite-link").inner_text().strip()
    row = page.locator(f"[data-testid=invitation-row][data-email='{email}']")
    assert "Invited" in row.inner_text()
    assert page.locator(f"[data-testid=member-row][data-email='{email}']").count() == 0

    newcomer = pages.new()
    newcomer.goto(link)
    assert email in newcomer.get_by_test_id("invitation-email").inner_text()
    newcomer.fill("#name", "Ivy Invitee")
    newcomer.fill("#password", "a-long-password-1")
    newcomer.get_by_test_id("signup-accept").click()
    newcomer.wait_for_url(re.compile(r"/creators$"))
    assert "viewer" in newcomer.get_by_test_id("workspace").inner_text().lower()

    page.goto("/settings")
    assert page.locator(f"[data-testid=invitation-row][data-email='{email}']").count() == 0
    member = page.locator(f"[data-testid=member-row][data-email='{email}']")
    assert "Ivy Invitee" in member.inner_text()
