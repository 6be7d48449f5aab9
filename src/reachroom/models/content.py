"""Derived content intelligence per post and per account (niches, sponsorship, tone, safety, embeddings)."""

from datetime import datetime

from sqlalchemy import Boolean, DateTime, Float, ForeignKey, Index, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from reachroom.models.base import Base, BigId, JsonDoc, utcnow


class PostContent(Base):
    """What the content job found in one post; every verdict keeps its evidence."""

    __tablename__ = "post_content"
    __table_args__ = (Index("ix_post_content_account", "account_id"),)
    post_id: Mapped[int] = mapped_column(BigId, ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True)
    account_id: Mapped[int] = mapped_column(BigId, ForeignKey("social_accounts.id", ondelete="CASCADE"))
    niche: Mapped[str | None] = mapped_column(String(24), nullable=True)
    niche_confidence: Mapped[float | None] = mapped_column(Float, nullable=True)
    niche_scores: Mapped[dict] = mapped_column(JsonDoc, default=dict)
    is_sponsored: Mapped[bool] = mapped_column(Boolean, default=False)
    sponsorship_kind: Mapped[str | None] = mapped_column(String(16), nullable=True)  # paid | gifted | affiliate
    disclosure: Mapped[str] = mapped_column(String(16), default="not_needed")  # disclosed | undisclosed | unclear
    evidence: Mapped[dict] = mapped_column(JsonDoc, default=dict)
    safety_mask: Mapped[int] = mapped_column(Integer, default=0)
    safety_flags: Mapped[list] = mapped_column(JsonDoc, default=list)  # [{"category", "words"}]
    embedding: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    method_version: Mapped[str] = mapped_column(String(24))
    computed_at: Mapped[datetime] = mapped_column(DateTime(), default=utcnow)


class AccountContent(Base):
    """A creator account's content profile, aggregated from its recent posts, bio and hashtags."""

    __tablename__ = "account_content"
    __table_args__ = (Index("ix_account_content_primary_niche", "primary_niche"),
                      Index("ix_account_content_computed_at", "computed_at"))
    account_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("social_accounts.id", ondelete="CASCADE"), primary_key=True
    )
    primary_niche: Mapped[str | None] = mapped_column(String(24), nullable=True)
    niches: Mapped[list] = mapped_column(JsonDoc, default=list)  # [{"slug", "confidence"}], multi-label
    niche_scores: Mapped[dict] = mapped_column(JsonDoc, default=dict)  # slug -> 0..1 for every taxonomy slug
    posts_analysed: Mapped[int] = mapped_column(Integer, default=0)
    sponsored_posts: Mapped[int] = mapped_column(Integer, default=0)
    sponsored_share: Mapped[float | None] = mapped_column(Float, nullable=True)
    undisclosed_count: Mapped[int] = mapped_column(Integer, default=0)
    brands_mentioned: Mapped[list] = mapped_column(JsonDoc, default=list)
    tone: Mapped[dict] = mapped_column(JsonDoc, default=dict)
    safety_mask: Mapped[int] = mapped_column(Integer, default=0)
    safety: Mapped[dict] = mapped_column(JsonDoc, default=dict)  # category -> {"count", "post_ids", "words"}
    embedding: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    method_version: Mapped[str] = mapped_column(String(24))
    computed_at: Mapped[datetime] = mapped_column(DateTime(), default=utcnow)
