"""The brand's side of the portal: a campaign's bids ranked by fit and value (accept, counter, decline), and the
creator claims an admin may confirm."""

from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from reachroom.campaigns import opportunity
from reachroom.campaigns import service as campaigns
from reachroom.core.deps import DB, PageAuth, page_auth, page_write
from reachroom.core.errors import AppError, validated
from reachroom.core.forms import recover_form
from reachroom.core.templating import templates
from reachroom.core.types import Id
from reachroom.portal import bids, claim_review
from reachroom.portal.bids import CounterIn

router = APIRouter(include_in_schema=False)


def _page(request: Request, page: PageAuth, db: Session, campaign_id: int, errors: list[str] | None = None,
          status: int = 200, entered: dict | None = None) -> Response:
    c = campaigns.get_campaign(db, page.ctx, campaign_id)
    return templates.TemplateResponse(
        request, "campaigns/bids.html",
        {"auth": page, "active": "campaigns", "c": c, "o": opportunity.get(db, page.ctx, c.id),
         "bids": bids.campaign_bids(db, page.ctx, c.id), "errors": errors or [], "entered": entered or {}},
        status_code=status)


@router.get("/campaigns/{campaign_id}/bids")
def bids_page(request: Request, campaign_id: Id, page: PageAuth = Depends(page_auth), db: Session = DB) -> Response:
    """The campaign's bids."""
    return _page(request, page, db, campaign_id)


@router.post("/campaigns/{campaign_id}/bids/{bid_id}")
async def decide(request: Request, campaign_id: Id, bid_id: Id, page: PageAuth = Depends(page_write),
                 db: Session = DB) -> Response:
    """Accept, counter (with a fee) or decline one bid."""
    form = await request.form()
    action = str(form.get("action", ""))
    try:
        if action == "accept":
            bids.accept(db, page.ctx, campaign_id, bid_id)
            done = "Accepted: the creator is in the pipeline with terms to accept"
        elif action == "counter":
            data = validated(CounterIn, {"fee": str(form.get("fee", "")).replace(",", "").strip() or None,
                                         "message": str(form.get("message", ""))}, "form")
            bids.counter(db, page.ctx, campaign_id, bid_id, data)
            done = "Counter-offer sent"
        elif action == "decline":
            bids.decline(db, page.ctx, campaign_id, bid_id, str(form.get("message", "")))
            done = "Declined"
        else:
            raise AppError(422, "action: choose accept, counter or decline", "validation_error")
    except AppError as err:
        recover_form(db, err, reraise=(403, 404))
        # what was typed stays in that bid's form, so a mistyped counter is corrected, not retyped
        entered = {"bid": bid_id, "fee": str(form.get("fee", ""))[:40], "message": str(form.get("message", ""))[:2000]}
        return _page(request, page, db, campaign_id, [err.message], err.status, entered)
    return RedirectResponse(f"/campaigns/{campaign_id}/bids?{urlencode({'done': done})}", status_code=303)


def _claims_page(request: Request, page: PageAuth, db: Session, errors: list[str] | None = None,
                 status: int = 200) -> Response:
    return templates.TemplateResponse(
        request, "campaigns/claims.html",
        {"auth": page, "active": "campaigns", "requests": claim_review.awaiting(db, page.ctx), "errors": errors or []},
        status_code=status)


@router.get("/claims")
def claims_page(request: Request, page: PageAuth = Depends(page_auth), db: Session = DB) -> Response:
    """Creators asking this workspace to confirm an account is theirs (admins)."""
    return _claims_page(request, page, db)


@router.post("/claims/{claim_id}")
async def decide_claim(request: Request, claim_id: Id, page: PageAuth = Depends(page_write),
                       db: Session = DB) -> Response:
    """Approve a claim, or reject it with the reason the creator reads."""
    form = await request.form()
    action = str(form.get("action", ""))
    try:
        if action == "approve":
            done = claim_review.approve(db, page.ctx, claim_id)
        elif action == "reject":
            done = claim_review.reject(db, page.ctx, claim_id, str(form.get("reason", "")))
        else:
            raise AppError(422, "action: choose approve or reject", "validation_error")
    except AppError as err:
        recover_form(db, err, reraise=(403, 404))
        return _claims_page(request, page, db, [err.message], err.status)
    return RedirectResponse(f"/claims?{urlencode({'done': done})}", status_code=303)
