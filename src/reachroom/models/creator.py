"""Creators, their social accounts and everything observed about them."""

from datetime import datetime

from sqlalchemy import (
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from reachroom.models.base import Base, BigId, CreatedMixin, IdMixin, JsonDoc, utcnow

PLATFORMS = ("instagram", "tiktok", "youtube")
FORMATS = ("image", "carousel", "video", "reel", "story", "short", "long_video")
SOURCES = ("official_api", "creator_oauth", "csv_import", "manual", "demo")


class Creator(IdMixin, CreatedMixin, Base):
    """A person behind one or more social accounts.

    workspace_id NULL means the shared catalogue every workspace can search; a workspace's own
    imports carry its id and stay private to it.
    """

    __tablename__ = "creators"
    workspace_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("workspaces.id", ondelete="CASCADE"), index=True, nullable=True
    )
    name: Mapped[str] = mapped_column(String(160), default="")
    country: Mapped[str | None] = mapped_column(String(2), nullable=True, index=True)
    language: Mapped[str | None] = mapped_column(String(8), nullable=True)
    city: Mapped[str | None] = mapped_column(String(80), nullable=True)
    email: Mapped[str | None] = mapped_column(String(254), nullable=True)
    accounts: Mapped[list["SocialAccount"]] = relationship(back_populates="creator", lazy="raise")


class SocialAccount(IdMixin, CreatedMixin, Base):
    """One account on one platform, with the latest profile counts denormalised for lists."""

    __tablename__ = "social_accounts"
    # scope_key = workspace_id, or 0 for the shared catalogue: NULLs are never equal in a unique index.
    __table_args__ = (
        UniqueConstraint("scope_key", "platform", "handle"),
        Index("ix_social_accounts_followers", "followers"),
        # The discovery index's freshness check reads max(collected_at) / max(computed_at) of its source tables.
        Index("ix_social_accounts_collected_at", "collected_at"),
    )
    creator_id: Mapped[int] = mapped_column(BigId, ForeignKey("creators.id", ondelete="CASCADE"), index=True)
    workspace_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("workspaces.id", ondelete="CASCADE"), index=True, nullable=True
    )
    scope_key: Mapped[int] = mapped_column(BigId, default=0)
    platform: Mapped[str] = mapped_column(String(16))
    handle: Mapped[str] = mapped_column(String(100))
    platform_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    display_name: Mapped[str] = mapped_column(String(160), default="")
    bio: Mapped[str] = mapped_column(Text, default="")
    is_verified: Mapped[bool] = mapped_column(Boolean, default=False)
    is_private: Mapped[bool] = mapped_column(Boolean, default=False)
    has_profile_pic: Mapped[bool] = mapped_column(Boolean, default=True)
    external_url: Mapped[str | None] = mapped_column(String(255), nullable=True)
    followers: Mapped[int] = mapped_column(Integer, default=0)
    following: Mapped[int] = mapped_column(Integer, default=0)
    posts_count: Mapped[int] = mapped_column(Integer, default=0)
    source: Mapped[str] = mapped_column(String(16), default="manual")
    collected_at: Mapped[datetime] = mapped_column(DateTime(), default=utcnow)
    creator: Mapped[Creator] = relationship(back_populates="accounts", lazy="raise")


class AccountSnapshot(IdMixin, Base):
    """Profile counts of an account at one time."""

    __tablename__ = "account_snapshots"
    __table_args__ = (Index("ix_account_snapshots_account_time", "account_id", "collected_at"),)
    account_id: Mapped[int] = mapped_column(BigId, ForeignKey("social_accounts.id", ondelete="CASCADE"))
    followers: Mapped[int] = mapped_column(Integer)
    following: Mapped[int | None] = mapped_column(Integer, nullable=True)
    posts_count: Mapped[int | None] = mapped_column(Integer, nullable=True)
    source: Mapped[str] = mapped_column(String(16))
    collected_at: Mapped[datetime] = mapped_column(DateTime())


class Post(IdMixin, Base):
    """A published post, reel, video or story."""

    __tablename__ = "posts"
    __table_args__ = (
        Index("ix_posts_account_posted", "account_id", "posted_at"),
        UniqueConstraint("account_id", "platform_post_id"),
    )
    account_id: Mapped[int] = mapped_column(BigId, ForeignKey("social_accounts.id", ondelete="CASCADE"))
    platform_post_id: Mapped[str] = mapped_column(String(64))
    posted_at: Mapped[datetime] = mapped_column(DateTime())
    format: Mapped[str] = mapped_column(String(16))
    caption: Mapped[str] = mapped_column(Text, default="")
    hashtags: Mapped[list] = mapped_column(JsonDoc, default=list)
    mentions: Mapped[list] = mapped_column(JsonDoc, default=list)
    is_paid_partnership: Mapped[bool] = mapped_column(Boolean, default=False)
    url: Mapped[str | None] = mapped_column(String(255), nullable=True)
    source: Mapped[str] = mapped_column(String(16), default="manual")
    collected_at: Mapped[datetime] = mapped_column(DateTime(), default=utcnow)


class PostSnapshot(IdMixin, Base):
    """A post's metrics at one time; absent metrics stay NULL (the platform did not report them)."""

    __tablename__ = "post_snapshots"
    __table_args__ = (Index("ix_post_snapshots_post_time", "post_id", "collected_at"),)
    post_id: Mapped[int] = mapped_column(BigId, ForeignKey("posts.id", ondelete="CASCADE"))
    views: Mapped[int | None] = mapped_column(BigId, nullable=True)
    reach: Mapped[int | None] = mapped_column(BigId, nullable=True)
    impressions: Mapped[int | None] = mapped_column(BigId, nullable=True)
    likes: Mapped[int | None] = mapped_column(Integer, nullable=True)
    comments: Mapped[int | None] = mapped_column(Integer, nullable=True)
    shares: Mapped[int | None] = mapped_column(Integer, nullable=True)
    saves: Mapped[int | None] = mapped_column(Integer, nullable=True)
    total_interactions: Mapped[int | None] = mapped_column(Integer, nullable=True)
    avg_watch_time_ms: Mapped[int | None] = mapped_column(Integer, nullable=True)
    profile_visits: Mapped[int | None] = mapped_column(Integer, nullable=True)
    link_clicks: Mapped[int | None] = mapped_column(Integer, nullable=True)
    metric_version: Mapped[str] = mapped_column(String(24), default="1")
    source: Mapped[str] = mapped_column(String(16))
    collected_at: Mapped[datetime] = mapped_column(DateTime())


class AudienceProfile(IdMixin, Base):
    """Who follows an account: shares per age band, gender, country and language."""

    __tablename__ = "audience_profiles"
    __table_args__ = (Index("ix_audience_profiles_account_time", "account_id", "collected_at"),
                      Index("ix_audience_profiles_collected_at", "collected_at"))
    account_id: Mapped[int] = mapped_column(BigId, ForeignKey("social_accounts.id", ondelete="CASCADE"))
    age_bands: Mapped[dict] = mapped_column(JsonDoc, default=dict)
    genders: Mapped[dict] = mapped_column(JsonDoc, default=dict)
    countries: Mapped[dict] = mapped_column(JsonDoc, default=dict)
    languages: Mapped[dict] = mapped_column(JsonDoc, default=dict)
    sample_size: Mapped[int | None] = mapped_column(Integer, nullable=True)
    source: Mapped[str] = mapped_column(String(16))
    collected_at: Mapped[datetime] = mapped_column(DateTime())


class FollowerSample(IdMixin, Base):
    """One sampled follower of an account, with the profile features fraud scoring reads."""

    __tablename__ = "follower_samples"
    account_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("social_accounts.id", ondelete="CASCADE"), index=True
    )
    workspace_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("workspaces.id", ondelete="CASCADE"), nullable=True, index=True
    )
    upload_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("follower_sample_uploads.id", ondelete="CASCADE"), nullable=True, index=True
    )
    username: Mapped[str | None] = mapped_column(String(100), nullable=True)
    followers: Mapped[int] = mapped_column(Integer)
    following: Mapped[int] = mapped_column(Integer)
    posts: Mapped[int] = mapped_column(Integer)
    has_profile_pic: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    is_private: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    has_external_url: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    username_length: Mapped[int | None] = mapped_column(Integer, nullable=True)
    username_digits: Mapped[int | None] = mapped_column(Integer, nullable=True)
    username_digit_ratio: Mapped[float | None] = mapped_column(Float, nullable=True)
    full_name_words: Mapped[int | None] = mapped_column(Integer, nullable=True)
    bio_length: Mapped[int | None] = mapped_column(Integer, nullable=True)
    source: Mapped[str] = mapped_column(String(16))
    collected_at: Mapped[datetime] = mapped_column(DateTime())


class CommentSample(IdMixin, Base):
    """One sampled comment on a post."""

    __tablename__ = "comment_samples"
    __table_args__ = (Index("ix_comment_samples_account", "account_id"),)
    post_id: Mapped[int] = mapped_column(BigId, ForeignKey("posts.id", ondelete="CASCADE"), index=True)
    account_id: Mapped[int] = mapped_column(BigId, ForeignKey("social_accounts.id", ondelete="CASCADE"))
    commenter_handle: Mapped[str] = mapped_column(String(100))
    text: Mapped[str] = mapped_column(Text)
    commented_at: Mapped[datetime | None] = mapped_column(DateTime(), nullable=True)
    source: Mapped[str] = mapped_column(String(16))
    collected_at: Mapped[datetime] = mapped_column(DateTime())


class AccountStats(Base):
    """Derived numbers per account, recomputed by `reachroom stats recompute`."""

    __tablename__ = "account_stats"
    __table_args__ = (Index("ix_account_stats_er", "engagement_rate"), Index("ix_account_stats_tier", "tier"),
                      Index("ix_account_stats_computed_at", "computed_at"))
    account_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("social_accounts.id", ondelete="CASCADE"), primary_key=True
    )
    metric_version: Mapped[str] = mapped_column(String(24))
    tier: Mapped[str] = mapped_column(String(8))
    band: Mapped[str] = mapped_column(String(12))
    engagement_rate: Mapped[float | None] = mapped_column(Float, nullable=True)
    er_denominator: Mapped[str] = mapped_column(String(12))
    er_posts_used: Mapped[int] = mapped_column(Integer, default=0)
    er_by_followers: Mapped[float | None] = mapped_column(Float, nullable=True)
    er_by_views: Mapped[float | None] = mapped_column(Float, nullable=True)
    er_by_reach: Mapped[float | None] = mapped_column(Float, nullable=True)
    er_percentile: Mapped[float | None] = mapped_column(Float, nullable=True)
    er_peers: Mapped[int | None] = mapped_column(Integer, nullable=True)
    median_likes: Mapped[float | None] = mapped_column(Float, nullable=True)
    median_comments: Mapped[float | None] = mapped_column(Float, nullable=True)
    median_views: Mapped[float | None] = mapped_column(Float, nullable=True)
    posts_per_week: Mapped[float | None] = mapped_column(Float, nullable=True)
    last_post_at: Mapped[datetime | None] = mapped_column(DateTime(), nullable=True)
    growth_30d_pct: Mapped[float | None] = mapped_column(Float, nullable=True)
    growth_90d_pct: Mapped[float | None] = mapped_column(Float, nullable=True)
    est_reach: Mapped[float | None] = mapped_column(Float, nullable=True)
    est_reach_low: Mapped[float | None] = mapped_column(Float, nullable=True)
    est_reach_high: Mapped[float | None] = mapped_column(Float, nullable=True)
    reach_method: Mapped[str | None] = mapped_column(String(20), nullable=True)
    details: Mapped[dict] = mapped_column(JsonDoc, default=dict)
    computed_at: Mapped[datetime] = mapped_column(DateTime(), default=utcnow)


class DemoTruth(IdMixin, Base):
    """Ground truth of injected demo problem cases; never read by scoring code."""

    __tablename__ = "demo_truth"
    account_id: Mapped[int] = mapped_column(BigId, ForeignKey("social_accounts.id", ondelete="CASCADE"), index=True)
    case: Mapped[str] = mapped_column(String(32), index=True)
    post_id: Mapped[int | None] = mapped_column(BigId, nullable=True)
    details: Mapped[dict] = mapped_column(JsonDoc, default=dict)
