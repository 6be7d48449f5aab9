"""Gifting: the products a campaign sends and one shipment per gift to a creator (address encrypted at rest)."""

from datetime import datetime

from sqlalchemy import BigInteger, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from reachroom.models.base import Base, BigId, CreatedMixin, IdMixin, JsonDoc, utcnow


class Product(IdMixin, CreatedMixin, Base):
    """A product a campaign gifts: name, SKU, its variants (sizes, shades) and its value per unit."""

    __tablename__ = "campaign_products"
    __table_args__ = (UniqueConstraint("campaign_id", "sku"),)
    campaign_id: Mapped[int] = mapped_column(BigId, ForeignKey("campaigns.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    sku: Mapped[str] = mapped_column(String(64))
    variants: Mapped[list] = mapped_column(JsonDoc, default=list)  # ["S", "M", "L"]; empty: one kind only
    value_minor: Mapped[int] = mapped_column(BigInteger, default=0)  # pence / cents per unit
    currency: Mapped[str] = mapped_column(String(3), default="GBP")
    created_by: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id", ondelete="SET NULL"), nullable=True)


class Shipment(IdMixin, CreatedMixin, Base):
    """One gift to one creator of a campaign: pending → shipped → delivered, or returned / lost."""

    __tablename__ = "campaign_shipments"
    campaign_creator_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("campaign_creators.id", ondelete="CASCADE"), index=True)
    product_id: Mapped[int] = mapped_column(BigId, ForeignKey("campaign_products.id", ondelete="CASCADE"),
                                            index=True)
    variant: Mapped[str] = mapped_column(String(80), default="")
    # personal data: Fernet ciphertext (core/crypto.py), '' once erased; never stored or logged in plain text
    recipient_encrypted: Mapped[str] = mapped_column(Text, default="")
    address_encrypted: Mapped[str] = mapped_column(Text, default="")
    address_erased_at: Mapped[datetime | None] = mapped_column(DateTime(), nullable=True)
    carrier: Mapped[str] = mapped_column(String(40), default="")
    tracking_number: Mapped[str] = mapped_column(String(80), default="")
    status: Mapped[str] = mapped_column(String(16), default="pending")
    shipped_at: Mapped[datetime | None] = mapped_column(DateTime(), nullable=True)
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime(), nullable=True)
    shipping_cost_minor: Mapped[int] = mapped_column(BigInteger, default=0)  # in the product's currency
    created_by: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(DateTime(), default=utcnow, onupdate=utcnow)
    __mapper_args__ = {"version_id_col": version}
