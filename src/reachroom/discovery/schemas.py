"""Discovery requests and responses: search filters with friendly names, weights, paging; explained results."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from reachroom.core.types import MAX_COUNT, IdField

MAX_SEEDS = 25  # seed accounts of one lookalike request


class AudienceFilter(BaseModel):
    """At least `min_share` of the audience in `key` of `kind` (country GB, age 18-34, gender female, language en)."""

    model_config = ConfigDict(extra="forbid")
    kind: Literal["country", "age", "gender", "language"]
    key: str = Field(min_length=1, max_length=16)
    min_share: float = Field(ge=0, le=1)


class SearchFilters(BaseModel):
    """Hard filters; every one is optional. Shares and engagement rates are fractions 0-1."""

    model_config = ConfigDict(extra="forbid")
    platforms: list[str] = Field(default_factory=list, max_length=10)
    tiers: list[str] = Field(default_factory=list, max_length=10)
    followers_min: float | None = Field(default=None, ge=0, le=MAX_COUNT)
    followers_max: float | None = Field(default=None, ge=0, le=MAX_COUNT)
    er_min: float | None = Field(default=None, ge=0, le=1)
    er_max: float | None = Field(default=None, ge=0, le=1)
    er_percentile_min: float | None = Field(default=None, ge=0, le=100)
    countries: list[str] = Field(default_factory=list, max_length=100)
    languages: list[str] = Field(default_factory=list, max_length=100)
    niches: list[str] = Field(default_factory=list, max_length=20)
    niche_min_score: float = Field(default=0.5, ge=0, le=1)
    audience: list[AudienceFilter] = Field(default_factory=list, max_length=20)
    authenticity_min: float | None = Field(default=None, ge=0, le=100)
    exclude_safety: list[str] = Field(default_factory=list, max_length=20)
    sponsored_share_max: float | None = Field(default=None, ge=0, le=1)
    fee_min: float | None = Field(default=None, ge=0, le=MAX_COUNT)
    fee_max: float | None = Field(default=None, ge=0, le=MAX_COUNT)
    growth_min: float | None = Field(default=None, ge=-MAX_COUNT, le=MAX_COUNT)
    growth_max: float | None = Field(default=None, ge=-MAX_COUNT, le=MAX_COUNT)
    posts_per_week_min: float | None = Field(default=None, ge=0, le=MAX_COUNT)
    active_within_days: float | None = Field(default=None, gt=0, le=3650)
    exclude_list_ids: list[IdField] = Field(default_factory=list, max_length=50)


class SearchRequest(SearchFilters):
    """A discovery search: free text and/or a brand, filters, weights, sort and paging."""

    text: str = Field(default="", max_length=2000)
    brand_id: IdField | None = None
    brand_exclusions: bool = Field(
        default=True, description="Leave out accounts on the brand's exclusion lists (lists of kind exclusion for "
        "brand_id) without naming them in exclude_list_ids; false shows them")
    weights: dict[str, float] = Field(default_factory=dict)
    # Strength of the authenticity gate (fit x gate for low authenticity at good confidence); 0 = off.
    authenticity_gate: float = Field(default=1.0, ge=0, le=1)
    sort: str = "fit"
    order: Literal["desc", "asc"] = "desc"
    limit: int = Field(default=50, ge=1, le=200)
    offset: int = Field(default=0, ge=0, le=9800)


class LookalikeRequest(BaseModel):
    """Creators like the given accounts (content, audience, tier), the seeds excluded."""

    model_config = ConfigDict(extra="forbid")
    account_ids: list[IdField] = Field(min_length=1, max_length=MAX_SEEDS)
    limit: int = Field(default=50, ge=1, le=200)
    filters: SearchFilters = Field(default_factory=SearchFilters)
    weights: dict[str, float] = Field(default_factory=dict)


class Component(BaseModel):
    value: float
    confidence: float
    weight: float


class ResultOut(BaseModel):
    rank: int
    account_id: int
    creator_id: int
    handle: str
    display_name: str
    creator_name: str
    platform: str | None
    country: str | None
    language: str | None
    tier: str | None
    followers: float | None
    engagement_rate: float | None
    er_percentile: float | None
    authenticity_score: float | None
    est_fee_low: float | None
    est_fee_high: float | None
    top_niche: str | None
    fit: float
    confidence: float
    authenticity_gate: float = 1.0  # fit = gate x weighted sum of the components (1 = not ranked down)
    components: dict[str, Component]
    reasons: list[str]
    sort_value: float | None = None
    profile_url: str


class SeedOut(BaseModel):
    """A lookalike seed account, for a heading such as "Creators like @handle"."""

    account_id: int
    creator_id: int
    handle: str
    platform: str | None
    display_name: str
    profile_url: str


class ExcludedList(BaseModel):
    """An exclusion list a search applied: named in the request, or by default because it belongs to the brand."""

    id: int
    name: str
    brand_id: int | None = None
    by_default: bool = False  # applied because it is an exclusion list of the searched brand
    accounts: int = 0  # accounts on the list


class SearchOut(BaseModel):
    total: int
    took_ms: float
    exact: bool
    weights: dict[str, float]
    limit: int
    offset: int
    index_rows: int
    results: list[ResultOut]
    inferred_niches: dict[str, float] = Field(default_factory=dict)  # soft niche targets read from the text
    excluded_lists: list[ExcludedList] = Field(default_factory=list)  # lists whose accounts were left out
    seeds: list[int] = Field(default_factory=list)
    seed_accounts: list[SeedOut] = Field(default_factory=list)
