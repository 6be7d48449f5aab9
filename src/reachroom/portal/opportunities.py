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
from reachroom.models import Campaign, Opportunity, SocialAccount
from reachroom.portal import repository as repo
from reachroom.portal.service import CreatorAuth


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


def eligible(o: Opportunity, account: SocialAccount, score: float | None, country: str) -> bool:
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


def fit(o: Opportunity, account: SocialAccount, score: float | None, country: str,
        niches: list[str]) -> tuple[int, list[str]]:
    """(0–100, reasons) for an eligible account: niches in common, country, platform, authenticity."""
    reasons, points = [], 0.0
    if o.niches:
        shared = [n for n in o.niches if n in niches]
        points += 40 * len(shared) / len(o.niches)
        if shared:
            reasons.append("you make " + ", ".join(shared))
    else:
        points += 20
    if country and (not o.countries or country in o.countries):
        points += 20
        if o.countries:
            reasons.append(f"they want creators in {country}")
    points += 20
    reasons.append(f"{PLATFORM_NAMES.get(account.platform, account.platform)} @{account.handle}, "
                   f"{account.followers:,} followers")
    if score is not None:
        points += 20 * min(max(score, 0), 100) / 100
        if o.min_authenticity is not None:
            reasons.append(f"authenticity {round(score)} (they ask for {o.min_authenticity}+)")
    return round(points), reasons


def _fee(o: Opportunity) -> str:
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


def _dates(c: Campaign) -> str:
    if c.starts_on and c.ends_on:
        return f"{c.starts_on:%d %b} – {c.ends_on:%d %b %Y}"
    return f"from {c.starts_on:%d %b %Y}" if c.starts_on else ""


def feed(db: Session, auth: CreatorAuth, country: str, niches: list[str]) -> list[OpportunityCard]:
    """Open opportunities the creator may take part in, best fit first (each with the account that fits best)."""
    accounts = repo.verified_accounts(db, auth.creator_user_id)
    opportunities = repo.open_opportunities(db)
    briefs = repo.latest_deliverables(db, [c.id for _, c, _ in opportunities])
    cards = []
    for o, c, brand in opportunities:
        best: tuple[int, list[str], SocialAccount] | None = None
        for account, score in accounts:
            if not eligible(o, account, score, country):
                continue
            points, reasons = fit(o, account, score, country, niches)
            if best is None or points > best[0]:
                best = (points, reasons, account)
        if best is None:
            continue
        label = brand if o.show_brand else "A brand in " + (", ".join(o.niches) or "lifestyle")
        cards.append(OpportunityCard(c.id, o.title, label, o.summary, _fee(o), _deliverables(briefs.get(c.id, [])),
                                     _dates(c), best[0], f"@{best[2].handle}", best[2].id, o.currency,
                                     o.gifted_only, best[1]))
    return sorted(cards, key=lambda x: (-x.fit, x.title))


