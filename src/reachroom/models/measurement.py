"""What a campaign delivered: the posts linked to its creators and the metric snapshots of each post over time,
every number with its source, collection time and metric version (docs/measurement.md)."""

from datetime import date, datetime

from sqlalchemy import BigInteger, Date, DateTime, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from reachroom.models.base import Base, BigId, CreatedMixin, IdMixin, JsonDoc


class CampaignPost(IdMixin, CreatedMixin, Base):
    """A post (or story) of a campaign creator counted in the campaign: linked by hand (a pasted link), from the
    live post the creator recorded, or found by its hashtag, mention, code or link. Unlinking keeps the row."""

    __tablename__ = "campaign_posts"
    __table_args__ = (Index("uq_campaign_posts_campaign_id_url", "campaign_id", "url", unique=True),)
    campaign_id: Mapped[int] = mapped_column(BigId, ForeignKey("campaigns.id", ondelete="CASCADE"), index=True)
    campaign_creator_id: Mapped[int] = mapped_column(BigId, ForeignKey("campaign_creators.id", ondelete="CASCADE"),
                                                     index=True)
    url: Mapped[str] = mapped_column(String(500))
    platform: Mapped[str] = mapped_column(String(16))
    format: Mapped[str] = mapped_column(String(16))  # post | carousel | reel | story | video | short
    posted_at: Mapped[datetime | None] = mapped_column(DateTime(), nullable=True)
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(), nullable=True)  # stories: 24 hours after
    linked_by: Mapped[str] = mapped_column(String(8), default="manual")  # manual | live | auto
    link_reason: Mapped[str] = mapped_column(Text, default="")
    added_by: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    unlinked_at: Mapped[datetime | None] = mapped_column(DateTime(), nullable=True)
    unlinked_by: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    # the snapshot reports read (newest collection time; a later-collected one replaces it), and how many of the
    # post's snapshots are flagged: kept on the post so a report never scans every snapshot
    latest_snapshot_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("campaign_post_snapshots.id", ondelete="SET NULL", use_alter=True), nullable=True)
    flagged_snapshots: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")


class PostMetricSnapshot(IdMixin, CreatedMixin, Base):
    """A post's counts as collected at one time from one source; None = not reported. Later snapshots never
    overwrite earlier ones; contradictions are flagged on the row, not fixed."""

    __tablename__ = "campaign_post_snapshots"
    __table_args__ = (Index("ix_campaign_post_snapshots_post_collected", "campaign_post_id", "collected_at"),)
    campaign_post_id: Mapped[int] = mapped_column(BigId, ForeignKey("campaign_posts.id", ondelete="CASCADE"))
    collected_at: Mapped[datetime] = mapped_column(DateTime())
    source: Mapped[str] = mapped_column(String(16))  # platform_api | creator | manual | csv
    metric_version: Mapped[str] = mapped_column(String(24), default="")  # e.g. instagram-views-2025
    views: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    reach: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    impressions: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    likes: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    comments: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    shares: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    saves: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    link_clicks: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    watch_time_s: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    flags: Mapped[list] = mapped_column(JsonDoc, default=list)  # ["reach_above_impressions", "views_dropped", …]
    added_by: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id", ondelete="SET NULL"), nullable=True)


class EmvTable(IdMixin, CreatedMixin, Base):
    """A workspace's unit values for earned media value, one row per saved version (never edited in place), so
    every EMV figure can name the version it used. Without one, the published defaults in code apply (version 0)."""

    __tablename__ = "emv_tables"
    __table_args__ = (Index("uq_emv_tables_workspace_id_version", "workspace_id", "version", unique=True),)
    workspace_id: Mapped[int] = mapped_column(BigId, ForeignKey("workspaces.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    # {"instagram": {"views_per_1000": [low, high], "like": [low, high], …}, "tiktok": {…}, "youtube": {…}}
    values: Mapped[dict] = mapped_column(JsonDoc, default=dict)
    note: Mapped[str] = mapped_column(Text, default="")  # where the values come from
    created_by: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id", ondelete="SET NULL"), nullable=True)


class ReportShare(IdMixin, CreatedMixin, Base):
    """A read-only link to one campaign's report for someone without a login (a client): expiring, revocable,
    fees hidden unless the owner chose to show them. Only the token's SHA-256 hash is stored."""

    __tablename__ = "report_shares"
    workspace_id: Mapped[int] = mapped_column(BigId, ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    campaign_id: Mapped[int] = mapped_column(BigId, ForeignKey("campaigns.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    label: Mapped[str] = mapped_column(String(120), default="")
    show_fees: Mapped[bool] = mapped_column(default=False)
    expires_at: Mapped[datetime] = mapped_column(DateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(), nullable=True)
    last_opened_at: Mapped[datetime | None] = mapped_column(DateTime(), nullable=True)
    created_by: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id", ondelete="SET NULL"), nullable=True)


class CampaignRollup(IdMixin, Base):
    """The sums a report reads, kept up to date on every snapshot, unlink and relink: the counted posts' latest
    snapshots of one campaign, creator entry, format, platform and source. Rebuilt from the snapshots by
    `measurement.repository.recompute_latest` (what a report would compute from scratch)."""

    __tablename__ = "campaign_rollups"
    __table_args__ = (Index("uq_campaign_rollups_key", "campaign_id", "campaign_creator_id", "format", "platform",
                            "source", unique=True),)
    campaign_id: Mapped[int] = mapped_column(BigId, ForeignKey("campaigns.id", ondelete="CASCADE"))
    campaign_creator_id: Mapped[int] = mapped_column(BigId, ForeignKey("campaign_creators.id", ondelete="CASCADE"))
    format: Mapped[str] = mapped_column(String(16))
    platform: Mapped[str] = mapped_column(String(16))
    source: Mapped[str] = mapped_column(String(16))
    posts: Mapped[int] = mapped_column(BigInteger, default=0)
    sums: Mapped[dict] = mapped_column(JsonDoc, default=dict)  # count name → sum over the posts that report it
    reported: Mapped[dict] = mapped_column(JsonDoc, default=dict)  # count name → how many posts report it
    engagements: Mapped[int] = mapped_column(BigInteger, default=0)
    engagements_reported: Mapped[int] = mapped_column(BigInteger, default=0)
    collected_until: Mapped[datetime | None] = mapped_column(DateTime(), nullable=True)


class CampaignDailyDelta(IdMixin, Base):
    """How much a campaign's totals changed on one day: the sum over its counted posts of each post's latest
    numbers at the end of that day minus at the end of the day before. The running sum is the campaign's delivery
    over time; kept on every snapshot, unlink and relink, rebuilt with the rollups (docs/measurement.md)."""

    __tablename__ = "campaign_daily_deltas"
    __table_args__ = (Index("uq_campaign_daily_deltas_day", "campaign_id", "day", unique=True),)
    campaign_id: Mapped[int] = mapped_column(BigId, ForeignKey("campaigns.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date())
    views: Mapped[int] = mapped_column(BigInteger, default=0)
    reach: Mapped[int] = mapped_column(BigInteger, default=0)
    impressions: Mapped[int] = mapped_column(BigInteger, default=0)
    engagements: Mapped[int] = mapped_column(BigInteger, default=0)
    link_clicks: Mapped[int] = mapped_column(BigInteger, default=0)


class DeliverableForecast(IdMixin, CreatedMixin, Base):
    """What one deliverable of accepted terms was forecast to get, frozen when the terms were accepted (from the
    creator's posts before then): per metric the expected total, its interval and its basis."""

    __tablename__ = "deliverable_forecasts"
    __table_args__ = (Index("uq_deliverable_forecasts_terms", "campaign_creator_id", "agreement_version", "position",
                            unique=True),)
    campaign_id: Mapped[int] = mapped_column(BigId, ForeignKey("campaigns.id", ondelete="CASCADE"), index=True)
    campaign_creator_id: Mapped[int] = mapped_column(BigId, ForeignKey("campaign_creators.id", ondelete="CASCADE"))
    agreement_version: Mapped[int] = mapped_column(BigInteger)
    position: Mapped[int] = mapped_column(BigInteger)  # the deliverable's place in the terms
    platform: Mapped[str] = mapped_column(String(16))
    format: Mapped[str] = mapped_column(String(16))
    count: Mapped[int] = mapped_column(BigInteger)
    metrics: Mapped[dict] = mapped_column(JsonDoc, default=dict)  # metric → {expected, low, high, basis, sample}
    history_until: Mapped[datetime] = mapped_column(DateTime())  # posts before this time were used
    method_version: Mapped[str] = mapped_column(String(24))
