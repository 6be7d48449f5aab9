"""JSON API: lists and their items, CSV export, saved searches and compare."""

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from reachroom.core.deps import DB, api_context
from reachroom.core.tenancy import WorkspaceContext
from reachroom.core.types import Id
from reachroom.discovery.lists import service
from reachroom.discovery.lists.schemas import (
    Comparison,
    ItemIn,
    ItemOut,
    ItemPatch,
    ListDetail,
    ListIn,
    ListOut,
    ListPatch,
    SavedSearchIn,
    SavedSearchOut,
    SavedSearchPatch,
)

router = APIRouter(prefix="/api/v1", tags=["lists"])


@router.get("/lists", response_model=list[ListOut])
def list_lists(ctx: WorkspaceContext = Depends(api_context), db: Session = DB):
    """Shortlists and exclusion lists of the workspace."""
    return service.list_lists(db, ctx)


@router.post("/lists", response_model=ListOut, status_code=201)
def create_list(body: ListIn, ctx: WorkspaceContext = Depends(api_context), db: Session = DB):
    """Create a list (kind shortlist or exclusion, optionally for a brand)."""
    return service.create_list(db, ctx, body)


@router.get("/lists/{list_id}", response_model=ListDetail)
def get_list(list_id: Id, ctx: WorkspaceContext = Depends(api_context), db: Session = DB):
    """A list with its accounts, notes and tags."""
    return service.get_list(db, ctx, list_id)


@router.patch("/lists/{list_id}", response_model=ListOut)
def update_list(list_id: Id, body: ListPatch, ctx: WorkspaceContext = Depends(api_context), db: Session = DB):
    """Rename a list or change its kind, description or brand."""
    return service.update_list(db, ctx, list_id, body)


@router.delete("/lists/{list_id}", status_code=204)
def delete_list(list_id: Id, ctx: WorkspaceContext = Depends(api_context), db: Session = DB):
    """Delete a list and its items."""
    service.delete_list(db, ctx, list_id)


@router.get("/lists/{list_id}/items", response_model=list[ItemOut])
def list_items(list_id: Id, ctx: WorkspaceContext = Depends(api_context), db: Session = DB):
    """The accounts on a list with key metrics, notes and tags."""
    return service.get_list(db, ctx, list_id).items


@router.post("/lists/{list_id}/items", response_model=ItemOut, status_code=201)
def add_item(list_id: Id, body: ItemIn, ctx: WorkspaceContext = Depends(api_context), db: Session = DB):
    """Add an account (visible to this workspace) to a list."""
    service.add_item(db, ctx, list_id, body)
    return service.get_item(db, ctx, list_id, body.account_id)


@router.patch("/lists/{list_id}/items/{account_id}", response_model=ItemOut)
def update_item(list_id: Id, account_id: Id, body: ItemPatch, ctx: WorkspaceContext = Depends(api_context),
                db: Session = DB):
    """Change the note or tags of an account on a list."""
    return service.update_item(db, ctx, list_id, account_id, body)


@router.delete("/lists/{list_id}/items/{account_id}", status_code=204)
def remove_item(list_id: Id, account_id: Id, ctx: WorkspaceContext = Depends(api_context), db: Session = DB):
    """Take an account off a list."""
    service.remove_item(db, ctx, list_id, account_id)


@router.get("/lists/{list_id}/export.csv", response_class=Response,
            responses={200: {"content": {"text/csv": {}}, "description": "One row per account"}})
def export_list(list_id: Id, request: Request, ctx: WorkspaceContext = Depends(api_context), db: Session = DB):
    """The list as CSV: handle, platform, name, country, followers, engagement rate, note, tags, profile link."""
    filename, text = service.export_csv(db, ctx, list_id, str(request.base_url))
    return Response(text, media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@router.get("/saved-searches", response_model=list[SavedSearchOut])
def list_saved_searches(ctx: WorkspaceContext = Depends(api_context), db: Session = DB):
    """Saved discovery searches of the workspace."""
    return service.list_saved_searches(db, ctx)


@router.post("/saved-searches", response_model=SavedSearchOut, status_code=201)
def create_saved_search(body: SavedSearchIn, ctx: WorkspaceContext = Depends(api_context), db: Session = DB):
    """Save a discovery query (a JSON object up to 20 KB) under a name."""
    return service.create_saved_search(db, ctx, body)


@router.get("/saved-searches/{saved_search_id}", response_model=SavedSearchOut)
def get_saved_search(saved_search_id: Id, ctx: WorkspaceContext = Depends(api_context), db: Session = DB):
    """One saved search."""
    return service.get_saved_search(db, ctx, saved_search_id)


@router.patch("/saved-searches/{saved_search_id}", response_model=SavedSearchOut)
def update_saved_search(saved_search_id: Id, body: SavedSearchPatch, ctx: WorkspaceContext = Depends(api_context),
                        db: Session = DB):
    """Rename a saved search or replace its query."""
    return service.update_saved_search(db, ctx, saved_search_id, body)


@router.delete("/saved-searches/{saved_search_id}", status_code=204)
def delete_saved_search(saved_search_id: Id, ctx: WorkspaceContext = Depends(api_context), db: Session = DB):
    """Delete a saved search."""
    service.delete_saved_search(db, ctx, saved_search_id)


@router.get("/compare", response_model=Comparison)
def compare(account_ids: str = Query(..., description="2 to 5 account ids separated by commas", examples=["1,2,3"]),
            ctx: WorkspaceContext = Depends(api_context), db: Session = DB):
    """Compare 2–5 accounts side by side; each row marks the best value."""
    return service.compare(db, ctx, service.parse_account_ids(account_ids))
