"""Request and response shapes of measurement: linking posts, snapshots (one, or a CSV), and the report."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from reachroom.core.types import UtcDatetime

Format = Literal["post", "carousel", "reel", "story", "video", "short"]
Source = Literal["platform_api", "creator", "manual", "csv"]
SOURCE_NAMES = {"platform_api": "platform API", "creator": "creator-reported", "manual": "typed in", "csv": "CSV"}
FORMAT_NAMES = {"post": "Post", "carousel": "Carousel", "reel": "Reel", "story": "Story", "video": "Video",
                "short": "Short"}
MAX_COUNT = 10**12
# the metric versions each platform's connector names (connectors/), the current one first: Instagram counts
# views since 2025 where it counted impressions before, so the two are never added up unawares
METRIC_VERSIONS = {"instagram": ("instagram-views-2025", "instagram-impressions"), "tiktok": ("tiktok-display-v2",),
                   "youtube": ("youtube-data-v3",)}
# what a marketer reads for each (pages and the PDF; the API and CSV keep the identifiers)
METRIC_VERSION_NAMES = {"instagram-views-2025": "Instagram views (current metric)",
                        "instagram-impressions": "Instagram impressions (older metric)",
                        "tiktok-display-v2": "TikTok Display API", "youtube-data-v3": "YouTube Data API"}


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


class CountsIn(BaseModel):
    """A post's counts at one time; leave out what was not reported (a creator's form and API take this)."""

    model_config = ConfigDict(extra="forbid")
    collected_at: datetime
    views: int | None = Field(default=None, ge=0, le=MAX_COUNT)
    reach: int | None = Field(default=None, ge=0, le=MAX_COUNT)
    impressions: int | None = Field(default=None, ge=0, le=MAX_COUNT)
    likes: int | None = Field(default=None, ge=0, le=MAX_COUNT)
    comments: int | None = Field(default=None, ge=0, le=MAX_COUNT)
    shares: int | None = Field(default=None, ge=0, le=MAX_COUNT)
    saves: int | None = Field(default=None, ge=0, le=MAX_COUNT)
    link_clicks: int | None = Field(default=None, ge=0, le=MAX_COUNT)
    watch_time_s: int | None = Field(default=None, ge=0, le=MAX_COUNT)


class SnapshotIn(CountsIn):
    """A post's counts at one time with their source; leave out what the source does not report."""

    source: Source = "manual"
    metric_version: str = Field(default="", max_length=24)


class PlatformSnapshotIn(BaseModel):
    """What a platform's API answered about the post (forwarded as it came), and when it was asked."""

    model_config = ConfigDict(extra="forbid")
    collected_at: datetime
    response: dict[str, Any] = Field(description="Instagram Graph API media insights, YouTube Data API videos.list "
                                                 "(part=statistics) or TikTok Display API video/query, as returned")


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
    metric_versions: list[str] = Field(default_factory=list, description=(
        "The metric versions of the counted posts' latest numbers behind this figure (views and impressions)"))
    warning: str | None = Field(default=None, description=(
        "Set when posts of one platform counted under different metric versions are added up here"))


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
    cost: Decimal | None = Field(description="A creator's committed spend; a format's: each creator's cost shared "
                                             "equally by their counted posts, summed over the format's posts")
    cpm: float | None
    cpe: float | None
    cost_per_post: float | None = None
    cpv: float | None = Field(None, description="Cost per view")
    cpc: float | None = Field(None, description="Cost per link click")
    engagement_rate: float | None = Field(description="By reach where the posts report it, else by views")
    engagement_rate_basis: Literal["reach", "views"] | None = None
    er_by_reach: float | None = Field(None, description="Engagements ÷ reach over the posts reporting both")
    er_by_views: float | None = Field(None, description="Engagements ÷ views over the posts reporting both")
    metric_versions: list[str] = Field(default_factory=list)


class DeliveryPoint(BaseModel):
    """The campaign's totals at the end of one day (each counted post's latest numbers then, summed)."""

    day: date
    views: int
    reach: int
    impressions: int
    engagements: int
    link_clicks: int


class UniqueReachOut(BaseModel):
    """Estimated unique people reached across the campaign's posts and creators, with its interval and method."""

    estimate: int
    low: int
    high: int
    sum_of_reach: int = Field(description="The upper bound: nobody saw two posts")
    largest_creator: int = Field(description="The lower bound: the creator who reached most people on their own")
    population: int
    population_given: bool = Field(description="True when the population was given, else the audiences added up")
    creators: int
    method: str
    definition: str


class MetricVsActual(BaseModel):
    """One metric of a deliverable: the forecast total and its interval beside what the counted posts got."""

    metric: Literal["views", "reach", "engagements"]
    expected: float
    low: float
    high: float
    actual: float | None = Field(description="None until a counted post of the deliverable reports it")
    within: bool | None = Field(description="Whether the actual fell in the interval; None until delivered in full")
    basis: str
    sample_size: int


class DeliverableVsActual(BaseModel):
    """A deliverable of accepted terms: its forecast (frozen at acceptance) and its delivery so far."""

    entry_id: int
    handle: str
    platform: str
    format: str
    count: int
    delivered: int = Field(description="Counted posts of the deliverable's format")
    finished: bool
    forecast_at: UtcDatetime = Field(description="The forecast used the creator's posts before this time")
    method_version: str
    metrics: list[MetricVsActual]


class ForecastCoverage(BaseModel):
    """How often the forecasts' intervals held over the deliverables delivered in full."""

    level: float = Field(description="The intervals' nominal level (0.8: they should hold 80% of the time)")
    judged: int = Field(description="Metrics of finished deliverables with an actual number")
    within: int
    coverage: float | None
    method_version: str


class RangeDelivery(BaseModel):
    """What the counted posts gained between two days (from the daily changes): the range's own delivery."""

    start: date | None
    end: date | None
    views: int
    reach: int
    impressions: int
    engagements: int
    link_clicks: int


class ReportOut(BaseModel):
    """A campaign's delivery: headline figures with provenance, by creator, by format, and its posts."""

    campaign_id: int
    campaign: str
    brand: str
    currency: str
    cost: Decimal | None
    cpm_basis: str | None
    figures: list[Figure]
    creators: list[GroupRow]
    formats: list[GroupRow]
    posts: list[PostOut]
    flagged_snapshots: int
    emv: "EmvOut | None" = None
    unique_reach: UniqueReachOut | None = None
    forecasts: list[DeliverableVsActual] = Field(default_factory=list)
    sales: "SalesOut | None" = None
    range: RangeDelivery | None = Field(default=None, description=(
        "With start and/or end: what the posts gained between them; delivery over time and sales are limited to "
        "the range, the headline figures stay each post's latest numbers"))
    forecast_coverage: ForecastCoverage | None = None
    delivery: list[DeliveryPoint] = Field(default_factory=list, description=(
        "Delivery over time: at the end of each day a number changed, the sum over counted posts of each post's "
        "latest numbers then (reach as sum of post reach)"))


EMV_PLATFORMS = ("instagram", "tiktok", "youtube")
ACTION_NAMES = {"views_per_1000": "per 1,000 views", "impressions_per_1000": "per 1,000 impressions",
                "like": "per like", "comment": "per comment", "share": "per share", "save": "per save"}


class EmvTableIn(BaseModel):
    """Unit values per platform and action as [low, high] in one currency; `base_version` is the version you read."""

    model_config = ConfigDict(extra="forbid")
    base_version: int = Field(ge=0)
    currency: str = Field(pattern=r"^[A-Za-z]{3}$")
    values: dict[Literal["instagram", "tiktok", "youtube"], dict[
        Literal["views_per_1000", "impressions_per_1000", "like", "comment", "share", "save"],
        tuple[float, float]]]
    note: str = Field(default="", max_length=2000)

    @field_validator("values")
    @classmethod
    def _ranges(cls, v: dict) -> dict:
        for platform, actions in v.items():
            for action, (low, high) in actions.items():
                if not (0 <= low <= high <= 1_000_000):
                    raise ValueError(f"{platform} {action}: give 0 ≤ low ≤ high (e.g. [0, 0.10])")
        return v


class EmvTableOut(BaseModel):
    """The unit-value table in use: its version (0 = the published defaults), currency, values and sources."""

    version: int
    currency: str
    values: dict[str, dict[str, list[float]]]
    note: str
    is_default: bool


class EmvOut(BaseModel):
    """A campaign's earned media value: a range, never one number, with the table version it used."""

    low: float
    high: float
    currency: str
    table_version: int
    note: str




class ShareIn(BaseModel):
    """A read-only link to this report: for how many days, whether it shows fees and costs, a label for you."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    days: int = Field(default=30, ge=1, le=365)
    show_fees: bool = False
    label: str = Field(default="", max_length=120)


class ShareOut(BaseModel):
    """A share link as its owner sees it (the full link only in the answer that made it)."""

    id: int
    label: str
    prefix: str
    show_fees: bool
    expires_at: UtcDatetime
    revoked_at: UtcDatetime | None
    last_opened_at: UtcDatetime | None
    url: str | None = None


class FindOut(BaseModel):
    """What the post finder did: posts counted now, posts looked at, why each was counted."""

    linked: int
    checked: int
    reasons: list[str]
    note: str


class CampaignResult(BaseModel):
    """One campaign of a brand: what its counted posts delivered and what it cost (its own currency)."""

    campaign_id: int
    campaign: str
    status: str
    currency: str
    posts: int
    views: int | None
    reach: int | None = Field(description="Sum of post reach")
    impressions: int | None
    engagements: int | None
    cost: Decimal
    cpm: float | None
    cpe: float | None
    engagement_rate: float | None = Field(description="By reach where the posts report it, else by views")
    engagement_rate_basis: Literal["reach", "views"] | None = None
    collected_until: UtcDatetime | None


class CreatorResult(BaseModel):
    """One creator account across a brand's campaigns (costs in one currency), with a rebooking verdict."""

    account_id: int
    creator_id: int
    handle: str
    platform: str
    campaigns: int
    posts: int
    views: int | None
    reach: int | None
    engagements: int | None
    currency: str
    cost: Decimal
    cpe: float | None
    cpm: float | None
    engagement_rate: float | None = Field(description="By reach where the posts report it, else by views")
    engagement_rate_basis: Literal["reach", "views"] | None = None
    verdict: Literal["rebook", "consider", "review", "no_numbers"]
    reason: str


class BrandResultsOut(BaseModel):
    """A brand's campaigns side by side and a leaderboard of the creators who worked on them."""

    brand_id: int
    brand: str
    campaigns: list[CampaignResult]
    creators: list[CreatorResult]
    verdict_rule: str


class TrackingIn(BaseModel):
    """A creator's promo code and the page their tracked link opens."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    code: str = Field(min_length=3, max_length=40, pattern=r"^[A-Za-z0-9_-]+$")
    landing_url: str = Field(default="", max_length=400)

    @field_validator("landing_url")
    @classmethod
    def _web(cls, v: str) -> str:
        if v and not v.lower().startswith(("https://", "http://")):
            raise ValueError("a web address starting with https://")
        return v


class TrackingOut(BaseModel):
    """One campaign creator's code and tracked link (None until made)."""

    entry_id: int
    handle: str
    platform: str
    code: str | None
    landing_url: str | None
    link: str | None = Field(description="The landing page with utm_source, utm_medium, utm_campaign, utm_content")


class OrdersImportOut(BaseModel):
    """What an order CSV did: orders added, updated (a refund or status changed), already there unchanged."""

    added: int
    updated: int
    already_there: int


class ShopWebhookIn(BaseModel):
    """The signing secret of the shop's order webhook (Shopify: the app's client secret)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    secret: str = Field(min_length=16, max_length=200)


class ShopWebhookOut(BaseModel):
    """Where the shop sends its order webhooks (the secret is never shown again)."""

    path: str
    topics: list[str]


class AttributedOrderOut(BaseModel):
    """One order credited to a campaign creator (the buyer's email is never shown)."""

    order: str
    ordered_at: UtcDatetime
    source: str
    currency: str
    total: Decimal
    refunded: Decimal
    entry_id: int
    handle: str
    by: Literal["code", "link"]
    touch_at: UtcDatetime = Field(description="The creator's touch (a post going up, or the campaign's start) "
                                               "the order came within the window of")


class CreatorSales(BaseModel):
    """One creator's attributed orders in the campaign's currency."""

    entry_id: int
    handle: str
    code: str | None
    orders: int
    by_code: int
    by_link: int
    revenue: Decimal
    refunds: Decimal
    new_customers: int
    cost: Decimal | None
    roas: float | None


class SalesOut(BaseModel):
    """Orders attributed to the campaign's creators (last touch within the window, a code beats a link)."""

    currency: str
    window_days: int
    orders: int
    revenue: Decimal = Field(description="Order totals net of refunds")
    refunds: Decimal
    new_customers: int = Field(description="Buyers whose first order in this workspace this was")
    roas: float | None = Field(description="Revenue ÷ the campaign's committed spend")
    creators: list[CreatorSales]
    other_currencies: dict[str, int] = Field(description="Attributed orders in other currencies (not added up)")
    note: str


ReportOut.model_rebuild()
