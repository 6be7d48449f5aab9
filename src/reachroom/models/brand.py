"""Brands: who a workspace runs campaigns for, with voice and target audience."""

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, validates

from reachroom.core.names import NAME_KEY_LENGTH, name_key, name_key_default
from reachroom.models.base import Base, BigId, CreatedMixin, IdMixin, JsonDoc, utcnow


class Brand(IdMixin, CreatedMixin, Base):
    """A brand, scoped to one workspace."""

    __tablename__ = "brands"
    # Names clash on name_key (NFKC casefold), so "Élan" and "élan" can't coexist, even in a race.
    __table_args__ = (UniqueConstraint("workspace_id", "name"),
                      Index("uq_brands_workspace_id_name_key", "workspace_id", "name_key", unique=True))
    workspace_id: Mapped[int] = mapped_column(BigId, ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    name_key: Mapped[str] = mapped_column(String(NAME_KEY_LENGTH), default=name_key_default)
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

    @validates("name")
    def _key(self, _, name: str) -> str:
        self.name_key = name_key(name)
        return name
