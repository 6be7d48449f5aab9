"""All SQL for outreach: templates, the outbox (including the worker's claims), do-not-contact and senders."""

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from reachroom.core.tenancy import WorkspaceContext
from reachroom.creators.repository import visible_accounts
from reachroom.models import (
    Agreement,
    Campaign,
    CampaignCreator,
    Creator,
    DoNotContact,
    EmailTemplate,
    MailSender,
    OutboundEmail,
    SocialAccount,
    User,
    Workspace,
)


def add(db: Session, *rows: object) -> None:
    db.add_all(rows)
    db.flush()


def delete(db: Session, row: object) -> None:
    db.delete(row)
    db.flush()


# ---------- templates and sender ----------

def templates(db: Session, ctx: WorkspaceContext) -> list[EmailTemplate]:
    stmt = select(EmailTemplate).where(EmailTemplate.workspace_id == ctx.workspace_id).order_by(EmailTemplate.name)
    return list(db.scalars(stmt))


def template(db: Session, ctx: WorkspaceContext, template_id: int) -> EmailTemplate | None:
    stmt = select(EmailTemplate).where(EmailTemplate.workspace_id == ctx.workspace_id,
                                       EmailTemplate.id == template_id)
    return db.scalar(stmt)


def template_named(db: Session, ctx: WorkspaceContext, name: str) -> EmailTemplate | None:
    stmt = select(EmailTemplate).where(EmailTemplate.workspace_id == ctx.workspace_id,
                                       func.lower(EmailTemplate.name) == name.lower())
    return db.scalar(stmt)


def sender(db: Session, ctx: WorkspaceContext) -> MailSender | None:
    return db.get(MailSender, ctx.workspace_id)


def workspace_name(db: Session, workspace_id: int) -> str:
    return db.scalar(select(Workspace.name).where(Workspace.id == workspace_id)) or ""


# ---------- recipients ----------

def recipients(db: Session, ctx: WorkspaceContext, campaign_id: int,
               entry_ids: Sequence[int]) -> list[tuple[int, str, str, str | None]]:
    """(entry id, handle, creator name, creator email) of the given entries of a campaign, visible accounts only."""
    stmt = (select(CampaignCreator.id, SocialAccount.handle, Creator.name, Creator.email)
            .join(SocialAccount, SocialAccount.id == CampaignCreator.account_id)
            .join(Creator, Creator.id == SocialAccount.creator_id)
            .where(CampaignCreator.campaign_id == campaign_id, CampaignCreator.id.in_(entry_ids),
                   visible_accounts(ctx))
            .order_by(CampaignCreator.id))
    return [tuple(r) for r in db.execute(stmt)]  # type: ignore[misc]


def latest_fees(db: Session, entry_ids: Sequence[int]) -> dict[int, tuple[int, str]]:
    """{entry id: (fee in minor units, currency)} from each entry's newest agreement version."""
    newest = (select(Agreement.campaign_creator_id, func.max(Agreement.version).label("v"))
              .where(Agreement.campaign_creator_id.in_(entry_ids)).group_by(Agreement.campaign_creator_id)
              .subquery())
    stmt = (select(Agreement.campaign_creator_id, Agreement.fee_minor, Agreement.currency)
            .join(newest, (newest.c.campaign_creator_id == Agreement.campaign_creator_id)
                  & (newest.c.v == Agreement.version)))
    return {e: (f, c) for e, f, c in db.execute(stmt)}


# ---------- do-not-contact ----------

def blocked(db: Session, workspace_id: int | None, hashes: Sequence[str]) -> dict[str, str]:
    """{address hash: reason} for the hashes on the workspace's do-not-contact list."""
    if not hashes:
        return {}
    stmt = select(DoNotContact.address_hash, DoNotContact.reason).where(
        DoNotContact.workspace_id == workspace_id, DoNotContact.address_hash.in_(set(hashes)))
    return {h: r for h, r in db.execute(stmt)}


def do_not_contact(db: Session, ctx: WorkspaceContext) -> list[DoNotContact]:
    stmt = (select(DoNotContact).where(DoNotContact.workspace_id == ctx.workspace_id)
            .order_by(DoNotContact.created_at.desc(), DoNotContact.id.desc()))
    return list(db.scalars(stmt))


def do_not_contact_entry(db: Session, ctx: WorkspaceContext, entry_id: int) -> DoNotContact | None:
    stmt = select(DoNotContact).where(DoNotContact.workspace_id == ctx.workspace_id, DoNotContact.id == entry_id)
    return db.scalar(stmt)


# ---------- outbox ----------

def outbox(db: Session, ctx: WorkspaceContext, status: str | None = None, campaign_id: int | None = None,
           entry_id: int | None = None, limit: int = 100, offset: int = 0) -> list[tuple[OutboundEmail, str | None]]:
    """(email, campaign name) of the workspace, newest first."""
    stmt = (select(OutboundEmail, Campaign.name).outerjoin(Campaign, Campaign.id == OutboundEmail.campaign_id)
            .where(OutboundEmail.workspace_id == ctx.workspace_id)
            .order_by(OutboundEmail.created_at.desc(), OutboundEmail.id.desc()).limit(limit).offset(offset))
    if status:
        stmt = stmt.where(OutboundEmail.status == status)
    if campaign_id is not None:
        stmt = stmt.where(OutboundEmail.campaign_id == campaign_id)
    if entry_id is not None:
        stmt = stmt.where(OutboundEmail.campaign_creator_id == entry_id)
    return [(e, n) for e, n in db.execute(stmt)]


def outbox_counts(db: Session, ctx: WorkspaceContext, campaign_id: int | None = None) -> dict[str, int]:
    stmt = (select(OutboundEmail.status, func.count()).where(OutboundEmail.workspace_id == ctx.workspace_id)
            .group_by(OutboundEmail.status))
    if campaign_id is not None:
        stmt = stmt.where(OutboundEmail.campaign_id == campaign_id)
    return {s: n for s, n in db.execute(stmt)}


def email(db: Session, ctx: WorkspaceContext, email_id: int) -> OutboundEmail | None:
    stmt = select(OutboundEmail).where(OutboundEmail.workspace_id == ctx.workspace_id, OutboundEmail.id == email_id)
    return db.scalar(stmt)


def email_by_unsubscribe(db: Session, token_hash: str) -> OutboundEmail | None:
    return db.scalar(select(OutboundEmail).where(OutboundEmail.unsubscribe_hash == token_hash))


def release_held(db: Session, ctx: WorkspaceContext, now: datetime) -> int:
    """Held emails of the workspace become queued (a mail server is now configured)."""
    stmt = (update(OutboundEmail).where(OutboundEmail.workspace_id == ctx.workspace_id,
                                        OutboundEmail.status == "held")
            .values(status="queued", next_attempt_at=now))
    return db.execute(stmt).rowcount  # type: ignore[attr-defined]


# ---------- the worker's side (no workspace context: it serves every workspace) ----------

def release_stale(db: Session, now: datetime) -> int:
    """Emails whose sender died mid-send (lease run out) go back to the queue."""
    stmt = (update(OutboundEmail).where(OutboundEmail.status == "sending", OutboundEmail.lease_until < now)
            .values(status="queued", lease_until=None, next_attempt_at=now,
                    last_error="the worker stopped while sending; sending again"))
    return db.execute(stmt).rowcount  # type: ignore[attr-defined]


def due_by_workspace(db: Session, now: datetime) -> dict[int | None, int]:
    """{workspace id (None for the app's own mail): emails due now}."""
    stmt = (select(OutboundEmail.workspace_id, func.count())
            .where(OutboundEmail.status == "queued", OutboundEmail.next_attempt_at <= now)
            .group_by(OutboundEmail.workspace_id))
    return {w: n for w, n in db.execute(stmt)}


def sent_since(db: Session, workspace_id: int | None, since: datetime) -> int:
    """Emails of the workspace sent (or being sent) since a moment: the pace so far."""
    stmt = select(func.count()).where(
        OutboundEmail.workspace_id == workspace_id,
        ((OutboundEmail.status == "sent") & (OutboundEmail.sent_at >= since)) | (OutboundEmail.status == "sending"))
    return db.scalar(stmt) or 0


def per_minute(db: Session, workspace_id: int | None) -> int | None:
    return db.scalar(select(MailSender.per_minute).where(MailSender.workspace_id == workspace_id))


def due_ids(db: Session, workspace_id: int | None, now: datetime, limit: int) -> list[int]:
    stmt = (select(OutboundEmail.id).where(OutboundEmail.workspace_id == workspace_id,
                                           OutboundEmail.status == "queued", OutboundEmail.next_attempt_at <= now)
            .order_by(OutboundEmail.next_attempt_at, OutboundEmail.id).limit(limit))
    return list(db.scalars(stmt))


def claim(db: Session, email_id: int, now: datetime, lease_until: datetime) -> bool:
    """Take one queued email for sending; False when another worker took it first."""
    stmt = (update(OutboundEmail).where(OutboundEmail.id == email_id, OutboundEmail.status == "queued",
                                        OutboundEmail.next_attempt_at <= now)
            .values(status="sending", lease_until=lease_until, attempts=OutboundEmail.attempts + 1))
    return db.execute(stmt).rowcount == 1  # type: ignore[attr-defined]


def get_email(db: Session, email_id: int) -> OutboundEmail | None:
    return db.get(OutboundEmail, email_id)


def next_due(db: Session) -> datetime | None:
    return db.scalar(select(func.min(OutboundEmail.next_attempt_at)).where(OutboundEmail.status == "queued"))


def active_campaigns(db: Session) -> list[tuple[int, int, int, str, str]]:
    """(campaign, workspace, owner id, owner email, name) of every recruiting or live campaign with an owner."""
    stmt = (select(Campaign.id, Campaign.workspace_id, Campaign.owner_id, User.email, Campaign.name)
            .join(User, User.id == Campaign.owner_id).where(Campaign.status.in_(("recruiting", "live")))
            .order_by(Campaign.id))
    return [tuple(r) for r in db.execute(stmt)]  # type: ignore[misc]


def sent_since_to(db: Session, campaign_id: int, to_address: str, subject: str, since: datetime) -> bool:
    """True when this campaign already queued this subject to this address since a moment (a digest a day)."""
    stmt = select(OutboundEmail.id).where(OutboundEmail.campaign_id == campaign_id,
                                          OutboundEmail.to_address == to_address, OutboundEmail.subject == subject,
                                          OutboundEmail.created_at >= since).limit(1)
    return db.scalar(stmt) is not None
