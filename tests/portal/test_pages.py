"""The creator portal over real HTTP: sign up (the verification link goes through the outbox), confirm it, log in
and out, reset a forgotten password, keep a profile with an encrypted address and masked payout details, export
and delete one's data — and bad input answered by name with nothing written."""

import json
import re
import uuid

import httpx
import pytest
from sqlalchemy import select, text

from reachroom.db import unit_of_work
from reachroom.models import CreatorUser, OutboundEmail

PASSWORD = "creator-pass-123"


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def _link(engine, email: str, path: str) -> str:
    """The newest one-time link emailed to this address (read from the outbox, as the mail server would get it)."""
    with unit_of_work(engine) as db:
        bodies = db.scalars(select(OutboundEmail.body).where(OutboundEmail.to_address == email)
                            .order_by(OutboundEmail.id.desc())).all()
    for body in bodies:
        if m := re.search(rf"https?://\S+(/portal/{path}/[\w-]+)", body):
            return m.group(1)
    raise AssertionError(f"no {path} link emailed to {email}")


@pytest.fixture
def browser(live_server):
    with httpx.Client(base_url=live_server, timeout=30) as client:
        yield client


def _signup(browser, email: str, password: str = PASSWORD, name: str = "Anna Berg") -> httpx.Response:
    page = browser.get("/portal/signup")
    return browser.post("/portal/signup", data={"csrf_token": _csrf(page.text), "name": name, "email": email,
                                                "password": password})


def test_sign_up_verify_log_out_and_in(browser, engine):
    email = f"anna{uuid.uuid4().hex[:10]}@creators.test"
    r = _signup(browser, email)
    assert r.status_code == 303 and r.headers["location"] == "/portal"
    home = browser.get("/portal")
    assert home.status_code == 200 and 'data-testid="verify-notice"' in home.text
    with unit_of_work(engine) as db:  # the account mail is in no workspace's outbox
        assert db.scalar(select(OutboundEmail.workspace_id).where(OutboundEmail.to_address == email)) is None
    done = browser.get(_link(engine, email, "verify"))
    assert done.status_code == 200 and "Email confirmed" in done.text
    assert browser.get(_link(engine, email, "verify")).status_code == 404  # once only
    assert 'data-testid="verify-notice"' not in browser.get("/portal").text
    browser.post("/portal/logout", data={"csrf_token": _csrf(browser.get("/portal").text)})
    assert browser.get("/portal").status_code == 303
    page = browser.get("/portal/login")
    wrong = browser.post("/portal/login", data={"csrf_token": _csrf(page.text), "email": email, "password": "nope"})
    assert wrong.status_code == 401 and "Email or password is wrong" in wrong.text
    ok = browser.post("/portal/login", data={"csrf_token": _csrf(page.text), "email": email, "password": PASSWORD})
    assert ok.status_code == 303 and browser.get("/portal").status_code == 200


def test_bad_sign_ups_write_nothing(browser, engine):
    email = f"ben{uuid.uuid4().hex[:10]}@creators.test"
    short = _signup(browser, email, password="short")
    assert short.status_code == 422 and "password" in short.text
    bad = _signup(browser, "not-an-email")
    assert bad.status_code == 422 and "email" in bad.text
    page = browser.get("/portal/signup")
    forged = browser.post("/portal/signup", data={"csrf_token": "forged", "name": "X", "email": email,
                                                  "password": PASSWORD})
    assert forged.status_code == 403 and _csrf(page.text)
    with unit_of_work(engine) as db:
        assert db.scalar(select(CreatorUser.id).where(CreatorUser.email == email)) is None
    assert _signup(browser, email).status_code == 303
    browser.cookies.clear()
    again = _signup(browser, email.upper())
    assert again.status_code == 409 and "exists" in again.text


def test_forgotten_password(browser, engine):
    email = f"cara{uuid.uuid4().hex[:10]}@creators.test"
    _signup(browser, email)
    browser.cookies.clear()
    page = browser.get("/portal/forgot")
    for address in (email, f"nobody{uuid.uuid4().hex[:8]}@creators.test"):  # the same answer for both
        r = browser.post("/portal/forgot", data={"csrf_token": _csrf(page.text), "email": address})
        assert r.status_code == 200 and "If that address has a creator account" in r.text
    link = _link(engine, email, "reset")
    form = browser.get(link)
    short = browser.post(link, data={"csrf_token": _csrf(form.text), "password": "short"})
    assert short.status_code == 422
    r = browser.post(link, data={"csrf_token": _csrf(form.text), "password": "a-new-password-456"})
    assert r.status_code == 303 and browser.get("/portal").status_code == 200
    assert browser.post(link, data={"csrf_token": _csrf(form.text), "password": "x" * 12}).status_code == 404


def test_profile_address_encrypted_payout_masked_export_delete(browser, engine):
    email = f"dee{uuid.uuid4().hex[:10]}@creators.test"
    _signup(browser, email)
    token = _csrf(browser.get("/portal").text)
    form = {"csrf_token": token, "name": "Dee Lane", "handles": "instagram:dee.makes tiktok:@deemakes",
            "niches": ["food", "home"], "country": "gb", "languages": "en fr", "rate_reel": "250", "rate_post": "120",
            "currency": "gbp", "recipient": "Dee Lane", "line1": "9 Secret Street", "city": "Leeds",
            "postcode": "LS1 1AA", "address_country": "GB", "payout": "GB29 NWBK 6016 1331 9268 19"}
    bad = browser.post("/portal/profile", data={**form, "handles": "myspace:dee", "rate_reel": "-5"})
    assert bad.status_code == 422 and "handles" in bad.text and 'value="Dee Lane"' in bad.text
    negative = browser.post("/portal/profile", data={**form, "rate_reel": "-5"})
    assert negative.status_code == 422 and "Reel rate" in negative.text
    r = browser.post("/portal/profile", data=form, follow_redirects=True)
    assert r.status_code == 200 and "Profile saved" in r.text
    assert "•••• 6819" in r.text and "NWBK" not in r.text and "9 Secret Street" in r.text
    with unit_of_work(engine) as db:  # at rest: neither the address nor the account number in plain text
        raw = db.execute(text("SELECT address_encrypted, payout_encrypted, payout_masked FROM creator_users "
                              "WHERE email = :e"), {"e": email}).one()
    # phrases with spaces: they can never turn up inside a base64 token by chance, as a short piece could
    assert "9 Secret Street" not in raw[0] and "NWBK 6016" not in raw[1] and raw[2] == "•••• 6819"
    exported = browser.get("/portal/export")
    data = json.loads(exported.text)
    assert data["profile"]["handles"] == ["instagram:dee.makes", "tiktok:deemakes"]
    assert data["profile"]["payout_masked"] == "•••• 6819" and "NWBK" not in exported.text
    wrong = browser.post("/portal/delete", data={"csrf_token": token, "password": "not-mine"})
    assert wrong.status_code == 403
    gone = browser.post("/portal/delete", data={"csrf_token": token, "password": PASSWORD})
    assert gone.status_code == 200 and "Account deleted" in gone.text
    with unit_of_work(engine) as db:
        assert db.scalar(select(CreatorUser.id).where(CreatorUser.email == email)) is None


def test_the_demo_creator_logs_in(browser, engine, monkeypatch):
    from reachroom.demo.portal import add_demo_creator

    email = f"demo-creator{uuid.uuid4().hex[:8]}@reachroom.local"
    second = f"demo-creator2{uuid.uuid4().hex[:8]}@reachroom.local"
    monkeypatch.setenv("REACHROOM_DEMO_CREATOR_EMAIL", email)
    monkeypatch.setenv("REACHROOM_DEMO_CREATOR2_EMAIL", second)
    assert add_demo_creator(engine) == 2 and add_demo_creator(engine) == 0
    page = browser.get("/portal/login")
    r = browser.post("/portal/login", data={"csrf_token": _csrf(page.text), "email": email,
                                            "password": "reachroom-demo"}, follow_redirects=True)
    assert r.status_code == 200 and "Hi Maya" in r.text and "•••• 0000" in r.text
    assert 'data-testid="verify-notice"' not in r.text
    with httpx.Client(base_url=str(browser.base_url)) as other:
        page = other.get("/portal/login")
        r = other.post("/portal/login", data={"csrf_token": _csrf(page.text), "email": second,
                                              "password": "reachroom-demo"}, follow_redirects=True)
        assert r.status_code == 200 and "Hi Sam" in r.text and "•••• 0011" in r.text
