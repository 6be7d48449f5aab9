"""Claims approved by a workspace admin, over real HTTP and the CLI: a creator who cannot put the code in their
bio asks the brands that work with the account; only admins of those workspaces see and decide the request
(another workspace: 404, a member: 403); approval completes the claim as the code does, recorded with who and
where; a rejection's reason reaches the creator; bad input is named and changes nothing."""

import re
import uuid
from datetime import datetime

import httpx
from sqlalchemy import select, update
from typer.testing import CliRunner

from reachroom.cli import app
from reachroom.db import unit_of_work
from reachroom.models import AccountClaim, CreatorUser, SocialAccount
from reachroom.portal import repository as portal_repo
from tests.portal.test_campaigns import _brand_campaign, _creator, _csrf
from tests.web import csrf_of, login

runner = CliRunner()


def _ask(creator: httpx.Client, handle: str, note: str = "We emailed about the cosy campaign") -> int:
    home = creator.get("/portal")
    started = creator.post("/portal/claims", data={"csrf_token": _csrf(home.text), "account": f"instagram:@{handle}"},
                           follow_redirects=True)
    claim_id = int(re.search(r"/portal/claims/(\d+)/check", started.text).group(1))
    assert 'data-testid="ask-review-form"' in started.text  # a brand works with the account: offered
    asked = creator.post(f"/portal/claims/{claim_id}/review", follow_redirects=True,
                         data={"csrf_token": _csrf(started.text), "note": note})
    assert asked.status_code == 200 and 'data-status="review"' in asked.text and "A brand is checking" in asked.text
    return claim_id


def _claim(engine, claim_id: int) -> AccountClaim:
    with unit_of_work(engine) as db:
        row = db.get(AccountClaim, claim_id)
        db.expunge(row)
        return row


def test_only_the_workspace_that_works_with_the_account_decides(http, factory, engine, live_server):
    handle = f"cr{uuid.uuid4().hex[:8]}"
    t, c, account, _, _ = _brand_campaign(http, factory, handle)
    creator = _creator(live_server)
    claim_id = _ask(creator, handle)

    stranger, member = factory.tenant("admin"), factory.tenant("member", t.workspace_id)
    assert all(r["id"] != claim_id for r in http.get("/api/v1/claims", headers=stranger.headers).json())
    assert http.post(f"/api/v1/claims/{claim_id}/approve", headers=stranger.headers).status_code == 404
    assert http.get("/api/v1/claims", headers=member.headers).status_code == 403
    assert http.post(f"/api/v1/claims/{claim_id}/approve", headers=member.headers).status_code == 403
    listed = http.get("/api/v1/claims", headers=t.headers).json()
    mine = next(r for r in listed if r["id"] == claim_id)
    assert mine["handle"] == handle and mine["note"].startswith("We emailed") and c["name"] in mine["campaigns"]
    empty = http.post(f"/api/v1/claims/{claim_id}/reject", json={"reason": ""}, headers=t.headers)
    assert empty.status_code == 422 and "reason" in empty.text
    assert _claim(engine, claim_id).status == "review"  # nothing changed

    with httpx.Client(base_url=live_server, timeout=30) as brand:
        login(brand, t.email)
        page = brand.get("/claims")
        assert page.status_code == 200 and f'data-claim="{claim_id}"' in page.text and handle in page.text
        done = brand.post(f"/claims/{claim_id}", data={"csrf_token": csrf_of(page.text), "action": "approve"})
        assert done.status_code == 303, done.text
        assert f'data-claim="{claim_id}"' not in brand.get("/claims").text
        again = brand.post(f"/claims/{claim_id}", data={"csrf_token": csrf_of(page.text), "action": "approve"})
        assert again.status_code == 409 and "already confirmed" in again.text  # decided: the rule is named
    row = _claim(engine, claim_id)
    assert (row.status, row.method, row.decided_workspace_id) == ("verified", "admin", t.workspace_id)
    assert row.decided_by == t.user_id and row.decided_at is not None
    home = creator.get("/portal").text
    assert 'data-status="verified"' in home and "confirmed by a brand" in home
    assert "confirmed @" in home  # the notification
    creator.close()


def test_a_rejection_reaches_the_creator_who_may_ask_again(http, factory, engine, live_server):
    handle = f"rj{uuid.uuid4().hex[:8]}"
    t, _, _, _, _ = _brand_campaign(http, factory, handle)
    creator = _creator(live_server)
    claim_id = _ask(creator, handle)
    r = http.post(f"/api/v1/claims/{claim_id}/reject", json={"reason": "We know this account's owner"},
                  headers=t.headers)
    assert r.status_code == 200, r.text
    home = creator.get("/portal").text
    assert 'data-status="rejected"' in home and "We know this account&#39;s owner" in home
    assert _claim(engine, claim_id).decided_workspace_id == t.workspace_id
    _ask(creator, handle, "Here is my agent's email")  # may ask again
    creator.close()


def test_nobody_to_ask_and_verified_claims_are_named(http, factory, engine, live_server):
    lone = f"lo{uuid.uuid4().hex[:8]}"
    factory.creator(handle=lone)  # in nobody's campaign
    creator = _creator(live_server)
    home = creator.get("/portal")
    started = creator.post("/portal/claims", data={"csrf_token": _csrf(home.text), "account": f"instagram:@{lone}"},
                           follow_redirects=True)
    assert 'data-testid="ask-review-form"' not in started.text
    claim_id = int(re.search(r"/portal/claims/(\d+)/check", started.text).group(1))
    refused = creator.post(f"/portal/claims/{claim_id}/review", data={"csrf_token": _csrf(started.text)})
    assert refused.status_code == 409 and "nobody can confirm it" in refused.text
    assert _claim(engine, claim_id).status == "pending"
    creator.close()


def test_the_cli_lists_and_decides(http, factory, engine, live_server):
    handle = f"cl{uuid.uuid4().hex[:8]}"
    t, _, _, _, _ = _brand_campaign(http, factory, handle)
    creator = _creator(live_server)
    claim_id = _ask(creator, handle)
    listed = runner.invoke(app, ["claims", "list", "--workspace", t.slug], catch_exceptions=False)
    assert listed.exit_code == 0 and handle in listed.output
    bad = runner.invoke(app, ["claims", "reject", str(claim_id), "--reason", " ", "--workspace", t.slug])
    assert bad.exit_code != 0 and "reason" in bad.output
    ok = runner.invoke(app, ["claims", "approve", str(claim_id), "--workspace", t.slug], catch_exceptions=False)
    assert ok.exit_code == 0 and f"@{handle}" in ok.output, ok.output
    row = _claim(engine, claim_id)
    assert row.status == "verified" and row.method == "admin" and row.decided_workspace_id == t.workspace_id
    with unit_of_work(engine) as db:
        assert db.scalar(select(AccountClaim.id).where(AccountClaim.id == claim_id)) == claim_id
    creator.close()


def _also_works_with(http, factory, account_id: int):
    """A second workspace with the account in one of its campaigns (so its admins see the request too)."""
    t = factory.tenant("admin")
    brand = http.post("/api/v1/brands", json={"name": f"Brand {uuid.uuid4().hex[:8]}"}, headers=t.headers).json()
    c = http.post("/api/v1/campaigns", json={"name": f"Other {uuid.uuid4().hex[:8]}", "brand_id": brand["id"]},
                  headers=t.headers).json()
    http.post(f"/api/v1/campaigns/{c['id']}/creators", json={"account_ids": [account_id]},
              headers=t.headers).raise_for_status()
    return t


def test_a_decided_request_is_409_naming_why_and_nothing_changes(http, factory, engine, live_server):
    handle = f"dd{uuid.uuid4().hex[:8]}"
    t, _, account, _, _ = _brand_campaign(http, factory, handle)
    other = _also_works_with(http, factory, account)
    creator = _creator(live_server)
    claim_id = _ask(creator, handle)
    assert any(r["id"] == claim_id for r in http.get("/api/v1/claims", headers=other.headers).json())
    assert http.post(f"/api/v1/claims/{claim_id}/approve", headers=t.headers).status_code == 200
    decided = _claim(engine, claim_id)

    late = http.post(f"/api/v1/claims/{claim_id}/reject", json={"reason": "Not them"}, headers=other.headers)
    assert late.status_code == 409, late.text
    err = late.json()["error"]
    assert err["fields"][0]["field"] == "claim"
    assert "already confirmed" in err["message"] and "by a brand" in err["message"]
    again = http.post(f"/api/v1/claims/{claim_id}/approve", headers=other.headers)
    assert again.status_code == 409 and "nothing left to decide" in again.text
    row = _claim(engine, claim_id)  # the first decision stands, as it was
    assert (row.status, row.rejection_reason, row.decided_workspace_id, row.decided_by, row.decided_at) == \
        ("verified", "", t.workspace_id, t.user_id, decided.decided_at)
    assert all(r["id"] != claim_id for r in http.get("/api/v1/claims", headers=other.headers).json())
    creator.close()


def test_declined_or_proved_by_code_meanwhile_is_named(http, factory, engine, live_server):
    handle = f"dc{uuid.uuid4().hex[:8]}"
    t, _, account, _, _ = _brand_campaign(http, factory, handle)
    creator = _creator(live_server)
    claim_id = _ask(creator, handle)
    http.post(f"/api/v1/claims/{claim_id}/reject", json={"reason": "Not them"}, headers=t.headers).raise_for_status()
    twice = http.post(f"/api/v1/claims/{claim_id}/reject", json={"reason": "Still not"}, headers=t.headers)
    assert twice.status_code == 409 and "already declined" in twice.text
    assert _claim(engine, claim_id).rejection_reason == "Not them"

    _ask(creator, handle, "Asking again")  # meanwhile the code goes in the bio and the creator checks it
    code = _claim(engine, claim_id).code
    with unit_of_work(engine) as db:
        db.execute(update(SocialAccount).where(SocialAccount.id == account).values(bio=f"Hi {code}"))
    home = creator.get("/portal")
    checked = creator.post(f"/portal/claims/{claim_id}/check", data={"csrf_token": _csrf(home.text)},
                          follow_redirects=True)
    assert 'data-status="verified"' in checked.text
    late = http.post(f"/api/v1/claims/{claim_id}/approve", headers=t.headers)
    assert late.status_code == 409 and "by the code in its bio" in late.text
    row = _claim(engine, claim_id)
    assert (row.status, row.method) == ("verified", "code")
    creator.close()


def test_only_an_undecided_request_is_taken_for_a_decision(factory, engine):
    """Two admins deciding at once: the guarded write lets only the first through (the second then gets 409)."""
    t = factory.tenant("admin")
    account = factory.creator(handle=f"tk{uuid.uuid4().hex[:8]}")[1]
    with unit_of_work(engine) as db:
        user = CreatorUser(name="Race", email=f"race{uuid.uuid4().hex[:8]}@creators.test", password_hash="x")
        db.add(user)
        db.flush()
        claim = AccountClaim(creator_user_id=user.id, account_id=account, code="RR-TAKEN", status="review",
                             review_requested_at=datetime(2026, 12, 5))
        db.add(claim)
        db.flush()
        claim_id = claim.id
    with unit_of_work(engine) as db:
        assert portal_repo.take_for_decision(db, claim_id, t.user_id, t.workspace_id, datetime(2026, 12, 5, 1))
        db.execute(update(AccountClaim).where(AccountClaim.id == claim_id).values(status="verified"))
    with unit_of_work(engine) as db:
        assert not portal_repo.take_for_decision(db, claim_id, t.user_id + 1, t.workspace_id, datetime(2026, 12, 6))
    assert _claim(engine, claim_id).decided_at == datetime(2026, 12, 5, 1)
