"""Opportunities from the creator's side: the open ones at least one of their proved accounts is eligible for,
ranked by how well they fit, each with its reasons. A creator sees what the brand chose to publish — never the
budget, the pipeline, notes or other creators.

Fit (0–100, pure): niches in common with what the opportunity looks for (40), the creator's country among its
countries (20), a platform it wants (20), and the account's authenticity (20). This is a first reading from the
creator's side; Discover's brand-fit model (content, audience, tone) is the next step.
"""

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from reachroom.campaigns.schemas import FORMAT_NAMES, from_minor
from reachroom.core.vocab import PLATFORM_NAMES
from reachroom.models import SocialAccount
from reachroom.portal import repository as repo
from reachroom.portal.service import CreatorAuth

FEED_SIZE = 50  # cards dressed and shown per page; the rest are counted


@dataclass(frozen=True)
class OpportunityCard:
    """One opportunity as a creator sees it."""

    campaign_id: int
    title: str
    brand: str
    summary: str
    fee: str
    deliverables: list[str]
    dates: str
    fit: int
    account: str
    account_id: int
    currency: str
    gifted_only: bool
    reasons: list[str] = field(default_factory=list)


def eligible(o, account: SocialAccount, score: float | None, country: str) -> bool:
    """True when the account meets every rule the brand set (platform, followers, authenticity, country)."""
    if o.platforms and account.platform not in o.platforms:
        return False
    if o.min_followers is not None and account.followers < o.min_followers:
        return False
    if o.max_followers is not None and account.followers > o.max_followers:
        return False
    if o.min_authenticity is not None and (score is None or score < o.min_authenticity):
        return False
    if o.countries and country not in o.countries:
        return False
    return True


def points(o, account: SocialAccount, score: float | None, country: str, niches: frozenset[str]) -> int:
    """Fit 0–100 for an eligible account: niches in common (40), country (20), platform (20), authenticity (20)."""
    total = 40 * len(niches.intersection(o.niches)) / len(o.niches) if o.niches else 20.0
    if country and (not o.countries or country in o.countries):
        total += 20
    total += 20
    if score is not None:
        total += 20 * min(max(score, 0), 100) / 100
    return round(total)


def fit(o, account: SocialAccount, score: float | None, country: str,
        niches: list[str]) -> tuple[int, list[str]]:
    """(fit 0–100, the reasons in words) for an eligible account."""
    reasons = []
    shared = [n for n in o.niches if n in niches]
    if shared:
        reasons.append("you make " + ", ".join(shared))
    if country and o.countries and country in o.countries:
        reasons.append(f"they want creators in {country}")
    reasons.append(f"{PLATFORM_NAMES.get(account.platform, account.platform)} @{account.handle}, "
                   f"{account.followers:,} followers")
    if score is not None and o.min_authenticity is not None:
        reasons.append(f"authenticity {round(score)} (they ask for {o.min_authenticity}+)")
    return points(o, account, score, country, frozenset(niches)), reasons


def _fee(o) -> str:
    if o.gifted_only:
        return "Gifted (no fee)"
    low, high = o.fee_min_minor, o.fee_max_minor
    if low is None and high is None:
        return "Fee to agree"
    if low is not None and high is not None and low != high:
        return f"{from_minor(low):,.0f}–{from_minor(high):,.0f} {o.currency}"
    return f"{from_minor(low if low is not None else high or 0):,.0f} {o.currency}"


def _deliverables(items: list) -> list[str]:
    return [f"{d.get('count', 1)} × {PLATFORM_NAMES.get(d.get('platform', ''), '')} "
            f"{FORMAT_NAMES.get(d.get('format', ''), d.get('format', '')).lower()}".replace("  ", " ")
            for d in items]


def _dates(c) -> str:
    if c.starts_on and c.ends_on:
        return f"{c.starts_on:%d %b} – {c.ends_on:%d %b %Y}"
    return f"from {c.starts_on:%d %b %Y}" if c.starts_on else ""


def feed(db: Session, auth: CreatorAuth, country: str, niches: list[str],
         limit: int = FEED_SIZE) -> tuple[list[OpportunityCard], int]:
    """(the best `limit` cards, how many opportunities the creator may take part in): each with the account
    that fits it best. Eligibility and fit run over every open opportunity; only the shown cards are dressed."""
    accounts = repo.verified_accounts(db, auth.creator_user_id)
    if not accounts:
        return [], 0
    ranked = []
    wanted = frozenset(niches)
    for o in repo.open_opportunities(db):
        best: tuple[int, SocialAccount, float | None] | None = None
        for account, score in accounts:
            if eligible(o, account, score, country):
                total = points(o, account, score, country, wanted)
                if best is None or total > best[0]:
                    best = (total, account, score)
        if best is not None:
            ranked.append((best, o))
    ranked.sort(key=lambda x: (-x[0][0], x[1].title))
    shown = ranked[:limit]
    briefs = repo.latest_deliverables(db, [o.campaign_id for _, o in shown])
    cards = []
    for (total, account, score), o in shown:
        _, reasons = fit(o, account, score, country, niches)
        label = o.brand_name if o.show_brand else "A brand in " + (", ".join(o.niches) or "lifestyle")
        cards.append(OpportunityCard(o.campaign_id, o.title, label, o.summary, _fee(o),
                                     _deliverables(briefs.get(o.campaign_id, [])), _dates(o), total,
                                     f"@{account.handle}", account.id, o.currency, o.gifted_only, reasons))
    return cards, len(ranked)
