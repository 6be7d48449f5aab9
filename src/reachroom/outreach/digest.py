"""The morning digest: once a day, each owner of a recruiting or live campaign with something late (drafts past
due, reviews waiting, gifts without a post) gets one email listing it, through the same outbox as outreach."""

import hashlib
import secrets
from datetime import datetime

from sqlalchemy.engine import Engine

from reachroom.campaigns import review
from reachroom.core.tenancy import WorkspaceContext
from reachroom.db import new_session
from reachroom.models import OutboundEmail, utcnow
from reachroom.outreach import repository as repo
from reachroom.outreach.addresses import mail_server_configured, public_url

SUBJECT = "What's late in {name}"


def _body(name: str, campaign_id: int, items: list) -> str:
    lines = [f"Good morning. {len(items)} thing{'s' if len(items) != 1 else ''} in {name} need a look:", ""]
    lines += [f"- @{m.handle}: {m.message}" for m in items[:50]]
    lines += ["", f"Open the campaign: {public_url()}/campaigns/{campaign_id}", "",
              "You get this because you own the campaign in Reachroom."]
    return "\n".join(lines)


def queue_digests(engine: Engine, now: datetime | None = None) -> int:
    """Queue today's digest for every campaign with late items (at most one per campaign a day); returns how many."""
    now = now or utcnow()
    start_of_day = now.replace(hour=0, minute=0, second=0, microsecond=0)
    queued = 0
    with new_session(engine) as db, db.begin():
        for campaign_id, workspace_id, owner_id, owner_email, name in repo.active_campaigns(db):
            subject = SUBJECT.format(name=name)[:200]
            if repo.sent_since_to(db, campaign_id, owner_email, subject, start_of_day):
                continue
            items = review.reminders(db, WorkspaceContext(workspace_id, owner_id, "owner"), campaign_id,
                                     now.date())
            if not items:
                continue
            sender = repo.sender(db, WorkspaceContext(workspace_id, owner_id, "owner"))
            token = secrets.token_urlsafe(24)
            db.add(OutboundEmail(
                workspace_id=workspace_id, campaign_id=campaign_id, to_address=owner_email,
                from_address=sender.from_address if sender and sender.from_address else "outreach@reachroom.local",
                from_name="Reachroom", subject=subject, body=_body(name, campaign_id, items),
                status="queued" if mail_server_configured() else "held", next_attempt_at=utcnow(), created_at=now,
                unsubscribe_hash=hashlib.sha256(token.encode()).hexdigest()))
            queued += 1
    return queued
