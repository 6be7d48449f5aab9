"""Drafts from the creator's side: the brief of a campaign they are in, their drafts with the brand's review
comments, and the automated checks run on a caption *before* it is submitted — so a missing ad label is fixed by
the creator, and the brand only ever sees what was submitted.

Everything goes through the campaigns' review service as the creator (user 0 on the timeline: no workspace
user), and only for the creator's own pipeline entries (404 for anyone else's).
"""

from dataclasses import dataclass

from sqlalchemy.orm import Session

from reachroom.campaigns import live, review
from reachroom.campaigns.checks import highlight
from reachroom.campaigns.gifting import service as gifting
from reachroom.campaigns.schemas import BriefOut, LiveIn, SubmissionIn, SubmissionOut
from reachroom.core.errors import not_found
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
    brief: BriefOut
    drafts: list[SubmissionOut]
    can_submit: bool
    gifts: list[dict]


def _acting(db: Session, auth: CreatorAuth, entry_id: int) -> tuple[WorkspaceContext, CampaignCreator, str, str, str]:
    rows = repo.my_entries(db, auth.creator_user_id, entry_id)
    if not rows:
        raise not_found("Campaign")
    entry, campaign, brand, handle = rows[0]
    return WorkspaceContext(campaign.workspace_id, CREATOR_ACTOR, "member"), entry, campaign.name, brand, handle


def room(db: Session, auth: CreatorAuth, entry_id: int) -> DraftRoom:
    """The brief, the drafts and their review of one of the creator's campaigns."""
    ctx, entry, name, brand, handle = _acting(db, auth, entry_id)
    # the creator's own gifts: product, status and tracking (the address is theirs, but not repeated here)
    gifts = [{"product": g.product_name, "variant": g.variant, "status": g.status, "carrier": g.carrier,
              "tracking": g.tracking_number, "shipped_at": g.shipped_at, "delivered_at": g.delivered_at}
             for g in gifting.shipments(db, ctx, entry.campaign_id, entry.id)]
    return DraftRoom(entry.id, name, brand, handle, entry.stage, review.get_brief(db, ctx, entry.campaign_id),
                     review.submissions(db, ctx, entry.campaign_id, entry.id), entry.stage in review.SUBMIT_PATHS,
                     gifts)


def precheck(db: Session, auth: CreatorAuth, entry_id: int, caption: str) -> tuple[str, list[dict], list]:
    """(verdict, checks, highlighted pieces) of a caption against the brief; nothing is saved or shown to the brand."""
    ctx, entry, *_ = _acting(db, auth, entry_id)
    verdict, checks = review.check_caption(db, ctx, entry.campaign_id, caption)
    return verdict, checks, highlight(caption, checks)


def submit(db: Session, auth: CreatorAuth, entry_id: int, data: SubmissionIn) -> SubmissionOut:
    """Submit the draft to the brand (checked again, as every submission is)."""
    ctx, entry, *_ = _acting(db, auth, entry_id)
    return review.submit(db, ctx, entry.campaign_id, entry.id, data)


def record_live(db: Session, auth: CreatorAuth, entry_id: int, submission_id: int, data: LiveIn) -> SubmissionOut:
    """The creator records their published post: it is checked against the approved draft, as on the brand side."""
    ctx, entry, *_ = _acting(db, auth, entry_id)
    return live.record_live(db, ctx, entry.campaign_id, entry.id, submission_id, data)
