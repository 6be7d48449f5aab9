"""JSON API for a brand's side of the portal: a campaign's bids ranked, accept / counter / decline; and the
creator claims a workspace admin may confirm."""

from datetime import date
from decimal import Decimal

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from reachroom.core.deps import DB, api_context
from reachroom.core.tenancy import WorkspaceContext
from reachroom.core.types import Id
from reachroom.portal import bids, claim_review
from reachroom.portal.bids import CounterIn

router = APIRouter(prefix="/api/v1/campaigns", tags=["bids"])
Ctx = Depends(api_context)


class BidOut(BaseModel):
    """A creator's bid as the brand sees it: fee, fit with its reasons, and value (estimated reach per unit fee)."""

    id: int
    campaign_id: int
    handle: str
    creator: str
    followers: int
    fee: Decimal
    currency: str
    gifted_only: bool
    status: str
    fit: int = Field(description="0–100: Discover's brand fit with the campaign's brand when `brand_fit`, else the "
                                 "provisional match with the published rules")
    brand_fit: bool
    reasons: list[str]
    fee_estimate: tuple[float, float] | None = Field(
        description="(low, high) typical fee per post for the account's followers (UK rate card), in "
                    "`fee_estimate_currency`")
    fee_estimate_currency: str = Field(description="The bid's currency when the workspace's exchange rates convert "
                                                   "the GBP rate card into it, else GBP")
    fee_estimate_rates: str = Field(description="Which exchange rates converted the estimate (empty: none needed)")
    deliverables: list[dict] = Field(description="The creator's proposal per deliverable: format, count, fee "
                                                 "(their sum is `fee` as bid)")
    starts_on: date | None = Field(description="The first day the creator proposes to post")
    ends_on: date | None = Field(description="The last day the creator proposes to post")
    est_reach: float | None
    reach_per_unit: float | None
    engagement_rate: float | None
    thread: list[dict]


class DeclineIn(BaseModel):
    """Why (optional; the creator sees it)."""

    model_config = ConfigDict(extra="forbid")
    message: str = Field(default="", max_length=2000)


@router.get("/{campaign_id}/bids", response_model=list[BidOut])
def list_bids(campaign_id: Id, ctx: WorkspaceContext = Ctx, db: Session = DB):
    """The campaign's bids: open ones first, then by fit and value."""
    return [BidOut(**{k: getattr(b, k) for k in BidOut.model_fields}) for b in bids.campaign_bids(db, ctx, campaign_id)]


@router.post("/{campaign_id}/bids/{bid_id}/accept", status_code=204)
def accept(campaign_id: Id, bid_id: Id, ctx: WorkspaceContext = Ctx, db: Session = DB):
    """Accept: the account joins the pipeline with terms at the bid's fee, for the creator to accept."""
    bids.accept(db, ctx, campaign_id, bid_id)


@router.post("/{campaign_id}/bids/{bid_id}/counter", status_code=204)
def counter(campaign_id: Id, bid_id: Id, body: CounterIn, ctx: WorkspaceContext = Ctx, db: Session = DB):
    """Offer another fee."""
    bids.counter(db, ctx, campaign_id, bid_id, body)


@router.post("/{campaign_id}/bids/{bid_id}/decline", status_code=204)
def decline(campaign_id: Id, bid_id: Id, body: DeclineIn, ctx: WorkspaceContext = Ctx, db: Session = DB):
    """Decline (final)."""
    bids.decline(db, ctx, campaign_id, bid_id, body.message)


claims_router = APIRouter(prefix="/api/v1/claims", tags=["creator claims"])


class RejectIn(BaseModel):
    """Why not (the creator reads it)."""

    model_config = ConfigDict(extra="forbid")
    reason: str = Field(min_length=1, max_length=1000)


@claims_router.get("")
def claims_to_review(ctx: WorkspaceContext = Ctx, db: Session = DB) -> list[claim_review.ClaimRequest]:
    """Creators asking this workspace to confirm an account is theirs (admins; accounts in your campaigns)."""
    return claim_review.awaiting(db, ctx)


@claims_router.post("/{claim_id}/approve")
def approve_claim(claim_id: Id, ctx: WorkspaceContext = Ctx, db: Session = DB) -> dict:
    """Confirm the account is the creator's."""
    return {"done": claim_review.approve(db, ctx, claim_id)}


@claims_router.post("/{claim_id}/reject")
def reject_claim(claim_id: Id, body: RejectIn, ctx: WorkspaceContext = Ctx, db: Session = DB) -> dict:
    """Decline, with the reason the creator reads."""
    return {"done": claim_review.reject(db, ctx, claim_id, body.reason)}
