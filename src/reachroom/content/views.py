"""HTML fragments for the brand page: the brand's voice read as traits, and the "test a caption" box."""

from fastapi import APIRouter, Depends, Request
from sqlalchemy.orm import Session

from reachroom.brands import service as brands
from reachroom.content import service
from reachroom.core.deps import DB, PageAuth, page_auth, page_write
from reachroom.core.errors import AppError
from reachroom.core.templating import templates
from reachroom.core.types import Id

router = APIRouter(include_in_schema=False)


@router.get("/brands/{brand_id}/voice")
def voice_fragment(request: Request, brand_id: Id, page: PageAuth = Depends(page_auth), db: Session = DB):
    """The brand's voice as tone traits (loaded into the brand page)."""
    voice = service.brand_voice(db, page.ctx, brand_id)
    return templates.TemplateResponse(request, "content/_voice.html", {"auth": page, "voice": voice})


@router.post("/brands/{brand_id}/test-caption")
async def test_caption(request: Request, brand_id: Id, page: PageAuth = Depends(page_write), db: Session = DB):
    """Check a draft caption against the brand; a fragment for HTMX, a small page without JavaScript."""
    brand = brands.get_brand(db, page.ctx, brand_id)
    form = await request.form()
    text = str(form.get("text", ""))
    result, error = None, None
    try:
        result = service.check_caption(db, page.ctx, brand_id,
                                       service.parse_text(text, form.get("paid_partnership") == "on"))
    except AppError as err:
        if err.status != 422:
            raise
        error = err.message
    htmx = request.headers.get("hx-request") == "true"
    context = {"auth": page, "active": "brands", "brand": brand, "result": result, "error": error, "text": text}
    # HTMX swaps only 2xx responses, so the fragment reports bad input in its body.
    status = 200 if htmx or error is None else 422
    return templates.TemplateResponse(
        request, "content/_caption_result.html" if htmx else "content/caption_test.html", context, status_code=status
    )
