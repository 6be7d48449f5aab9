"""JSON API: an account's content profile, text classification, brand tone match and caption tests."""

from fastapi import APIRouter, Depends
from sqlalchemy.orm import Session

from reachroom.content import service
from reachroom.content.schemas import CaptionTestOut, ClassifyOut, ContentProfileOut, TextIn, ToneMatchOut, VoiceOut
from reachroom.core.deps import DB, api_context
from reachroom.core.tenancy import WorkspaceContext
from reachroom.core.types import Id

router = APIRouter(prefix="/api/v1", tags=["content"])


@router.get("/accounts/{account_id}/content", response_model=ContentProfileOut)
def account_content(account_id: Id, ctx: WorkspaceContext = Depends(api_context), db: Session = DB):
    """Niches, sponsored share and disclosure record, tone traits and brand-safety flags of an account."""
    return service.content_profile(db, ctx, account_id)


@router.post("/content/classify", response_model=ClassifyOut)
def classify(body: TextIn, ctx: WorkspaceContext = Depends(api_context)):
    """Niche, sponsorship and disclosure, brand safety and tone of any text, each verdict with its evidence."""
    return service.classify_text(body)


@router.get("/brands/{brand_id}/voice", response_model=VoiceOut)
def brand_voice(brand_id: Id, ctx: WorkspaceContext = Depends(api_context), db: Session = DB):
    """The brand's described voice read as tone traits."""
    return service.brand_voice(db, ctx, brand_id)


@router.get("/brands/{brand_id}/tone-match/{account_id}", response_model=ToneMatchOut)
def tone_match(brand_id: Id, account_id: Id, ctx: WorkspaceContext = Depends(api_context), db: Session = DB):
    """How well a creator account's voice fits the brand's, with the traits that agree and disagree."""
    return service.tone_match(db, ctx, brand_id, account_id)


@router.post("/brands/{brand_id}/test-caption", response_model=CaptionTestOut)
def test_caption(brand_id: Id, body: TextIn, ctx: WorkspaceContext = Depends(api_context), db: Session = DB):
    """Check a draft caption against the brand: disclosure, banned words, brand safety, tone."""
    return service.check_caption(db, ctx, brand_id, body)
