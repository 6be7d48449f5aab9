"""Sales attribution (METRICS.md §4): an order goes to the campaign creator whose promo code it used, else whose
tracked link the buyer landed on — last touch within a window of the creator's posts — and ROAS is the
attributed revenue net of refunds over the cost. Codes and links are a floor: buyers who use neither are not
counted. Pure functions over plain values: no database, no settings."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import parse_qs, urlsplit

DEFAULT_WINDOW = timedelta(days=30)
# An order that never became a sale: cancelled (Shopify's `orders/cancelled`, an export's "Cancelled at") or its
# payment voided (financial status `voided`). Neither counts as an order, as revenue or as a customer's first order.
NOT_A_SALE = frozenset({"cancelled", "voided"})


def is_sale(financial_status: str) -> bool:
    """Whether an order with this stored status counts (a cancelled or voided order does not)."""
    return financial_status.strip().lower() not in NOT_A_SALE


@dataclass(frozen=True)
class OrderFacts:
    """What attribution reads of an order: when, the codes used (upper case), where the buyer landed."""

    at: datetime
    codes: tuple[str, ...]
    landing_site: str = ""


@dataclass(frozen=True)
class Attribution:
    """The creator entry an order went to, by which touch, and when that touch was."""

    entry: int
    by: str  # "code" | "link"
    touch_at: datetime


def utm_of(landing_site: str) -> tuple[str, str] | None:
    """(utm_campaign, utm_content) of the URL the buyer landed on, lower case; None without both."""
    try:
        query = parse_qs(urlsplit(landing_site.strip()).query)
    except ValueError:
        return None
    campaign, content = query.get("utm_campaign", [""])[0], query.get("utm_content", [""])[0]
    return (campaign.lower(), content.lower()) if campaign and content else None


def _last_touch(entries: Iterable[int], at: datetime, touches: Mapping[int, Sequence[datetime]],
                window: timedelta) -> tuple[int, datetime] | None:
    """Of these creators, the one whose latest touch before the order is the latest, if within the window."""
    best: tuple[int, datetime] | None = None
    for entry in entries:
        before = [t for t in touches.get(entry, ()) if t <= at and at - t <= window]
        if before and (best is None or max(before) > best[1]):
            best = (entry, max(before))
    return best


def attribute(order: OrderFacts, code_owner: Mapping[str, int], link_owner: Mapping[tuple[str, str], int],
              touches: Mapping[int, Sequence[datetime]], window: timedelta = DEFAULT_WINDOW) -> Attribution | None:
    """The order's creator: a code of theirs beats a link (last touch among several codes), each only within
    `window` after one of that creator's touches (their posts going up)."""
    by_code = _last_touch({code_owner[c] for c in order.codes if c in code_owner}, order.at, touches, window)
    if by_code:
        return Attribution(by_code[0], "code", by_code[1])
    utm = utm_of(order.landing_site)
    if utm and utm in link_owner:
        by_link = _last_touch([link_owner[utm]], order.at, touches, window)
        if by_link:
            return Attribution(by_link[0], "link", by_link[1])
    return None


@dataclass(frozen=True)
class SalesTotals:
    """Attributed orders of one currency: count, revenue net of refunds (minor units), refunds, new customers."""

    orders: int = 0
    revenue_minor: int = 0
    refunds_minor: int = 0
    new_customers: int = 0


def add_order(t: SalesTotals, total_minor: int, refunded_minor: int, new_customer: bool) -> SalesTotals:
    """The totals with one more order (refunds subtract from revenue)."""
    return SalesTotals(t.orders + 1, t.revenue_minor + total_minor - refunded_minor, t.refunds_minor + refunded_minor,
                       t.new_customers + int(new_customer))


def roas(revenue: float, cost: float) -> float | None:
    """Return on ad spend: attributed revenue ÷ cost; None without cost."""
    return revenue / cost if cost > 0 else None
