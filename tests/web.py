"""Helpers for driving the HTML pages over HTTP."""

import re

import httpx

from tests.factories import PASSWORD


def login(client: httpx.Client, email: str, password: str = PASSWORD) -> httpx.Response:
    """Log in through the real form (with its CSRF cookie) and return the final response."""
    client.get("/login")
    token = client.cookies.get("rr_login_csrf")
    return client.post("/login", data={"email": email, "password": password, "csrf_token": token, "next": "/creators"},
                       follow_redirects=True)


def csrf_of(html: str) -> str:
    """The session CSRF token embedded in a page's forms."""
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "page has no csrf_token field"
    return match.group(1)
