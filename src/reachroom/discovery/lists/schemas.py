"""Pydantic shapes for lists, list items, saved searches and comparisons."""

import json
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from reachroom.core.types import MAX_ID, UtcDatetime
from reachroom.creators.schemas import MetricValue

ListKind = Literal["shortlist", "exclusion"]
MAX_TAGS = 20
MAX_TAG_LENGTH = 40
MAX_QUERY_BYTES = 20 * 1024
MAX_COMPARE = 5
MAX_LOOKALIKE_SEEDS = 20  # a list's "Find lookalikes" seeds (the discovery request takes up to 25)


def clean_tags(tags: list[str]) -> list[str]:
    """Trimmed, lower-cased, de-duplicated tags in the order given."""
    out = list(dict.fromkeys(t.strip().lower() for t in tags if t and t.strip()))
    if len(out) > MAX_TAGS:
        raise ValueError(f"at most {MAX_TAGS} tags")
    long = next((t for t in out if len(t) > MAX_TAG_LENGTH), None)
    if long is not None:
        raise ValueError(f"tag {long[:20]!r}… is longer than {MAX_TAG_LENGTH} characters")
    return out


def split_tags(text: str) -> list[str]:
    """'vegan, London ,vegan' → ['vegan', 'London', 'vegan'] (clean_tags normalises)."""
    return [t for t in text.replace("\n", ",").split(",") if t.strip()]


class ListIn(BaseModel):
    """Create a list."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    name: str = Field(min_length=1, max_length=120)
    kind: ListKind = "shortlist"
    brand_id: int | None = Field(default=None, ge=1, le=MAX_ID,
                                 description="A brand of this workspace the shortlist is for")
    description: str = Field(default="", max_length=2000)


class ListPatch(BaseModel):
    """Rename a list or change its description, brand or kind."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    name: str | None = Field(default=None, min_length=1, max_length=120)
    kind: ListKind | None = None
    brand_id: int | None = Field(default=None, ge=1, le=MAX_ID, description="Send null to detach the brand")
    description: str | None = Field(default=None, max_length=2000)


class ListOut(BaseModel):
    """A list with its size."""

    id: int
    name: str
    kind: ListKind
    brand_id: int | None
    brand_name: str | None = None
    description: str
    item_count: int = 0
    created_at: UtcDatetime


class ItemIn(BaseModel):
    """Add an account to a list."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    account_id: int = Field(ge=1, le=MAX_ID)
    note: str = Field(default="", max_length=2000)
    tags: list[str] = Field(default_factory=list, max_length=100)

    @field_validator("tags")
    @classmethod
    def _tags(cls, v):
        return clean_tags(v)


class ItemPatch(BaseModel):
    """Change the note or tags of a list item."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    note: str | None = Field(default=None, max_length=2000)
    tags: list[str] | None = Field(default=None, max_length=100)

    @field_validator("tags")
    @classmethod
    def _tags(cls, v):
        return None if v is None else clean_tags(v)


class ItemOut(BaseModel):
    """An account on a list: display fields, key numbers, the team's note and tags."""

    account_id: int
    creator_id: int
    platform: str
    handle: str
    name: str
    country: str | None
    followers: int
    tier: str | None = None
    engagement_rate: float | None = None
    er_denominator: str | None = None
    er_percentile: float | None = None
    growth_90d_pct: float | None = None
    posts_per_week: float | None = None
    est_reach: float | None = None
    note: str
    tags: list[str]
    added_at: UtcDatetime


class ListDetail(ListOut):
    """A list with its items."""

    items: list[ItemOut] = Field(default_factory=list)


class PickerList(BaseModel):
    """A list as offered in an 'Add to list' control; `chosen` is the one selected at first."""

    id: int
    name: str
    kind: ListKind
    chosen: bool = False


class SavedSearchIn(BaseModel):
    """Save a discovery query (text, brand, filters, weights) under a name."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    name: str = Field(min_length=1, max_length=120)
    query: dict = Field(description="The discovery query as a JSON object (at most 20 KB)")

    @field_validator("query")
    @classmethod
    def _query(cls, v):
        return check_query(v)


class SavedSearchPatch(BaseModel):
    """Rename a saved search or replace its query."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    name: str | None = Field(default=None, min_length=1, max_length=120)
    query: dict | None = None

    @field_validator("query")
    @classmethod
    def _query(cls, v):
        return None if v is None else check_query(v)


def check_query(query: dict) -> dict:
    """A saved query must be a JSON object no bigger than 20 KB."""
    try:
        size = len(json.dumps(query, separators=(",", ":"), allow_nan=False).encode())
    except (TypeError, ValueError) as err:
        raise ValueError(f"must be plain JSON ({err})") from None
    if size > MAX_QUERY_BYTES:
        raise ValueError(f"is {size:,} bytes; at most {MAX_QUERY_BYTES:,} allowed")
    return query


class SavedSearchOut(BaseModel):
    """A saved search as stored."""

    model_config = ConfigDict(from_attributes=True)
    id: int
    name: str
    query: dict
    created_at: UtcDatetime


class CompareAccount(BaseModel):
    """One account in a comparison: identity, key metrics and optional content and authenticity summaries."""

    account_id: int
    creator_id: int
    platform: str
    handle: str
    name: str
    country: str | None
    er_denominator: str | None = None
    metrics: list[MetricValue]
    content: dict | None = None
    authenticity: dict | None = None


class CompareRow(BaseModel):
    """One metric across the compared accounts; best_account_ids marks the winners (higher is better)."""

    key: str
    label: str
    unit: str
    values: list[float | int | str | None]
    best_account_ids: list[int] = Field(default_factory=list)


class Comparison(BaseModel):
    """2–5 accounts side by side."""

    accounts: list[CompareAccount]
    rows: list[CompareRow]
