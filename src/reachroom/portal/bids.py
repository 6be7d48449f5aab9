"""Bids, both sides. A creator bids on an open opportunity for one of their proved, eligible accounts (one open
bid per opportunity, a daily cap); the brand sees a campaign's bids ranked by fit and by value (estimated reach
per unit of fee) and accepts, counters or declines; a creator accepts a counter or withdraws. An accepted bid
puts the account in the campaign's pipeline with terms at the agreed fee, which the creator accepts in the portal
(or, for an accepted counter, has accepted already).

States: open → countered (brand) → accepted (creator accepts the counter) | open (the creator answers with a fee
of their own) | accepted (brand) | declined (brand) | withdrawn (creator). Accepted, declined and withdrawn are
final; every offer and answer stays in the bid's thread.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlalchemy.orm import Session

from reachroom.campaigns import money
from reachroom.campaigns import service as campaigns
from reachroom.campaigns.schemas import (
    FORMAT_NAMES,
    MAX_BUDGET,
    AcceptIn,
    AgreementIn,
    Deliverable,
    PipelineAdd,
    from_minor,
    to_minor,
)
from reachroom.config import get_settings
from reachroom.core.errors import AppError, conflict, invalid, not_found
from reachroom.core.tenancy import WorkspaceContext
from reachroom.core.vocab import PLATFORM_NAMES
from reachroom.metrics.fees import estimate_fee_batch
from reachroom.models import Bid, BidMessage, Campaign, SocialAccount, utcnow
from reachroom.planning import currency as rates
from reachroom.portal import notifications, tasks
from reachroom.portal import repository as repo
from reachroom.portal.campaigns import CREATOR_ACTOR
from reachroom.portal.opportunities import fit, refusal
from reachroom.portal.schemas import Format, currency_code
from reachroom.portal.service import CreatorAuth

OPEN = ("open", "countered")


class BidLine(BaseModel):
    """One deliverable the creator bids for: so many of a format (one the brief asks for), at a fee for them all."""

    model_config = ConfigDict(extra="forbid")
    format: Format
    count: int = Field(default=1, ge=1, le=100)
    fee: Decimal = Field(default=Decimal(0), ge=0, le=MAX_BUDGET, decimal_places=2)


class BidIn(BaseModel):
    """A creator's bid: which account, the fee (or gifted only), a message, and optionally the terms in detail —
    a fee per deliverable (`fee` is then their total) and the dates they propose to post between."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    account_id: int = Field(ge=1)
    fee: Decimal = Field(default=Decimal(0), ge=0, le=MAX_BUDGET, decimal_places=2)
    currency: str = Field(default="GBP", min_length=1, max_length=12)
    gifted_only: bool = False
    message: str = Field(default="", max_length=2000)
    deliverables: list[BidLine] = Field(default_factory=list, max_length=len(FORMAT_NAMES))
    starts_on: date | None = None
    ends_on: date | None = None

    @field_validator("currency")
    @classmethod
    def _currency(cls, v: str) -> str:
        return currency_code(v)


class CounterIn(BaseModel):
    """A counter-offer: the brand's to a bid, or the creator's answer to the brand's."""

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
    fee_estimate: tuple[float, float] | None = None  # (low, high) per post, UK rate card, in fee_estimate_currency
    fee_estimate_currency: str = "GBP"  # the bid's currency when the workspace's rates convert it, else GBP
    fee_estimate_rates: str = ""  # which exchange rates converted it ("" when none were needed)
    deliverables: list[dict] = field(default_factory=list)  # [{"format", "count", "fee"}] as the creator proposed
    starts_on: date | None = None
    ends_on: date | None = None


def _lines(stored: list) -> list[dict]:
    return [{"format": d["format"], "name": FORMAT_NAMES.get(d["format"], d["format"]), "count": d["count"],
             "fee": from_minor(d["fee_minor"])} for d in stored or []]


def _thread(messages: list) -> list[dict]:
    return [{"author": m.author, "fee": None if m.fee_minor is None else from_minor(m.fee_minor), "text": m.text,
             "at": m.created_at} for m in messages]


# ---------- the creator's side ----------

ALREADY_OPEN = "you already have an open bid here; withdraw it to bid again"


def _total(db: Session, c: Campaign, data: BidIn) -> Decimal:
    """The bid's fee: the sum of the deliverables' fees when they are given (422 naming the line or `fee` when they
    do not fit the brief or the fee), else `fee`; and the proposed dates checked against the campaign's."""
    asked = {d.get("format") for d in repo.latest_deliverables(db, [c.id]).get(c.id, [])}
    seen: set[str] = set()
    for i, line in enumerate(data.deliverables):
        if asked and line.format not in asked:
            raise invalid(f"deliverables.{i}.format", "choose a format the brief asks for: "
                          + ", ".join(FORMAT_NAMES.get(f, f) for f in sorted(asked)))
        if line.format in seen:
            raise invalid(f"deliverables.{i}.format", f"{FORMAT_NAMES[line.format]} is listed twice: put the "
                                                       "count and fee on one line")
        seen.add(line.format)
    if data.starts_on and data.ends_on and data.ends_on < data.starts_on:
        raise invalid("ends_on", "end on or after the start date")
    for name, day in (("starts_on", data.starts_on), ("ends_on", data.ends_on)):
        if day and c.starts_on and day < c.starts_on:
            raise invalid(name, f"on or after {c.starts_on:%d %b %Y}, when the campaign starts")
        if day and c.ends_on and day > c.ends_on:
            raise invalid(name, f"on or before {c.ends_on:%d %b %Y}, when the campaign ends")
    if not data.deliverables:
        return data.fee
    total = sum((line.fee for line in data.deliverables), Decimal(0))
    if data.fee and data.fee != total:
        raise invalid("fee", f"the deliverables' fees add up to {total:,.2f}: leave the total empty or give that")
    if total > MAX_BUDGET:
        raise invalid("fee", f"the deliverables' fees add up to more than {MAX_BUDGET:,.0f}")
    return total


def place(db: Session, auth: CreatorAuth, campaign_id: int, data: BidIn) -> Bid:
    """A new bid; 409 on a closed opportunity or a second open bid, 422 naming the one rule the account (or the
    creator's profile) does not meet, or the field at fault, 429 past the daily cap."""
    found = repo.opportunity_of(db, campaign_id)
    if found is None or found[0].status != "open" or found[1].status not in ("draft", "recruiting", "live"):
        raise conflict("campaign_id", "this opportunity is closed")
    o, c = found
    me = repo.by_id(db, auth.creator_user_id)
    assert me is not None  # the session's creator
    accounts = {a.id: (a, s) for a, s in repo.verified_accounts(db, auth.creator_user_id)}
    if data.account_id not in accounts:
        raise invalid("account_id", "bid with an account you have proved is yours (Your accounts)")
    account, score = accounts[data.account_id]
    refused = refusal(o, account, score, me.country or "", me.niches or [])
    if refused is not None:
        raise invalid(refused[0], f"@{account.handle} does not meet this opportunity's {refused[0]} rule: the "
                                  f"brand asks for {refused[1]}")
    if data.currency != o.currency:
        raise invalid("currency", f"bid in {o.currency}, the opportunity's currency")
    fee = _total(db, c, data)
    if o.gifted_only and (fee > 0 or not data.gifted_only):
        raise invalid("fee", "this opportunity is gifted only: bid with no fee")
    if repo.open_bid(db, auth.creator_user_id, c.id) is not None:
        raise conflict("campaign_id", ALREADY_OPEN)
    cap = get_settings().bids_per_day
    if repo.bids_since(db, auth.creator_user_id, utcnow() - timedelta(days=1)) >= cap:
        raise AppError(429, f"bids: at most {cap} bids a day; try again tomorrow", "rate_limited")
    bid = Bid(campaign_id=c.id, creator_user_id=auth.creator_user_id, account_id=account.id,
              fee_minor=to_minor(fee), currency=data.currency, gifted_only=data.gifted_only,
              message=data.message, starts_on=data.starts_on, ends_on=data.ends_on,
              deliverables=[{"format": d.format, "count": d.count, "fee_minor": to_minor(d.fee)}
                            for d in data.deliverables])
    if not repo.add_bid(db, bid):  # another bid of theirs got in between the check and the insert
        raise conflict("campaign_id", ALREADY_OPEN)
    repo.add(db, BidMessage(bid_id=bid.id, author="creator", fee_minor=bid.fee_minor, text=data.message))
    return bid


def my_bids(db: Session, auth: CreatorAuth) -> list[BidView]:
    """The creator's bids with their threads, newest first."""
    rows = repo.bids_of_creator(db, auth.creator_user_id)
    threads = repo.messages_of(db, [b.id for b, _, _, _ in rows])
    return [BidView(b.id, b.campaign_id, o.title, brand if o.show_brand else "A brand", handle,
                    from_minor(b.fee_minor), b.currency, b.gifted_only, b.status, b.version,
                    _thread(threads.get(b.id, [])), deliverables=_lines(b.deliverables), starts_on=b.starts_on,
                    ends_on=b.ends_on) for b, o, brand, handle in rows]


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


def counter_back(db: Session, auth: CreatorAuth, bid_id: int, data: CounterIn) -> None:
    """Answer the brand's counter-offer with a fee of the creator's own: the bid is open again for the brand."""
    bid = _mine(db, auth, bid_id)
    if bid.status != "countered":
        raise conflict("status", f"this bid is {bid.status}; you can answer only a counter-offer with a fee")
    if bid.gifted_only:
        raise invalid("fee", "this bid is for gifted content only: it has no fee to negotiate")
    bid.status, bid.fee_minor = "open", to_minor(data.fee)
    repo.add(db, BidMessage(bid_id=bid.id, author="creator", fee_minor=bid.fee_minor, text=data.message))
    db.flush()


# ---------- the brand's side ----------

def _join(db: Session, ctx: WorkspaceContext, bid: Bid) -> tuple[int, int]:
    """Put the bid's account in the pipeline (if it is not there) and propose terms at the bid's fee; returns
    (entry id, terms version)."""
    campaigns.add_creators(db, ctx, bid.campaign_id, PipelineAdd(account_ids=[bid.account_id]))
    entry = next(r for r in campaigns.pipeline(db, ctx, bid.campaign_id) if r.account_id == bid.account_id)
    history = money.agreements(db, ctx, bid.campaign_id, entry.id)
    terms = money.propose(db, ctx, bid.campaign_id, entry.id, AgreementIn(
        base_version=history[0].version if history else 0, fee=from_minor(bid.fee_minor), currency=bid.currency,
        deliverables=_deliverables(db, bid)))
    bid.status, bid.campaign_creator_id = "accepted", entry.id
    db.flush()
    return entry.id, terms.version


def _deliverables(db: Session, bid: Bid) -> list[Deliverable] | None:
    """The bid's deliverables as the terms' (platform and due date from the brief's line of that format, else the
    account's platform and the bid's end date); None, for the brief's own, when the bid named none."""
    if not bid.deliverables:
        return None
    brief = {d.get("format"): d for d in repo.latest_deliverables(db, [bid.campaign_id]).get(bid.campaign_id, [])}
    account = db.get(SocialAccount, bid.account_id)
    platform = account.platform if account is not None and account.platform in PLATFORM_NAMES else "instagram"
    out = []
    for d in bid.deliverables:
        line = brief.get(d["format"], {})
        due = bid.ends_on or (date.fromisoformat(line["due_on"]) if line.get("due_on") else None)
        out.append(Deliverable(platform=line.get("platform", platform), format=d["format"], count=d["count"],
                               due_on=due, usage_rights_days=line.get("usage_rights_days", 0),
                               exclusivity_days=line.get("exclusivity_days", 0)))
    return out


def _estimate_in(db: Session, ctx: WorkspaceContext, currency: str) -> tuple[float, str, str]:
    """(multiplier from GBP, the currency the estimate is shown in, which rates converted it): the rate card is in
    GBP; a bid in another currency gets it converted with the workspace's exchange rates (planning's table), or
    left in GBP, labelled, when the table has no rate for it."""
    if currency == "GBP":
        return 1.0, "GBP", ""
    table = rates.current(db, ctx)
    rate = rates.pairs(table).get(("GBP", currency))
    if rate is None:
        return 1.0, "GBP", ""
    source = "default rates" if table.is_default else f"your rates (version {table.version})"
    return rate, currency, f"{source} of {table.as_of:%d %b %Y}: 1 GBP = {rate:,.4g} {currency}"


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
    conversions = {cur: _estimate_in(db, ctx, cur) for cur in {r.currency for r in rows}}
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
                           fee_estimate=(round(float(low[i]) * conversions[r.currency][0], 2),
                                         round(float(high[i]) * conversions[r.currency][0], 2)),
                           fee_estimate_currency=conversions[r.currency][1],
                           fee_estimate_rates=conversions[r.currency][2], deliverables=_lines(r.deliverables),
                           starts_on=r.starts_on, ends_on=r.ends_on))
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
