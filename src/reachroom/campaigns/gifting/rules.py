"""Shipment status moves and the gift-delivered-but-no-post rule (pure, no I/O)."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

STATUSES = ("pending", "shipped", "delivered", "returned", "lost")
STATUS_NAMES = {"pending": "Pending", "shipped": "Shipped", "delivered": "Delivered", "returned": "Returned",
                "lost": "Lost"}
# a returned or lost gift ends there: send a new shipment (the old one stays for accounting)
MOVES: Mapping[str, frozenset[str]] = {
    "pending": frozenset({"shipped"}),
    "shipped": frozenset({"delivered", "returned", "lost"}),
    "delivered": frozenset({"returned"}),
    "returned": frozenset(),
    "lost": frozenset(),
}
#: a gift delivered this many days ago with no live post is late (REACHROOM_GIFT_POST_DAYS overrides it)
GIFT_POST_WITHIN_DAYS = 14
#: stages in which the creator has not posted yet (posts are tracked from Live on)
NOT_POSTED = frozenset({"contracted", "product_shipped", "drafting", "in_review", "changes_requested", "approved"})


def allowed_moves(status: str) -> list[str]:
    """The statuses a shipment in `status` may move to, in order."""
    return [s for s in STATUSES if s in MOVES.get(status, frozenset())]


def can_move(status: str, to: str) -> bool:
    """True when a shipment may go from `status` to `to`."""
    return to in MOVES.get(status, frozenset())


@dataclass(frozen=True)
class GiftLate:
    """A gift delivered `days` days ago to a creator who has not posted."""

    campaign_creator_id: int
    handle: str
    delivered_on: date
    days: int


def gifts_without_post(delivered: Iterable[tuple[int, str, str, datetime]], today: date,
                       within_days: int = GIFT_POST_WITHIN_DAYS) -> list[GiftLate]:
    """From (entry id, handle, stage, delivered_at) of delivered gifts: creators still without a post more than
    `within_days` after their first delivered gift, most late first (one item per creator)."""
    first: dict[int, tuple[str, date]] = {}
    for entry_id, handle, stage, delivered_at in delivered:
        if stage not in NOT_POSTED:
            continue
        day = delivered_at.date()
        if entry_id not in first or day < first[entry_id][1]:
            first[entry_id] = (handle, day)
    out = [GiftLate(e, h, d, (today - d).days) for e, (h, d) in first.items() if (today - d).days > within_days]
    return sorted(out, key=lambda g: (-g.days, g.handle))
