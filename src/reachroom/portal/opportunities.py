"""Opportunities from the creator's side: the open ones at least one of their proved accounts is eligible for,
ranked by how well they fit, each with its reasons. A creator sees what the brand chose to publish — never the
budget, the pipeline, notes or other creators.

Fit (0–100) is Discover's brand-fit score of the account with the opportunity's brand (content, niche, audience,
engagement, authenticity, voice, brand safety, reach for the fee — [fits.py](fits.py)), with its components and
reasons. Until the background pass has worked it out, the card shows a provisional match with the published rules
(pure: niches in common 40, country 20, platform 20, authenticity 20) and says so.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import Session

from reachroom.campaigns.schemas import FORMAT_NAMES, from_minor
from reachroom.core.errors import invalid
from reachroom.core.vocab import NICHE_SLUGS, PLATFORM_NAMES
from reachroom.discovery.labels import COMPONENTS
from reachroom.models import BrandFit, SocialAccount
from reachroom.portal import repository as repo
from reachroom.portal import tasks
from reachroom.portal.service import CreatorAuth

FEED_SIZE = 50  # cards dressed and shown per page; the rest are counted
# The score parts in a creator's words (Discover's labels speak to the brand).
PART_NAMES = {**COMPONENTS, "semantic": "Content like the brand's", "cost": "Reach for the fee"}


@dataclass(frozen=True)
class FitPart:
    """One component of the brand fit: its value 0–100, how sure it is (0–100) and its weight (percent)."""

    name: str
    value: int
    confidence: int
    weight: int


@dataclass(frozen=True)
class FeedFilters:
    """What the creator narrowed the feed to: words in the title, summary or brand; a platform; paid or gifted;
    a niche; a lowest fee (in the opportunity's currency)."""

    q: str = ""
    platform: str = ""
    pay: str = ""  # "" | paid | gifted
    niche: str = ""
    min_fee: float | None = None

    @classmethod
    def from_params(cls, params: Mapping[str, str]) -> FeedFilters:
        """The filters from a query string; 422 naming the field for a value outside its choices."""
        q = params.get("q", "").strip()[:100]
        platform, pay, niche = (params.get(k, "").strip() for k in ("platform", "pay", "niche"))
        if platform and platform not in PLATFORM_NAMES:
            raise invalid("platform", f"choose one of {', '.join(PLATFORM_NAMES.values())}")
        if pay not in ("", "paid", "gifted"):
            raise invalid("pay", "choose paid or gifted")
        if niche and niche not in NICHE_SLUGS:
            raise invalid("niche", "choose a niche from the list")
        raw = params.get("min_fee", "").replace(",", "").strip()
        try:
            min_fee = float(raw) if raw else None
        except ValueError:
            raise invalid("min_fee", "enter a number, e.g. 150") from None
        if min_fee is not None and not (0 <= min_fee < 1e9):
            raise invalid("min_fee", "enter a fee of 0 or more")
        return cls(q, platform, pay, niche, min_fee)

    @property
    def active(self) -> bool:
        """True when anything narrows the feed."""
        return bool(self.q or self.platform or self.pay or self.niche or self.min_fee is not None)


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
    brand_fit: bool = False  # False: the provisional match with the published rules
    confidence: int | None = None
    parts: list[FitPart] = field(default_factory=list)
    formats: list[tuple[str, str, int]] = field(default_factory=list)  # the brief's (format, its name, count)
    starts_on: date | None = None  # the campaign's dates: a bid's proposed dates fall between them
    ends_on: date | None = None


RULES = ("platform", "followers", "countries", "niches", "authenticity")


def refusal(o, account: SocialAccount, score: float | None, country: str, niches: list[str] | frozenset[str]
            ) -> tuple[str, str] | None:
    """The first rule the brand set that the account (or its creator) does not meet, as (rule, what it asks), or
    None when it meets them all: platform, followers, countries, niches (at least one in common with the creator's
    profile when the opportunity names any), authenticity."""
    if o.platforms and account.platform not in o.platforms:
        return "platform", "on " + ", ".join(PLATFORM_NAMES.get(p, p) for p in o.platforms)
    if o.min_followers is not None and account.followers < o.min_followers:
        return "followers", f"at least {o.min_followers:,} followers"
    if o.max_followers is not None and account.followers > o.max_followers:
        return "followers", f"at most {o.max_followers:,} followers"
    if o.countries and country not in o.countries:
        return "countries", "creators in " + ", ".join(o.countries) + " (the country on your profile)"
    if o.niches and not set(o.niches).intersection(niches):
        return "niches", "creators in " + ", ".join(o.niches) + " (the niches on your profile)"
    if o.min_authenticity is not None and (score is None or score < o.min_authenticity):
        return "authenticity", f"an authenticity score of {o.min_authenticity} or more"
    return None


def eligible(o, account: SocialAccount, score: float | None, country: str,
             niches: list[str] | frozenset[str]) -> bool:
    """True when the account meets every rule the brand set (see `refusal`)."""
    return refusal(o, account, score, country, niches) is None


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


def _formats(items: list) -> list[tuple[str, str, int]]:
    out: dict[str, tuple[str, str, int]] = {}
    for d in items:
        f = d.get("format", "")
        if f in FORMAT_NAMES:
            out[f] = (f, FORMAT_NAMES[f], out.get(f, (f, "", 0))[2] + int(d.get("count", 1)))
    return list(out.values())


def _dates(c) -> str:
    if c.starts_on and c.ends_on:
        return f"{c.starts_on:%d %b} – {c.ends_on:%d %b %Y}"
    return f"from {c.starts_on:%d %b %Y}" if c.starts_on else ""


def creator_reasons(stored: list[str]) -> list[str]:
    """Discover's reasons, said to the creator (Discover speaks of the brand's search)."""
    return [r.replace("content matches your search", "your content is close to the brand's description")
            for r in stored]


def _parts(f: BrandFit) -> list[FitPart]:
    return [FitPart(PART_NAMES.get(name, name), round(100 * c["value"]), round(100 * c["confidence"]),
                    round(100 * c["weight"])) for name, c in f.components.items() if c.get("weight")]


def matches(o, f: FeedFilters) -> bool:
    """True when the opportunity passes the creator's filters."""
    if f.q and f.q.lower() not in f"{o.title} {o.summary} {o.brand_name if o.show_brand else ''}".lower():
        return False
    if f.platform and o.platforms and f.platform not in o.platforms:
        return False
    if f.pay and (f.pay == "gifted") != o.gifted_only:
        return False
    if f.niche and f.niche not in o.niches:
        return False
    if f.min_fee is not None and not o.gifted_only:
        top = o.fee_max_minor if o.fee_max_minor is not None else o.fee_min_minor
        if top is not None and from_minor(top) < f.min_fee:
            return False
    return True


def _score(o, account: SocialAccount, score: float | None, country: str, wanted: frozenset[str],
           fits: dict[tuple[int, int], float]) -> tuple[int, bool]:
    """(0–100, whether it is the brand fit — False: the provisional rules match stands in)."""
    found = fits.get((o.brand_id, account.id))
    if found is not None:
        return round(100 * found), True
    return points(o, account, score, country, wanted), False


def feed(db: Session, auth: CreatorAuth, country: str, niches: list[str], limit: int = FEED_SIZE, *,
         filters: FeedFilters | None = None) -> tuple[list[OpportunityCard], int]:
    """(the best `limit` cards, how many opportunities the creator may take part in and pass the filters): each
    with the account that fits it best. Eligibility and fit run over every open opportunity; only the shown cards
    are dressed."""
    accounts = repo.verified_accounts(db, auth.creator_user_id)
    if not accounts:
        return [], 0
    filters = filters or FeedFilters()
    fits = repo.fit_values(db, [a.id for a, _ in accounts])
    ranked = []
    wanted = frozenset(niches)
    missing = False
    for o in repo.open_opportunities(db):
        if not matches(o, filters):
            continue
        best: tuple[int, SocialAccount, float | None, bool] | None = None
        for account, score in accounts:
            if eligible(o, account, score, country, wanted):
                total, stored = _score(o, account, score, country, wanted, fits)
                missing = missing or not stored
                if best is None or total > best[0]:
                    best = (total, account, score, stored)
        if best is not None:
            ranked.append((best, o))
    if missing:
        tasks.ask_once(db, ("feed", auth.creator_user_id), account_ids=[a.id for a, _ in accounts])
    ranked.sort(key=lambda x: (-x[0][0], x[1].title))
    shown = ranked[:limit]
    briefs = repo.latest_deliverables(db, [o.campaign_id for _, o in shown])
    whole = repo.fits_of_pairs(db, [(o.brand_id, best[1].id) for best, o in shown if best[3]])
    return [_card(o, best[:3], whole.get((o.brand_id, best[1].id)), country, niches, briefs)
            for best, o in shown], len(ranked)


def _card(o, best: tuple, stored: BrandFit | None, country: str, niches: list[str],
          briefs: dict[int, list]) -> OpportunityCard:
    """One card, dressed: the brand fit's reasons and parts, or the rules' reasons."""
    total, account, score = best
    _, reasons = fit(o, account, score, country, niches)
    extra: dict = {}
    if stored is not None:
        reasons = creator_reasons(stored.reasons) + reasons[-1:]  # the account line says which account fits
        extra = {"brand_fit": True, "confidence": round(100 * stored.confidence), "parts": _parts(stored)}
    label = o.brand_name if o.show_brand else "A brand in " + (", ".join(o.niches) or "lifestyle")
    brief = briefs.get(o.campaign_id, [])
    return OpportunityCard(o.campaign_id, o.title, label, o.summary, _fee(o), _deliverables(brief), _dates(o), total,
                           f"@{account.handle}", account.id, o.currency, o.gifted_only, reasons,
                           formats=_formats(brief), starts_on=o.starts_on, ends_on=o.ends_on, **extra)
