"""What is late in a campaign (pure: pipeline rows, brief deliverables and today in; reminders out)."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

#: a draft waiting this many days for a review is late
REVIEW_WITHIN_DAYS = 3
#: stages in which the creator still owes the draft
OWES_DRAFT = frozenset({"contracted", "product_shipped", "drafting", "changes_requested"})


@dataclass(frozen=True)
class Reminder:
    """One late item: what, for whom, since when."""

    kind: str  # draft_due | review_waiting
    campaign_creator_id: int
    handle: str
    message: str
    days_late: int


def late_items(rows: Sequence, deliverables: Sequence[dict], today: date,
               review_within_days: int = REVIEW_WITHIN_DAYS) -> list[Reminder]:
    """Drafts past the brief's earliest due date, and drafts in review longer than `review_within_days`, most
    late first. `rows` need id, handle, stage and stage_changed_at (pipeline rows)."""
    dues = sorted(d for d in (_due(x) for x in deliverables) if d is not None)
    out: list[Reminder] = []
    for r in rows:
        if dues and r.stage in OWES_DRAFT and today > dues[0]:
            late = (today - dues[0]).days
            out.append(Reminder("draft_due", r.id, r.handle,
                                f"Draft was due {dues[0]:%d %b %Y} ({late} day{'' if late == 1 else 's'} late)", late))
        if r.stage == "in_review":
            waiting = (today - _day(r.stage_changed_at)).days
            if waiting > review_within_days:
                out.append(Reminder("review_waiting", r.id, r.handle,
                                    f"Draft waiting for review for {waiting} days", waiting - review_within_days))
    return sorted(out, key=lambda m: (-m.days_late, m.handle))


def _due(deliverable: dict) -> date | None:
    value = deliverable.get("due_on")
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _day(value: datetime | date) -> date:
    return value.date() if isinstance(value, datetime) else value
