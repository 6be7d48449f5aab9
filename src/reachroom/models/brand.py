"""Brands: who a workspace runs campaigns for, with voice and target audience."""

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from reachroom.models.base import Base, BigId, CreatedMixin, IdMixin, JsonDoc, utcnow


class Brand(IdMixin, CreatedMixin, Base):
    """A brand, scoped to one workspace."""

    __tablename__ = "brands"
    __table_args__ = (UniqueConstraint("workspace_id", "name"),)
    workspace_id: Mapped[int] = mapped_column(BigId, ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    voice: Mapped[str] = mapped_column(Text, default="")
    values: Mapped[list] = mapped_column(JsonDoc, default=list)
    banned_words: Mapped[list] = mapped_column(JsonDoc, default=list)
    niches: Mapped[list] = mapped_column(JsonDoc, default=list)
    # {"age_bands": {"18-24": 0.4}, "genders": {...}, "countries": {...}, "languages": {...}}
    target_audience: Mapped[dict] = mapped_column(JsonDoc, default=dict)
    website: Mapped[str] = mapped_column(String(255), default="")
    # Brand-safety categories this brand accepts (e.g. "drugs_alcohol" for a brewery).
    tolerated_safety: Mapped[list] = mapped_column(JsonDoc, default=list, server_default="[]")
    updated_at: Mapped[datetime] = mapped_column(DateTime(), default=utcnow, onupdate=utcnow)
