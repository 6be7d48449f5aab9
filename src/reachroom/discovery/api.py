"""JSON API of discovery: search, lookalikes and a CSV export of a search."""

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from reachroom.core.deps import DB, api_context
from reachroom.core.tenancy import WorkspaceContext
from reachroom.discovery import service
from reachroom.discovery.schemas import LookalikeRequest, SearchOut, SearchRequest

router = APIRouter(prefix="/api/v1/discovery", tags=["discovery"])
CTX = Depends(api_context)


@router.post("/search", response_model=SearchOut)
def search(body: SearchRequest, db: Session = DB, ctx: WorkspaceContext = CTX) -> SearchOut:
    """Ranked creators for free text and/or a brand, with filters, weights, fit components and reasons."""
    return service.search(db, ctx, body)


@router.post("/lookalikes", response_model=SearchOut)
def lookalikes(body: LookalikeRequest, db: Session = DB, ctx: WorkspaceContext = CTX) -> SearchOut:
    """Creators like the given accounts (content, audience, tier), the seeds excluded."""
    return service.lookalikes(db, ctx, body)


@router.post("/search.csv", response_class=Response)
def search_csv(body: SearchRequest, request: Request, db: Session = DB, ctx: WorkspaceContext = CTX) -> Response:
    """The same search as CSV (one row per result, profile links absolute)."""
    return Response(service.search_csv(db, ctx, body, str(request.base_url)), media_type="text/csv",
                    headers={"Content-Disposition": 'attachment; filename="discovery-search.csv"'})
