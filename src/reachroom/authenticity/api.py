"""JSON API: an account's authenticity; upload a follower sample."""

from fastapi import APIRouter, Depends, File, UploadFile
from sqlalchemy.orm import Session

from reachroom.authenticity import service
from reachroom.authenticity.schemas import AuthenticityOut, UploadOut
from reachroom.core.deps import DB, api_context
from reachroom.core.tenancy import WorkspaceContext
from reachroom.core.types import Id

router = APIRouter(prefix="/api/v1", tags=["authenticity"])


@router.get("/accounts/{account_id}/authenticity", response_model=AuthenticityOut)
def account_authenticity(account_id: Id, ctx: WorkspaceContext = Depends(api_context), db: Session = DB):
    """Authenticity score, level, confidence, every signal with evidence, and the follower-sample breakdown."""
    return service.get_authenticity(db, ctx, account_id)


@router.post("/accounts/{account_id}/follower-samples", response_model=UploadOut, status_code=201)
def upload_follower_sample(
    account_id: Id,
    file: UploadFile = File(..., description="CSV: followers, following, posts (+ optional profile columns)"),
    ctx: WorkspaceContext = Depends(api_context),
    db: Session = DB,
):
    """Upload a follower sample, private to this workspace; a bad file gets 422 with every line's problem."""
    return service.upload_sample(db, ctx, account_id, file.file.read(), file.filename or "")
