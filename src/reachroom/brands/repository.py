"""All SQL for brands, scoped by the workspace context."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from reachroom.core.names import name_key
from reachroom.core.tenancy import WorkspaceContext
from reachroom.models import Brand


def list_brands(db: Session, ctx: WorkspaceContext) -> list[Brand]:
    return list(db.scalars(select(Brand).where(Brand.workspace_id == ctx.workspace_id).order_by(Brand.name)))


def get(db: Session, ctx: WorkspaceContext, brand_id: int) -> Brand | None:
    return db.scalar(select(Brand).where(Brand.workspace_id == ctx.workspace_id, Brand.id == brand_id))


def by_name(db: Session, ctx: WorkspaceContext, name: str) -> Brand | None:
    stmt = select(Brand).where(Brand.workspace_id == ctx.workspace_id, Brand.name_key == name_key(name))
    return db.scalar(stmt)


def add(db: Session, row: Brand) -> None:
    db.add(row)
    db.flush()


def delete(db: Session, row: Brand) -> None:
    db.delete(row)
    db.flush()
