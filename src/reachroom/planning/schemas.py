"""Plan requests and answers: a budget, a goal and constraints in; the chosen creators with reasons, the proof of how
good the mix is, and "many micro or one mega" side by side out."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from reachroom.core.types import MAX_COUNT, IdField, UtcDatetime
from reachroom.core.vocab import AGE_BANDS, NICHE_SLUGS, currency_code

Goal = Literal["reach", "engagements", "sales"]
PlanFormat = Literal["post", "carousel", "reel", "story", "video", "short"]
MAX_POOL = 1000  # candidates the planner weighs (the brand's best fits); the optimizer itself is benchmarked at 50k
MAX_TIME_LIMIT = 60.0


class CoverageIn(BaseModel):
    """At least `min_creators` chosen creators in a niche, audience country or tier."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    kind: Literal["niche", "country", "tier"]
    key: str = Field(min_length=1, max_length=32)
    min_creators: int = Field(default=1, ge=1, le=100)

    @field_validator("key")
    @classmethod
    def _key(cls, v: str) -> str:
        return v.lower()


class PlanIn(BaseModel):
    """What to plan: a brand, a budget in a currency, a goal, the deliverable each creator makes, and constraints."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    brand_id: IdField
    campaign_id: IdField | None = Field(default=None, description="Save the plan on this campaign (its creators "
                                        "already booked are left out)")
    name: str = Field(default="", max_length=200)
    budget: float = Field(gt=0, le=MAX_COUNT, description="The most the plan may spend on fees")
    currency: str = Field(default="GBP", min_length=3, max_length=3)
    goal: Goal = "reach"
    format: PlanFormat = "post"
    posts_per_creator: int = Field(default=1, ge=1, le=20)
    platforms: list[Literal["instagram", "tiktok", "youtube"]] = Field(default_factory=list, max_length=3)
    countries: list[str] = Field(default_factory=list, max_length=50,
                                 description="The target audience's countries (ISO codes); empty: everyone")
    age_bands: list[str] = Field(default_factory=list, max_length=len(AGE_BANDS))
    creator_countries: list[str] = Field(default_factory=list, max_length=50,
                                         description="Only creators based in these countries; empty: anywhere")
    audience_size: float | None = Field(default=None, gt=0, le=10_000_000_000,
                                        description="People in the target audience; default: the candidates' "
                                                    "combined audience in it")
    min_creators: int = Field(default=0, ge=0, le=500)
    max_creators: int | None = Field(default=None, ge=1, le=500)
    tier_max: dict[Literal["nano", "micro", "macro", "mega"], int] = Field(default_factory=dict)
    coverage: list[CoverageIn] = Field(default_factory=list, max_length=20)
    niches: list[str] = Field(default_factory=list, max_length=len(NICHE_SLUGS))
    authenticity_min: float | None = Field(default=None, ge=0, le=100)
    exclude_safety: list[str] = Field(default_factory=list, max_length=20)
    followers_min: float | None = Field(default=None, ge=0, le=MAX_COUNT)
    followers_max: float | None = Field(default=None, ge=0, le=MAX_COUNT)
    pinned: list[IdField] = Field(default_factory=list, max_length=200, description="Account ids that must be in")
    dropped: list[IdField] = Field(default_factory=list, max_length=1000, description="Account ids kept out")
    pool: int = Field(default=300, ge=10, le=MAX_POOL, description="How many of the brand's best fits to weigh")
    time_limit: float = Field(default=10.0, ge=0.5, le=MAX_TIME_LIMIT, description="Seconds the solver may use")

    @field_validator("currency")
    @classmethod
    def _cur(cls, v: str) -> str:
        return currency_code(v)

    @field_validator("countries", "creator_countries")
    @classmethod
    def _countries(cls, v: list[str]) -> list[str]:
        out = [c.strip().upper() for c in v]
        for i, c in enumerate(out):
            if not (len(c) == 2 and c.isalpha() and c.isascii()):
                raise ValueError(f"item {i + 1}: {c[:10]!r} is not a two-letter country code such as GB")
        return list(dict.fromkeys(out))

    @field_validator("age_bands")
    @classmethod
    def _ages(cls, v: list[str]) -> list[str]:
        for a in v:
            if a not in AGE_BANDS:
                raise ValueError(f"{a[:10]!r} is not an age band; choose from {', '.join(AGE_BANDS)}")
        return list(dict.fromkeys(v))

    @field_validator("niches")
    @classmethod
    def _niches(cls, v: list[str]) -> list[str]:
        for n in v:
            if n not in NICHE_SLUGS:
                raise ValueError(f"{n[:20]!r} is not a niche; choose from {', '.join(NICHE_SLUGS)}")
        return v

    @field_validator("tier_max")
    @classmethod
    def _tiers(cls, v: dict[str, int]) -> dict[str, int]:
        for tier, n in v.items():
            if not 0 <= n <= 500:
                raise ValueError(f"{tier}: give a number of creators from 0 to 500")
        return v

    @model_validator(mode="after")
    def _consistent(self) -> PlanIn:
        if self.max_creators is not None and self.min_creators > self.max_creators:
            raise ValueError(f"min_creators: at least {self.min_creators} creators cannot fit at most "
                             f"{self.max_creators}")
        if (self.followers_min is not None and self.followers_max is not None
                and self.followers_min > self.followers_max):
            raise ValueError("followers_min: the smallest follower count is above the largest")
        if set(self.pinned) & set(self.dropped):
            raise ValueError("pinned: a creator cannot be pinned and dropped at once")
        return self


class PlanEditIn(BaseModel):
    """Pin or drop creators on a saved plan and solve again; `version` is the version you read."""

    model_config = ConfigDict(extra="forbid")
    version: int = Field(ge=1)
    pin: list[IdField] = Field(default_factory=list, max_length=200)
    drop: list[IdField] = Field(default_factory=list, max_length=200)
    unpin: list[IdField] = Field(default_factory=list, max_length=200)
    undrop: list[IdField] = Field(default_factory=list, max_length=200)
    budget: float | None = Field(default=None, gt=0, le=MAX_COUNT)


class InviteIn(BaseModel):
    """Turn a saved plan into invitations on a campaign (default: the campaign it is saved on)."""

    model_config = ConfigDict(extra="forbid")
    campaign_id: IdField | None = None


class RangeOut(BaseModel):
    expected: float
    low: float
    high: float


class PlanCreatorOut(BaseModel):
    """A candidate, in or out of the plan, with why."""

    account_id: int
    creator_id: int
    handle: str
    platform: str | None
    tier: str | None
    country: str | None
    niche: str | None
    followers: float | None
    authenticity_score: float | None
    fit: float
    chosen: bool
    pinned: bool = False
    dropped: bool = False
    fee: RangeOut
    fee_basis: str
    people_reached: float  # alone, in the target audience
    new_people: float  # what they add to (chosen) or would add to (left out) the plan's audience
    forecast: dict[str, RangeOut | None]
    forecast_basis: dict[str, str]
    reason: str
    profile_url: str


class OptionOut(BaseModel):
    """One way to spend the budget in the micro-vs-mega comparison."""

    name: str
    label: str
    handles: list[str]
    creators: int
    cost: float
    people_reached: float
    forecast: dict[str, RangeOut]
    cost_per_person: float | None
    cost_per_engagement: float | None
    gap: float | None


class ComparisonOut(BaseModel):
    options: list[OptionOut]
    winner: str
    reason: str


class CertificateOut(BaseModel):
    """How good the plan is: the goal value reached and the proven upper bound on any plan within the constraints."""

    method: str  # "greedy" | "solver"
    value: float
    upper_bound: float
    gap: float
    seconds: float
    statement: str


class PlanOut(BaseModel):
    id: int | None = None
    version: int | None = None
    name: str
    brand_id: int
    brand_name: str
    campaign_id: int | None
    goal: Goal
    currency: str
    currency_table_version: int
    budget: float
    cost: float
    infeasible: str = ""
    goal_label: str
    audience: str
    audience_size: float
    certificate: CertificateOut | None
    chosen: list[PlanCreatorOut]
    left_out: list[PlanCreatorOut]
    comparison: ComparisonOut | None
    request: PlanIn
    created_at: UtcDatetime | None = None
    candidates: int
    conversion: str = ""  # sales goal: the brand's measured orders per engagement the plan assumes
    improvable: bool = False  # a quick answer the solver has not finished proving: solve again with its full time


class PlanSummaryOut(BaseModel):
    id: int
    name: str
    brand_id: int
    campaign_id: int | None
    goal: str
    budget: float
    currency: str
    cost: float
    creators: int
    version: int
    updated_at: UtcDatetime


class InviteOut(BaseModel):
    campaign_id: int
    added: list[int]
    already_in: list[int]


class CurrencyTableIn(BaseModel):
    """Exchange rates as of a date: units of each currency per one `base`; `base_version` is the version you read."""

    model_config = ConfigDict(extra="forbid")
    base_version: int = Field(ge=0)
    as_of: date
    base: str = Field(min_length=3, max_length=3)
    rates: dict[str, float] = Field(min_length=1, max_length=200)
    note: str = Field(default="", max_length=2000)

    @field_validator("base")
    @classmethod
    def _base(cls, v: str) -> str:
        return currency_code(v)

    @field_validator("rates")
    @classmethod
    def _rates(cls, v: dict[str, float]) -> dict[str, float]:
        out = {}
        for code, rate in v.items():
            c = currency_code(code)
            if not 0 < rate < 1_000_000:
                raise ValueError(f"{c}: give a rate above 0 (units of {c} per one of the base currency)")
            out[c] = float(rate)
        return out


class CurrencyTableOut(BaseModel):
    version: int
    as_of: date
    base: str
    rates: dict[str, float]
    note: str
    is_default: bool
