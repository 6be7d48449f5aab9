"""Security basics over real HTTP: headers on every response, login enumeration and lock-out, invitations,
search counts and follower-sample sizes."""

import hashlib
import re
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import func, select, update

from reachroom.app import create_app
from reachroom.core import security
from reachroom.db import unit_of_work
from reachroom.models import FollowerSample, FollowerSampleUpload, Invitation, Membership, utcnow
from tests.factories import PASSWORD
from tests.live import serve
from tests.web import csrf_of, login

# ---------------------------------------------------------------- headers

EXPECTED = {
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
}


def _assert_secure(r: httpx.Response) -> None:
    for name, value in EXPECTED.items():
        assert r.headers.get(name) == value, f"{r.request.url} ({r.status_code}): {name}={r.headers.get(name)!r}"
    csp = r.headers.get("content-security-policy", "")
    directives = {d.split()[0]: d.split()[1:] for d in csp.split(";") if d.strip()}
    assert directives.get("script-src") == ["'self'"], f"{r.request.url}: {csp!r}"
    assert directives.get("frame-ancestors") == ["'none'"]
    assert directives.get("object-src") == ["'none'"]
    assert "'unsafe-inline'" not in directives["script-src"] and "'unsafe-eval'" not in csp


@pytest.fixture(scope="module")
def broken_server(engine):
    """The real app plus one route that fails, to see what a 500 carries."""
    app = create_app(engine)

    @app.get("/__boom")
    def boom():
        raise RuntimeError("a bug")

    with serve(app) as url:
        yield url


def test_security_headers_on_pages_api_static_and_errors(http, factory, broken_server):
    t = factory.tenant()
    responses = [
        http.get("/login"),  # page
        http.get("/creators", follow_redirects=False),  # redirect
        http.get("/api/v1/me", headers=t.headers),  # API 200
        http.get("/api/v1/me"),  # API 401
        http.get("/api/v1/brands/123456789", headers=t.headers),  # API 404
        http.post("/api/v1/tokens", headers=t.headers, json={"name": ""}),  # API 422
        http.post("/api/v1/tokens", headers=t.headers, content=b"x" * 5_000_001),  # 413
        http.get("/no-such-page"),  # styled 404
        http.get("/static/app.css"),  # static
        http.get("/static/vendor/htmx.min.js"),
        http.get("/openapi.json"),
        http.get("/docs"),
    ]
    statuses = [r.status_code for r in responses]
    assert statuses == [200, 303, 200, 401, 404, 422, 413, 404, 200, 200, 200, 200]
    for r in responses:
        _assert_secure(r)
    with httpx.Client(base_url=broken_server, timeout=30) as c:
        r = c.get("/__boom")
        assert r.status_code == 500
        _assert_secure(r)


def test_hsts_only_over_https(http):
    assert "strict-transport-security" not in http.get("/login").headers
    # The test server trusts its own loopback proxy headers, as uvicorn does behind a local reverse proxy.
    r = http.get("/login", headers={"x-forwarded-proto": "https"})
    assert r.headers["strict-transport-security"].startswith("max-age=31536000")


def test_pages_have_no_inline_script(http, factory):
    t = factory.tenant()
    login(http, t.email)
    for path in ("/creators", "/discover", "/brands", "/lists", "/settings", "/docs", "/login"):
        html = http.get(path).text
        for tag in re.findall(r"<script\b[^>]*>", html):
            # External files, or data blocks the browser never executes.
            assert "src=" in tag or 'type="application/json"' in tag, f"{path}: inline script {tag}"
        assert not re.search(r"\son[a-z]+\s*=", html), f"{path}: inline event handler"
        assert "javascript:" not in html, f"{path}: javascript: URL"


def test_docs_are_served_from_the_package(http):
    html = http.get("/docs").text
    scripts = re.findall(r'<script src="([^"]+)"', html) + re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    assert scripts and all(s.startswith("/static/") for s in scripts), scripts
    for src in scripts:
        r = http.get(src)
        assert r.status_code == 200 and len(r.content) > 300, src


# ---------------------------------------------------------------- login: same work, no lock-out


def _client(live_server: str, ip: str) -> httpx.Client:
    """A client whose connections come from another loopback address: the server sees a different client IP."""
    return httpx.Client(base_url=live_server, timeout=30, transport=httpx.HTTPTransport(local_address=ip))


def _verifications_for(client: httpx.Client, email: str, password: str) -> tuple[int, int]:
    client.get("/login")
    token = client.cookies.get("rr_login_csrf")
    before = security.password_verifications()
    r = client.post("/login", data={"email": email, "password": password, "csrf_token": token})
    return r.status_code, security.password_verifications() - before


def test_login_does_the_same_hashing_work_for_unknown_emails(live_server, factory, unique):
    t = factory.tenant()
    with _client(live_server, "127.0.0.11") as c:
        known_wrong = _verifications_for(c, t.email, "not-the-password")
        unknown = _verifications_for(c, f"nobody-{unique}@example.com", "not-the-password")
        unknown_right_shape = _verifications_for(c, f"nobody2-{unique}@example.com", PASSWORD)
    with _client(live_server, "127.0.0.12") as c:
        known_right = _verifications_for(c, t.email, PASSWORD)
    assert known_wrong == (401, 1)
    assert unknown == (401, 1) and unknown_right_shape == (401, 1)
    assert known_right == (303, 1)


def test_a_guesser_cannot_lock_the_victim_out(live_server, factory):
    victim = factory.tenant()
    with _client(live_server, "127.0.0.21") as attacker:
        statuses = [login(attacker, victim.email, f"guess-{i}").status_code for i in range(5)]
        assert statuses == [401] * 5
        blocked = login(attacker, victim.email, "guess-5")
        assert blocked.status_code == 429
        retry = int(blocked.headers["retry-after"])
        assert 0 < retry <= 900
        # The attacker's address is blocked even with the right password...
        assert login(attacker, victim.email).status_code == 429
    # ...but the victim, from their own address, logs in at once.
    with _client(live_server, "127.0.0.22") as own:
        r = login(own, victim.email)
        assert r.status_code == 200 and str(r.url).endswith("/creators")


def test_the_per_address_limit_triggers_across_many_emails(live_server, factory, unique):
    someone = factory.tenant()
    with _client(live_server, "127.0.0.31") as sprayer:
        statuses = [login(sprayer, f"spray{i}-{unique}@example.com", "guess").status_code for i in range(20)]
        assert statuses == [401] * 20  # never 5 per email, so only the per-address limit can stop this
        blocked = login(sprayer, f"spray-last-{unique}@example.com", "guess")
        assert blocked.status_code == 429 and int(blocked.headers["retry-after"]) > 0
        assert login(sprayer, someone.email).status_code == 429
    with _client(live_server, "127.0.0.32") as other:
        assert login(other, someone.email).status_code == 200


# ---------------------------------------------------------------- invitations


def _member_emails(http, tenant) -> set[str]:
    return {m["email"] for m in http.get("/api/v1/members", headers=tenant.headers).json()}


def test_inviting_an_existing_user_needs_their_acceptance(http, factory, engine, live_server):
    admin = factory.tenant("admin")
    existing = factory.tenant()  # a user of another workspace
    r = http.post("/api/v1/invitations", headers=admin.headers, json={"email": existing.email, "role": "viewer"})
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["email"] == existing.email and body["status"] == "invited" and body["role"] == "viewer"
    assert "name" not in body and "user_id" not in body  # nothing reveals whether the email has an account
    assert body["accept_url"].startswith(f"{live_server}/invitations/")
    token = body["accept_url"].rsplit("/", 1)[1]
    # Not a member yet; the inviter sees only the email and "invited".
    assert existing.email not in _member_emails(http, admin)
    pending = http.get("/api/v1/invitations", headers=admin.headers).json()
    assert [(p["email"], p["status"]) for p in pending] == [(existing.email, "invited")]
    # The token is stored only as its hash.
    with unit_of_work(engine) as db:
        row = db.get(Invitation, body["id"])
        assert row.token_hash == hashlib.sha256(token.encode()).hexdigest() and token not in row.token_hash

    stranger = factory.tenant()
    r = http.post("/api/v1/invitations/accept", headers=stranger.headers, json={"token": token})
    assert r.status_code == 403 and existing.email in r.json()["error"]["message"]
    r = http.post("/api/v1/invitations/accept", headers=existing.headers, json={"token": token})
    assert r.status_code == 200, r.text
    assert r.json()["role"] == "viewer" and r.json()["email"] == existing.email
    assert existing.email in _member_emails(http, admin)
    assert http.get("/api/v1/invitations", headers=admin.headers).json() == []
    # A link works once.
    r = http.post("/api/v1/invitations/accept", headers=existing.headers, json={"token": token})
    assert r.status_code == 404


def test_invitation_rules(http, factory, engine):
    owner = factory.tenant("owner")
    member = factory.tenant("member", workspace_id=owner.workspace_id)
    admin = factory.tenant("admin", workspace_id=owner.workspace_id)
    invitee = factory.tenant()
    assert http.post("/api/v1/invitations", headers=member.headers,
                     json={"email": invitee.email}).status_code == 403
    assert http.post("/api/v1/invitations", headers=admin.headers,
                     json={"email": invitee.email, "role": "owner"}).status_code == 403
    r = http.post("/api/v1/invitations", headers=admin.headers, json={"email": member.email})
    assert r.status_code == 409 and r.json()["error"]["fields"][0]["field"] == "email"
    assert http.post("/api/v1/members", headers=admin.headers,
                     json={"email": invitee.email, "password": "long-enough-pw"}).status_code == 405
    # A second invitation replaces the first; a withdrawn or expired link is dead.
    first = http.post("/api/v1/invitations", headers=admin.headers, json={"email": invitee.email}).json()
    second = http.post("/api/v1/invitations", headers=admin.headers, json={"email": invitee.email}).json()
    tok1, tok2 = (x["accept_url"].rsplit("/", 1)[1] for x in (first, second))
    assert [p["id"] for p in http.get("/api/v1/invitations", headers=admin.headers).json()] == [second["id"]]
    assert http.post("/api/v1/invitations/accept", headers=invitee.headers, json={"token": tok1}).status_code == 404
    with unit_of_work(engine) as db:
        db.execute(update(Invitation).where(Invitation.id == second["id"])
                   .values(expires_at=utcnow() - timedelta(minutes=1)))
    assert http.post("/api/v1/invitations/accept", headers=invitee.headers, json={"token": tok2}).status_code == 404
    third = http.post("/api/v1/invitations", headers=admin.headers, json={"email": invitee.email}).json()
    assert http.delete(f"/api/v1/invitations/{third['id']}", headers=admin.headers).status_code == 204
    tok3 = third["accept_url"].rsplit("/", 1)[1]
    assert http.post("/api/v1/invitations/accept", headers=invitee.headers, json={"token": tok3}).status_code == 404
    assert invitee.email not in _member_emails(http, owner)


def test_invitation_link_page_signs_up_a_new_person(live_server, factory, engine, unique):
    admin = factory.tenant("admin")
    email = f"newcomer-{unique}@example.com"
    with httpx.Client(base_url=live_server, timeout=30) as inviter:
        login(inviter, admin.email)
        page = inviter.get("/settings")
        r = inviter.post("/settings/invitations", data={"email": email, "role": "member",
                                                        "csrf_token": csrf_of(page.text)})
        assert r.status_code == 200
        link = re.search(r'data-testid="invite-link">([^<]+)<', r.text).group(1)
        assert link.startswith(f"{live_server}/invitations/")
        row = re.search(rf'data-testid="invitation-row" data-email="{re.escape(email)}">(.*?)</tr>', r.text, re.S)
        assert row and "Invited" in row.group(1)
    with httpx.Client(timeout=30) as invitee:
        page = invitee.get(link)
        assert page.status_code == 200 and 'data-testid="signup-form"' in page.text and email in page.text
        token = invitee.cookies.get("rr_login_csrf")
        short = invitee.post(link + "/signup", data={"name": "New Comer", "password": "short", "csrf_token": token})
        assert short.status_code == 422 and "password" in short.text
        r = invitee.post(link + "/signup", data={"name": "New Comer", "password": "a-long-password",
                                                 "csrf_token": token}, follow_redirects=True)
        assert r.status_code == 200 and str(r.url).endswith("/creators")
        assert invitee.get(link).status_code == 404  # used
    with unit_of_work(engine) as db:
        roles = db.scalars(select(Membership.role).where(Membership.workspace_id == admin.workspace_id)).all()
        assert sorted(roles).count("member") == 1


def test_invitation_link_page_for_an_existing_user_asks_to_log_in_then_accepts(live_server, factory):
    admin = factory.tenant("admin")
    existing = factory.tenant()
    r = httpx.post(f"{live_server}/api/v1/invitations", headers=admin.headers, json={"email": existing.email})
    link = r.json()["accept_url"]
    with httpx.Client(timeout=30) as c:
        page = c.get(link)
        assert 'data-testid="login-to-accept"' in page.text and 'data-testid="signup-form"' not in page.text
    with httpx.Client(base_url=live_server, timeout=30) as c:
        login(c, existing.email)
        page = c.get(link)
        assert 'data-testid="accept-form"' in page.text
        r = c.post(link + "/accept", data={"csrf_token": csrf_of(page.text)}, follow_redirects=True)
        assert r.status_code == 200 and str(r.url).endswith("/creators")
        me = c.get("/settings").text
        assert f'data-email="{existing.email}"' in me


# ---------------------------------------------------------------- search counts


def test_search_counts_only_accounts_the_caller_can_see(http, factory, monkeypatch):
    monkeypatch.setenv("REACHROOM_DISCOVERY_CHECK_SECONDS", "0")
    a, b = factory.tenant(), factory.tenant()

    def rows(t) -> int:
        r = http.post("/api/v1/discovery/search", headers=t.headers, json={"text": "", "limit": 1})
        assert r.status_code == 200, r.text
        return r.json()["index_rows"]

    a0, b0 = rows(a), rows(b)
    assert a0 == b0  # neither has private accounts yet
    for _ in range(3):
        factory.creator(workspace_id=a.workspace_id)
    assert rows(a) == a0 + 3
    assert rows(b) == b0  # B's count does not reveal A's private imports
    factory.creator()  # a shared one counts for both
    assert (rows(a), rows(b)) == (a0 + 4, b0 + 1)


# ---------------------------------------------------------------- follower samples

HEADER = "username,followers,following,posts,has_profile_pic,is_private\n"


def _sample(n: int) -> str:
    return HEADER + "".join(f"person.{i},{150 + 7 * i},{300 + 3 * i},{10 + i},1,{i % 2}\n" for i in range(n))


def _samples(engine, account_id) -> tuple[int, int]:
    with unit_of_work(engine) as db:
        uploads = db.scalar(select(func.count()).select_from(FollowerSampleUpload)
                            .where(FollowerSampleUpload.account_id == account_id))
        rows = db.scalar(select(func.count()).select_from(FollowerSample)
                         .where(FollowerSample.account_id == account_id))
        return uploads, rows


@pytest.mark.parametrize("content, field, words", [
    (_sample(49), "file", "at least 50"),
    (HEADER + "".join(f"person.{i},120,340,12,1,0\n" for i in range(60)), "file", "same profile"),
    (HEADER + "bot.one,0,900,0,0,0\n" * 60, "file", "same profile"),
    (HEADER + "".join(f"copy.{i},{i},{5000 + i},0,0,0\n" for i in range(40))
     + "twin,7,7000,0,0,0\n" * 3 + "".join(f"r.{i},{100 + i},200,5,1,0\n" for i in range(17)),
     "line 43, username", "already on line 42"),
    (HEADER + "".join(f"p.{i:03d},{i % 3},3000,0,0,0\n" for i in range(60)), "file", "20 of 60 rows"),
])
def test_small_or_repetitive_samples_are_refused_and_change_nothing(http, factory, engine, unique, content, field,
                                                                    words):
    t = factory.tenant()
    _, account_id = factory.creator(handle=f"sample{unique}")
    before = http.get(f"/api/v1/accounts/{account_id}/authenticity", headers=t.headers).json()
    r = http.post(f"/api/v1/accounts/{account_id}/follower-samples", headers=t.headers,
                  files={"file": ("followers.csv", content, "text/csv")})
    assert r.status_code == 422, r.text
    err = r.json()["error"]
    said = " ".join([err["message"], *(f["message"] for f in err["fields"])])
    assert field in {f["field"] for f in err["fields"]} and words in said, err
    assert _samples(engine, account_id) == (0, 0)
    after = http.get(f"/api/v1/accounts/{account_id}/authenticity", headers=t.headers).json()
    assert after["score"] == before["score"] and after["scope"] == "shared"


def test_a_sample_of_fifty_different_followers_is_accepted(http, factory, engine, unique):
    t = factory.tenant()
    _, account_id = factory.creator(handle=f"sample{unique}")
    r = http.post(f"/api/v1/accounts/{account_id}/follower-samples", headers=t.headers,
                  files={"file": ("followers.csv", _sample(50), "text/csv")})
    assert r.status_code == 201, r.text
    assert r.json()["authenticity"]["follower_sample"]["n"] == 50
    assert _samples(engine, account_id) == (1, 50)
