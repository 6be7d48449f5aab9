"""HTML pages: compose and preview an email to campaign creators, the outbox with templates, do-not-contact and
the sender, a creator's emails on their campaign page, and the public unsubscribe page."""

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from reachroom.campaigns import service as campaigns
from reachroom.campaigns.stages import STAGE_NAMES
from reachroom.core.deps import DB, PageAuth, optional_page_auth, page_auth, page_write
from reachroom.core.errors import AppError, validated
from reachroom.core.forms import recover_form
from reachroom.core.templating import templates
from reachroom.core.types import Id, parse_id
from reachroom.outreach import service
from reachroom.outreach.merge import MERGE_FIELDS
from reachroom.outreach.schemas import (
    STATUS_NAMES,
    DoNotContactIn,
    ReplyIn,
    SenderIn,
    SendIn,
    TemplateIn,
    TemplatePatch,
)

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 25
STARTER = {"subject": "{{ brand }} x {{ first_name }}: {{ campaign }}",
           "body": "Hi {{ first_name }},\n\nWe love what you make and would like you in {{ campaign }} for {{ brand }}."
                   "\n\nThe brief is here: {{ brief_link }}\n\nWould you be interested? Just reply to this email."
                   "\n\nBest,\n{{ sender }}"}


def _ids(values: list[Any], field: str = "ids") -> list[int]:
    return [parse_id(str(v), field) for v in values if str(v).strip()]


# ---------- compose, preview, send ----------

def _compose(request: Request, page: PageAuth, db: Session, campaign_id: int, ids: list[int],
             text: dict[str, str] | None = None, errors: list[str] | None = None, status: int = 200) -> Response:
    c = campaigns.get_campaign(db, page.ctx, campaign_id)
    rows = campaigns.pipeline(db, page.ctx, c.id)
    chosen = [r for r in rows if r.id in set(ids)] if ids else []
    return templates.TemplateResponse(
        request, "outreach/compose.html",
        {"auth": page, "active": "campaigns", "c": c, "chosen": chosen, "text": text or STARTER,
         "templates_": service.list_templates(db, page.ctx), "sender": service.get_sender(db, page.ctx),
         "fields": MERGE_FIELDS, "errors": errors or [], "stages": STAGE_NAMES}, status_code=status)


@router.get("/campaigns/{campaign_id}/email")
def compose_page(request: Request, campaign_id: Id, page: PageAuth = Depends(page_auth), db: Session = DB) -> Response:
    """Write an email to the chosen creators (?ids=…), or to everyone at a stage (?stage=…)."""
    page.ctx.require_write()
    q = request.query_params
    ids = _ids(q.getlist("ids"))
    stage = q.get("stage")
    if not ids and stage in STAGE_NAMES:
        ids = [r.id for r in campaigns.pipeline(db, page.ctx, campaign_id, stage)]
    text = None
    if q.get("template_id"):
        t = service.get_template(db, page.ctx, parse_id(q["template_id"], "template_id"))
        text = {"subject": t.subject, "body": t.body}
    return _compose(request, page, db, campaign_id, ids, text)


@router.post("/campaigns/{campaign_id}/email/compose")
async def compose_from_board(request: Request, campaign_id: Id, page: PageAuth = Depends(page_write),
                             db: Session = DB) -> Response:
    """The table's "Email ticked" button: open the composer for the ticked creators."""
    form = await request.form()
    ids = _ids(form.getlist("ids"))
    if not ids:
        return _compose(request, page, db, campaign_id, [], errors=["Tick at least one creator in the table, or "
                                                                    "pick a stage below."], status=422)
    return RedirectResponse(f"/campaigns/{campaign_id}/email?{urlencode([('ids', i) for i in ids])}",
                            status_code=303)


def _send_in(form: FormData) -> SendIn:
    return validated(SendIn, {"subject": str(form.get("subject", "")), "body": str(form.get("body", "")),
                              "entry_ids": _ids(form.getlist("ids"), "entry_ids")}, "form")


@router.post("/campaigns/{campaign_id}/email/preview")
async def preview(request: Request, campaign_id: Id, page: PageAuth = Depends(page_write),
                  db: Session = DB) -> Response:
    """The first emails as they will go out (an HTMX fragment; nothing saved)."""
    form = await request.form()
    try:
        shown, error = service.preview(db, page.ctx, campaign_id, _send_in(form)), None
    except AppError as err:
        recover_form(db, err, reraise=(403, 404))
        shown, error = [], err.message
    return templates.TemplateResponse(request, "outreach/_preview.html", {"previews": shown, "error": error})


@router.post("/campaigns/{campaign_id}/email")
async def send(request: Request, campaign_id: Id, page: PageAuth = Depends(page_write), db: Session = DB) -> Response:
    """Send (or hold in the outbox) one email per chosen creator."""
    form = await request.form()
    text = {"subject": str(form.get("subject", "")), "body": str(form.get("body", ""))}
    try:
        ids = _ids(form.getlist("ids"), "entry_ids")
        result = service.send(db, page.ctx, campaign_id, _send_in(form))
    except AppError as err:
        recover_form(db, err, reraise=(403, 404))
        return _compose(request, page, db, campaign_id, ids if "ids" in locals() else [], text, [err.message],
                        err.status)
    count = result.queued + result.held
    done = (f"{count} email{'' if count == 1 else 's'} " + ("queued to send" if result.queued else
            "saved in the outbox (no mail server is set, so nothing left this machine)"))
    if result.refused:
        done += f"; not sent to {len(result.refused)}: " + "; ".join(f"@{r.handle} ({r.reason})"
                                                                     for r in result.refused[:3])
    return RedirectResponse(f"/campaigns/{campaign_id}?{urlencode({'done': done})}", status_code=303)


# ---------- a creator's emails and replies (on their campaign page) ----------

@router.get("/campaigns/{campaign_id}/creators/{entry_id}/emails")
def creator_emails(request: Request, campaign_id: Id, entry_id: Id, page: PageAuth = Depends(page_auth),
                   db: Session = DB) -> Response:
    """The emails to one creator of a campaign (loaded into their page)."""
    entry = campaigns.get_entry(db, page.ctx, campaign_id, entry_id)
    emails = service.outbox(db, page.ctx, campaign_id=campaign_id, entry_id=entry.id, limit=50)
    return templates.TemplateResponse(request, "outreach/_creator_emails.html",
                                      {"auth": page, "emails": emails, "r": entry, "campaign_id": campaign_id,
                                       "names": STATUS_NAMES})


@router.post("/campaigns/{campaign_id}/creators/{entry_id}/reply")
async def log_reply(request: Request, campaign_id: Id, entry_id: Id, page: PageAuth = Depends(page_write),
                    db: Session = DB) -> Response:
    """Log the creator's reply on their timeline."""
    form = await request.form()
    back = f"/campaigns/{campaign_id}/creators/{entry_id}"
    try:
        service.log_reply(db, page.ctx, campaign_id, entry_id, validated(ReplyIn, {"text": str(form.get("text", ""))},
                                                                         "text"))
    except AppError as err:
        recover_form(db, err, reraise=(403, 404))
        return RedirectResponse(f"{back}?{urlencode({'reply_error': err.message})}#emails", status_code=303)
    return RedirectResponse(f"{back}?reply=1#emails", status_code=303)


# ---------- the outreach page ----------

def _outreach(request: Request, page: PageAuth, db: Session, errors: list[str] | None = None,
              values: dict | None = None, status: int = 200) -> Response:
    q = request.query_params
    state = q.get("status") if q.get("status") in STATUS_NAMES else None
    number = int(q["page"]) if q.get("page", "").isascii() and q.get("page", "").isdigit() else 1
    number = min(max(number, 1), 10_000)
    emails = service.outbox(db, page.ctx, state, limit=PAGE_SIZE + 1, offset=(number - 1) * PAGE_SIZE)
    return templates.TemplateResponse(
        request, "outreach/page.html",
        {"auth": page, "active": "campaigns", "emails": emails[:PAGE_SIZE], "page_number": number,
         "more": len(emails) > PAGE_SIZE,
         "counts": service.outbox_counts(db, page.ctx), "state": state, "names": STATUS_NAMES,
         "templates_": service.list_templates(db, page.ctx), "dnc": service.list_do_not_contact(db, page.ctx),
         "sender": service.get_sender(db, page.ctx), "fields": MERGE_FIELDS, "errors": errors or [],
         "values": values or {}, "starter": STARTER}, status_code=status)


@router.get("/outreach")
def outreach_page(request: Request, page: PageAuth = Depends(page_auth), db: Session = DB) -> Response:
    """The outbox, templates, do-not-contact list and sender."""
    return _outreach(request, page, db)


async def _act(request: Request, page: PageAuth, db: Session, action, anchor: str) -> Response:
    form = await request.form()
    try:
        message = action(form)
    except AppError as err:
        recover_form(db, err, reraise=(403, 404))
        return _outreach(request, page, db, [err.message], {k: str(v) for k, v in form.items()}, err.status)
    return RedirectResponse(f"/outreach?{urlencode({'done': message})}#{anchor}", status_code=303)


@router.post("/outreach/templates")
async def create_template(request: Request, page: PageAuth = Depends(page_write), db: Session = DB) -> Response:
    """Save a new template."""
    def run(form: FormData) -> str:
        data = validated(TemplateIn, {k: str(form.get(k, "")) for k in ("name", "subject", "body")}, "form")
        return f"Template “{service.create_template(db, page.ctx, data).name}” saved"
    return await _act(request, page, db, run, "templates")


@router.get("/outreach/templates/{template_id}")
def template_page(request: Request, template_id: Id, page: PageAuth = Depends(page_auth),
                  db: Session = DB) -> Response:
    """Edit one template."""
    t = service.get_template(db, page.ctx, template_id)
    return templates.TemplateResponse(request, "outreach/template.html",
                                      {"auth": page, "active": "campaigns", "t": t, "fields": MERGE_FIELDS,
                                       "errors": []})


@router.post("/outreach/templates/{template_id}")
async def update_template(request: Request, template_id: Id, page: PageAuth = Depends(page_write),
                          db: Session = DB) -> Response:
    """Save a template (409 when someone changed it since it was opened)."""
    form = await request.form()
    values = {k: str(form.get(k, "")) for k in ("name", "subject", "body")}
    try:
        version = parse_id(str(form.get("version", "")), "version")
        service.update_template(db, page.ctx, template_id, validated(TemplatePatch, {**values, "version": version},
                                                                     "form"))
    except AppError as err:
        recover_form(db, err, reraise=(403, 404))
        t = service.get_template(db, page.ctx, template_id)
        shown = t.model_copy(update={**values, "version": t.version})
        return templates.TemplateResponse(request, "outreach/template.html",
                                          {"auth": page, "active": "campaigns", "t": shown, "fields": MERGE_FIELDS,
                                           "errors": [err.message]}, status_code=err.status)
    return RedirectResponse("/outreach?done=Template+saved#templates", status_code=303)


@router.post("/outreach/templates/{template_id}/delete")
async def delete_template(request: Request, template_id: Id, page: PageAuth = Depends(page_write),
                          db: Session = DB) -> Response:
    """Delete a template."""
    def run(_: FormData) -> str:
        service.delete_template(db, page.ctx, template_id)
        return "Template deleted"
    return await _act(request, page, db, run, "templates")


@router.post("/outreach/do-not-contact")
async def add_do_not_contact(request: Request, page: PageAuth = Depends(page_write), db: Session = DB) -> Response:
    """Put an address on the do-not-contact list."""
    def run(form: FormData) -> str:
        data = validated(DoNotContactIn, {"email": str(form.get("email", "")),
                                          "reason": str(form.get("reason", ""))}, "form")
        return f"{service.add_do_not_contact(db, page.ctx, data).masked} will never be emailed"
    return await _act(request, page, db, run, "dnc")


@router.post("/outreach/do-not-contact/{dnc_id}/delete")
async def remove_do_not_contact(request: Request, dnc_id: Id, page: PageAuth = Depends(page_write),
                                db: Session = DB) -> Response:
    """Take an address off the list (admins)."""
    def run(_: FormData) -> str:
        service.remove_do_not_contact(db, page.ctx, dnc_id)
        return "Removed from the do-not-contact list"
    return await _act(request, page, db, run, "dnc")


@router.post("/outreach/sender")
async def set_sender(request: Request, page: PageAuth = Depends(page_write), db: Session = DB) -> Response:
    """Set the sender and pace (admins)."""
    def run(form: FormData) -> str:
        per_minute = str(form.get("per_minute", "")).strip() or "30"
        data = validated(SenderIn, {"from_name": str(form.get("from_name", "")),
                                    "from_address": str(form.get("from_address", "")),
                                    "reply_to": str(form.get("reply_to", "")).strip() or None,
                                    "per_minute": per_minute}, "form")
        service.set_sender(db, page.ctx, data)
        return "Sender saved"
    return await _act(request, page, db, run, "sender")


@router.post("/outreach/outbox/{email_id}/retry")
async def retry(request: Request, email_id: Id, page: PageAuth = Depends(page_write), db: Session = DB) -> Response:
    """Send a failed email again."""
    def run(_: FormData) -> str:
        service.retry(db, page.ctx, email_id)
        return "Queued to send again"
    return await _act(request, page, db, run, "outbox")


@router.post("/outreach/outbox/release")
async def release(request: Request, page: PageAuth = Depends(page_write), db: Session = DB) -> Response:
    """Queue the held emails now that a mail server is set (admins)."""
    def run(_: FormData) -> str:
        return f"{service.release_held(db, page.ctx)} held emails queued to send"
    return await _act(request, page, db, run, "outbox")


# ---------- unsubscribe (public) ----------

@router.get("/unsubscribe/{token}")
def unsubscribe_page(request: Request, token: str, db: Session = DB,
                     page: PageAuth | None = Depends(optional_page_auth)) -> Response:
    """Confirm an unsubscribe (mail scanners follow links, so the GET itself changes nothing)."""
    masked, sender, done = service.unsubscribe_info(db, token)
    return templates.TemplateResponse(request, "outreach/unsubscribe.html",
                                      {"auth": page, "masked": masked, "sender": sender, "done": done,
                                       "token": token})


@router.post("/unsubscribe/{token}")
def unsubscribe(request: Request, token: str, db: Session = DB) -> Response:
    """Unsubscribe: the address goes on the sender's do-not-contact list (also the one-click POST of RFC 8058)."""
    service.unsubscribe(db, token)
    masked, sender, _ = service.unsubscribe_info(db, token)
    return templates.TemplateResponse(request, "outreach/unsubscribe.html",
                                      {"auth": None, "masked": masked, "sender": sender, "done": True,
                                       "token": token, "just_now": True})
