"""Lists (shortlists and exclusion lists) and saved searches, scoped to a workspace."""

from datetime import datetime

from sqlalchemy import DateTime, Float, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, validates

from reachroom.core.names import NAME_KEY_LENGTH, name_key, name_key_default
from reachroom.models.base import Base, BigId, CreatedMixin, IdMixin, JsonDoc, utcnow


class CreatorList(IdMixin, CreatedMixin, Base):
    """A named list of creator accounts: a shortlist (optionally for a brand) or an exclusion list."""

    __tablename__ = "creator_lists"
    __table_args__ = (UniqueConstraint("workspace_id", "name"),
                      Index("uq_creator_lists_workspace_id_name_key", "workspace_id", "name_key", unique=True))
    workspace_id: Mapped[int] = mapped_column(BigId, ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    name_key: Mapped[str] = mapped_column(String(NAME_KEY_LENGTH), default=name_key_default)  # see Brand.name_key
    kind: Mapped[str] = mapped_column(String(16), default="shortlist")  # shortlist | exclusion
    brand_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("brands.id", ondelete="SET NULL"), nullable=True)
    description: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id", ondelete="SET NULL"), nullable=True)

    @validates("name")
    def _key(self, _, name: str) -> str:
        self.name_key = name_key(name)
        return name


class CreatorListItem(IdMixin, CreatedMixin, Base):
    """One account on a list, with the team's note and tags."""

    __tablename__ = "creator_list_items"
    __table_args__ = (UniqueConstraint("list_id", "account_id"),)
    list_id: Mapped[int] = mapped_column(BigId, ForeignKey("creator_lists.id", ondelete="CASCADE"), index=True)
    account_id: Mapped[int] = mapped_column(BigId, ForeignKey("social_accounts.id", ondelete="CASCADE"), index=True)
    note: Mapped[str] = mapped_column(Text, default="")
    tags: Mapped[list] = mapped_column(JsonDoc, default=list)
    added_by: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id", ondelete="SET NULL"), nullable=True)


class SavedSearch(IdMixin, CreatedMixin, Base):
    """A named discovery query (text, brand, filters, weights) to run again."""

    __tablename__ = "saved_searches"
    __table_args__ = (UniqueConstraint("workspace_id", "name"),
                      Index("uq_saved_searches_workspace_id_name_key", "workspace_id", "name_key", unique=True))
    workspace_id: Mapped[int] = mapped_column(BigId, ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    name_key: Mapped[str] = mapped_column(String(NAME_KEY_LENGTH), default=name_key_default)  # see Brand.name_key
    query: Mapped[dict] = mapped_column(JsonDoc, default=dict)
    created_by: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id", ondelete="SET NULL"), nullable=True)

    @validates("name")
    def _key(self, _, name: str) -> str:
        self.name_key = name_key(name)
        return name


class BrandFit(IdMixin, Base):
    """Discover's brand-fit score of one account with one brand, kept for the creator portal (the feed and a
    campaign's bids rank by it); recomputed in the background when it is missing, older than the brand's last
    edit, or a day old."""

    __tablename__ = "brand_account_fits"
    __table_args__ = (UniqueConstraint("brand_id", "account_id"),)
    workspace_id: Mapped[int] = mapped_column(BigId, ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    brand_id: Mapped[int] = mapped_column(BigId, ForeignKey("brands.id", ondelete="CASCADE"))
    account_id: Mapped[int] = mapped_column(BigId, ForeignKey("social_accounts.id", ondelete="CASCADE"), index=True)
    fit: Mapped[float] = mapped_column(Float)  # 0–1, as Discover ranks
    confidence: Mapped[float] = mapped_column(Float)
    gate: Mapped[float] = mapped_column(Float, default=1.0)  # the authenticity gate applied to the fit
    components: Mapped[dict] = mapped_column(JsonDoc, default=dict)  # name → {value, confidence, weight}
    reasons: Mapped[list] = mapped_column(JsonDoc, default=list)
    computed_at: Mapped[datetime] = mapped_column(DateTime(), default=utcnow)
