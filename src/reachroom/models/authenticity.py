"""Follower-sample uploads and the authenticity score per account."""

from datetime import datetime

from sqlalchemy import DateTime, Float, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from reachroom.models.base import Base, BigId, CreatedMixin, IdMixin, JsonDoc, utcnow


class FollowerSampleUpload(IdMixin, CreatedMixin, Base):
    """One uploaded follower sample (CSV); its rows are FollowerSample rows with this upload_id."""

    __tablename__ = "follower_sample_uploads"
    account_id: Mapped[int] = mapped_column(BigId, ForeignKey("social_accounts.id", ondelete="CASCADE"), index=True)
    # NULL: part of the shared catalogue; otherwise private to the workspace that uploaded it.
    workspace_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("workspaces.id", ondelete="CASCADE"), nullable=True, index=True
    )
    filename: Mapped[str] = mapped_column(String(255), default="")
    rows: Mapped[int] = mapped_column(Integer, default=0)
    source: Mapped[str] = mapped_column(String(16), default="csv_import")
    uploaded_by: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id", ondelete="SET NULL"), nullable=True)


class AccountAuthenticity(Base):
    """Authenticity score of an account with its signals; scope_key 0 = shared data, else a workspace's view."""

    __tablename__ = "account_authenticity"
    __table_args__ = (Index("ix_account_authenticity_computed_at", "computed_at"),)
    account_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("social_accounts.id", ondelete="CASCADE"), primary_key=True
    )
    scope_key: Mapped[int] = mapped_column(BigId, primary_key=True, default=0)
    score: Mapped[float | None] = mapped_column(Float, nullable=True)
    level: Mapped[str] = mapped_column(String(16))
    confidence: Mapped[float] = mapped_column(Float)
    signals: Mapped[list] = mapped_column(JsonDoc, default=list)
    suspicious_share: Mapped[float | None] = mapped_column(Float, nullable=True)
    suspicious_share_low: Mapped[float | None] = mapped_column(Float, nullable=True)
    suspicious_share_high: Mapped[float | None] = mapped_column(Float, nullable=True)
    sample_size: Mapped[int | None] = mapped_column(Integer, nullable=True)
    audience_types: Mapped[dict] = mapped_column(JsonDoc, default=dict)
    method_version: Mapped[str] = mapped_column(String(24))
    computed_at: Mapped[datetime] = mapped_column(DateTime(), default=utcnow)
