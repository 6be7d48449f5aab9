"""The worker's side of outreach: release emails whose worker died, then send what is due at each workspace's
pace, retrying with backoff. Each step is its own short transaction; SMTP is never talked to inside one."""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from sqlalchemy.engine import Engine

from reachroom.config import get_settings
from reachroom.db import new_session
from reachroom.models import utcnow
from reachroom.outreach import repository as repo
from reachroom.outreach import smtp
from reachroom.outreach.addresses import address_hash, public_url

log = logging.getLogger(__name__)
DEFAULT_PER_MINUTE = 30
MAX_BACKOFF = timedelta(hours=1)


@dataclass
class DrainResult:
    """What one pass did."""

    released: int = 0
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    waiting: int = 0  # due but over the workspace's per-minute pace; the next pass sends them


def backoff(attempts: int, base_seconds: int) -> timedelta:
    """Wait before the next attempt: base, 2×base, 4×base, … at most an hour."""
    return min(timedelta(seconds=base_seconds * 2 ** max(attempts - 1, 0)), MAX_BACKOFF)


def _claim_batch(engine: Engine, now: datetime, result: DrainResult) -> list[int]:
    lease = now + timedelta(seconds=get_settings().mail_lease_seconds)
    result.waiting = 0  # recounted each round: what is still due after this round's claims
    claimed: list[int] = []
    with new_session(engine) as db, db.begin():
        for workspace_id, due in repo.due_by_workspace(db, now).items():
            pace = repo.per_minute(db, workspace_id) or DEFAULT_PER_MINUTE
            budget = max(pace - repo.sent_since(db, workspace_id, now - timedelta(minutes=1)), 0)
            ids = [i for i in repo.due_ids(db, workspace_id, now, budget) if repo.claim(db, i, now, lease)]
            claimed += ids
            result.waiting += due - len(ids)
    return claimed


def _send_one(engine: Engine, email_id: int, result: DrainResult) -> None:
    settings = get_settings()
    with new_session(engine) as db:
        email = repo.get_email(db, email_id)
        if email is None or email.status != "sending":
            return
        blocked = repo.blocked(db, email.workspace_id, [address_hash(email.to_address)])
        error: smtp.DeliveryError | None = None
        if blocked:  # unsubscribed after the email was queued: never send it
            error = smtp.DeliveryError("the address is on the do-not-contact list now; not sent", permanent=True)
        else:
            msg = smtp.build(email, urlsplit(public_url()).hostname or "reachroom.local")
            try:
                smtp.send(msg, settings)
            except smtp.DeliveryError as err:
                error = err
        now = utcnow()
        email.lease_until = None
        if error is None:
            email.status, email.sent_at, email.last_error, email.message_id = "sent", now, "", msg["Message-ID"]
            result.sent += 1
        elif error.permanent or email.attempts >= settings.mail_max_attempts:
            email.status, email.last_error = "failed", str(error)[:500]
            result.failed += 1
        else:
            email.status, email.last_error = "queued", str(error)[:500]
            email.next_attempt_at = now + backoff(email.attempts, settings.mail_retry_seconds)
            result.retrying += 1
        db.commit()


def drain(engine: Engine, max_rounds: int = 100) -> DrainResult:
    """Send everything due now, within each workspace's pace; returns what happened."""
    result = DrainResult()
    with new_session(engine) as db, db.begin():
        result.released = repo.release_stale(db, utcnow())
    for _ in range(max_rounds):
        claimed = _claim_batch(engine, utcnow(), result)
        if not claimed:
            break
        for email_id in claimed:
            _send_one(engine, email_id, result)
    if result.released or result.sent or result.failed or result.retrying:
        log.info("outreach: %s", result)
    return result

