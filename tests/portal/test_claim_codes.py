"""Bio codes checked without the creator asking: once the account's bio (as Reachroom last read it) holds a
waiting claim's code, the worker's pass (also `reachroom claims check-bios`) proves it and tells the creator;
a bio without the code, or an account someone else proved first, leaves the claim waiting."""

import re
import uuid
from datetime import datetime

from sqlalchemy import select, update
from typer.testing import CliRunner

from reachroom.cli import app
from reachroom.db import unit_of_work
from reachroom.models import AccountClaim, CreatorNotification, SocialAccount
from reachroom.portal.claim_codes import verify_codes_in_bios
from tests.portal.test_campaigns import _creator, _csrf

runner = CliRunner()


def _start(creator, handle: str) -> int:
    home = creator.get("/portal")
    started = creator.post("/portal/claims", data={"csrf_token": _csrf(home.text), "account": f"instagram:@{handle}"},
                           follow_redirects=True)
    return int(re.search(r"/portal/claims/(\d+)/check", started.text).group(1))


def _set_bio(engine, account_id: int, bio: str) -> None:
    with unit_of_work(engine) as db:
        db.execute(update(SocialAccount).where(SocialAccount.id == account_id).values(bio=bio))


def _claim(engine, claim_id: int) -> tuple[str, str, str, int]:
    with unit_of_work(engine) as db:
        c = db.get(AccountClaim, claim_id)
        return c.status, c.method or "", c.code, c.creator_user_id


def _notes(engine, creator_user_id: int) -> list[str]:
    with unit_of_work(engine) as db:
        return list(db.scalars(select(CreatorNotification.text)
                               .where(CreatorNotification.creator_user_id == creator_user_id)))


def test_a_code_in_the_bio_proves_the_claim_without_a_check(factory, engine, live_server):
    handle = f"bc{uuid.uuid4().hex[:8]}"
    account = factory.creator(handle=handle)[1]
    creator = _creator(live_server)
    claim_id = _start(creator, handle)
    status, _, code, user_id = _claim(engine, claim_id)
    assert status == "pending"

    _set_bio(engine, account, "Cosy knits and tea. No code here")
    with unit_of_work(engine) as db:
        verify_codes_in_bios(db)
    assert _claim(engine, claim_id)[0] == "pending"  # not in the bio: still waiting, nothing said

    _set_bio(engine, account, f"Cosy knits and tea ✨ {code.lower()}")  # case does not matter
    out = runner.invoke(app, ["claims", "check-bios"], catch_exceptions=False)
    assert out.exit_code == 0 and "Proved" in out.output, out.output
    assert _claim(engine, claim_id)[:2] == ("verified", "code")
    assert any(f"@{handle} is proved yours" in t for t in _notes(engine, user_id))
    page = creator.get("/portal")
    assert 'data-status="verified"' in page.text
    creator.close()


def test_the_first_prover_keeps_the_account(factory, engine, live_server):
    handle = f"fp{uuid.uuid4().hex[:8]}"
    account = factory.creator(handle=handle)[1]
    first, second = _creator(live_server), _creator(live_server)
    a, b = _start(first, handle), _start(second, handle)
    code_a, code_b = _claim(engine, a)[2], _claim(engine, b)[2]
    _set_bio(engine, account, f"{code_a} {code_b}")  # both codes: the older claim is proved, the other waits
    with unit_of_work(engine) as db:
        assert verify_codes_in_bios(db) == 1
    assert _claim(engine, a)[0] == "verified" and _claim(engine, b)[0] == "pending"
    with unit_of_work(engine) as db:
        assert verify_codes_in_bios(db) == 0  # nothing more to prove, and running again changes nothing
    assert _claim(engine, b)[0] == "pending"
    first.close()
    second.close()


def test_the_worker_runs_the_pass_every_ten_minutes():
    """The worker's task list has the pass, due on the tens and not between."""
    from reachroom import cli
    from reachroom.core import jobs

    cli.register_tasks()
    due = {t.name for t in jobs.get_huey().read_periodic(datetime(2026, 12, 5, 10, 20))}
    between = {t.name for t in jobs.get_huey().read_periodic(datetime(2026, 12, 5, 10, 21))}
    assert "reachroom.portal.claim_codes" in due and "reachroom.portal.claim_codes" not in between
