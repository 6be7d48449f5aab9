"""HTML pages: campaigns list, create and edit forms, and a campaign's pipeline (board and table) with moves."""

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData
from starlette.datastructures import UploadFile as StarletteUpload

from reachroom.brands import service as brands_service
from reachroom.campaigns import live, media, money, opportunity, review, service
from reachroom.campaigns.checks import highlight
from reachroom.campaigns.gifting import service as gifting
from reachroom.campaigns.opportunity import OpportunityIn
from reachroom.campaigns.schemas import (
    FORMAT_NAMES,
    OBJECTIVE_NAMES,
    AcceptIn,
    AgreementIn,
    BriefIn,
    BulkMove,
    CampaignIn,
    CampaignOut,
    CampaignPatch,
    LiveIn,
    PaymentAction,
    PipelineAdd,
    ReviewIn,
    StageMove,
    StatusIn,
    SubmissionIn,
)
from reachroom.campaigns.stages import BOARD_COLUMNS, FINISHED, STAGE_NAMES, STAGES, STATUS_NAMES, board_column
from reachroom.config import get_settings
from reachroom.core.deps import DB, PageAuth, page_auth, page_write
from reachroom.core.downloads import stored_file_response
from reachroom.core.errors import AppError, invalid, validated
from reachroom.core.forms import recover_form
from reachroom.core.templating import templates
from reachroom.core.types import Id, parse_id
from reachroom.core.vocab import NICHE_SLUGS
from reachroom.discovery.lists import service as lists_service

router = APIRouter(include_in_schema=False)
LABELS = {"stages": {**STAGE_NAMES, "closed": "Declined / withdrawn"}, "statuses": STATUS_NAMES,
          "objectives": OBJECTIVE_NAMES, "formats": FORMAT_NAMES,
          "check_status": {"pass": "Passed", "warn": "Check", "fail": "Failed", "info": "Not checked"}}
BRIEF_LISTS = ("dos", "donts", "banned_words", "required_hashtags", "required_mentions", "required_links",
               "promo_codes")
DELIVERABLE_ROWS = 4


def _id_or_none(value: Any, field: str) -> int | None:
    text = str(value or "").strip()
    return parse_id(text, field) if text else None


def _words(text: str) -> list[str]:
    return [w.strip() for w in text.replace("\n", ",").replace(";", ",").split(",") if w.strip()]


def _campaign_values(form: FormData) -> dict[str, Any]:
    """The campaign form's fields as the schema wants them (empty boxes are 'not given')."""
    return {
        "name": str(form.get("name", "")), "objective": str(form.get("objective", "") or "awareness"),
        "description": str(form.get("description", "")), "currency": str(form.get("currency", "") or "GBP"),
        "budget": str(form.get("budget", "")).replace(",", "").strip() or None,
        "starts_on": str(form.get("starts_on", "")).strip() or None,
        "ends_on": str(form.get("ends_on", "")).strip() or None,
        "target": {"niches": [str(n) for n in form.getlist("niches")],
                   "tiers": [str(t) for t in form.getlist("tiers")],
                   "platforms": [str(p) for p in form.getlist("platforms")],
                   "countries": _words(str(form.get("countries", "")))},
    }


def _form_page(request: Request, page: PageAuth, db: Session, campaign: CampaignOut | None,
               values: dict[str, Any] | None, errors: list[str], status: int = 200) -> Response:
    return templates.TemplateResponse(
        request, "campaigns/form.html",
        {"auth": page, "active": "campaigns", "campaign": campaign, "errors": errors,
         "values": values or (service.form_values(campaign) if campaign else {}),
         "brands": brands_service.list_brands(db, page.ctx), "niches": NICHE_SLUGS, "L": LABELS},
        status_code=status,
    )


def discover_url(c: CampaignOut) -> str:
    """Discover opened with the campaign's brand and target."""
    params: list[tuple[str, str]] = [("go", "1"), ("brand_id", str(c.brand_id)), ("campaign", str(c.id))]
    params += [(key, v) for key in ("niches", "tiers", "platforms") for v in getattr(c.target, key)]
    if c.target.countries:
        params.append(("countries", ", ".join(c.target.countries)))
    return "/discover?" + urlencode(params)


def _detail(request: Request, page: PageAuth, db: Session, campaign_id: int, errors: list[str] | None = None,
            status: int = 200) -> Response:
    c = service.get_campaign(db, page.ctx, campaign_id)
    view = "table" if request.query_params.get("view") == "table" else "board"
    stage = request.query_params.get("stage") or None
    rows = service.pipeline(db, page.ctx, c.id)
    shown = [r for r in rows if stage is None or r.stage == stage]
    columns = {col: [r for r in rows if board_column(r.stage) == col] for col in BOARD_COLUMNS}
    return templates.TemplateResponse(
        request, "campaigns/detail.html",
        {"auth": page, "active": "campaigns", "c": c, "rows": shown, "all_count": len(rows), "columns": columns,
         "view": view, "stage": stage, "stages": STAGES, "errors": errors or [], "L": LABELS,
         "events": service.timeline(db, page.ctx, c.id)[:25], "discover_url": discover_url(c),
         "spend": money.spend(db, page.ctx, c.id), "late": review.reminders(db, page.ctx, c.id),
         "lists": lists_service.list_lists(db, page.ctx),
         "products": gifting.products(db, page.ctx, c.id), "shipments": gifting.shipments(db, page.ctx, c.id)},
        status_code=status,
    )


@router.get("/campaigns")
def campaigns_page(request: Request, page: PageAuth = Depends(page_auth), db: Session = DB) -> Response:
    """Campaigns of the workspace with their status and pipeline, filtered by brand or status."""
    brand_id = _id_or_none(request.query_params.get("brand_id"), "brand_id")
    status = request.query_params.get("status") or None
    if status is not None and status not in STATUS_NAMES:
        raise invalid("status", f"{status!r} is not a campaign status")
    return templates.TemplateResponse(
        request, "campaigns/list.html",
        {"auth": page, "active": "campaigns", "campaigns": service.list_campaigns(db, page.ctx, brand_id, status),
         "brands": brands_service.list_brands(db, page.ctx), "brand_id": brand_id, "status": status, "L": LABELS,
         "board_columns": BOARD_COLUMNS},
    )


@router.get("/campaigns/new")
def new_campaign_page(request: Request, page: PageAuth = Depends(page_auth), db: Session = DB) -> Response:
    """Empty campaign form (a brand may be chosen in advance with ?brand_id=)."""
    page.ctx.require_write()
    brand_id = _id_or_none(request.query_params.get("brand_id"), "brand_id")
    return _form_page(request, page, db, None, {"brand_id": brand_id} if brand_id else None, [])


@router.post("/campaigns")
async def create_campaign(request: Request, page: PageAuth = Depends(page_write), db: Session = DB) -> Response:
    """Create a campaign from the form."""
    form = await request.form()
    values = _campaign_values(form)
    try:
        values["brand_id"] = _id_or_none(form.get("brand_id"), "brand_id")
        created = service.create_campaign(db, page.ctx, validated(CampaignIn, values, "form"))
    except AppError as err:
        recover_form(db, err, reraise=(403,))
        return _form_page(request, page, db, None, {**values, "target": values["target"]}, [err.message],
                          err.status)
    return RedirectResponse(f"/campaigns/{created.id}?created=1", status_code=303)


@router.get("/campaigns/{campaign_id}")
def campaign_page(request: Request, campaign_id: Id, page: PageAuth = Depends(page_auth),
                  db: Session = DB) -> Response:
    """A campaign: summary, status, the pipeline as a board or a table, adding creators, and the timeline."""
    return _detail(request, page, db, campaign_id)


@router.get("/campaigns/{campaign_id}/edit")
def edit_campaign_page(request: Request, campaign_id: Id, page: PageAuth = Depends(page_auth),
                       db: Session = DB) -> Response:
    """The campaign form with its current values."""
    c = service.get_campaign(db, page.ctx, campaign_id)
    return _form_page(request, page, db, c, None, [])


@router.post("/campaigns/{campaign_id}")
async def update_campaign(request: Request, campaign_id: Id, page: PageAuth = Depends(page_write),
                          db: Session = DB) -> Response:
    """Save the campaign form (409 when someone else saved since the form was opened)."""
    c = service.get_campaign(db, page.ctx, campaign_id)
    form = await request.form()
    values = _campaign_values(form)
    try:
        values["version"] = _id_or_none(form.get("version"), "version")
        service.update_campaign(db, page.ctx, campaign_id, validated(CampaignPatch, values, "form"))
    except AppError as err:
        recover_form(db, err, reraise=(403, 404))
        return _form_page(request, page, db, c, {**values, "version": form.get("version")}, [err.message],
                          err.status)
    return RedirectResponse(f"/campaigns/{campaign_id}?saved=1", status_code=303)


async def _act(request: Request, page: PageAuth, db: Session, campaign_id: int, action) -> Response:
    """Run a pipeline action from a form; on a refusal show the campaign again with the reason."""
    form = await request.form()
    back = str(form.get("back") or "")
    try:
        message = action(form)
    except AppError as err:
        recover_form(db, err, reraise=(403, 404))
        return _detail(request, page, db, campaign_id, [err.message], err.status)
    query = urlencode({"done": message, **({"view": back} if back in ("board", "table") else {})})
    return RedirectResponse(f"/campaigns/{campaign_id}?{query}", status_code=303)


@router.post("/campaigns/{campaign_id}/status")
async def set_status(request: Request, campaign_id: Id, page: PageAuth = Depends(page_write),
                     db: Session = DB) -> Response:
    """Move the campaign to another status."""
    def run(form: FormData) -> str:
        data = validated(StatusIn, {"status": str(form.get("status", "")),
                                    "version": _id_or_none(form.get("version"), "version")}, "form")
        return f"Campaign is now {STATUS_NAMES[service.set_status(db, page.ctx, campaign_id, data).status]}"
    return await _act(request, page, db, campaign_id, run)


@router.post("/campaigns/{campaign_id}/creators")
async def add_creators(request: Request, campaign_id: Id, page: PageAuth = Depends(page_write),
                       db: Session = DB) -> Response:
    """Invite creators by handle or from a list (or, from a Discover result with HTMX, one account in place)."""
    if request.headers.get("hx-request"):
        return await _invite_in_place(request, page, db, campaign_id)
    def run(form: FormData) -> str:
        data = validated(PipelineAdd, {"handles": _words(str(form.get("handles", ""))),
                                       "list_id": _id_or_none(form.get("list_id"), "list_id"),
                                       "account_ids": [parse_id(str(a), "account_ids") for a in
                                                       form.getlist("account_ids") if str(a).strip()]}, "form")
        result = service.add_creators(db, page.ctx, campaign_id, data)
        already = f" ({len(result.already_in)} already in the campaign)" if result.already_in else ""
        return f"Invited {len(result.added)} creator{'' if len(result.added) == 1 else 's'}{already}"
    return await _act(request, page, db, campaign_id, run)


async def _invite_in_place(request: Request, page: PageAuth, db: Session, campaign_id: int) -> Response:
    form = await request.form()
    c = service.get_campaign(db, page.ctx, campaign_id)
    try:
        ids = [parse_id(str(a), "account_ids") for a in form.getlist("account_ids") if str(a).strip()]
        result = service.add_creators(db, page.ctx, c.id, validated(PipelineAdd, {"account_ids": ids}, "form"))
    except AppError as err:  # said in place of the button (HTMX swaps only 2xx replies)
        recover_form(db, err, reraise=(403, 404))
        return templates.TemplateResponse(request, "campaigns/_invited.html", {"c": c, "error": err.message})
    return templates.TemplateResponse(request, "campaigns/_invited.html", {"c": c, "already": bool(result.already_in)})


@router.post("/campaigns/{campaign_id}/creators/move")
async def move_many(request: Request, campaign_id: Id, page: PageAuth = Depends(page_write),
                    db: Session = DB) -> Response:
    """Move the ticked creators to one stage (all or none)."""
    def run(form: FormData) -> str:
        ids = [parse_id(str(i), "ids") for i in form.getlist("ids") if str(i).strip()]
        if not ids:
            raise invalid("ids", "tick at least one creator")
        data = validated(BulkMove, {"ids": ids, "stage": str(form.get("stage", ""))}, "form")
        moved = service.move_many(db, page.ctx, campaign_id, data)
        return f"Moved {len(moved)} to {STAGE_NAMES[data.stage]}"
    return await _act(request, page, db, campaign_id, run)


@router.post("/campaigns/{campaign_id}/export")
async def export_ticked(request: Request, campaign_id: Id, page: PageAuth = Depends(page_write),
                        db: Session = DB) -> Response:
    """The ticked creators as CSV (the table's "Export ticked"); nothing ticked exports everyone."""
    form = await request.form()
    ids = [parse_id(str(i), "ids") for i in form.getlist("ids") if str(i).strip()]
    filename, text = service.export_csv(db, page.ctx, campaign_id, str(request.base_url), ids or None)
    return Response(text, media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@router.post("/campaigns/{campaign_id}/creators/{entry_id}/stage")
async def move_creator(request: Request, campaign_id: Id, entry_id: Id, page: PageAuth = Depends(page_write),
                       db: Session = DB) -> Response:
    """Move one creator (from the board card or the table row)."""
    def run(form: FormData) -> str:
        data = validated(StageMove, {"stage": str(form.get("stage", "")),
                                     "version": _id_or_none(form.get("version"), "version")}, "form")
        row = service.move_creator(db, page.ctx, campaign_id, entry_id, data)
        return f"@{row.handle} moved to {STAGE_NAMES[row.stage]}"
    return await _act(request, page, db, campaign_id, run)


@router.post("/campaigns/{campaign_id}/delete")
def delete_campaign(campaign_id: Id, page: PageAuth = Depends(page_write), db: Session = DB) -> Response:
    """Delete a campaign (admins; the page asks for confirmation first)."""
    service.delete_campaign(db, page.ctx, campaign_id)
    return RedirectResponse("/campaigns?deleted=1", status_code=303)


# ---------- brief ----------

def _brief_values(form: FormData) -> dict[str, Any]:
    values: dict[str, Any] = {key: _words(str(form.get(key, ""))) for key in BRIEF_LISTS}
    values.update(key_messages=str(form.get("key_messages", "")), product=str(form.get("product", "")),
                  disclosure_rules=str(form.get("disclosure_rules", "") or "uk"),
                  base_version=str(form.get("base_version", "")).strip() or "0")  # 0: the first version
    rows = []
    for i in range(DELIVERABLE_ROWS):
        if not str(form.get(f"d{i}_count", "")).strip():
            continue  # an empty row
        row = {k: str(form.get(f"d{i}_{k}", "")).strip() for k in ("platform", "format", "count", "due_on",
                                                                   "usage_rights_days", "exclusivity_days")}
        rows.append({k: v for k, v in row.items() if v != ""})
    values["deliverables"] = rows
    return values


def _brief_page(request: Request, page: PageAuth, db: Session, campaign_id: int, values: dict | None = None,
                errors: list[str] | None = None, status: int = 200) -> Response:
    c = service.get_campaign(db, page.ctx, campaign_id)
    brief = review.get_brief(db, page.ctx, c.id)
    return templates.TemplateResponse(
        request, "campaigns/brief.html",
        {"auth": page, "active": "campaigns", "c": c, "brief": brief, "values": values or brief.model_dump(mode="json"),
         "errors": errors or [], "L": LABELS, "rows": DELIVERABLE_ROWS, "lists": BRIEF_LISTS,
         "history": review.brief_history(db, page.ctx, c.id)[:10]},
        status_code=status,
    )


@router.get("/campaigns/{campaign_id}/brief")
def brief_page(request: Request, campaign_id: Id, page: PageAuth = Depends(page_auth), db: Session = DB) -> Response:
    """The campaign's brief: what creators must say, tag and deliver (every save is a new version)."""
    return _brief_page(request, page, db, campaign_id)


@router.post("/campaigns/{campaign_id}/brief")
async def save_brief(request: Request, campaign_id: Id, page: PageAuth = Depends(page_write),
                     db: Session = DB) -> Response:
    """Save the brief form as a new version (409 when someone saved since it was opened)."""
    form = await request.form()
    values: dict[str, Any] = {}
    try:
        values = _brief_values(form)
        saved = review.save_brief(db, page.ctx, campaign_id, validated(BriefIn, values, "form"))
    except AppError as err:
        recover_form(db, err, reraise=(403, 404))
        return _brief_page(request, page, db, campaign_id, values or None, [err.message], err.status)
    return RedirectResponse(f"/campaigns/{campaign_id}/brief?saved={saved.version}", status_code=303)


# ---------- one creator in a campaign: drafts, checks, review ----------

def _creator_page(request: Request, page: PageAuth, db: Session, campaign_id: int, entry_id: int,
                  errors: list[str] | None = None, caption: str = "", status: int = 200) -> Response:
    c = service.get_campaign(db, page.ctx, campaign_id)
    entry = service.get_entry(db, page.ctx, c.id, entry_id)
    subs = review.submissions(db, page.ctx, c.id, entry.id)
    return templates.TemplateResponse(
        request, "campaigns/creator.html",
        {"auth": page, "active": "campaigns", "c": c, "r": entry, "subs": subs, "errors": errors or [],
         "pieces": {s.id: highlight(s.caption, [ch.model_dump() for ch in s.checks]) for s in subs},
         "live_pieces": {s.id: highlight(s.live_caption, [ch.model_dump() for ch in s.live_checks])
                         for s in subs if s.live_url},
         "max_upload_bytes": get_settings().max_upload_bytes,
         "brief": review.get_brief(db, page.ctx, c.id), "caption": caption, "L": LABELS,
         "can_submit": entry.stage in review.SUBMIT_PATHS,
         "agreements": money.agreements(db, page.ctx, c.id, entry.id),
         "payments": money.ledger(db, page.ctx, c.id, entry.id),
         "events": service.timeline(db, page.ctx, c.id, entry.id),
         "gifts": gifting.shipments(db, page.ctx, c.id, entry.id), "products": gifting.products(db, page.ctx, c.id)},
        status_code=status,
    )


@router.get("/campaigns/{campaign_id}/creators/{entry_id}")
def creator_page(request: Request, campaign_id: Id, entry_id: Id, page: PageAuth = Depends(page_auth),
                 db: Session = DB) -> Response:
    """One creator in a campaign: stage, drafts with their automated checks, review, and activity."""
    return _creator_page(request, page, db, campaign_id, entry_id)


@router.post("/campaigns/{campaign_id}/creators/{entry_id}/submissions")
async def submit_draft(request: Request, campaign_id: Id, entry_id: Id, page: PageAuth = Depends(page_write),
                       db: Session = DB) -> Response:
    """Submit a draft caption with its images or videos (checked at once; the creator moves to In review)."""
    form = await request.form()
    caption = str(form.get("caption", ""))
    uploads = [media.Incoming(f.filename or "", f.file) for f in form.getlist("media")
               if isinstance(f, StarletteUpload) and (f.filename or f.size)]
    try:
        data = validated(SubmissionIn, {"caption": caption, "links": _words(str(form.get("links", "")))}, "form")
        sub = review.submit(db, page.ctx, campaign_id, entry_id, data)
        if uploads:  # the draft and its files are kept together or not at all
            media.attach(db, page.ctx, campaign_id, entry_id, sub.id, uploads, field="media")
    except AppError as err:
        recover_form(db, err, reraise=(403, 404))
        return _creator_page(request, page, db, campaign_id, entry_id, [err.message], caption, err.status)
    return RedirectResponse(f"/campaigns/{campaign_id}/creators/{entry_id}?submitted={sub.version}#s{sub.id}",
                            status_code=303)


@router.post("/campaigns/{campaign_id}/creators/{entry_id}/submissions/{submission_id}/live")
async def record_live(request: Request, campaign_id: Id, entry_id: Id, submission_id: Id,
                      page: PageAuth = Depends(page_write), db: Session = DB) -> Response:
    """Record the published post of the approved draft and check it again."""
    form = await request.form()
    try:
        data = validated(LiveIn, {"url": str(form.get("url", "")), "caption": str(form.get("caption", ""))}, "form")
        live.record_live(db, page.ctx, campaign_id, entry_id, submission_id, data)
    except AppError as err:
        recover_form(db, err, reraise=(403, 404))
        return _creator_page(request, page, db, campaign_id, entry_id, [err.message], status=err.status)
    return RedirectResponse(f"/campaigns/{campaign_id}/creators/{entry_id}?live=1#s{submission_id}", status_code=303)


@router.get("/campaigns/{campaign_id}/media/{media_id}")
def media_file(campaign_id: Id, media_id: Id, page: PageAuth = Depends(page_auth), db: Session = DB) -> Response:
    """A draft's image or video, for the page (nosniff, sandboxed)."""
    found, chunks = media.open_media(db, page.ctx, campaign_id, media_id)
    return stored_file_response(found.content_type, found.filename, found.size, chunks)


@router.post("/campaigns/{campaign_id}/creators/{entry_id}/submissions/{submission_id}/review")
async def review_draft(request: Request, campaign_id: Id, entry_id: Id, submission_id: Id,
                       page: PageAuth = Depends(page_write), db: Session = DB) -> Response:
    """Approve a draft or request changes (admins)."""
    form = await request.form()
    try:
        data = validated(ReviewIn, {"decision": str(form.get("decision", "")),
                                    "comment": str(form.get("comment", ""))}, "form")
        done = review.review(db, page.ctx, campaign_id, entry_id, submission_id, data)
    except AppError as err:
        recover_form(db, err, reraise=(403, 404))
        return _creator_page(request, page, db, campaign_id, entry_id, [err.message], status=err.status)
    return RedirectResponse(f"/campaigns/{campaign_id}/creators/{entry_id}?reviewed={done.status}",
                            status_code=303)


@router.post("/campaigns/{campaign_id}/creators/{entry_id}/agreements")
async def propose_terms(request: Request, campaign_id: Id, entry_id: Id, page: PageAuth = Depends(page_write),
                        db: Session = DB) -> Response:
    """Propose new terms from the form (a new version)."""
    form = await request.form()
    try:
        values = {k: str(form.get(k, "")).strip() for k in ("base_version", "fee", "currency", "product_value",
                                                             "usage_rights_days", "exclusivity_days",
                                                             "payment_terms")}
        data = validated(AgreementIn, {k: v for k, v in values.items() if v != ""}, "form")
        money.propose(db, page.ctx, campaign_id, entry_id, data)
    except AppError as err:
        recover_form(db, err, reraise=(403, 404))
        return _creator_page(request, page, db, campaign_id, entry_id, [err.message], status=err.status)
    return RedirectResponse(f"/campaigns/{campaign_id}/creators/{entry_id}?terms=proposed#terms", status_code=303)


@router.post("/campaigns/{campaign_id}/creators/{entry_id}/agreements/accept")
async def accept_terms(request: Request, campaign_id: Id, entry_id: Id, page: PageAuth = Depends(page_write),
                       db: Session = DB) -> Response:
    """Record acceptance of the newest terms on the creator's behalf."""
    form = await request.form()
    try:
        money.accept(db, page.ctx, campaign_id, entry_id,
                     validated(AcceptIn, {"version": str(form.get("version", ""))}, "form"))
    except AppError as err:
        recover_form(db, err, reraise=(403, 404))
        return _creator_page(request, page, db, campaign_id, entry_id, [err.message], status=err.status)
    return RedirectResponse(f"/campaigns/{campaign_id}/creators/{entry_id}?terms=accepted#terms", status_code=303)


@router.post("/campaigns/{campaign_id}/payments/{payment_id}")
async def move_payment(request: Request, campaign_id: Id, payment_id: Id, page: PageAuth = Depends(page_write),
                       db: Session = DB) -> Response:
    """Approve, mark paid or failed, or retry a payment (admins), from the creator's page."""
    form = await request.form()
    entry_id = _id_or_none(form.get("entry_id"), "entry_id")
    try:
        data = validated(PaymentAction, {k: str(form.get(k, "")) for k in ("action", "version", "method",
                                                                           "reference")}, "form")
        done = money.move_payment(db, page.ctx, campaign_id, payment_id, data)
    except AppError as err:
        recover_form(db, err, reraise=(403, 404))
        if entry_id is None:
            raise
        return _creator_page(request, page, db, campaign_id, entry_id, [err.message], status=err.status)
    return RedirectResponse(f"/campaigns/{campaign_id}/creators/{done.campaign_creator_id}?payment={done.status}"
                            "#terms", status_code=303)


# ---------- publishing to creators ----------

def _opportunity_page(request: Request, page: PageAuth, db: Session, campaign_id: int,
                      values: dict | None = None, errors: list[str] | None = None, status: int = 200) -> Response:
    c = service.get_campaign(db, page.ctx, campaign_id)
    current = opportunity.get(db, page.ctx, c.id)
    shown = values if values is not None else (current.model_dump() if current else
                                               {"title": c.name, "niches": c.target.niches,
                                                "platforms": c.target.platforms, "countries": c.target.countries,
                                                "currency": c.currency, "show_brand": True})
    return templates.TemplateResponse(
        request, "campaigns/opportunity.html",
        {"auth": page, "active": "campaigns", "c": c, "o": current, "v": shown, "errors": errors or [],
         "niches": NICHE_SLUGS, "L": LABELS, "finished": c.status in FINISHED,
         "status_name": STATUS_NAMES[c.status].lower()}, status_code=status)


@router.get("/campaigns/{campaign_id}/opportunity")
def opportunity_page(request: Request, campaign_id: Id, page: PageAuth = Depends(page_auth),
                     db: Session = DB) -> Response:
    """Publish the campaign to creators: what they see, and who may take part."""
    return _opportunity_page(request, page, db, campaign_id)


def _opportunity_values(form: FormData) -> dict[str, Any]:
    def number(key: str) -> str | None:
        return str(form.get(key, "")).replace(",", "").strip() or None
    return {"title": str(form.get("title", "")), "summary": str(form.get("summary", "")),
            "show_brand": form.get("show_brand") == "on", "gifted_only": form.get("gifted_only") == "on",
            "fee_min": number("fee_min"), "fee_max": number("fee_max"),
            "currency": str(form.get("currency", "GBP")).strip() or "GBP",
            "platforms": [str(p) for p in form.getlist("platforms")],
            "niches": [str(n) for n in form.getlist("niches")],
            "countries": _words(str(form.get("countries", ""))),
            "min_followers": number("min_followers"), "max_followers": number("max_followers"),
            "min_authenticity": number("min_authenticity"), "version": number("version")}


@router.post("/campaigns/{campaign_id}/opportunity")
async def publish_opportunity(request: Request, campaign_id: Id, page: PageAuth = Depends(page_write),
                              db: Session = DB) -> Response:
    """Publish (or change) the opportunity."""
    form = await request.form()
    values = _opportunity_values(form)
    try:
        opportunity.publish(db, page.ctx, campaign_id, validated(OpportunityIn, values, "form"))
    except AppError as err:
        recover_form(db, err, reraise=(403, 404))
        return _opportunity_page(request, page, db, campaign_id, values, [err.message], err.status)
    return RedirectResponse(f"/campaigns/{campaign_id}/opportunity?published=1", status_code=303)


@router.post("/campaigns/{campaign_id}/opportunity/close")
async def close_opportunity(request: Request, campaign_id: Id, page: PageAuth = Depends(page_write),
                            db: Session = DB) -> Response:
    """Stop showing it to creators."""
    try:
        opportunity.close(db, page.ctx, campaign_id)
    except AppError as err:
        recover_form(db, err, reraise=(403, 404))
        return _opportunity_page(request, page, db, campaign_id, None, [err.message], err.status)
    return RedirectResponse(f"/campaigns/{campaign_id}/opportunity?closed=1", status_code=303)
