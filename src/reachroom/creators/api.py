"""JSON API: creators, an account's posts and stats."""

from typing import Annotated

from fastapi import APIRouter, Depends, File, Query, UploadFile
from pydantic import BaseModel
from sqlalchemy.orm import Session

from reachroom.core.deps import DB, api_context
from reachroom.core.pagination import PageParams
from reachroom.core.tenancy import WorkspaceContext
from reachroom.core.types import Id
from reachroom.creators import service
from reachroom.creators.importer import import_creators
from reachroom.creators.schemas import AccountList, CreatorFilters, CreatorOut, PostList, StatsOut

router = APIRouter(prefix="/api/v1", tags=["creators"])


@router.get("/creators", response_model=AccountList)
def list_creators(
    filters: Annotated[CreatorFilters, Query()],
    ctx: WorkspaceContext = Depends(api_context),
    db: Session = DB,
):
    """Creator accounts with filters, sort and pagination."""
    return service.list_accounts(db, ctx, filters)


@router.get("/creators/{creator_id}", response_model=CreatorOut)
def get_creator(creator_id: Id, ctx: WorkspaceContext = Depends(api_context), db: Session = DB):
    """One creator with accounts and key metrics."""
    return service.get_creator(db, ctx, creator_id)


@router.get("/accounts/{account_id}/posts", response_model=PostList)
def account_posts(
    account_id: Id,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    size: Annotated[int, Query(ge=1, le=200)] = 25,
    ctx: WorkspaceContext = Depends(api_context),
    db: Session = DB,
):
    """An account's posts, newest first, with latest metrics."""
    return service.account_posts(db, ctx, account_id, PageParams(page, size))


@router.get("/accounts/{account_id}/stats", response_model=StatsOut)
def account_stats(account_id: Id, ctx: WorkspaceContext = Depends(api_context), db: Session = DB):
    """Derived stats with definitions, follower history and audience."""
    return service.account_stats(db, ctx, account_id)


class ImportResult(BaseModel):
    """What a CSV import did."""

    total_rows: int
    created: int
    updated: int
    unchanged: int
    skipped: int
    warnings: list[str]
    skipped_rows: list[str]


@router.post("/creators/import", response_model=ImportResult)
def import_csv(
    file: UploadFile = File(..., description="CSV with header: platform, handle, followers, …"),
    skip_invalid: bool = Query(False, description="Import valid rows and skip invalid ones"),
    ctx: WorkspaceContext = Depends(api_context),
    db: Session = DB,
):
    """Import creators into this workspace; with any invalid row nothing is written unless skip_invalid."""
    report = import_creators(db, ctx, file.file.read(), skip_invalid=skip_invalid)
    return ImportResult(
        total_rows=report.total_rows, created=report.created, updated=report.updated, unchanged=report.unchanged,
        skipped=report.skipped, warnings=report.warnings, skipped_rows=[str(e) for e in report.errors[:200]],
    )
