"""The creator's JSON API (`/api/v1/portal/…`): the same services as the portal's pages, for a creator's bearer
token (`rrc_…`) or their portal session (+ X-CSRF-Token on writes). No workspace token or session gets in, and a
creator token opens no brand route."""

from typing import Any

from fastapi import APIRouter, Depends, File, Request, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from reachroom.campaigns import media
from reachroom.campaigns.schemas import LiveIn, MediaOut, SubmissionIn
from reachroom.core.deps import DB
from reachroom.core.downloads import stored_file_response
from reachroom.core.types import Id
from reachroom.portal import bids, drafts, notifications, numbers, service, tokens
from reachroom.portal import campaigns as mine
from reachroom.portal.bids import BidIn
from reachroom.portal.deps import creator_api
from reachroom.portal.export import export_data
from reachroom.portal.opportunities import FeedFilters, feed
from reachroom.portal.schemas import ProfileIn, ProfileOut
from reachroom.portal.service import CreatorAuth

router = APIRouter(prefix="/api/v1/portal", tags=["creator portal"])
Me = Depends(creator_api)


class ClaimIn(BaseModel):
    """The catalogue account to claim, as `platform:@handle`."""

    model_config = ConfigDict(extra="forbid")
    account: str = Field(min_length=3, max_length=200, examples=["instagram:@anna.makes"])


class AcceptTermsIn(BaseModel):
    """The terms version you read (accepting an older one is refused)."""

    model_config = ConfigDict(extra="forbid")
    version: int = Field(ge=1)


class CaptionIn(BaseModel):
    """A caption to check against the brief (nothing is saved or shown to the brand)."""

    model_config = ConfigDict(extra="forbid")
    caption: str = Field(min_length=1, max_length=5000)


class TokenIn(BaseModel):
    """A name for the token (the tool that will use it)."""

    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=120)


@router.get("/me", response_model=ProfileOut)
def me(auth: CreatorAuth = Me, db: Session = DB):
    """Your profile: payout details masked, as everywhere."""
    return service.profile(db, auth)


@router.put("/me", response_model=ProfileOut)
def update_me(body: ProfileIn, auth: CreatorAuth = Me, db: Session = DB):
    """Replace your profile (the address and payout details are encrypted; the payout is masked from then on)."""
    return service.update_profile(db, auth, body)


@router.get("/export")
def export(auth: CreatorAuth = Me, db: Session = DB) -> dict:
    """Everything the portal keeps about you."""
    return export_data(db, auth)


@router.get("/claims")
def claims(auth: CreatorAuth = Me, db: Session = DB) -> list[Any]:
    """Your claims on catalogue accounts."""
    return list(mine.claims(db, auth))


@router.post("/claims", status_code=201)
def start_claim(body: ClaimIn, auth: CreatorAuth = Me, db: Session = DB) -> Any:
    """Claim an account: put the returned code in its bio, then check the claim."""
    return mine.start_claim(db, auth, body.account)


@router.post("/claims/{claim_id}/check")
def check_claim(claim_id: Id, auth: CreatorAuth = Me, db: Session = DB) -> Any:
    """Verified when the code is in the account's bio as Reachroom last read it; 409 saying so when not yet."""
    return mine.check_claim(db, auth, claim_id)


class ReviewIn(BaseModel):
    """A note to the brand (optional): how they know you."""

    model_config = ConfigDict(extra="forbid")
    note: str = Field(default="", max_length=1000)


@router.post("/claims/{claim_id}/review")
def ask_review(claim_id: Id, body: ReviewIn, auth: CreatorAuth = Me, db: Session = DB) -> Any:
    """Ask the brands that work with the account to confirm it is yours (when the bio code cannot go in)."""
    return mine.ask_review(db, auth, claim_id, body.note)


@router.get("/opportunities")
def opportunities(request: Request, auth: CreatorAuth = Me, db: Session = DB) -> dict:
    """Open opportunities your proved accounts may take part in, best brand fit first, with the fit's parts and
    reasons; filters `q`, `platform`, `pay` (paid | gifted), `niche`, `min_fee` (422 naming a bad one)."""
    filters = FeedFilters.from_params(request.query_params)
    me_ = service.profile(db, auth)
    cards, total = feed(db, auth, me_.country, me_.niches, filters=filters)
    return {"total": total, "shown": len(cards), "opportunities": cards}


@router.post("/opportunities/{campaign_id}/bids", status_code=201)
def place_bid(campaign_id: Id, body: BidIn, auth: CreatorAuth = Me, db: Session = DB) -> dict:
    """Bid on an opportunity with one of your proved accounts."""
    bid = bids.place(db, auth, campaign_id, body)
    return {"id": bid.id, "status": bid.status}


@router.get("/bids")
def my_bids(auth: CreatorAuth = Me, db: Session = DB) -> list[Any]:
    """Your bids and the brands' answers."""
    return list(bids.my_bids(db, auth))


@router.post("/bids/{bid_id}/accept", status_code=204)
def accept_counter(bid_id: Id, auth: CreatorAuth = Me, db: Session = DB) -> Response:
    """Accept the brand's counter-offer."""
    bids.accept_counter(db, auth, bid_id)
    return Response(status_code=204)


@router.post("/bids/{bid_id}/counter", status_code=204)
def counter_back(bid_id: Id, body: bids.CounterIn, auth: CreatorAuth = Me, db: Session = DB) -> Response:
    """Answer the brand's counter-offer with your own fee (and a message); the brand sees the bid open again."""
    bids.counter_back(db, auth, bid_id, body)
    return Response(status_code=204)


@router.post("/bids/{bid_id}/withdraw", status_code=204)
def withdraw(bid_id: Id, auth: CreatorAuth = Me, db: Session = DB) -> Response:
    """Withdraw an open bid."""
    bids.withdraw(db, auth, bid_id)
    return Response(status_code=204)


@router.get("/campaigns")
def my_campaigns(auth: CreatorAuth = Me, db: Session = DB) -> list[Any]:
    """The campaigns your proved accounts are in: terms, stage and payments."""
    return list(mine.my_campaigns(db, auth))


@router.get("/campaigns/{entry_id}")
def campaign_room(entry_id: Id, auth: CreatorAuth = Me, db: Session = DB) -> Any:
    """One of your campaigns: the brief, your drafts with the brand's review, your gifts."""
    return drafts.room(db, auth, entry_id)


@router.post("/campaigns/{entry_id}/accept", status_code=204)
def accept_terms(entry_id: Id, body: AcceptTermsIn, auth: CreatorAuth = Me, db: Session = DB) -> Response:
    """Accept the newest terms (recorded as yours, with the time and the version)."""
    mine.accept_terms(db, auth, entry_id, body.version)
    return Response(status_code=204)


@router.post("/campaigns/{entry_id}/precheck")
def precheck(entry_id: Id, body: CaptionIn, auth: CreatorAuth = Me, db: Session = DB) -> dict:
    """The brand's automated checks on a caption, before you submit it."""
    verdict, checks, _ = drafts.precheck(db, auth, entry_id, body.caption)
    return {"verdict": verdict, "checks": checks}


@router.post("/campaigns/{entry_id}/drafts", status_code=201)
def submit_draft(entry_id: Id, body: SubmissionIn, auth: CreatorAuth = Me, db: Session = DB) -> Any:
    """Submit a draft to the brand (checked again, as every submission is)."""
    return drafts.submit(db, auth, entry_id, body)


@router.post("/campaigns/{entry_id}/drafts/{submission_id}/media", status_code=201, response_model=list[MediaOut])
def upload_media(entry_id: Id, submission_id: Id, files: list[UploadFile] = File(...), auth: CreatorAuth = Me,
                 db: Session = DB):
    """Images or videos for your draft while the brand has not reviewed it (type read from the bytes; size limit
    from the server's settings; all files are checked before any is kept)."""
    return drafts.attach(db, auth, entry_id, submission_id, [media.Incoming(f.filename or "", f.file) for f in files])


@router.get("/campaigns/{entry_id}/media/{media_id}", response_class=Response)
def download_media(entry_id: Id, media_id: Id, auth: CreatorAuth = Me, db: Session = DB):
    """A file of your own drafts."""
    found, chunks = drafts.open_file(db, auth, entry_id, media_id)
    return stored_file_response(found.content_type, found.filename, found.size, chunks)


@router.post("/campaigns/{entry_id}/drafts/{submission_id}/live")
def record_live(entry_id: Id, submission_id: Id, body: LiveIn, auth: CreatorAuth = Me, db: Session = DB) -> Any:
    """Record the published post of the approved draft (checked against it)."""
    return drafts.record_live(db, auth, entry_id, submission_id, body)


@router.get("/notifications")
def my_notifications(auth: CreatorAuth = Me, db: Session = DB) -> dict:
    """What is new for you, newest first, and how many are unread."""
    rows, unread = notifications.recent(db, auth)
    return {"unread": unread, "notifications": [
        {"id": n.id, "kind": n.kind, "text": n.text, "link": n.link, "at": n.created_at, "read": n.read_at is not None}
        for n in rows]}


@router.post("/notifications/read", status_code=204)
def read_all(auth: CreatorAuth = Me, db: Session = DB) -> Response:
    """Mark everything as seen."""
    notifications.mark_all_read(db, auth)
    return Response(status_code=204)


@router.get("/tokens")
def list_tokens(auth: CreatorAuth = Me, db: Session = DB) -> list[Any]:
    """Your API tokens (never the secret again)."""
    return list(tokens.listing(db, auth))


@router.post("/tokens", status_code=201)
def create_token(body: TokenIn, auth: CreatorAuth = Me, db: Session = DB) -> dict:
    """A new token; the secret is in this answer only."""
    row, raw = tokens.create(db, auth, body.name)
    return {"token": raw, "id": row.id, "name": row.name, "prefix": row.prefix}


@router.delete("/tokens/{token_id}")
def revoke_token(token_id: Id, auth: CreatorAuth = Me, db: Session = DB) -> Any:
    """Revoke a token (it stops working at once)."""
    return tokens.revoke(db, auth, token_id)


@router.get("/campaigns/{entry_id}/posts")
def my_posts(entry_id: Id, auth: CreatorAuth = Me, db: Session = DB) -> list[Any]:
    """Your posts counted in one of your campaigns, with their latest numbers."""
    return numbers.my_posts(db, auth, entry_id)


@router.post("/campaigns/{entry_id}/posts/{post_id}/snapshots", status_code=201)
def report_numbers(entry_id: Id, post_id: Id, body: numbers.NumbersIn, auth: CreatorAuth = Me,
                   db: Session = DB) -> Any:
    """Add your numbers for one of your counted posts (kept as creator-reported; flagged when they contradict)."""
    return numbers.report_numbers(db, auth, entry_id, post_id, body)
