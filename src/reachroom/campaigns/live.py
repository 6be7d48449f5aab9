"""The live post: once a draft is approved and published, its link and caption as posted are checked again —
every automated check of the draft, plus what changed since approval (the ad label still up front, nothing
swapped) — and the creator moves to Live.

The caption comes from whoever records the post (pasted from the platform) behind `LiveIn`; a platform connector
can fill the same shape later without changing the checks.
"""

import re
from difflib import SequenceMatcher

from sqlalchemy.orm import Session

from reachroom.campaigns import repository as repo
from reachroom.campaigns import review
from reachroom.campaigns import service as campaigns
from reachroom.campaigns.checks import Check, Span, as_json, run_checks, verdict
from reachroom.campaigns.schemas import LiveIn, StageMove, SubmissionOut
from reachroom.campaigns.stages import can_move
from reachroom.core import events
from reachroom.core.errors import conflict, not_found
from reachroom.core.tenancy import WorkspaceContext
from reachroom.models import utcnow

_WORD = re.compile(r"\S+")


def compare_to_approved(approved: str, live: str) -> Check:
    """Pass when the live caption is the approved one (spacing aside); warn with the added words marked and the
    removed ones named when it changed."""
    a = [m.group(0) for m in _WORD.finditer(approved)]
    spans = list(_WORD.finditer(live))
    b = [m.group(0) for m in spans]
    added: list[Span] = []
    removed: list[str] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op in ("replace", "delete"):
            removed += a[i1:i2]
        if op in ("replace", "insert"):
            added += [Span(m.start(), m.end(), m.group(0)) for m in spans[j1:j2]]
    if not added and not removed:
        return Check("matches_approved", "Same as approved", "pass", "The live caption is the approved one", [])
    parts = []
    if removed:
        parts.append("removed " + ", ".join(f"“{w}”" for w in removed[:12]))
    if added:
        parts.append("added " + ", ".join(f"“{s.text}”" for s in added[:12]))
    return Check("matches_approved", "Same as approved", "warn", "Changed since approval: " + "; ".join(parts), added)


def record_live(db: Session, ctx: WorkspaceContext, campaign_id: int, entry_id: int, submission_id: int,
                data: LiveIn) -> SubmissionOut:
    """Check the published post against the approved draft and keep the result; 409 unless the draft is the
    approved one. A creator at Approved moves to Live."""
    ctx.require_write()
    entry = campaigns.get_entry(db, ctx, campaign_id, entry_id)
    s = repo.submission(db, entry.id, submission_id)
    if s is None:
        raise not_found("Draft")
    if s.status != "approved":
        raise conflict("submission_id", f"only an approved draft can go live; version {s.version} is "
                                        f"{s.status.replace('_', ' ')}")
    rules = review.rules_for(db, ctx, campaign_id, review.get_brief(db, ctx, campaign_id))
    checks = [*run_checks(data.caption, list(s.links or []), rules), compare_to_approved(s.caption, data.caption)]
    s.live_url, s.live_caption, s.live_checks = data.url, data.caption, as_json(checks)
    s.live_verdict, s.live_checked_at = verdict(checks), utcnow()
    db.flush()
    campaigns.record_event(db, ctx, campaign_id, "live_post", new=s.live_verdict, entry_id=entry.id,
                           detail=data.url[:500])
    # measurement counts the post in the campaign's report (campaigns know nothing of reports)
    events.publish(db, "live_post_recorded", ctx=ctx, campaign_id=campaign_id, entry_id=entry.id, url=data.url)
    if entry.stage != "live" and can_move(entry.stage, "live"):
        campaigns.move_creator(db, ctx, campaign_id, entry.id, StageMove(stage="live", note="live post checked"))
    return next(x for x in review.submissions(db, ctx, campaign_id, entry.id) if x.id == s.id)
