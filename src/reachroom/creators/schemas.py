"""Pydantic shapes for creator lists, profiles, posts and stats."""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from reachroom.core.types import MAX_COUNT, UtcDatetime

Platform = Literal["instagram", "tiktok", "youtube"]
Tier = Literal["nano", "micro", "macro", "mega"]
SortKey = Literal["followers", "engagement_rate", "er_percentile", "growth_90d", "posts_per_week", "handle", "name"]


class CreatorFilters(BaseModel):
    """Filters, sort and page of the creators list."""

    model_config = ConfigDict(extra="forbid")
    q: str | None = Field(default=None, max_length=100, description="Handle or name contains")
    platform: Platform | None = None
    tier: Tier | None = None
    country: str | None = Field(default=None, min_length=2, max_length=2, description="ISO 3166-1 alpha-2")
    min_followers: int | None = Field(default=None, ge=0, le=MAX_COUNT)
    max_followers: int | None = Field(default=None, ge=0, le=MAX_COUNT)
    min_er: float | None = Field(default=None, ge=0, le=100, description="Engagement rate as a fraction, e.g. 0.02")
    max_er: float | None = Field(default=None, ge=0, le=100)
    sort: SortKey = "followers"
    order: Literal["asc", "desc"] = "desc"
    page: int = Field(default=1, ge=1, le=100_000)
    size: int = Field(default=25, ge=1, le=200)

    @model_validator(mode="after")
    def _ranges(self):
        lo, hi = self.min_followers, self.max_followers
        if lo is not None and hi is not None and lo > hi:
            raise ValueError("min_followers must not exceed max_followers")
        if self.min_er is not None and self.max_er is not None and self.min_er > self.max_er:
            raise ValueError("min_er must not exceed max_er")
        if self.country:
            self.country = self.country.upper()
        if self.q is not None:
            self.q = self.q.strip() or None
        return self


class MetricValue(BaseModel):
    """A number with its definition, source, time and sample size."""

    value: float | int | str | None
    label: str
    definition: str
    source: str
    as_of: UtcDatetime | None = None
    sample_size: int | None = None
    unit: str = ""


class AccountRow(BaseModel):
    """One row of the creators list."""

    account_id: int
    creator_id: int
    platform: Platform
    handle: str
    name: str
    country: str | None
    followers: int
    tier: str | None
    engagement_rate: float | None
    er_denominator: str | None
    er_percentile: float | None
    growth_90d_pct: float | None
    posts_per_week: float | None


class AccountList(BaseModel):
    """A page of the creators list: one row per account (a creator is a person with one or more accounts)."""

    items: list[AccountRow]
    total: int = Field(description="Accounts matching the filters")
    creators: int = Field(default=0, description="Creators those accounts belong to")
    page: int
    size: int
    pages: int


class AccountOut(BaseModel):
    """A social account with its headline metrics."""

    model_config = ConfigDict(from_attributes=True)
    id: int
    platform: Platform
    handle: str
    display_name: str
    bio: str
    is_verified: bool
    followers: int
    following: int
    posts_count: int
    external_url: str | None
    source: str
    collected_at: UtcDatetime


class CreatorOut(BaseModel):
    """A creator with accounts and key metrics per account."""

    id: int
    name: str
    country: str | None
    language: str | None
    city: str | None
    accounts: list[AccountOut]
    metrics: dict[int, list[MetricValue]]


class PostOut(BaseModel):
    """A post with its latest metrics."""

    id: int
    platform_post_id: str
    posted_at: UtcDatetime
    format: str
    caption: str
    hashtags: list[str]
    is_paid_partnership: bool
    likes: int | None
    comments: int | None
    views: int | None
    reach: int | None
    shares: int | None
    saves: int | None
    engagements: int | None
    metrics_source: str | None
    metrics_collected_at: UtcDatetime | None


class PostList(BaseModel):
    """A page of an account's posts."""

    items: list[PostOut]
    total: int
    page: int
    size: int


class StatsOut(BaseModel):
    """Derived stats of an account with definitions and provenance."""

    account_id: int
    metric_version: str | None
    computed_at: UtcDatetime | None
    metrics: list[MetricValue]
    follower_history: list[tuple[UtcDatetime, int]]
    audience: dict | None
