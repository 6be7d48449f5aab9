"""JSON API: brands CRUD."""

from fastapi import APIRouter, Depends
from sqlalchemy.orm import Session

from reachroom.brands import service
from reachroom.brands.schemas import BrandIn, BrandOut, BrandPatch
from reachroom.core.deps import DB, api_context
from reachroom.core.tenancy import WorkspaceContext
from reachroom.core.types import Id
from reachroom.models import Brand

router = APIRouter(prefix="/api/v1/brands", tags=["brands"])


@router.get("", response_model=list[BrandOut])
def list_brands(ctx: WorkspaceContext = Depends(api_context), db: Session = DB) -> list[Brand]:
    """Brands of the workspace."""
    return service.list_brands(db, ctx)


@router.post("", response_model=BrandOut, status_code=201)
def create_brand(body: BrandIn, ctx: WorkspaceContext = Depends(api_context), db: Session = DB) -> Brand:
    """Create a brand."""
    return service.create_brand(db, ctx, body)


@router.get("/{brand_id}", response_model=BrandOut)
def get_brand(brand_id: Id, ctx: WorkspaceContext = Depends(api_context), db: Session = DB) -> Brand:
    """One brand."""
    return service.get_brand(db, ctx, brand_id)


@router.patch("/{brand_id}", response_model=BrandOut)
def update_brand(
    brand_id: Id, body: BrandPatch, ctx: WorkspaceContext = Depends(api_context), db: Session = DB
) -> Brand:
    """Change some fields of a brand."""
    return service.update_brand(db, ctx, brand_id, body)


@router.delete("/{brand_id}", status_code=204)
def delete_brand(brand_id: Id, ctx: WorkspaceContext = Depends(api_context), db: Session = DB) -> None:
    """Delete a brand."""
    service.delete_brand(db, ctx, brand_id)
