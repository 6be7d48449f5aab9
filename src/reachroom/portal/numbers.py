"""A creator's own numbers: the posts of theirs a brand counts in a campaign, and the counts they type in from
their app's insights (stored as "creator-reported" snapshots, flagged like any other when they contradict).

Only the creator's own pipeline entry and its posts (404 for anything else); they never see the campaign's
totals, other creators' posts or the brand's costs."""

from sqlalchemy.orm import Session

from reachroom.core.errors import not_found
from reachroom.measurement import service as measurement
from reachroom.measurement.schemas import CountsIn, PostOut, SnapshotIn, SnapshotOut
from reachroom.portal.drafts import acting_on
from reachroom.portal.service import CreatorAuth

POSTS_LISTED = 200  # a creator's posts in one campaign: a handful in practice


NumbersIn = CountsIn  # what the creator's app shows: the counts and when, never a source (it is "creator")


def my_posts(db: Session, auth: CreatorAuth, entry_id: int) -> list[PostOut]:
    """The creator's posts counted in one of their campaigns, with their latest numbers."""
    ctx, entry, *_ = acting_on(db, auth, entry_id)
    return [p for p in measurement.posts(db, ctx, entry.campaign_id, limit=POSTS_LISTED, entry_id=entry.id)
            if p.unlinked_at is None]


def report_numbers(db: Session, auth: CreatorAuth, entry_id: int, post_id: int, data: NumbersIn) -> SnapshotOut:
    """Store the creator's numbers for one of their own counted posts (source: creator-reported)."""
    ctx, entry, *_ = acting_on(db, auth, entry_id)
    if post_id not in {p.id for p in my_posts(db, auth, entry_id)}:
        raise not_found("Post")
    return measurement.add_snapshot(db, ctx, entry.campaign_id, post_id,
                                    SnapshotIn(source="creator", **data.model_dump()))
