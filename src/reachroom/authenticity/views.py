"""HTML: the follower-sample upload form on the creator profile's Authenticity section."""

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session
from starlette.datastructures import UploadFile

from reachroom.authenticity import service
from reachroom.core.deps import DB, PageAuth, page_write
from reachroom.core.errors import AppError
from reachroom.core.types import Id

router = APIRouter(include_in_schema=False)


@router.post("/accounts/{account_id}/follower-samples")
async def upload_follower_sample(request: Request, account_id: Id, page: PageAuth = Depends(page_write),
                                 db: Session = DB):
    """Store the uploaded sample and go back to the profile; a bad file re-renders it with line errors (422)."""
    form = await request.form()
    upload = form.get("file")
    content = await upload.read() if isinstance(upload, UploadFile) else b""
    filename = getattr(upload, "filename", "") or ""
    try:
        out = service.upload_sample(db, page.ctx, account_id, content, filename)
    except AppError as err:
        if err.status != 422:
            raise
        from reachroom.creators.views import render_profile

        creator_id = service.creator_id_of(db, page.ctx, account_id)
        return render_profile(request, page, db, creator_id, account_id, status_code=422,
                              upload_errors={"message": err.message, "fields": err.fields, "filename": filename})
    creator_id = service.creator_id_of(db, page.ctx, account_id)
    return RedirectResponse(f"/creators/{creator_id}?account={out.account_id}&uploaded={out.rows}#authenticity",
                            status_code=303)
