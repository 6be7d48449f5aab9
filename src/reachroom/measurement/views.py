"""The report page: a campaign's delivery with its provenance, counting posts by their link, numbers typed in or
imported from a CSV."""

from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import UploadFile as StarletteUpload

from reachroom.campaigns import service as campaigns
from reachroom.core.deps import DB, PageAuth, page_auth, page_write
from reachroom.core.errors import AppError, invalid, validated
from reachroom.core.forms import recover_form
from reachroom.core.templating import templates
from reachroom.core.types import Id, parse_id
from reachroom.core.vocab import PLATFORM_NAMES
from reachroom.measurement import emv, finder, report, results, sales, service, shares
from reachroom.measurement.schemas import (
    ACTION_NAMES,
    EMV_PLATFORMS,
    FORMAT_NAMES,
    METRIC_VERSION_NAMES,
    METRIC_VERSIONS,
    SOURCE_NAMES,
    EmvTableIn,
    PostLinkIn,
    ShareIn,
    ShareOut,
    ShopWebhookIn,
    SnapshotIn,
    TrackingIn,
)
from reachroom.metrics.delivery import COUNTS

router = APIRouter(include_in_schema=False)


def _page(request: Request, page: PageAuth, db: Session, campaign_id: int, errors: list[str] | None = None,
          status: int = 200, new_share: ShareOut | None = None, population: int | None = None,
          start: date | None = None, end: date | None = None, window_days: int | None = None) -> Response:
    return templates.TemplateResponse(
        request, "campaigns/report.html",
        {"auth": page, "active": "campaigns",
         "r": report.report(db, page.ctx, campaign_id, population, start, end, window_days),
         "entries": campaigns.pipeline(db, page.ctx, campaign_id), "formats": FORMAT_NAMES, "sources": SOURCE_NAMES,
         "platforms": PLATFORM_NAMES, "errors": errors or [], "new_share": new_share, "versions": METRIC_VERSIONS,
         "version_names": METRIC_VERSION_NAMES,
         "shares": shares.listing(db, page.ctx, campaign_id), "tracking": sales.tracking(db, page.ctx, campaign_id),
         "shop": sales.shop_connection(db, page.ctx)}, status_code=status)


def _done(campaign_id: int, text: str, anchor: str = "posts") -> RedirectResponse:
    return RedirectResponse(f"/campaigns/{campaign_id}/report?{urlencode({'done': text})}#{anchor}", status_code=303)


async def _csv_file(form: Any) -> bytes:
    """The bytes of the form's chosen file; 422 naming `file` when none was chosen."""
    upload = form.get("file")
    if not isinstance(upload, StarletteUpload) or not upload.filename:
        raise invalid("file", "choose a CSV file")
    return await upload.read()


def _when(text: str, field: str) -> datetime | None:
    """A datetime-local field ('2026-11-30T18:00'), None when empty."""
    if not text.strip():
        return None
    try:
        return datetime.fromisoformat(text.strip())
    except ValueError:
        raise invalid(field, "enter a date and time") from None


@router.get("/campaigns/{campaign_id}/report")
def report_page(request: Request, campaign_id: Id, population: int | None = Query(None, ge=1, le=10**10),
                start: date | None = None, end: date | None = None, window_days: int | None = None,
                page: PageAuth = Depends(page_auth), db: Session = DB) -> Response:
    """What the campaign delivered (unique reach over `population` people, a date range, sales within an
    attribution window of `window_days`, when given)."""
    return _page(request, page, db, campaign_id, population=population, start=start, end=end,
                 window_days=window_days)


async def _act(request: Request, page: PageAuth, db: Session, campaign_id: int, action,
               anchor: str = "posts") -> Response:
    """Run a form action: back to the report with what happened, or the report again with the reason."""
    form = await request.form()
    try:
        done = await action(form)
    except AppError as err:
        recover_form(db, err, reraise=(403, 404))
        return _page(request, page, db, campaign_id, [err.message], err.status)
    return _done(campaign_id, done, anchor)


@router.post("/campaigns/{campaign_id}/report/posts")
async def link_post(request: Request, campaign_id: Id, page: PageAuth = Depends(page_write),
                    db: Session = DB) -> Response:
    """Count a creator's post by its link."""
    async def run(form: Any) -> str:
        data = validated(PostLinkIn, {"entry_id": parse_id(str(form.get("entry_id", "")), "entry_id"),
                                      "url": str(form.get("url", "")),
                                      "posted_at": _when(str(form.get("posted_at", "")), "posted_at")}, "form")
        post = service.link_post(db, page.ctx, campaign_id, data)
        return f"Counting @{post.handle}'s {FORMAT_NAMES[post.format].lower()}: add its numbers next"
    return await _act(request, page, db, campaign_id, run)


@router.post("/campaigns/{campaign_id}/report/find")
async def find_posts(request: Request, campaign_id: Id, page: PageAuth = Depends(page_write),
                     db: Session = DB) -> Response:
    """Count the creators' posts that carry the brief's hashtags, mentions, codes or links."""
    async def run(form: Any) -> str:
        found = finder.find_posts(db, page.ctx, campaign_id)
        return found.note or (f"Found {found.linked} new post(s) among {found.checked} in the campaign's dates"
                              + (": " + "; ".join(found.reasons[:3]) if found.reasons else ""))
    return await _act(request, page, db, campaign_id, run)


@router.get("/campaigns/{campaign_id}/report/posts/{post_id}")
def post_history_page(request: Request, campaign_id: Id, post_id: Id, page: PageAuth = Depends(page_auth),
                      db: Session = DB) -> Response:
    """One counted post's numbers over time, newest first (404 for another workspace's post)."""
    c = campaigns.get_campaign(db, page.ctx, campaign_id)
    post, history = service.post_with_history(db, page.ctx, campaign_id, post_id)
    return templates.TemplateResponse(
        request, "campaigns/post_history.html",
        {"auth": page, "active": "campaigns", "c": c, "p": post, "history": history, "formats": FORMAT_NAMES,
         "version_names": METRIC_VERSION_NAMES, "sources": SOURCE_NAMES, "platforms": PLATFORM_NAMES})


@router.post("/campaigns/{campaign_id}/report/posts/{post_id}/unlink")
async def unlink_post(request: Request, campaign_id: Id, post_id: Id, page: PageAuth = Depends(page_write),
                      db: Session = DB) -> Response:
    """Stop counting a post."""
    async def run(form: Any) -> str:
        service.unlink_post(db, page.ctx, campaign_id, post_id)
        return "No longer counted (its numbers are kept)"
    return await _act(request, page, db, campaign_id, run)


@router.post("/campaigns/{campaign_id}/report/posts/{post_id}/snapshots")
async def add_snapshot(request: Request, campaign_id: Id, post_id: Id, page: PageAuth = Depends(page_write),
                       db: Session = DB) -> Response:
    """Numbers for one post, typed in."""
    async def run(form: Any) -> str:
        values: dict[str, Any] = {k: str(form.get(k, "")).replace(",", "").strip() or None for k in COUNTS
                                  if k in form}
        values.update(collected_at=_when(str(form.get("collected_at", "")), "collected_at") or "",
                      source=str(form.get("source", "manual")),
                      metric_version=str(form.get("metric_version", "")).strip())
        s = service.add_snapshot(db, page.ctx, campaign_id, post_id, validated(SnapshotIn, values, "form"))
        return "Numbers saved" + (f"; they contradict: {', '.join(s.flags).replace('_', ' ')}" if s.flags else "")
    return await _act(request, page, db, campaign_id, run)


@router.post("/campaigns/{campaign_id}/report/snapshots")
async def import_snapshots(request: Request, campaign_id: Id, page: PageAuth = Depends(page_write),
                           db: Session = DB) -> Response:
    """Numbers from a CSV file (all rows or none)."""
    async def run(form: Any) -> str:
        result = service.import_snapshots(db, page.ctx, campaign_id, await _csv_file(form))
        return (f"Imported {result.added} snapshot(s)" + (f", {result.already_there} already there"
                                                          if result.already_there else "")
                + (f", {result.flagged} flagged" if result.flagged else ""))
    return await _act(request, page, db, campaign_id, run)


@router.post("/campaigns/{campaign_id}/report/tracking")
async def make_tracking(request: Request, campaign_id: Id, page: PageAuth = Depends(page_write),
                        db: Session = DB) -> Response:
    """Codes and tracked links for every creator without one."""
    async def run(form: Any) -> str:
        made = sales.make_tracking(db, page.ctx, campaign_id)
        return f"{len(made)} creator(s) have a code and a tracked link"
    return await _act(request, page, db, campaign_id, run, "sales")


@router.post("/campaigns/{campaign_id}/report/tracking/{entry_id}")
async def set_tracking(request: Request, campaign_id: Id, entry_id: Id, page: PageAuth = Depends(page_write),
                       db: Session = DB) -> Response:
    """One creator's code and landing page."""
    async def run(form: Any) -> str:
        data = validated(TrackingIn, {"code": str(form.get("code", "")),
                                      "landing_url": str(form.get("landing_url", ""))}, "form")
        t = sales.set_tracking(db, page.ctx, campaign_id, entry_id, data)
        return f"@{t.handle}'s code is {t.code}"
    return await _act(request, page, db, campaign_id, run, "sales")


@router.post("/campaigns/{campaign_id}/report/orders")
async def import_orders(request: Request, campaign_id: Id, page: PageAuth = Depends(page_write),
                        db: Session = DB) -> Response:
    """The shop's orders from a Shopify export (all or nothing)."""
    async def run(form: Any) -> str:
        campaigns.get_campaign(db, page.ctx, campaign_id)  # from this workspace's report only (404 otherwise)
        out = sales.import_orders(db, page.ctx, await _csv_file(form))
        return f"{out.added} order(s) added, {out.updated} updated, {out.already_there} already there"
    return await _act(request, page, db, campaign_id, run, "sales")


@router.post("/campaigns/{campaign_id}/report/shop")
async def connect_shop(request: Request, campaign_id: Id, page: PageAuth = Depends(page_write),
                       db: Session = DB) -> Response:
    """The shop webhook's signing secret (admins)."""
    async def run(form: Any) -> str:
        campaigns.get_campaign(db, page.ctx, campaign_id)  # from this workspace's report only (404 otherwise)
        hook = sales.connect_shop(db, page.ctx, validated(ShopWebhookIn, {"secret": str(form.get("secret", ""))},
                                                          "form"))
        return f"Shop connected: send order webhooks to {hook.path}"
    return await _act(request, page, db, campaign_id, run, "sales")


def _emv_page(request: Request, page: PageAuth, db: Session, errors: list[str] | None = None,
              status: int = 200) -> Response:
    return templates.TemplateResponse(
        request, "campaigns/emv.html",
        {"auth": page, "active": "campaigns", "t": emv.current(db, page.ctx), "platforms": EMV_PLATFORMS,
         "platform_names": PLATFORM_NAMES, "actions": ACTION_NAMES, "errors": errors or []}, status_code=status)


@router.get("/brands/{brand_id}/results")
def brand_results_page(request: Request, brand_id: Id, page: PageAuth = Depends(page_auth),
                       db: Session = DB) -> Response:
    """A brand's campaigns side by side and the leaderboard of its creators (which to rebook)."""
    return templates.TemplateResponse(
        request, "brands/results.html",
        {"auth": page, "active": "brands", "b": results.brand_results(db, page.ctx, brand_id),
         "platforms": PLATFORM_NAMES})


@router.get("/emv")
def emv_page(request: Request, page: PageAuth = Depends(page_auth), db: Session = DB) -> Response:
    """The unit values behind every EMV figure."""
    return _emv_page(request, page, db)


@router.post("/emv")
async def save_emv(request: Request, page: PageAuth = Depends(page_write), db: Session = DB) -> Response:
    """Save the table as a new version (admins)."""
    form = await request.form()
    values: dict[str, dict[str, list[str]]] = {}
    for p in EMV_PLATFORMS:
        for a in ACTION_NAMES:
            pair = [str(form.get(f"{p}.{a}.{end}", "")).strip() or "0" for end in ("low", "high")]
            values.setdefault(p, {})[a] = pair
    try:
        data = validated(EmvTableIn, {"base_version": str(form.get("base_version", "")),
                                      "currency": str(form.get("currency", "")), "values": values,
                                      "note": str(form.get("note", ""))}, "form")
        saved = emv.save(db, page.ctx, data)
    except AppError as err:
        recover_form(db, err, reraise=(403,))
        return _emv_page(request, page, db, [err.message], err.status)
    return RedirectResponse(f"/emv?{urlencode({'done': f'Saved as version {saved.version}'})}", status_code=303)


@router.post("/campaigns/{campaign_id}/report/shares")
async def create_share(request: Request, campaign_id: Id, page: PageAuth = Depends(page_write),
                       db: Session = DB) -> Response:
    """A read-only link for a client, shown on the page this once."""
    form = await request.form()
    try:
        data = validated(ShareIn, {"days": str(form.get("days", "30")).strip() or "30",
                                   "show_fees": form.get("show_fees") == "on", "label": str(form.get("label", ""))},
                         "form")
        made = shares.create(db, page.ctx, campaign_id, data)
    except AppError as err:
        recover_form(db, err, reraise=(403, 404))
        return _page(request, page, db, campaign_id, [err.message], err.status)
    resp = _page(request, page, db, campaign_id, new_share=made)
    resp.headers["Cache-Control"] = "no-store"  # the link must not stay in a cache
    return resp


@router.post("/campaigns/{campaign_id}/report/shares/{share_id}/revoke")
async def revoke_share(request: Request, campaign_id: Id, share_id: Id, page: PageAuth = Depends(page_write),
                       db: Session = DB) -> Response:
    """The link stops working."""
    async def run(form: Any) -> str:
        shares.revoke(db, page.ctx, campaign_id, share_id)
        return "Link revoked: it no longer opens the report"
    return await _act(request, page, db, campaign_id, run)


@router.get("/r/{token}")
def shared_report(request: Request, token: str, db: Session = DB) -> Response:
    """A report shared with a client: read-only, no login, this campaign only (404 once expired or revoked)."""
    r = shares.open_shared(db, token)
    resp = templates.TemplateResponse(
        request, "campaigns/report.html",
        {"r": r, "shared": True, "share_fees": r.cost is not None, "formats": FORMAT_NAMES, "sources": SOURCE_NAMES,
         "platforms": PLATFORM_NAMES, "errors": [], "entries": [], "version_names": METRIC_VERSION_NAMES})
    resp.headers["Cache-Control"] = "no-store"
    resp.headers["X-Robots-Tag"] = "noindex"
    return resp
