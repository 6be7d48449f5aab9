"""One email rule everywhere: reserved test domains (.local, .test, .example) are accepted by API, pages and CSV
import alike, and what is not an address is refused with the field named."""

import re

import httpx
import pytest

from reachroom.core.emails import normalise_email
from reachroom.creators.csv_import import parse_creators_csv
from tests.factories import PASSWORD
from tests.web import csrf_of, login

RESERVED = ["ops@reachroom.local", "qa@shop.test", "anna@brand.example", "x@sub.brand.LOCAL"]
NOT_EMAILS = ["", "no-at-sign", "anna@gmail", "a@b.invalid", "a@localhost", "two@@at.example", "a@.local",
              "a..b@brand.local", "spaces in@brand.local"]


@pytest.mark.parametrize("email", RESERVED + ["Anna.Smith+tag@Example.COM"])
def test_normalise_accepts_real_and_reserved_addresses(email):
    assert normalise_email(f"  {email} ") == email.lower()


@pytest.mark.parametrize("email", NOT_EMAILS)
def test_normalise_rejects_non_addresses_with_a_reason(email):
    with pytest.raises(ValueError, match="email address"):
        normalise_email(email)


@pytest.mark.parametrize("email", RESERVED)
def test_api_invites_reserved_test_domains(http, factory, unique, email):
    admin = factory.tenant("admin")
    address = email.replace("@", f"{unique}@")
    r = http.post("/api/v1/invitations", headers=admin.headers, json={"email": address, "role": "viewer"})
    assert r.status_code == 201, r.text
    pending = [p["email"] for p in http.get("/api/v1/invitations", headers=admin.headers).json()]
    assert address.lower() in pending


@pytest.mark.parametrize("email", ["a@b.invalid", "anna@gmail"])
def test_api_refuses_non_addresses_naming_the_field(http, factory, email):
    admin = factory.tenant("admin")
    r = http.post("/api/v1/invitations", headers=admin.headers, json={"email": email, "role": "viewer"})
    assert r.status_code == 422
    assert [f["field"] for f in r.json()["error"]["fields"]] == ["email"]


def test_settings_page_invites_a_local_address_who_then_signs_up_and_logs_in(live_server, factory, unique):
    owner = factory.tenant("owner")
    address = f"teammate{unique}@agency.local"
    with httpx.Client(base_url=live_server, timeout=30) as client:
        assert login(client, owner.email).status_code == 200
        csrf = csrf_of(client.get("/settings").text)
        r = client.post("/settings/invitations", data={"email": address, "role": "viewer", "csrf_token": csrf})
        assert r.status_code == 200, r.text[:500]
        assert "not a valid email" not in r.text
        link = re.search(r'data-testid="invite-link">([^<]+)<', r.text).group(1)
    with httpx.Client(timeout=30) as invitee:  # the invited person signs up through the link ...
        invitee.get(link)
        r = invitee.post(link + "/signup", data={"name": "Team Mate", "password": PASSWORD,
                                                 "csrf_token": invitee.cookies.get("rr_login_csrf")})
        assert r.status_code in (200, 303), r.text[:500]
    with httpx.Client(base_url=live_server, timeout=30) as client:  # ... and can log in with the .local address
        assert "/creators" in str(login(client, address).url)


def test_csv_import_uses_the_same_rule():
    text = ("platform,handle,followers,email\n"
            "instagram,a,100,Press@Studio.LOCAL\n"
            "instagram,b,100,anna@gmail\n")
    report = parse_creators_csv(text.encode())
    assert [row["email"] for _, row in report.rows] == ["press@studio.local"]
    assert [(e.line, e.field) for e in report.errors] == [(3, "email")]
