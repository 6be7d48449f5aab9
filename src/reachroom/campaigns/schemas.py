"""Pydantic shapes for campaigns and their pipelines."""

import re
from datetime import date
from decimal import Decimal
from typing import Literal, get_args
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from reachroom.campaigns.stages import STAGES, STATUSES
from reachroom.core.types import IdField, UtcDatetime
from reachroom.core.vocab import NICHE_SLUGS, PLATFORM_NAMES, TIER_NAMES, currency_code

Objective = Literal["awareness", "engagement", "conversions", "content", "gifting"]
OBJECTIVES: tuple[str, ...] = get_args(Objective)
OBJECTIVE_NAMES = {"awareness": "Awareness", "engagement": "Engagement", "conversions": "Conversions (sales)",
                   "content": "Content / UGC", "gifting": "Gifting only"}
Status = Literal["draft", "recruiting", "live", "completed", "archived"]
Stage = Literal["invited", "interested", "negotiating", "contracted", "product_shipped", "drafting", "in_review",
                "changes_requested", "approved", "live", "paid", "declined", "withdrawn"]
assert get_args(Status) == STATUSES and get_args(Stage) == STAGES  # one list of each, checked at import
#: largest budget accepted (a trillion in the campaign's currency); keeps minor units inside BIGINT
MAX_BUDGET = Decimal("1000000000000")
MAX_ADD = 500
Money = Decimal


def _only(name: str, values: list[str], allowed: tuple[str, ...] | list[str]) -> list[str]:
    bad = [v for v in values if v not in allowed]
    if bad:
        raise ValueError(f"{name}: unknown value {bad[0]!r} (allowed: {', '.join(allowed)})")
    return list(dict.fromkeys(values))


class CampaignTarget(BaseModel):
    """Who the campaign recruits: the brief Discover is opened with."""

    model_config = ConfigDict(extra="forbid")
    niches: list[str] = Field(default_factory=list, max_length=13)
    tiers: list[str] = Field(default_factory=list, max_length=4)
    platforms: list[str] = Field(default_factory=list, max_length=3)
    countries: list[str] = Field(default_factory=list, max_length=50)

    @field_validator("niches")
    @classmethod
    def _niches(cls, v: list[str]) -> list[str]:
        return _only("niches", v, NICHE_SLUGS)

    @field_validator("tiers")
    @classmethod
    def _tiers(cls, v: list[str]) -> list[str]:
        return _only("tiers", v, list(TIER_NAMES))

    @field_validator("platforms")
    @classmethod
    def _platforms(cls, v: list[str]) -> list[str]:
        return _only("platforms", v, list(PLATFORM_NAMES))

    @field_validator("countries")
    @classmethod
    def _countries(cls, v: list[str]) -> list[str]:
        out = [c.strip().upper() for c in v if c.strip()]
        bad = [c for c in out if len(c) != 2 or not c.isascii() or not c.isalpha()]
        if bad:
            raise ValueError(f"countries: {bad[0]!r} is not an ISO 3166-1 alpha-2 code such as GB")
        return list(dict.fromkeys(out))


def _money(v: Decimal | None) -> Decimal | None:
    if v is None:
        return None
    if not v.is_finite() or v < 0 or v > MAX_BUDGET:
        raise ValueError(f"must be between 0 and {MAX_BUDGET:,}")
    if v != v.quantize(Decimal("0.01")):
        raise ValueError("at most two decimal places")
    return v


def to_minor(amount: Decimal) -> int:
    """Pounds (or any currency) to pence, exactly (amounts are validated to two decimals)."""
    return int((amount * 100).to_integral_value())


def from_minor(minor: int) -> Decimal:
    """Pence to pounds with two decimals."""
    return (Decimal(minor) / 100).quantize(Decimal("0.01"))


class CampaignFields(BaseModel):
    """Fields shared by create and change."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @field_validator("budget", check_fields=False)
    @classmethod
    def _budget(cls, v: Decimal | None) -> Decimal | None:
        return _money(v)

    @field_validator("currency", check_fields=False)
    @classmethod
    def _currency(cls, v: str | None) -> str | None:
        return None if v is None else currency_code(v)


class CampaignIn(CampaignFields):
    """Create a campaign for a brand of this workspace."""

    name: str = Field(min_length=1, max_length=120)
    brand_id: IdField
    objective: Objective = "awareness"
    description: str = Field(default="", max_length=5000)
    budget: Decimal | None = Field(default=None, description="In the campaign's currency, e.g. 5000.00")
    currency: str = "GBP"
    starts_on: date | None = None
    ends_on: date | None = None
    target: CampaignTarget = Field(default_factory=CampaignTarget)

    @model_validator(mode="after")
    def _dates(self) -> "CampaignIn":
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValueError("ends_on: the campaign ends before it starts")
        return self


class CampaignPatch(CampaignFields):
    """Change some fields; `version` is the one you read (a newer save by someone else is a 409)."""

    version: int = Field(ge=1, le=2**31 - 1)
    name: str | None = Field(default=None, min_length=1, max_length=120)
    objective: Objective | None = None
    description: str | None = Field(default=None, max_length=5000)
    budget: Decimal | None = None
    currency: str | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    target: CampaignTarget | None = None


class StatusIn(BaseModel):
    """Move a campaign to another status."""

    model_config = ConfigDict(extra="forbid")
    status: Status
    version: int | None = Field(default=None, ge=1, le=2**31 - 1, description="The version you read (optional)")


class CampaignOut(BaseModel):
    """A campaign with its pipeline's size per stage."""

    id: int
    name: str
    brand_id: int
    brand_name: str
    objective: Objective
    status: Status
    description: str
    budget: Decimal | None
    currency: str
    starts_on: date | None
    ends_on: date | None
    target: CampaignTarget
    owner_email: str | None
    version: int
    creators: int
    stage_counts: dict[str, int]
    allowed_status_moves: list[str]
    created_at: UtcDatetime
    updated_at: UtcDatetime


class PipelineAdd(BaseModel):
    """Add creators: account ids (from Discover or a profile), a list's accounts, or handles."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    account_ids: list[IdField] = Field(default_factory=list, max_length=MAX_ADD)
    list_id: IdField | None = None
    handles: list[str] = Field(default_factory=list, max_length=MAX_ADD,
                               description="'@handle' or 'platform:handle', e.g. 'tiktok:jo.bakes'")
    note: str = Field(default="", max_length=2000)

    @field_validator("handles")
    @classmethod
    def _handles(cls, v: list[str]) -> list[str]:
        out = [h.strip() for h in v if h.strip()]
        if any(len(h) > 120 for h in out):
            raise ValueError("a handle is at most 120 characters")
        return out

    @model_validator(mode="after")
    def _something(self) -> "PipelineAdd":
        if not (self.account_ids or self.list_id or self.handles):
            raise ValueError("give account_ids, a list_id or handles")
        return self


class AddResult(BaseModel):
    """What an add did: accounts added, and those already in the campaign (left as they were)."""

    added: list[int]
    already_in: list[int]


class StageMove(BaseModel):
    """Move one creator to another stage."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    stage: Stage
    version: int | None = Field(default=None, ge=1, le=2**31 - 1,
                                description="The version you read; if someone moved the creator since, 409")
    note: str = Field(default="", max_length=2000)


class BulkMove(BaseModel):
    """Move several creators to one stage: all of them or none."""

    model_config = ConfigDict(extra="forbid")
    ids: list[IdField] = Field(min_length=1, max_length=MAX_ADD)
    stage: Stage


class PipelineRow(BaseModel):
    """One creator in a campaign's pipeline."""

    id: int
    account_id: int
    creator_id: int
    platform: str
    handle: str
    name: str
    followers: int | None
    tier: str | None
    engagement_rate: float | None
    stage: Stage
    stage_changed_at: UtcDatetime
    allowed_moves: list[str]
    note: str
    version: int
    added_at: UtcDatetime


class EventOut(BaseModel):
    """One line of the activity timeline."""

    id: int
    kind: str
    campaign_creator_id: int | None
    handle: str | None
    old_value: str
    new_value: str
    detail: str
    actor_email: str | None
    at: UtcDatetime


# ---------- briefs, submissions, review ----------

Platform = Literal["instagram", "tiktok", "youtube"]
Format = Literal["post", "carousel", "reel", "story", "video", "short"]
FORMAT_NAMES = {"post": "Post", "carousel": "Carousel", "reel": "Reel", "story": "Story", "video": "Video",
                "short": "Short"}


class Deliverable(BaseModel):
    """What each creator delivers: so many posts of a format on a platform, by a date, with usage terms."""

    model_config = ConfigDict(extra="forbid")
    platform: Platform = "instagram"
    format: Format = "post"
    count: int = Field(default=1, ge=1, le=100)
    due_on: date | None = None
    usage_rights_days: int = Field(default=0, ge=0, le=3650)
    exclusivity_days: int = Field(default=0, ge=0, le=3650)


def _clean_list(values: list[str], strip: str = "") -> list[str]:
    out = [v.strip().lstrip(strip).strip() for v in values]
    if any(len(v) > 200 for v in out):
        raise ValueError("an entry is at most 200 characters")
    return list(dict.fromkeys(v for v in out if v))


class BriefIn(BaseModel):
    """A brief version; `base_version` is the version you edited (0 for the first), so a newer one is a 409."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    base_version: int = Field(ge=0, le=2**31 - 1)
    key_messages: str = Field(default="", max_length=5000)
    dos: list[str] = Field(default_factory=list, max_length=50)
    donts: list[str] = Field(default_factory=list, max_length=50)
    banned_words: list[str] = Field(default_factory=list, max_length=200)
    required_hashtags: list[str] = Field(default_factory=list, max_length=30)
    required_mentions: list[str] = Field(default_factory=list, max_length=30)
    required_links: list[str] = Field(default_factory=list, max_length=10)
    promo_codes: list[str] = Field(default_factory=list, max_length=10)
    disclosure_rules: Literal["uk", "us"] = "uk"
    deliverables: list[Deliverable] = Field(default_factory=list, max_length=20)
    product: str = Field(default="", max_length=2000)

    @field_validator("dos", "donts", "banned_words", "required_links", "promo_codes")
    @classmethod
    def _lists(cls, v: list[str]) -> list[str]:
        return _clean_list(v)

    @field_validator("required_hashtags")
    @classmethod
    def _tags(cls, v: list[str]) -> list[str]:
        out = _clean_list(v, "#")
        if any(not re.fullmatch(r"\w+", t) for t in out):
            raise ValueError("a hashtag is letters, digits and underscores only, e.g. CosyNightIn")
        return out

    @field_validator("required_mentions")
    @classmethod
    def _mentions(cls, v: list[str]) -> list[str]:
        out = _clean_list(v, "@")
        if any(not re.fullmatch(r"[\w.]+", t) for t in out):
            raise ValueError("a handle is letters, digits, dots and underscores, e.g. hollandandbarrett")
        return out


class BriefOut(BaseModel):
    """One version of a brief (`version` 0 and empty lists when none is written yet)."""

    campaign_id: int
    version: int
    key_messages: str
    dos: list[str]
    donts: list[str]
    banned_words: list[str]
    required_hashtags: list[str]
    required_mentions: list[str]
    required_links: list[str]
    promo_codes: list[str]
    disclosure_rules: Literal["uk", "us"]
    deliverables: list[Deliverable]
    product: str
    created_by_email: str | None = None
    created_at: UtcDatetime | None = None


class SubmissionIn(BaseModel):
    """A draft: the caption as it will be posted, and any links that go with it."""

    model_config = ConfigDict(extra="forbid")
    caption: str = Field(min_length=1, max_length=5000)
    links: list[str] = Field(default_factory=list, max_length=10)

    @field_validator("links")
    @classmethod
    def _links(cls, v: list[str]) -> list[str]:
        return _clean_list(v)


class SpanOut(BaseModel):
    start: int
    end: int
    text: str


class CheckOut(BaseModel):
    """One automated check: pass, warn, fail or info, why, and where in the caption."""

    key: str
    label: str
    status: Literal["pass", "warn", "fail", "info"]
    message: str
    evidence: list[SpanOut]


class MediaOut(BaseModel):
    """A file with a draft: its type as read from its bytes, size and where to fetch it."""

    id: int
    submission_id: int
    content_type: str
    kind: Literal["image", "video"]
    size: int
    sha256: str
    filename: str
    url: str
    created_at: UtcDatetime


LIVE_HOSTS = ("instagram.com", "tiktok.com", "youtube.com", "youtu.be")


class LiveIn(BaseModel):
    """The post as published: its link and its caption as it reads on the platform."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    url: str = Field(min_length=1, max_length=500)
    caption: str = Field(min_length=1, max_length=5000)

    @field_validator("url")
    @classmethod
    def _post_link(cls, v: str) -> str:
        parts = urlsplit(v)
        host = (parts.hostname or "").lower().removeprefix("www.").removeprefix("m.")
        if parts.scheme not in ("http", "https") or not any(host == h or host.endswith("." + h)
                                                             for h in LIVE_HOSTS):
            raise ValueError("must be a link to the post on Instagram, TikTok or YouTube (https://…)")
        return v


class SubmissionOut(BaseModel):
    """One draft version with its checks and review."""

    id: int
    campaign_creator_id: int
    version: int
    caption: str
    links: list[str]
    brief_version: int | None
    verdict: Literal["pass", "warn", "fail"]
    checks: list[CheckOut]
    status: Literal["in_review", "approved", "changes_requested"]
    review_comment: str
    reviewer_email: str | None
    reviewed_at: UtcDatetime | None
    created_at: UtcDatetime
    media: list[MediaOut] = Field(default_factory=list)
    live_url: str = ""
    live_caption: str = ""
    live_checks: list[CheckOut] = Field(default_factory=list)
    live_verdict: Literal["pass", "warn", "fail", ""] = ""
    live_checked_at: UtcDatetime | None = None


class ReviewIn(BaseModel):
    """A reviewer's decision on the latest draft."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    decision: Literal["approve", "request_changes"]
    comment: str = Field(default="", max_length=5000)

    @model_validator(mode="after")
    def _why(self) -> "ReviewIn":
        if self.decision == "request_changes" and not self.comment:
            raise ValueError("comment: say what to change")
        return self


# ---------- agreements, payments, spend ----------

class AgreementIn(BaseModel):
    """Terms offered to one creator; `base_version` is the version you edited (0 for the first)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    base_version: int = Field(ge=0, le=2**31 - 1)
    fee: Decimal = Field(description="The creator's fee, e.g. 350.00")
    currency: str = "GBP"
    product_value: Decimal = Decimal(0)
    deliverables: list[Deliverable] | None = Field(default=None, max_length=20,
                                                   description="Default: the brief's deliverables")
    usage_rights_days: int = Field(default=0, ge=0, le=3650)
    exclusivity_days: int = Field(default=0, ge=0, le=3650)
    payment_terms: str = Field(default="30 days after the content is live", max_length=200)

    @field_validator("fee", "product_value")
    @classmethod
    def _amount(cls, v: Decimal) -> Decimal:
        checked = _money(v)
        assert checked is not None
        return checked

    @field_validator("currency")
    @classmethod
    def _cur(cls, v: str) -> str:
        return currency_code(v)


class AgreementOut(BaseModel):
    """One version of the terms with a creator."""

    campaign_creator_id: int
    version: int
    brief_version: int | None
    fee: Decimal
    currency: str
    product_value: Decimal
    deliverables: list[Deliverable]
    usage_rights_days: int
    exclusivity_days: int
    payment_terms: str
    status: Literal["proposed", "accepted", "superseded"]
    accepted_at: UtcDatetime | None
    accepted_by_email: str | None
    on_behalf: bool
    created_at: UtcDatetime


class AcceptIn(BaseModel):
    """Record acceptance of one agreement version (by the brand on the creator's behalf, for now)."""

    model_config = ConfigDict(extra="forbid")
    version: int = Field(ge=1, le=2**31 - 1)


PaymentStatus = Literal["due", "approved", "paid", "failed"]


class PaymentOut(BaseModel):
    """One line of the payments ledger."""

    id: int
    campaign_creator_id: int
    handle: str
    agreement_version: int
    kind: Literal["fee", "product", "shipping"]
    amount: Decimal
    currency: str
    status: PaymentStatus
    method: str
    reference: str
    paid_at: UtcDatetime | None
    version: int
    created_at: UtcDatetime


class PaymentAction(BaseModel):
    """Move a payment on: approve (due → approved), paid (approved → paid), failed (approved → failed),
    retry (failed → approved). `version` is the one you read."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    action: Literal["approve", "paid", "failed", "retry"]
    version: int = Field(ge=1, le=2**31 - 1)
    method: str = Field(default="", max_length=40)
    reference: str = Field(default="", max_length=120)

    @model_validator(mode="after")
    def _paid_needs_reference(self) -> "PaymentAction":
        if self.action == "paid" and not self.reference:
            raise ValueError("reference: give the payment reference (bank transfer id, PayPal id …)")
        return self


class CreatorCost(BaseModel):
    """What one creator costs the campaign: fees + product (shipped gifts, else the terms' value) + shipping."""

    campaign_creator_id: int
    handle: str
    fees: Decimal
    product: Decimal
    shipping: Decimal
    total: Decimal
    paid: Decimal


class SpendOut(BaseModel):
    """Campaign spend against budget: committed by accepted agreements, paid so far, and the warning level."""

    campaign_id: int
    currency: str
    budget: Decimal | None
    committed: Decimal
    paid: Decimal
    share_of_budget: float | None = Field(description="committed / budget")
    warning: Literal["none", "over_80", "over_100"]
    other_currencies: list[str] = Field(description="Agreements in another currency, not added up here")
    creators: list[CreatorCost]


class ReminderOut(BaseModel):
    """Something late in a campaign."""

    kind: Literal["draft_due", "review_waiting", "gift_no_post"]
    campaign_creator_id: int
    handle: str
    message: str
    days_late: int
