"""Bio codes checked without the creator asking: the worker looks every few minutes for undecided claims whose
one-time code is now in the account's bio (as Reachroom last read it), proves them and tells the creator — so a
claim completes when the account is next read, whether or not the creator presses "Check"."""


from huey import crontab
from sqlalchemy.orm import Session

from reachroom.core import jobs
from reachroom.portal import repository as repo
from reachroom.portal.campaigns import complete_claim
from reachroom.portal.notifications import notify


def verify_codes_in_bios(db: Session) -> int:
    """Prove every undecided claim whose code is in its account's bio (first prover wins); how many were proved."""
    proved = 0
    for claim, account, email in repo.claims_with_code_in_bio(db):
        if repo.verified_elsewhere(db, account.id, claim.creator_user_id):
            continue  # someone else proved it first; the creator's own "Check" explains that
        complete_claim(db, claim, account, "code")
        notify(db, claim.creator_user_id, email, "claim",
               f"@{account.handle} is proved yours: we found {claim.code} in its bio", "/portal#claims")
        proved += 1
    return proved


def _check_bios() -> None:
    from reachroom.db import get_engine, unit_of_work

    with unit_of_work(get_engine()) as db:
        verify_codes_in_bios(db)


#: the pass every 10 minutes
_tasks = jobs.on_each_queue(
    lambda huey: huey.periodic_task(crontab(minute="*/10"), name="reachroom.portal.claim_codes")(_check_bios))


def register_tasks() -> None:
    """Make the bio-code pass known to this process's queue (the worker runs it)."""
    _tasks()
