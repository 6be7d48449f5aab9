"""Plans (issue #16): a saved answer to "which creators, for this budget and goal", with the inputs it was solved
for, so a planner can pin or drop creators and solve again; and the workspace's dated currency rate table."""

from datetime import date, datetime

from sqlalchemy import BigInteger, Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from reachroom.models.base import Base, BigId, CreatedMixin, IdMixin, JsonDoc, utcnow


class SavedPlan(IdMixin, CreatedMixin, Base):
    """A creator mix solved for a brand's budget and goal, optionally saved on a campaign. `request` is what it was
    solved for (pins and drops included), `result` the answer with reasons and the comparison."""

    __tablename__ = "plans"
    workspace_id: Mapped[int] = mapped_column(BigId, ForeignKey("workspaces.id", ondelete="CASCADE"), index=True)
    brand_id: Mapped[int] = mapped_column(BigId, ForeignKey("brands.id", ondelete="CASCADE"), index=True)
    campaign_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("campaigns.id", ondelete="SET NULL"),
                                                    nullable=True, index=True)
    name: Mapped[str] = mapped_column(String(200))
    request: Mapped[dict] = mapped_column(JsonDoc, default=dict)
    result: Mapped[dict] = mapped_column(JsonDoc, default=dict)
    created_by: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    # bumped on every re-solve; a re-solve that names an older version is refused (two planners at once)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(DateTime(), default=utcnow, onupdate=utcnow)
    __mapper_args__ = {"version_id_col": version}


class CurrencyTable(IdMixin, CreatedMixin, Base):
    """A workspace's exchange rates as of a date, one row per saved version (never edited in place), so every
    converted fee can name the table it used. Without one, the dated defaults in code apply (version 0)."""

    __tablename__ = "currency_tables"
    __table_args__ = (Index("uq_currency_tables_workspace_id_version", "workspace_id", "version", unique=True),)
    workspace_id: Mapped[int] = mapped_column(BigId, ForeignKey("workspaces.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(BigInteger)
    as_of: Mapped[date] = mapped_column(Date)
    base: Mapped[str] = mapped_column(String(3))
    rates: Mapped[dict] = mapped_column(JsonDoc, default=dict)  # {"EUR": 1.17, …}: units of each per 1 base
    note: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
