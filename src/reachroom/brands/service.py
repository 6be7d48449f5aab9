"""Brand CRUD rules: unique names per workspace, members write, viewers read."""

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from reachroom.brands import repository as repo
from reachroom.brands.schemas import BrandIn, BrandPatch
from reachroom.core.errors import AppError, conflict, invalid, not_found
from reachroom.core.names import apply_named_changes
from reachroom.core.tenancy import WorkspaceContext
from reachroom.models import Brand


def list_brands(db: Session, ctx: WorkspaceContext) -> list[Brand]:
    """Every brand of the workspace, by name."""
    return repo.list_brands(db, ctx)


def get_brand(db: Session, ctx: WorkspaceContext, brand_id: int) -> Brand:
    """One brand of this workspace or 404."""
    brand = repo.get(db, ctx, brand_id)
    if brand is None:
        raise not_found("Brand")
    return brand


def find_brand(db: Session, ctx: WorkspaceContext, brand_id: int) -> Brand | None:
    """This workspace's brand with that id, or None (for callers that treat a missing brand themselves)."""
    return repo.get(db, ctx, brand_id)


def brand_id_by_name(db: Session, ctx: WorkspaceContext, name: str) -> int:
    """The id of this workspace's brand called `name` (case- and width-insensitive), for the CLI's --brand."""
    brand = repo.by_name(db, ctx, name.strip())
    if brand is None:
        raise invalid("brand", f"no brand named {name!r} in this workspace")
    return brand.id


def _taken(name: str) -> AppError:
    return conflict("name", f"a brand named {name!r} already exists")


def _unique_name(db: Session, ctx: WorkspaceContext, name: str, brand_id: int | None = None) -> None:
    clash = repo.by_name(db, ctx, name)
    if clash is not None and clash.id != brand_id:
        raise _taken(name)


def create_brand(db: Session, ctx: WorkspaceContext, data: BrandIn) -> Brand:
    """A new brand in this workspace."""
    ctx.require_write()
    _unique_name(db, ctx, data.name)
    brand = Brand(workspace_id=ctx.workspace_id, **data.model_dump())
    try:
        with db.begin_nested():
            repo.add(db, brand)
    except IntegrityError:  # a concurrent create of the same name won the race; the unique index held
        raise _taken(data.name) from None
    return brand


def update_brand(db: Session, ctx: WorkspaceContext, brand_id: int, patch: BrandPatch) -> Brand:
    """Change the given fields of a brand."""
    ctx.require_write()
    brand = get_brand(db, ctx, brand_id)
    changes = patch.model_dump(exclude_unset=True)
    if changes.get("name"):
        _unique_name(db, ctx, changes["name"], brand.id)
    apply_named_changes(db, brand, changes, _taken)
    return brand


def delete_brand(db: Session, ctx: WorkspaceContext, brand_id: int) -> None:
    """Delete a brand of this workspace."""
    ctx.require_write()
    repo.delete(db, get_brand(db, ctx, brand_id))
