"""Outreach rules behind page, API and CLI: templates, the sender, sending to campaign creators through the outbox
(honouring the do-not-contact list), retries, unsubscribe and replies logged by hand.

Members send; admins set the sender and take addresses off the do-not-contact list; viewers read.
"""

import hashlib
import secrets
from collections.abc import Sequence

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from reachroom.campaigns import service as campaigns
from reachroom.campaigns.schemas import CampaignOut, from_minor
from reachroom.config import get_settings
from reachroom.core import jobs
from reachroom.core.emails import normalise_email
from reachroom.core.errors import conflict, invalid, not_found
from reachroom.core.tenancy import WorkspaceContext
from reachroom.models import DoNotContact, EmailTemplate, MailSender, OutboundEmail, utcnow
from reachroom.outreach import merge, tasks
from reachroom.outreach import repository as repo
from reachroom.outreach.addresses import address_hash, mail_server_configured, mask, public_url
from reachroom.outreach.schemas import (
    DoNotContactIn,
    DoNotContactOut,
    EmailOut,
    OutboxCounts,
    Preview,
    Refusal,
    ReplyIn,
    SenderIn,
    SenderOut,
    SendIn,
    SendResult,
    TemplateIn,
    TemplateOut,
    TemplatePatch,
)

PREVIEW_COUNT = 3


# ---------- templates ----------

def _template_out(t: EmailTemplate) -> TemplateOut:
    return TemplateOut(id=t.id, name=t.name, subject=t.subject, body=t.body, version=t.version,
                       updated_at=t.updated_at)


def list_templates(db: Session, ctx: WorkspaceContext) -> list[TemplateOut]:
    """The workspace's templates by name."""
    return [_template_out(t) for t in repo.templates(db, ctx)]


def _template(db: Session, ctx: WorkspaceContext, template_id: int) -> EmailTemplate:
    found = repo.template(db, ctx, template_id)
    if found is None:
        raise not_found("Template")
    return found


def get_template(db: Session, ctx: WorkspaceContext, template_id: int) -> TemplateOut:
    """One template or 404."""
    return _template_out(_template(db, ctx, template_id))


def _name_free(db: Session, ctx: WorkspaceContext, name: str, keep: int | None = None) -> None:
    other = repo.template_named(db, ctx, name)
    if other is not None and other.id != keep:
        raise conflict("name", f"a template named {name!r} already exists")


def create_template(db: Session, ctx: WorkspaceContext, data: TemplateIn) -> TemplateOut:
    """Save a new template."""
    ctx.require_write()
    _name_free(db, ctx, data.name)
    row = EmailTemplate(workspace_id=ctx.workspace_id, **data.model_dump())
    try:
        with db.begin_nested():
            repo.add(db, row)
    except IntegrityError:
        raise conflict("name", f"a template named {data.name!r} already exists") from None
    return _template_out(row)


def update_template(db: Session, ctx: WorkspaceContext, template_id: int, data: TemplatePatch) -> TemplateOut:
    """Change a template; 409 when someone saved it since `version` was read."""
    ctx.require_write()
    row = _template(db, ctx, template_id)
    lost = conflict("version", "this template was changed by someone else since you opened it; reload to see "
                               "their changes, then save again")
    if row.version != data.version:
        raise lost
    _name_free(db, ctx, data.name, keep=row.id)
    row.name, row.subject, row.body = data.name, data.subject, data.body
    campaigns.flush_versioned(db, lost)
    return _template_out(row)


def delete_template(db: Session, ctx: WorkspaceContext, template_id: int) -> None:
    """Delete a template (emails already sent keep their text)."""
    ctx.require_write()
    repo.delete(db, _template(db, ctx, template_id))


# ---------- sender ----------

def get_sender(db: Session, ctx: WorkspaceContext) -> SenderOut:
    """The workspace's sender, or the defaults (workspace name, REACHROOM_MAIL_FROM)."""
    row = repo.sender(db, ctx)
    if row is None or not row.from_address:
        return SenderOut(from_name=repo.workspace_name(db, ctx.workspace_id), from_address=get_settings().mail_from,
                         reply_to="", per_minute=row.per_minute if row else 30, mail_server=mail_server_configured())
    return SenderOut(from_name=row.from_name, from_address=row.from_address, reply_to=row.reply_to,
                     per_minute=row.per_minute, mail_server=mail_server_configured())


def set_sender(db: Session, ctx: WorkspaceContext, data: SenderIn) -> SenderOut:
    """Set who outreach comes from and how many emails a minute may go (admins)."""
    ctx.require("admin")
    row = repo.sender(db, ctx)
    if row is None:
        row = MailSender(workspace_id=ctx.workspace_id)
        db.add(row)
    row.from_name, row.from_address = data.from_name, data.from_address
    row.reply_to, row.per_minute = data.reply_to or "", data.per_minute
    db.flush()
    return get_sender(db, ctx)


# ---------- do-not-contact ----------

def _dnc_out(d: DoNotContact) -> DoNotContactOut:
    return DoNotContactOut(id=d.id, masked=d.masked, reason=d.reason, source=d.source, created_at=d.created_at)


def list_do_not_contact(db: Session, ctx: WorkspaceContext) -> list[DoNotContactOut]:
    """The workspace's do-not-contact list, newest first."""
    return [_dnc_out(d) for d in repo.do_not_contact(db, ctx)]


def _block(db: Session, workspace_id: int, address: str, reason: str, source: str,
           user_id: int | None) -> DoNotContact | None:
    digest = address_hash(address)
    if repo.blocked(db, workspace_id, [digest]):
        return None
    row = DoNotContact(workspace_id=workspace_id, address_hash=digest, masked=mask(address), reason=reason,
                       source=source, added_by=user_id)
    try:
        with db.begin_nested():
            repo.add(db, row)
    except IntegrityError:  # added by someone else at the same moment: it is on the list either way
        return None
    return row


def add_do_not_contact(db: Session, ctx: WorkspaceContext, data: DoNotContactIn) -> DoNotContactOut:
    """Put an address on the list (409 if it is already there)."""
    ctx.require_write()
    row = _block(db, ctx.workspace_id, data.email, data.reason or "asked not to be contacted", "manual", ctx.user_id)
    if row is None:
        raise conflict("email", "this address is already on the do-not-contact list")
    return _dnc_out(row)


def remove_do_not_contact(db: Session, ctx: WorkspaceContext, entry_id: int) -> None:
    """Take an address off the list (admins; an unsubscribe should only be undone at the person's request)."""
    ctx.require("admin")
    row = repo.do_not_contact_entry(db, ctx, entry_id)
    if row is None:
        raise not_found("Do-not-contact entry")
    repo.delete(db, row)


# ---------- composing and sending ----------

def _fee_text(fee: tuple[int, str] | None) -> str:
    return "" if fee is None else f"{from_minor(fee[0]):,.2f} {fee[1]}"


def _values(c: CampaignOut, sender: SenderOut, handle: str, name: str, fee: tuple[int, str] | None) -> dict:
    shown = name.strip() or f"@{handle}"
    return {"creator_name": shown, "first_name": shown.split()[0], "handle": f"@{handle}", "campaign": c.name,
            "brand": c.brand_name, "fee": _fee_text(fee), "brief_link": f"{public_url()}/campaigns/{c.id}/brief",
            "sender": sender.from_name or sender.from_address}


def _render(data: SendIn, values: dict) -> tuple[str, str]:
    try:
        return merge.render(data.subject, values, "subject"), merge.render(data.body, values, "body")
    except ValueError as err:
        field, _, message = str(err).partition(": ")
        raise invalid(field, message) from None


def _footer(brand: str, token: str) -> str:
    return (f"\n\n--\nYou received this because {brand} would like to work with you. "
            f"Don't want these emails? Unsubscribe: {public_url()}/unsubscribe/{token}\n")


def _addressed(db: Session, ctx: WorkspaceContext, campaign_id: int,
               entry_ids: Sequence[int]) -> list[tuple[int, str, str, str | None, str | None]]:
    """(entry, handle, name, address or None, refusal or None) for each recipient; 404 for ids not in it."""
    rows = repo.recipients(db, ctx, campaign_id, entry_ids)
    missing = set(entry_ids) - {r[0] for r in rows}
    if missing:
        raise not_found(f"Creator {min(missing)} in this campaign")
    addresses = {r[0]: _address(r[3]) for r in rows}
    blocked = repo.blocked(db, ctx.workspace_id, [address_hash(a) for a in addresses.values() if a])
    out: list[tuple[int, str, str, str | None, str | None]] = []
    first_with: dict[str, str] = {}
    for entry_id, handle, name, _ in rows:
        address = addresses[entry_id]
        refusal = None
        if address is None:
            refusal = "no email address on file for this creator"
        elif address_hash(address) in blocked:
            refusal = f"on the do-not-contact list ({blocked[address_hash(address)]})"
        elif address in first_with:  # one person with two accounts in the campaign gets one email
            refusal = f"the same address as @{first_with[address]}, who gets this email"
        else:
            first_with[address] = handle
        out.append((entry_id, handle, name, address, refusal))
    return out


def _address(raw: str | None) -> str | None:
    try:
        return normalise_email(raw) if raw else None
    except ValueError:
        return None


def preview(db: Session, ctx: WorkspaceContext, campaign_id: int, data: SendIn) -> list[Preview]:
    """The first few recipients' emails with merge fields filled in (nothing saved)."""
    c = campaigns.get_campaign(db, ctx, campaign_id)
    sender = get_sender(db, ctx)
    people = _addressed(db, ctx, campaign_id, list(dict.fromkeys(data.entry_ids))[:PREVIEW_COUNT])
    fees = repo.latest_fees(db, [p[0] for p in people])
    out = []
    for entry_id, handle, name, address, refusal in people:
        subject, body = _render(data, _values(c, sender, handle, name, fees.get(entry_id)))
        out.append(Preview(entry_id=entry_id, handle=handle, to_address=address, subject=subject,
                           body=body + _footer(c.brand_name, "…"), refused=refusal))
    return out


def send(db: Session, ctx: WorkspaceContext, campaign_id: int, data: SendIn) -> SendResult:
    """Queue one email per recipient (held in the outbox when no mail server is set). Addresses on the
    do-not-contact list or missing are refused with the reason; a send where every recipient is refused is 409."""
    ctx.require_write()
    c = campaigns.get_campaign(db, ctx, campaign_id)
    sender = get_sender(db, ctx)
    people = _addressed(db, ctx, campaign_id, list(dict.fromkeys(data.entry_ids)))
    refused = [Refusal(entry_id=e, handle=h, reason=r) for e, h, _, _, r in people if r]
    if len(refused) == len(people):
        first = refused[0]
        raise conflict("entry_ids", f"not sent: @{first.handle} is {first.reason}" if len(people) == 1 else
                       f"not sent: none of the {len(people)} creators can be emailed ({first.reason}, …)")
    fees = repo.latest_fees(db, [p[0] for p in people])
    status = "queued" if mail_server_configured() else "held"
    now, rows = utcnow(), []
    for entry_id, handle, name, address, refusal in people:
        if refusal or address is None:
            continue
        subject, body = _render(data, _values(c, sender, handle, name, fees.get(entry_id)))
        token = secrets.token_urlsafe(24)
        rows.append(OutboundEmail(
            workspace_id=ctx.workspace_id, campaign_id=c.id, campaign_creator_id=entry_id, to_address=address,
            to_name=name, from_address=sender.from_address, from_name=sender.from_name, reply_to=sender.reply_to,
            subject=subject, body=body + _footer(c.brand_name, token), status=status, next_attempt_at=now,
            unsubscribe_hash=hashlib.sha256(token.encode()).hexdigest(), created_by=ctx.user_id))
    repo.add(db, *rows)
    for row in rows:
        campaigns.record_event(db, ctx, c.id, "email", new=row.subject, entry_id=row.campaign_creator_id,
                               detail=f"to {row.to_address}")
    if status == "queued":
        jobs.after_commit(db, tasks.wake_sender)
    return SendResult(queued=len(rows) if status == "queued" else 0, held=0 if status == "queued" else len(rows),
                      refused=refused, email_ids=[r.id for r in rows])


# ---------- outbox ----------

def _email_out(e: OutboundEmail, campaign_name: str | None) -> EmailOut:
    return EmailOut(id=e.id, campaign_id=e.campaign_id, campaign_name=campaign_name, entry_id=e.campaign_creator_id,
                    to_address=e.to_address, to_name=e.to_name, from_address=e.from_address, subject=e.subject,
                    body=e.body, status=e.status, attempts=e.attempts,
                    next_attempt_at=e.next_attempt_at if e.status == "queued" else None, last_error=e.last_error,
                    sent_at=e.sent_at, created_at=e.created_at)


def outbox(db: Session, ctx: WorkspaceContext, status: str | None = None, campaign_id: int | None = None,
           entry_id: int | None = None, limit: int = 100, offset: int = 0) -> list[EmailOut]:
    """The workspace's emails, newest first (optionally one status, campaign or creator)."""
    if campaign_id is not None:
        campaigns.get_campaign(db, ctx, campaign_id)  # 404 for another workspace's campaign
    return [_email_out(e, n) for e, n in repo.outbox(db, ctx, status, campaign_id, entry_id, limit, offset)]


def outbox_counts(db: Session, ctx: WorkspaceContext, campaign_id: int | None = None) -> OutboxCounts:
    """How many emails are held, queued, sending, sent and failed."""
    return OutboxCounts(**repo.outbox_counts(db, ctx, campaign_id))


def get_email(db: Session, ctx: WorkspaceContext, email_id: int) -> EmailOut:
    """One email of the outbox or 404."""
    row = repo.email(db, ctx, email_id)
    if row is None:
        raise not_found("Email")
    return _email_out(row, None)


def retry(db: Session, ctx: WorkspaceContext, email_id: int) -> EmailOut:
    """Send a failed email again now (409 unless it failed)."""
    ctx.require_write()
    row = repo.email(db, ctx, email_id)
    if row is None:
        raise not_found("Email")
    if row.status != "failed":
        raise conflict("status", f"only a failed email can be retried; this one is {row.status}")
    if not mail_server_configured():
        raise conflict("status", "no mail server is configured (set REACHROOM_SMTP_HOST); the email stays in the "
                                 "outbox")
    if repo.blocked(db, ctx.workspace_id, [address_hash(row.to_address)]):
        raise conflict("to_address", "this address is on the do-not-contact list now; not sent")
    row.status, row.next_attempt_at, row.attempts, row.last_error = "queued", utcnow(), 0, ""
    db.flush()
    jobs.after_commit(db, tasks.wake_sender)
    return _email_out(row, None)


def release_held(db: Session, ctx: WorkspaceContext) -> int:
    """Queue every email held in the outbox, once a mail server is configured (admins)."""
    ctx.require("admin")
    if not mail_server_configured():
        raise conflict("smtp_host", "no mail server is configured (set REACHROOM_SMTP_HOST and restart); the "
                                    "emails stay in the outbox")
    released = repo.release_held(db, ctx, utcnow())
    if released:
        jobs.after_commit(db, tasks.wake_sender)
    return released


# ---------- unsubscribe (public, by the token in the email) and replies ----------

def _by_token(db: Session, token: str) -> tuple[OutboundEmail, int]:
    """The email behind an unsubscribe link and its workspace."""
    row = repo.email_by_unsubscribe(db, hashlib.sha256(token.encode()).hexdigest()) if len(token) < 100 else None
    if row is None or row.workspace_id is None:  # the app's own account mail has no unsubscribe link
        raise not_found("Unsubscribe link")
    return row, row.workspace_id


def unsubscribe_info(db: Session, token: str) -> tuple[str, str, bool]:
    """(masked address, sender's workspace name, already unsubscribed) for an unsubscribe link."""
    row, workspace_id = _by_token(db, token)
    done = bool(repo.blocked(db, workspace_id, [address_hash(row.to_address)]))
    return mask(row.to_address), repo.workspace_name(db, workspace_id), done


def unsubscribe(db: Session, token: str) -> None:
    """Put the email's recipient on its workspace's do-not-contact list (no login: the link is the proof)."""
    row, workspace_id = _by_token(db, token)
    _block(db, workspace_id, row.to_address, "unsubscribed from an email", "unsubscribe", None)


def log_reply(db: Session, ctx: WorkspaceContext, campaign_id: int, entry_id: int, data: ReplyIn) -> None:
    """Note a creator's reply on their timeline."""
    ctx.require_write()
    campaigns.get_entry(db, ctx, campaign_id, entry_id)
    campaigns.record_event(db, ctx, campaign_id, "reply", new=data.text[:200], detail=data.text, entry_id=entry_id)



def queue_system_email(db: Session, to_address: str, to_name: str, subject: str, body: str) -> None:
    """The app's own mail to a person outside any workspace (a creator's verification or reset link): through the
    same outbox and worker, held until a mail server is set, seen by no workspace."""
    status = "queued" if mail_server_configured() else "held"
    token = secrets.token_urlsafe(24)  # no unsubscribe for account mail; the column still wants a unique value
    repo.add(db, OutboundEmail(workspace_id=None, to_address=to_address, to_name=to_name,
                               from_address=get_settings().mail_from, from_name="Reachroom", subject=subject[:200],
                               body=body, status=status, next_attempt_at=utcnow(),
                               unsubscribe_hash=hashlib.sha256(token.encode()).hexdigest()))
    if status == "queued":
        jobs.after_commit(db, tasks.wake_sender)
