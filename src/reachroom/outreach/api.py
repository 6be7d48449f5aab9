"""JSON API: outreach templates, sending to campaign creators, the outbox, do-not-contact and the sender."""

from fastapi import APIRouter, Depends, Query
from sqlalchemy.orm import Session

from reachroom.core.deps import DB, api_context
from reachroom.core.tenancy import WorkspaceContext
from reachroom.core.types import Id, OptionalIdQuery
from reachroom.outreach import service
from reachroom.outreach.schemas import (
    DoNotContactIn,
    DoNotContactOut,
    EmailOut,
    EmailStatus,
    OutboxCounts,
    Preview,
    ReplyIn,
    SenderIn,
    SenderOut,
    SendIn,
    SendResult,
    TemplateIn,
    TemplateOut,
    TemplatePatch,
)

router = APIRouter(prefix="/api/v1", tags=["outreach"])
Ctx = Depends(api_context)


@router.post("/campaigns/{campaign_id}/emails", response_model=SendResult, status_code=201)
def send(campaign_id: Id, body: SendIn, ctx: WorkspaceContext = Ctx, db: Session = DB):
    """Email creators of the campaign (merge fields filled per creator); do-not-contact and address-less creators
    are refused with the reason (409 when nobody is left)."""
    return service.send(db, ctx, campaign_id, body)


@router.post("/campaigns/{campaign_id}/emails/preview", response_model=list[Preview])
def preview(campaign_id: Id, body: SendIn, ctx: WorkspaceContext = Ctx, db: Session = DB):
    """The first three emails as they would go out; nothing is saved."""
    return service.preview(db, ctx, campaign_id, body)


@router.post("/campaigns/{campaign_id}/creators/{entry_id}/replies", status_code=204)
def log_reply(campaign_id: Id, entry_id: Id, body: ReplyIn, ctx: WorkspaceContext = Ctx, db: Session = DB):
    """Log a creator's reply on their timeline."""
    service.log_reply(db, ctx, campaign_id, entry_id, body)


@router.get("/outreach/outbox", response_model=list[EmailOut])
def outbox(status: EmailStatus | None = Query(None), campaign_id: OptionalIdQuery = None,
           limit: int = Query(100, ge=1, le=1000), offset: int = Query(0, ge=0, le=10_000_000),
           ctx: WorkspaceContext = Ctx, db: Session = DB):
    """Emails of the workspace, newest first."""
    return service.outbox(db, ctx, status, campaign_id, limit=limit, offset=offset)


@router.get("/outreach/outbox/counts", response_model=OutboxCounts)
def outbox_counts(campaign_id: OptionalIdQuery = None, ctx: WorkspaceContext = Ctx, db: Session = DB):
    """How many emails are held, queued, sending, sent and failed."""
    return service.outbox_counts(db, ctx, campaign_id)


@router.post("/outreach/outbox/release", response_model=dict[str, int])
def release(ctx: WorkspaceContext = Ctx, db: Session = DB):
    """Queue the emails held in the outbox now that a mail server is configured (admins)."""
    return {"queued": service.release_held(db, ctx)}


@router.get("/outreach/outbox/{email_id}", response_model=EmailOut)
def get_email(email_id: Id, ctx: WorkspaceContext = Ctx, db: Session = DB):
    """One email."""
    return service.get_email(db, ctx, email_id)


@router.post("/outreach/outbox/{email_id}/retry", response_model=EmailOut)
def retry(email_id: Id, ctx: WorkspaceContext = Ctx, db: Session = DB):
    """Send a failed email again."""
    return service.retry(db, ctx, email_id)


@router.get("/outreach/templates", response_model=list[TemplateOut])
def templates(ctx: WorkspaceContext = Ctx, db: Session = DB):
    """Saved templates."""
    return service.list_templates(db, ctx)


@router.post("/outreach/templates", response_model=TemplateOut, status_code=201)
def create_template(body: TemplateIn, ctx: WorkspaceContext = Ctx, db: Session = DB):
    """Save a template (unknown merge fields are refused by name)."""
    return service.create_template(db, ctx, body)


@router.get("/outreach/templates/{template_id}", response_model=TemplateOut)
def get_template(template_id: Id, ctx: WorkspaceContext = Ctx, db: Session = DB):
    """One template."""
    return service.get_template(db, ctx, template_id)


@router.patch("/outreach/templates/{template_id}", response_model=TemplateOut)
def update_template(template_id: Id, body: TemplatePatch, ctx: WorkspaceContext = Ctx, db: Session = DB):
    """Change a template; send the `version` you read (409 if someone saved in between)."""
    return service.update_template(db, ctx, template_id, body)


@router.delete("/outreach/templates/{template_id}", status_code=204)
def delete_template(template_id: Id, ctx: WorkspaceContext = Ctx, db: Session = DB):
    """Delete a template."""
    service.delete_template(db, ctx, template_id)


@router.get("/outreach/do-not-contact", response_model=list[DoNotContactOut])
def do_not_contact(ctx: WorkspaceContext = Ctx, db: Session = DB):
    """The do-not-contact list (addresses masked; stored only as hashes)."""
    return service.list_do_not_contact(db, ctx)


@router.post("/outreach/do-not-contact", response_model=DoNotContactOut, status_code=201)
def add_do_not_contact(body: DoNotContactIn, ctx: WorkspaceContext = Ctx, db: Session = DB):
    """Never email this address again (409 if it is already listed)."""
    return service.add_do_not_contact(db, ctx, body)


@router.delete("/outreach/do-not-contact/{dnc_id}", status_code=204)
def remove_do_not_contact(dnc_id: Id, ctx: WorkspaceContext = Ctx, db: Session = DB):
    """Take an address off the list (admins)."""
    service.remove_do_not_contact(db, ctx, dnc_id)


@router.get("/outreach/sender", response_model=SenderOut)
def sender(ctx: WorkspaceContext = Ctx, db: Session = DB):
    """Who outreach comes from, its pace, and whether a mail server is configured."""
    return service.get_sender(db, ctx)


@router.put("/outreach/sender", response_model=SenderOut)
def set_sender(body: SenderIn, ctx: WorkspaceContext = Ctx, db: Session = DB):
    """Set the sender and pace (admins)."""
    return service.set_sender(db, ctx, body)
