"""Drafts from the creator's side: the brief of a campaign they are in, their drafts with the brand's review
comments, and the automated checks run on a caption *before* it is submitted — so a missing ad label is fixed by
the creator, and the brand only ever sees what was submitted.

Everything goes through the campaigns' review service as the creator (user 0 on the timeline: no workspace
user), and only for the creator's own pipeline entries (404 for anyone else's).
"""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from reachroom.campaigns import live, media, review
from reachroom.campaigns.checks import highlight
from reachroom.campaigns.gifting import service as gifting
from reachroom.campaigns.schemas import BriefOut, LiveIn, MediaOut, SubmissionIn, SubmissionOut
from reachroom.core.errors import conflict, not_found
from reachroom.core.tenancy import WorkspaceContext
from reachroom.models import CampaignCreator
from reachroom.portal import repository as repo
from reachroom.portal.campaigns import CREATOR_ACTOR
from reachroom.portal.service import CreatorAuth


@dataclass(frozen=True)
class DraftRoom:
    """What a creator needs to write and submit a draft for one campaign."""

    entry_id: int
    campaign: str
    brand: str
    handle: str
    stage: str
    brief: BriefOut  # the version the creator agreed to in their accepted terms (the newest when none is agreed)
    drafts: list[SubmissionOut]
    can_submit: bool
    gifts: list[dict]
    agreed_brief_version: int | None = None  # the brief version named in the accepted terms
    newer_brief: BriefOut | None = None  # the brand's newest brief, when it changed after the creator agreed


def acting_on(db: Session, auth: CreatorAuth, entry_id: int) -> tuple[WorkspaceContext, CampaignCreator, str, str, str]:
    rows = repo.my_entries(db, auth.creator_user_id, entry_id)
    if not rows:
        raise not_found("Campaign")
    entry, campaign, brand, handle = rows[0]
    return WorkspaceContext(campaign.workspace_id, CREATOR_ACTOR, "member"), entry, campaign.name, brand, handle


def room(db: Session, auth: CreatorAuth, entry_id: int) -> DraftRoom:
    """The brief, the drafts and their review of one of the creator's campaigns."""
    ctx, entry, name, brand, handle = acting_on(db, auth, entry_id)
    # the creator's own gifts: product, status and tracking (the address is theirs, but not repeated here)
    gifts = [{"product": g.product_name, "variant": g.variant, "status": g.status, "carrier": g.carrier,
              "tracking": g.tracking_number, "shipped_at": g.shipped_at, "delivered_at": g.delivered_at}
             for g in gifting.shipments(db, ctx, entry.campaign_id, entry.id)]
    # privacy: the brand's staff are not named to the creator (no reviewer's or brief author's email)
    drafts = [s.model_copy(update={"media": [_mine(f, entry.id) for f in s.media], "reviewer_email": None})
              for s in review.submissions(db, ctx, entry.campaign_id, entry.id)]
    newest = _private(review.get_brief(db, ctx, entry.campaign_id))
    agreed = next((a for a in repo.agreements_of(db, [entry.id]).get(entry.id, []) if a.status == "accepted"), None)
    brief, newer = newest, None
    if agreed is not None and agreed.brief_version and agreed.brief_version != newest.version:
        found = next((b for b in review.brief_history(db, ctx, entry.campaign_id)
                      if b.version == agreed.brief_version), None)
        if found is not None:
            brief, newer = _private(found), newest
    return DraftRoom(entry.id, name, brand, handle, entry.stage, brief, drafts, entry.stage in review.SUBMIT_PATHS,
                     gifts, agreed.brief_version if agreed is not None else None, newer)


def _private(b: BriefOut) -> BriefOut:
    """A brief as the creator sees it: without who at the brand wrote it."""
    return b.model_copy(update={"created_by_email": None})


def precheck(db: Session, auth: CreatorAuth, entry_id: int, caption: str) -> tuple[str, list[dict], list]:
    """(verdict, checks, highlighted pieces) of a caption against the brief; nothing is saved or shown to the brand."""
    ctx, entry, *_ = acting_on(db, auth, entry_id)
    verdict, checks = review.check_caption(db, ctx, entry.campaign_id, caption)
    return verdict, checks, highlight(caption, checks)


def submit(db: Session, auth: CreatorAuth, entry_id: int, data: SubmissionIn,
           files: Sequence[media.Incoming] = ()) -> SubmissionOut:
    """Submit the draft to the brand with its images or videos (checked again, as every submission is; the draft
    and its files are kept together or not at all)."""
    ctx, entry, *_ = acting_on(db, auth, entry_id)
    sub = review.submit(db, ctx, entry.campaign_id, entry.id, data)
    if files:
        media.attach(db, ctx, entry.campaign_id, entry.id, sub.id, files, field="media")
    return sub


def attach(db: Session, auth: CreatorAuth, entry_id: int, submission_id: int,
           files: Sequence[media.Incoming]) -> list[MediaOut]:
    """Add files to one of the creator's drafts while the brand has not reviewed it yet (409 after)."""
    ctx, entry, *_ = acting_on(db, auth, entry_id)
    found = next((s for s in review.submissions(db, ctx, entry.campaign_id, entry.id) if s.id == submission_id), None)
    if found is None:
        raise not_found("Draft")
    if found.status != "in_review":
        raise conflict("submission_id", "the brand has reviewed this draft; submit a new version with the files")
    return [_mine(f, entry.id) for f in media.attach(db, ctx, entry.campaign_id, entry.id, submission_id, files)]


def _mine(f: MediaOut, entry_id: int) -> MediaOut:
    """A file as the creator reaches it: through their portal, not the brand's pages."""
    return f.model_copy(update={"url": f"/portal/campaigns/{entry_id}/media/{f.id}"})


def open_file(db: Session, auth: CreatorAuth, entry_id: int, media_id: int) -> tuple[MediaOut, Iterator[bytes]]:
    """A file of the creator's own drafts and its bytes (another creator's, even in the same campaign: 404)."""
    ctx, entry, *_ = acting_on(db, auth, entry_id)
    return media.open_media(db, ctx, entry.campaign_id, media_id, entry_id=entry.id)


def record_live(db: Session, auth: CreatorAuth, entry_id: int, submission_id: int, data: LiveIn) -> SubmissionOut:
    """The creator records their published post: it is checked against the approved draft, as on the brand side."""
    ctx, entry, *_ = acting_on(db, auth, entry_id)
    return live.record_live(db, ctx, entry.campaign_id, entry.id, submission_id, data)
