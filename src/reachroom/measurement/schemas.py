"""Request and response shapes of measurement: linking posts, snapshots (one, or a CSV), and the report."""

from datetime import datetime
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from reachroom.core.types import UtcDatetime

Format = Literal["post", "carousel", "reel", "story", "video", "short"]
Source = Literal["platform_api", "creator", "manual", "csv"]
SOURCE_NAMES = {"platform_api": "platform API", "creator": "creator-reported", "manual": "typed in", "csv": "CSV"}
FORMAT_NAMES = {"post": "Post", "carousel": "Carousel", "reel": "Reel", "story": "Story", "video": "Video",
                "short": "Short"}
MAX_COUNT = 10**12


class PostLinkIn(BaseModel):
    """A creator's post to count in the campaign: its link (and, when the link does not say, its format)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    entry_id: int = Field(ge=1, le=2**63 - 1, description="The creator in the campaign's pipeline")
    url: str = Field(min_length=8, max_length=500)
    format: Format | None = None
    posted_at: datetime | None = None

    @field_validator("url")
    @classmethod
    def _web(cls, v: str) -> str:
        if not v.lower().startswith(("https://", "http://")):
            raise ValueError("paste the post's web address, starting with https://")
        return v


class SnapshotIn(BaseModel):
    """A post's counts at one time; leave out what the source does not report."""

    model_config = ConfigDict(extra="forbid")
    collected_at: datetime
    source: Source = "manual"
    metric_version: str = Field(default="", max_length=24)
    views: int | None = Field(default=None, ge=0, le=MAX_COUNT)
    reach: int | None = Field(default=None, ge=0, le=MAX_COUNT)
    impressions: int | None = Field(default=None, ge=0, le=MAX_COUNT)
    likes: int | None = Field(default=None, ge=0, le=MAX_COUNT)
    comments: int | None = Field(default=None, ge=0, le=MAX_COUNT)
    shares: int | None = Field(default=None, ge=0, le=MAX_COUNT)
    saves: int | None = Field(default=None, ge=0, le=MAX_COUNT)
    link_clicks: int | None = Field(default=None, ge=0, le=MAX_COUNT)
    watch_time_s: int | None = Field(default=None, ge=0, le=MAX_COUNT)


class SnapshotOut(SnapshotIn):
    """A stored snapshot with what it contradicts."""

    model_config = ConfigDict(extra="ignore")
    id: int
    collected_at: UtcDatetime
    flags: list[str]


class PostOut(BaseModel):
    """A post counted in (or unlinked from) the campaign, with its latest counts."""

    id: int
    entry_id: int
    handle: str
    platform: str
    url: str
    format: str
    posted_at: UtcDatetime | None
    expires_at: UtcDatetime | None
    linked_by: str
    link_reason: str
    unlinked_at: UtcDatetime | None
    latest: SnapshotOut | None
    snapshots: int


class ImportOut(BaseModel):
    """What a snapshot CSV did: rows added, rows already there (the same post, time and source)."""

    added: int
    already_there: int
    flagged: int


class Figure(BaseModel):
    """One number of the report with what it means, where it came from, when and from how many posts."""

    key: str
    label: str
    value: float | None
    definition: str
    sources: list[str]
    collected_until: UtcDatetime | None
    posts_counted: int
    posts_total: int


class GroupRow(BaseModel):
    """Totals of one creator or one format."""

    key: str
    label: str
    posts: int
    views: int | None
    reach: int | None
    impressions: int | None
    engagements: int | None
    link_clicks: int | None
    cost: Decimal | None
    cpm: float | None
    cpe: float | None
    engagement_rate: float | None


class ReportOut(BaseModel):
    """A campaign's delivery: headline figures with provenance, by creator, by format, and its posts."""

    campaign_id: int
    campaign: str
    brand: str
    currency: str
    cost: Decimal
    cpm_basis: str | None
    figures: list[Figure]
    creators: list[GroupRow]
    formats: list[GroupRow]
    posts: list[PostOut]
    flagged_snapshots: int
