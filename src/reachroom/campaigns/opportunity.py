"""Publishing a campaign to creators as an opportunity: what the brand chooses to show (title, summary, brand or
not, fee range or gifted only) and who may take part (platforms, followers, countries, niches, minimum
authenticity). Members publish and close; the portal reads open ones (`portal/opportunities.py`)."""

from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from sqlalchemy import select
from sqlalchemy.orm import Session

from reachroom.campaigns import service as campaigns
from reachroom.campaigns.schemas import MAX_BUDGET, CampaignTarget, from_minor, to_minor
from reachroom.campaigns.stages import FINISHED
from reachroom.core import events
from reachroom.core.errors import conflict, not_found
from reachroom.core.tenancy import WorkspaceContext
from reachroom.core.types import UtcDatetime
from reachroom.core.vocab import currency_code
from reachroom.models import Opportunity


class OpportunityIn(BaseModel):
    """What creators see of the campaign and who may take part; `version` is the one you read when editing."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    title: str = Field(min_length=1, max_length=120)
    summary: str = Field(default="", max_length=3000)
    show_brand: bool = True
    gifted_only: bool = False
    fee_min: Decimal | None = Field(default=None, ge=0, le=MAX_BUDGET, decimal_places=2)
    fee_max: Decimal | None = Field(default=None, ge=0, le=MAX_BUDGET, decimal_places=2)
    currency: str = Field(default="GBP", pattern=r"^[A-Za-z]{3}$")
    platforms: list[str] = Field(default_factory=list, max_length=3)
    countries: list[str] = Field(default_factory=list, max_length=50)
    niches: list[str] = Field(default_factory=list, max_length=13)
    min_followers: int | None = Field(default=None, ge=0, le=1_000_000_000)
    max_followers: int | None = Field(default=None, ge=0, le=1_000_000_000)
    min_authenticity: int | None = Field(default=None, ge=0, le=100)
    version: int | None = Field(default=None, ge=1)

    @field_validator("currency")
    @classmethod
    def _upper(cls, v: str) -> str:
        return currency_code(v)

    @model_validator(mode="after")
    def _consistent(self) -> "OpportunityIn":
        # the same rules as a campaign's target for platforms, countries and niches
        target = CampaignTarget(platforms=self.platforms, countries=self.countries, niches=self.niches)
        self.platforms, self.countries, self.niches = target.platforms, target.countries, target.niches
        if self.gifted_only and (self.fee_min or self.fee_max):
            raise ValueError("fee_min: a gifted-only opportunity has no fee; leave the fee range empty")
        if self.fee_min is not None and self.fee_max is not None and self.fee_min > self.fee_max:
            raise ValueError("fee_max: the highest fee is below the lowest")
        if self.min_followers is not None and self.max_followers is not None and \
                self.min_followers > self.max_followers:
            raise ValueError("max_followers: the most followers is below the fewest")
        return self


class OpportunityOut(BaseModel):
    """A campaign's opportunity as its brand sees it."""

    campaign_id: int
    status: Literal["open", "closed"]
    title: str
    summary: str
    show_brand: bool
    gifted_only: bool
    fee_min: Decimal | None
    fee_max: Decimal | None
    currency: str
    platforms: list[str]
    countries: list[str]
    niches: list[str]
    min_followers: int | None
    max_followers: int | None
    min_authenticity: int | None
    version: int
    created_at: UtcDatetime
    updated_at: UtcDatetime


def _out(o: Opportunity) -> OpportunityOut:
    return OpportunityOut(
        campaign_id=o.campaign_id, status=o.status, title=o.title, summary=o.summary,
        show_brand=o.show_brand, gifted_only=o.gifted_only,
        fee_min=None if o.fee_min_minor is None else from_minor(o.fee_min_minor),
        fee_max=None if o.fee_max_minor is None else from_minor(o.fee_max_minor), currency=o.currency,
        platforms=o.platforms or [], countries=o.countries or [], niches=o.niches or [],
        min_followers=o.min_followers, max_followers=o.max_followers, min_authenticity=o.min_authenticity,
        version=o.version, created_at=o.created_at, updated_at=o.updated_at)


def _row(db: Session, campaign_id: int) -> Opportunity | None:
    return db.scalar(select(Opportunity).where(Opportunity.campaign_id == campaign_id))


def get(db: Session, ctx: WorkspaceContext, campaign_id: int) -> OpportunityOut | None:
    """The campaign's opportunity, or None when it was never published."""
    c = campaigns.get_campaign(db, ctx, campaign_id)
    row = _row(db, c.id)
    return _out(row) if row else None


def publish(db: Session, ctx: WorkspaceContext, campaign_id: int, data: OpportunityIn) -> OpportunityOut:
    """Publish (or change and reopen) the opportunity; 409 for a finished campaign or a stale `version`."""
    ctx.require_write()
    c = campaigns.get_campaign(db, ctx, campaign_id)
    if c.status in FINISHED:
        raise conflict("status", f"{c.name} is {c.status}; creators can only be recruited for a draft, recruiting or "
                                 "live campaign")
    row = _row(db, c.id)
    lost = conflict("version", "the opportunity was changed by someone else since you opened it; reload, then save")
    if row is None:
        row = Opportunity(campaign_id=c.id, published_by=ctx.actor_id)
        db.add(row)
    elif data.version is not None and data.version != row.version:
        raise lost
    values = data.model_dump(exclude={"fee_min", "fee_max", "version"})
    for key, value in values.items():
        setattr(row, key, value)
    row.fee_min_minor = None if data.fee_min is None else to_minor(data.fee_min)
    row.fee_max_minor = None if data.fee_max is None else to_minor(data.fee_max)
    row.status = "open"
    campaigns.flush_versioned(db, lost)
    campaigns.record_event(db, ctx, c.id, "opportunity", new="open", detail=data.title)
    if data.version is None:  # a first publication, not an edit: tell the creators it fits
        events.publish(db, "opportunity_published", campaign_id=c.id)
    return _out(row)


def close(db: Session, ctx: WorkspaceContext, campaign_id: int) -> OpportunityOut:
    """Stop showing the opportunity to creators."""
    ctx.require_write()
    c = campaigns.get_campaign(db, ctx, campaign_id)
    row = _row(db, c.id)
    if row is None:
        raise not_found("Opportunity")
    row.status = "closed"
    db.flush()
    campaigns.record_event(db, ctx, c.id, "opportunity", new="closed", detail=row.title)
    return _out(row)

