"""All SQL for products and shipments; callers pass a campaign id the workspace check already returned."""

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from reachroom.models import CampaignCreator, Product, Shipment, SocialAccount


def products(db: Session, campaign_id: int) -> list[tuple[Product, int]]:
    """(product, shipments of it) of a campaign, oldest first."""
    count = (select(func.count()).select_from(Shipment).where(Shipment.product_id == Product.id)
             .correlate(Product).scalar_subquery())
    stmt = select(Product, count).where(Product.campaign_id == campaign_id).order_by(Product.id)
    return [(p, n) for p, n in db.execute(stmt)]


def product(db: Session, campaign_id: int, product_id: int) -> Product | None:
    stmt = select(Product).where(Product.campaign_id == campaign_id, Product.id == product_id)
    return db.scalar(stmt)


def product_by_sku(db: Session, campaign_id: int, sku: str) -> Product | None:
    stmt = select(Product).where(Product.campaign_id == campaign_id, func.lower(Product.sku) == sku.lower())
    return db.scalar(stmt)


def shipments(db: Session, campaign_id: int, entry_id: int | None = None, ids: Sequence[int] | None = None,
              status: str | None = None) -> list[tuple[Shipment, Product, str, str]]:
    """(shipment, product, handle, creator's stage) of a campaign, oldest first; narrowed by creator, ids or
    status when given."""
    stmt = (
        select(Shipment, Product, SocialAccount.handle, CampaignCreator.stage)
        .join(Product, Product.id == Shipment.product_id)
        .join(CampaignCreator, CampaignCreator.id == Shipment.campaign_creator_id)
        .join(SocialAccount, SocialAccount.id == CampaignCreator.account_id)
        .where(CampaignCreator.campaign_id == campaign_id)
        .order_by(Shipment.id)
    )
    if entry_id is not None:
        stmt = stmt.where(Shipment.campaign_creator_id == entry_id)
    if ids is not None:
        stmt = stmt.where(Shipment.id.in_(ids))
    if status is not None:
        stmt = stmt.where(Shipment.status == status)
    return [(s, p, h, st) for s, p, h, st in db.execute(stmt)]


def add(db: Session, *rows: object) -> None:
    db.add_all(rows)
    db.flush()
