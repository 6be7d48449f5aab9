"""Briefs and content review behind page, API and CLI: versioned briefs, drafts checked automatically on
submission, and the reviewer's approve / request-changes that moves the creator along the pipeline.

Members write briefs and submit drafts (on the creator's behalf until the portal exists); approving or asking
for changes needs an admin. Every step writes a timeline event in the same transaction.
"""

from datetime import date

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from reachroom.brands import service as brands
from reachroom.campaigns import media
from reachroom.campaigns import repository as repo
from reachroom.campaigns import service as campaigns
from reachroom.campaigns.checks import Rules, as_json, run_checks, verdict
from reachroom.campaigns.gifting import service as gifting
from reachroom.campaigns.reminders import late_items
from reachroom.campaigns.schemas import (
    BriefIn,
    BriefOut,
    ReminderOut,
    ReviewIn,
    StageMove,
    SubmissionIn,
    SubmissionOut,
)
from reachroom.campaigns.stages import STAGE_NAMES
from reachroom.config import get_settings
from reachroom.core import events
from reachroom.core.errors import AppError, conflict
from reachroom.core.tenancy import WorkspaceContext
from reachroom.models import CampaignBrief, Submission, utcnow

#: stages from which a draft may be submitted, and the moves that bring the creator to "In review"
SUBMIT_PATHS = {"contracted": ["drafting", "in_review"], "product_shipped": ["drafting", "in_review"],
                "drafting": ["in_review"], "changes_requested": ["in_review"]}
EMPTY_BRIEF = dict(key_messages="", dos=[], donts=[], banned_words=[], required_hashtags=[], required_mentions=[],
                   required_links=[], promo_codes=[], disclosure_rules="uk", deliverables=[], product="")


def _brief_out(campaign_id: int, b: CampaignBrief | None, email: str | None = None) -> BriefOut:
    if b is None:
        return BriefOut(campaign_id=campaign_id, version=0, **EMPTY_BRIEF)
    fields = {k: getattr(b, k) for k in EMPTY_BRIEF}
    return BriefOut(campaign_id=campaign_id, version=b.version, created_by_email=email, created_at=b.created_at,
                    **fields)


def get_brief(db: Session, ctx: WorkspaceContext, campaign_id: int) -> BriefOut:
    """The campaign's current brief (version 0 and empty when none is written yet)."""
    c = campaigns.get_campaign(db, ctx, campaign_id)
    latest = repo.latest_brief(db, c.id)
    return _brief_out(c.id, *latest) if latest else _brief_out(c.id, None)


def brief_history(db: Session, ctx: WorkspaceContext, campaign_id: int) -> list[BriefOut]:
    """Every version of the brief, newest first."""
    c = campaigns.get_campaign(db, ctx, campaign_id)
    return [_brief_out(c.id, b, e) for b, e in repo.brief_versions(db, c.id)]


def save_brief(db: Session, ctx: WorkspaceContext, campaign_id: int, data: BriefIn) -> BriefOut:
    """A new brief version; 409 when someone saved a newer one since `base_version` (theirs is kept)."""
    ctx.require_write()
    c = campaigns.get_campaign(db, ctx, campaign_id)
    current = get_brief(db, ctx, c.id).version
    if data.base_version != current:
        raise conflict("base_version", f"the brief was changed by someone else since you opened it (you edited "
                                       f"version {data.base_version}, it is now {current}); reload, then save again")
    values = data.model_dump(exclude={"base_version", "deliverables"})
    row = CampaignBrief(campaign_id=c.id, version=current + 1, created_by=ctx.actor_id,
                        deliverables=[d.model_dump(mode="json") for d in data.deliverables], **values)
    try:
        with db.begin_nested():
            repo.add(db, row)
    except IntegrityError:  # another save took this version number at the same moment
        raise conflict("base_version", "the brief was saved by someone else at the same moment; reload") from None
    campaigns.record_event(db, ctx, c.id, "brief", old=str(current), new=str(row.version))
    return get_brief(db, ctx, c.id)


def rules_for(db: Session, ctx: WorkspaceContext, campaign_id: int, brief: BriefOut) -> Rules:
    """What drafts of this campaign are checked against: its brief plus its brand's name, voice and limits."""
    c = campaigns.get_campaign(db, ctx, campaign_id)
    brand = brands.get_brand(db, ctx, c.brand_id)
    return Rules(
        disclosure=brief.disclosure_rules, gifting_only=c.objective == "gifting",
        required_hashtags=brief.required_hashtags, required_mentions=brief.required_mentions,
        required_links=brief.required_links, promo_codes=brief.promo_codes,
        banned_words=[*brief.banned_words, *(brand.banned_words or [])], brand_name=brand.name,
        brand_voice=(brand.voice or "").strip() or (brand.description or "").strip(),
        tolerated_safety=list(brand.tolerated_safety or []),
    )


def _out(s: Submission, reviewer: str | None, media: list | None = None) -> SubmissionOut:
    return SubmissionOut(
        id=s.id, campaign_creator_id=s.campaign_creator_id, version=s.version, caption=s.caption,
        links=list(s.links or []), brief_version=s.brief_version, verdict=s.verdict, checks=s.checks or [],
        status=s.status, review_comment=s.review_comment or "", reviewer_email=reviewer, reviewed_at=s.reviewed_at,
        created_at=s.created_at, media=media or [], live_url=s.live_url or "", live_caption=s.live_caption or "",
        live_checks=s.live_checks or [], live_verdict=s.live_verdict or "", live_checked_at=s.live_checked_at,
    )


def submissions(db: Session, ctx: WorkspaceContext, campaign_id: int, entry_id: int) -> list[SubmissionOut]:
    """A creator's drafts in the campaign, newest first."""
    entry = campaigns.get_entry(db, ctx, campaign_id, entry_id)
    rows = repo.submissions(db, entry.id)
    files = media.media_of(db, campaign_id, [s.id for s, _ in rows])
    return [_out(s, e, files.get(s.id)) for s, e in rows]


def submit(db: Session, ctx: WorkspaceContext, campaign_id: int, entry_id: int, data: SubmissionIn) -> SubmissionOut:
    """A new draft version, checked against the current brief; the creator moves to "In review"."""
    ctx.require_write()
    entry = campaigns.get_entry(db, ctx, campaign_id, entry_id)
    path = SUBMIT_PATHS.get(entry.stage)
    if path is None:
        raise conflict("stage", f"{STAGE_NAMES[entry.stage]}: drafts are submitted once the creator is contracted "
                                "and until the content is approved")
    brief = get_brief(db, ctx, campaign_id)
    checks = run_checks(data.caption, data.links, rules_for(db, ctx, campaign_id, brief))
    previous = repo.submissions(db, entry.id)
    row = Submission(campaign_creator_id=entry.id, version=(previous[0][0].version + 1) if previous else 1,
                     caption=data.caption, links=data.links, brief_version=brief.version or None,
                     checks=as_json(checks), verdict=verdict(checks), status="in_review", created_by=ctx.actor_id)
    try:
        with db.begin_nested():
            repo.add(db, row)
    except IntegrityError:
        raise conflict("version", "another draft was submitted at the same moment; reload") from None
    for stage in path:
        campaigns.move_creator(db, ctx, campaign_id, entry.id, StageMove(stage=stage, note=f"draft v{row.version}"))
    return _out(row, None)


def review(db: Session, ctx: WorkspaceContext, campaign_id: int, entry_id: int, submission_id: int,
           data: ReviewIn) -> SubmissionOut:
    """Approve the latest draft or ask for changes (admins); 409 when it was already reviewed or is not the latest."""
    ctx.require("admin")
    entry = campaigns.get_entry(db, ctx, campaign_id, entry_id)
    s = repo.submission(db, entry.id, submission_id)
    if s is None:
        raise AppError(404, "Submission not found", "not_found")
    latest = repo.submissions(db, entry.id)[0][0]
    if s.id != latest.id:
        raise conflict("submission_id", f"version {s.version} was replaced by version {latest.version}; review that")
    if s.status != "in_review":
        raise conflict("status", f"version {s.version} was already reviewed ({s.status.replace('_', ' ')}); "
                                 "reload to see the decision")
    s.status = "approved" if data.decision == "approve" else "changes_requested"
    s.review_comment, s.reviewer_id, s.reviewed_at = data.comment, ctx.user_id, utcnow()
    db.flush()
    campaigns.move_creator(db, ctx, campaign_id, entry.id,
                           StageMove(stage=s.status, note=data.comment[:200] or f"draft v{s.version}"))
    verdict_text = "approved" if s.status == "approved" else "needs changes"
    events.publish(db, "draft_reviewed", entry_id=entry.id,
                   text=f"Your draft version {s.version} was {verdict_text}" + (f": {data.comment}"[:200]
                                                                              if data.comment else ""))
    return _out(s, None)


def reminders(db: Session, ctx: WorkspaceContext, campaign_id: int, today: date | None = None) -> list[ReminderOut]:
    """What is late: drafts past the brief's due date, drafts waiting for review too long."""
    brief = get_brief(db, ctx, campaign_id)
    rows = campaigns.pipeline(db, ctx, campaign_id)
    today = today or utcnow().date()
    items = [ReminderOut(**vars(m)) for m in late_items(rows, [d.model_dump() for d in brief.deliverables], today)]
    days = get_settings().gift_post_days
    items += [ReminderOut(kind="gift_no_post", campaign_creator_id=g.campaign_creator_id, handle=g.handle,
                          message=f"Gift delivered {g.delivered_on:%d %b %Y}, no post after {g.days} days",
                          days_late=g.days - days) for g in gifting.late_gifts(db, ctx, campaign_id, today, days)]
    return sorted(items, key=lambda m: (-m.days_late, m.handle))


def check_caption(db: Session, ctx: WorkspaceContext, campaign_id: int, caption: str,
                  links: list[str] | None = None) -> tuple[str, list[dict]]:
    """(verdict, checks) of a caption against the campaign's current brief and brand, without saving anything."""
    checks = run_checks(caption, links or [], rules_for(db, ctx, campaign_id, get_brief(db, ctx, campaign_id)))
    return verdict(checks), as_json(checks)
