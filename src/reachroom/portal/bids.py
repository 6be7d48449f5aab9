"""Bids, both sides. A creator bids on an open opportunity for one of their proved, eligible accounts (one open
bid per opportunity, a daily cap); the brand sees a campaign's bids ranked by fit and by value (estimated reach
per unit of fee) and accepts, counters or declines; a creator accepts a counter or withdraws. An accepted bid
puts the account in the campaign's pipeline with terms at the agreed fee, which the creator accepts in the portal
(or, for an accepted counter, has accepted already).

States: open → countered (brand) → accepted (creator accepts the counter) | accepted (brand) | declined (brand)
| withdrawn (creator). Accepted, declined and withdrawn are final.
"""

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlalchemy.orm import Session

from reachroom.campaigns import money
from reachroom.campaigns import service as campaigns
from reachroom.campaigns.schemas import MAX_BUDGET, AcceptIn, AgreementIn, PipelineAdd, from_minor, to_minor
from reachroom.config import get_settings
from reachroom.core.errors import AppError, conflict, invalid, not_found
from reachroom.core.tenancy import WorkspaceContext
from reachroom.metrics.fees import estimate_fee_batch
from reachroom.models import Bid, BidMessage, Campaign, utcnow
from reachroom.portal import notifications, tasks
from reachroom.portal import repository as repo
from reachroom.portal.campaigns import CREATOR_ACTOR
from reachroom.portal.opportunities import eligible, fit
from reachroom.portal.service import CreatorAuth

OPEN = ("open", "countered")


class BidIn(BaseModel):
    """A creator's bid: which account, the fee (or gifted only) and a message."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    account_id: int = Field(ge=1)
    fee: Decimal = Field(default=Decimal(0), ge=0, le=MAX_BUDGET, decimal_places=2)
    currency: str = Field(default="GBP", pattern=r"^[A-Za-z]{3}$")
    gifted_only: bool = False
    message: str = Field(default="", max_length=2000)

    @field_validator("currency")
    @classmethod
    def _upper(cls, v: str) -> str:
        return v.upper()


class CounterIn(BaseModel):
    """The brand's counter-offer."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    fee: Decimal = Field(ge=0, le=MAX_BUDGET, decimal_places=2)
    message: str = Field(default="", max_length=2000)


@dataclass(frozen=True)
class BidView:
    """A bid as one side sees it (the brand's view adds fit and value)."""

    id: int
    campaign_id: int
    title: str
    brand: str
    handle: str
    fee: Decimal
    currency: str
    gifted_only: bool
    status: str
    version: int
    thread: list[dict]
    creator: str = ""
    followers: int = 0
    fit: int = 0
    reasons: list[str] = field(default_factory=list)
    reach_per_unit: float | None = None
    est_reach: float | None = None
    engagement_rate: float | None = None
    brand_fit: bool = False  # False: fit is the provisional match with the published rules
    fee_estimate: tuple[float, float] | None = None  # (low, high) per post, UK rate card (GBP)


def _thread(messages: list) -> list[dict]:
    return [{"author": m.author, "fee": None if m.fee_minor is None else from_minor(m.fee_minor), "text": m.text,
             "at": m.created_at} for m in messages]


# ---------- the creator's side ----------

def place(db: Session, auth: CreatorAuth, campaign_id: int, data: BidIn, country: str) -> Bid:
    """A new bid; 409 on a closed opportunity or a second open bid, 422 naming the rule the account does not
    meet, 429 past the daily cap."""
    found = repo.opportunity_of(db, campaign_id)
    if found is None or found[0].status != "open" or found[1].status not in ("draft", "recruiting", "live"):
        raise conflict("campaign_id", "this opportunity is closed")
    o, c = found
    accounts = {a.id: (a, s) for a, s in repo.verified_accounts(db, auth.creator_user_id)}
    if data.account_id not in accounts:
        raise invalid("account_id", "bid with an account you have proved is yours (Your accounts)")
    account, score = accounts[data.account_id]
    if not eligible(o, account, score, country):
        raise invalid("account_id", f"@{account.handle} does not meet this opportunity's rules (platform, "
                                    "followers, authenticity or country)")
    if data.currency != o.currency:
        raise invalid("currency", f"bid in {o.currency}, the opportunity's currency")
    if o.gifted_only and (data.fee > 0 or not data.gifted_only):
        raise invalid("fee", "this opportunity is gifted only: bid with no fee")
    if repo.open_bid(db, auth.creator_user_id, c.id) is not None:
        raise conflict("campaign_id", "you already have an open bid here; withdraw it to bid again")
    cap = get_settings().bids_per_day
    if repo.bids_since(db, auth.creator_user_id, utcnow() - timedelta(days=1)) >= cap:
        raise AppError(429, f"bids: at most {cap} bids a day; try again tomorrow", "rate_limited")
    bid = Bid(campaign_id=c.id, creator_user_id=auth.creator_user_id, account_id=account.id,
              fee_minor=to_minor(data.fee), currency=data.currency, gifted_only=data.gifted_only,
              message=data.message)
    repo.add(db, bid)
    repo.add(db, BidMessage(bid_id=bid.id, author="creator", fee_minor=bid.fee_minor, text=data.message))
    return bid


def my_bids(db: Session, auth: CreatorAuth) -> list[BidView]:
    """The creator's bids with their threads, newest first."""
    rows = repo.bids_of_creator(db, auth.creator_user_id)
    threads = repo.messages_of(db, [b.id for b, _, _, _ in rows])
    return [BidView(b.id, b.campaign_id, o.title, brand if o.show_brand else "A brand", handle,
                    from_minor(b.fee_minor), b.currency, b.gifted_only, b.status, b.version,
                    _thread(threads.get(b.id, []))) for b, o, brand, handle in rows]


def _mine(db: Session, auth: CreatorAuth, bid_id: int) -> Bid:
    bid = repo.bid_of_creator(db, auth.creator_user_id, bid_id)
    if bid is None:
        raise not_found("Bid")
    return bid


def withdraw(db: Session, auth: CreatorAuth, bid_id: int) -> None:
    """Withdraw an open or countered bid."""
    bid = _mine(db, auth, bid_id)
    if bid.status not in OPEN:
        raise conflict("status", f"this bid is {bid.status}; nothing to withdraw")
    bid.status = "withdrawn"
    db.flush()


def accept_counter(db: Session, auth: CreatorAuth, bid_id: int) -> None:
    """Accept the brand's counter-offer: the account joins the campaign with terms at that fee, accepted by the
    creator."""
    bid = _mine(db, auth, bid_id)
    if bid.status != "countered":
        raise conflict("status", f"this bid is {bid.status}; only a counter-offer can be accepted here")
    campaign = db.get(Campaign, bid.campaign_id)
    assert campaign is not None  # the bid's foreign key
    acting = WorkspaceContext(campaign.workspace_id, CREATOR_ACTOR, "member")
    entry_id, version = _join(db, acting, bid)
    money.accept(db, acting, bid.campaign_id, entry_id, AcceptIn(version=version), by_creator=True)
    repo.add(db, BidMessage(bid_id=bid.id, author="creator", fee_minor=bid.fee_minor, text="Accepted the offer"))


# ---------- the brand's side ----------

def _join(db: Session, ctx: WorkspaceContext, bid: Bid) -> tuple[int, int]:
    """Put the bid's account in the pipeline (if it is not there) and propose terms at the bid's fee; returns
    (entry id, terms version)."""
    campaigns.add_creators(db, ctx, bid.campaign_id, PipelineAdd(account_ids=[bid.account_id]))
    entry = next(r for r in campaigns.pipeline(db, ctx, bid.campaign_id) if r.account_id == bid.account_id)
    history = money.agreements(db, ctx, bid.campaign_id, entry.id)
    terms = money.propose(db, ctx, bid.campaign_id, entry.id, AgreementIn(
        base_version=history[0].version if history else 0, fee=from_minor(bid.fee_minor), currency=bid.currency))
    bid.status, bid.campaign_creator_id = "accepted", entry.id
    db.flush()
    return entry.id, terms.version


def campaign_bids(db: Session, ctx: WorkspaceContext, campaign_id: int) -> list[BidView]:
    """The campaign's bids, open ones first, then by fit (Discover's brand fit once worked out) and by value
    (estimated reach per unit of fee), each with the rate-card fee estimate beside it."""
    c = campaigns.get_campaign(db, ctx, campaign_id)
    found = repo.opportunity_of(db, c.id)
    rows = repo.bids_of_campaign(db, c.id)
    threads = repo.messages_of(db, [r.id for r in rows])
    fits = repo.fits_with_brand(db, c.brand_id, [r.account_id for r in rows])
    missing = [r.account_id for r in rows if r.account_id not in fits]
    if missing:
        tasks.ask_once(db, ("bids", c.id), account_ids=missing, brand_ids=[c.brand_id])
    low, high = estimate_fee_batch(np.array([r.followers for r in rows], dtype=np.float64), [r.platform for r in rows])
    out = []
    for i, r in enumerate(rows):
        stored = fits.get(r.account_id)
        if stored is not None:
            points, reasons = round(100 * stored[0]), stored[1]
        else:
            points, reasons = fit(found[0], r, r.score, "", []) if found else (0, [])
        fee = from_minor(r.fee_minor)
        value = r.est_reach / float(fee) if r.est_reach is not None and fee > 0 else None  # a gift: no fee to divide
        out.append(BidView(r.id, c.id, found[0].title if found else c.name, c.brand_name, r.handle, fee, r.currency,
                           r.gifted_only, r.status, r.version, _thread(threads.get(r.id, [])), creator=r.creator,
                           followers=r.followers, fit=points, reasons=reasons, reach_per_unit=value,
                           est_reach=r.est_reach, engagement_rate=r.engagement_rate, brand_fit=stored is not None,
                           fee_estimate=(float(low[i]), float(high[i]))))
    return sorted(out, key=lambda b: (b.status not in OPEN, -b.fit, -(b.reach_per_unit or 0)))


def _theirs(db: Session, ctx: WorkspaceContext, campaign_id: int, bid_id: int) -> Bid:
    c = campaigns.get_campaign(db, ctx, campaign_id)
    bid = repo.bid_of_campaign(db, c.id, bid_id)
    if bid is None:
        raise not_found("Bid")
    if bid.status not in OPEN:
        raise conflict("status", f"this bid is already {bid.status}")
    return bid


def accept(db: Session, ctx: WorkspaceContext, campaign_id: int, bid_id: int) -> None:
    """Accept a bid: the account joins the pipeline with terms at the bid's fee for the creator to accept."""
    ctx.require_write()
    bid = _theirs(db, ctx, campaign_id, bid_id)
    _join(db, ctx, bid)
    repo.add(db, BidMessage(bid_id=bid.id, author="brand", fee_minor=bid.fee_minor, text="Accepted"))
    _tell(db, bid, "Your bid was accepted: accept the terms in Your campaigns", "/portal#campaigns")


def counter(db: Session, ctx: WorkspaceContext, campaign_id: int, bid_id: int, data: CounterIn) -> None:
    """Offer another fee; the creator accepts it or withdraws."""
    ctx.require_write()
    bid = _theirs(db, ctx, campaign_id, bid_id)
    bid.status, bid.fee_minor = "countered", to_minor(data.fee)
    repo.add(db, BidMessage(bid_id=bid.id, author="brand", fee_minor=bid.fee_minor, text=data.message))
    _tell(db, bid, f"A counter-offer on your bid: {data.fee:,.2f} {bid.currency}", "/portal/bids")


def decline(db: Session, ctx: WorkspaceContext, campaign_id: int, bid_id: int, message: str = "") -> None:
    """Decline a bid (final)."""
    ctx.require_write()
    bid = _theirs(db, ctx, campaign_id, bid_id)
    bid.status = "declined"
    repo.add(db, BidMessage(bid_id=bid.id, author="brand", text=message[:2000]))
    _tell(db, bid, "A brand declined your bid", "/portal/bids")


def _tell(db: Session, bid: Bid, text: str, link: str) -> None:
    user = repo.by_id(db, bid.creator_user_id)
    if user is not None:
        notifications.notify(db, user.id, user.email, "bid", text, link)
