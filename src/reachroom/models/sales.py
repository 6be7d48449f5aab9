"""Sales attributed to campaign creators: each creator's promo code and tracked link, the brand's orders (from
a Shopify export or its signed webhook) and the webhook's connection (docs/measurement.md, "Sales")."""

from datetime import datetime

from sqlalchemy import BigInteger, DateTime, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from reachroom.models.base import Base, BigId, CreatedMixin, IdMixin, JsonDoc, utcnow


class CreatorTracking(IdMixin, CreatedMixin, Base):
    """One campaign creator's promo code and tracked (UTM) link; a code is one creator's in its workspace."""

    __tablename__ = "creator_tracking"
    __table_args__ = (Index("uq_creator_tracking_code", "workspace_id", "code_key", unique=True),
                      Index("uq_creator_tracking_utm", "workspace_id", "utm_campaign", "utm_content", unique=True))
    workspace_id: Mapped[int] = mapped_column(BigId, ForeignKey("workspaces.id", ondelete="CASCADE"))
    campaign_id: Mapped[int] = mapped_column(BigId, ForeignKey("campaigns.id", ondelete="CASCADE"), index=True)
    campaign_creator_id: Mapped[int] = mapped_column(BigId, ForeignKey("campaign_creators.id", ondelete="CASCADE"),
                                                     unique=True)
    code: Mapped[str] = mapped_column(String(40))
    code_key: Mapped[str] = mapped_column(String(40))  # upper case: codes match whatever case the buyer typed
    landing_url: Mapped[str] = mapped_column(String(500))
    utm_campaign: Mapped[str] = mapped_column(String(80))
    utm_content: Mapped[str] = mapped_column(String(80))


class SalesOrder(IdMixin, CreatedMixin, Base):
    """One order of the brand's shop: totals in minor units, the codes used, where the buyer landed, and a hash of
    the buyer's email (to tell new customers apart, never the address itself)."""

    __tablename__ = "sales_orders"
    __table_args__ = (Index("uq_sales_orders_external", "workspace_id", "external_id", unique=True),
                      Index("ix_sales_orders_time", "workspace_id", "ordered_at"))
    workspace_id: Mapped[int] = mapped_column(BigId, ForeignKey("workspaces.id", ondelete="CASCADE"))
    external_id: Mapped[str] = mapped_column(String(64))  # the shop's order name, e.g. "#1001"
    source: Mapped[str] = mapped_column(String(8))  # csv | webhook
    ordered_at: Mapped[datetime] = mapped_column(DateTime())
    currency: Mapped[str] = mapped_column(String(3))
    total_minor: Mapped[int] = mapped_column(BigInteger)
    refunded_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    discount_codes: Mapped[list] = mapped_column(JsonDoc, default=list)  # upper case
    landing_site: Mapped[str] = mapped_column(String(1000), default="")
    customer_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    financial_status: Mapped[str] = mapped_column(String(24), default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime(), default=utcnow, onupdate=utcnow)


class ShopWebhook(IdMixin, CreatedMixin, Base):
    """A workspace's Shopify order webhook: the id in its URL and the signing secret, encrypted at rest."""

    __tablename__ = "shop_webhooks"
    workspace_id: Mapped[int] = mapped_column(BigId, ForeignKey("workspaces.id", ondelete="CASCADE"), unique=True)
    public_id: Mapped[str] = mapped_column(String(40), unique=True)
    secret_encrypted: Mapped[str] = mapped_column(Text)
    created_by: Mapped[int | None] = mapped_column(BigId, ForeignKey("users.id", ondelete="SET NULL"), nullable=True)


class ShopWebhookDelivery(IdMixin, Base):
    """A webhook delivery already taken (Shopify's X-Shopify-Webhook-Id): the same one again is a replay."""

    __tablename__ = "shop_webhook_deliveries"
    __table_args__ = (Index("uq_shop_webhook_deliveries", "webhook_id", "delivery_id", unique=True),)
    webhook_id: Mapped[int] = mapped_column(BigId, ForeignKey("shop_webhooks.id", ondelete="CASCADE"))
    delivery_id: Mapped[str] = mapped_column(String(100))
    received_at: Mapped[datetime] = mapped_column(DateTime(), default=utcnow)
