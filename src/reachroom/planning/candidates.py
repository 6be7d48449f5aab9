"""The creators a plan weighs, with what each would cost and deliver: the brand's best fits from Discover (its
filters, exclusion lists and authenticity gate), the best macro and mega fits for the comparison, each with a fee
estimate and a forecast of the deliverable, and their audience spread over the target's cells (docs/planning.md)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from reachroom.core.tenancy import WorkspaceContext
from reachroom.discovery import service as discovery
from reachroom.discovery.schemas import ResultOut, SearchRequest
from reachroom.measurement.forecasts import past_post
from reachroom.metrics.forecast import FORECAST_METRICS, forecast_deliverable
from reachroom.models import Brand
from reachroom.planning import repository as repo
from reachroom.planning.compare import BIG_TIERS
from reachroom.planning.fees import AgreedFee, FeeForecast, fee_forecast
from reachroom.planning.schemas import PlanIn

PAGE = 200  # discovery's largest page
BIG_POOL = 40  # best-fitting macro and mega creators added for "many micro or one mega"
COUNTRY_FLOOR = 0.1  # brand target countries below this share of its audience are not part of the target


@dataclass
class Pooled:
    """A candidate with everything the plan shows about them."""

    result: ResultOut
    fee: FeeForecast
    forecast: dict  # metric → MetricForecast | None
    unique_reach: float  # people their posts reach (within-creator overlap counted)
    shares: dict[str, float]  # target cell → share of their audience in it


def _search(db: Session, ctx: WorkspaceContext, data: PlanIn, limit: int, offset: int = 0,
            tiers: list[str] | None = None) -> list[ResultOut]:
    req = SearchRequest(brand_id=data.brand_id, platforms=list(data.platforms), niches=list(data.niches),
                        authenticity_min=data.authenticity_min, exclude_safety=list(data.exclude_safety),
                        followers_min=data.followers_min, followers_max=data.followers_max,
                        countries=list(data.creator_countries), tiers=tiers or [], limit=limit, offset=offset)
    return discovery.search(db, ctx, req).results


def pool(db: Session, ctx: WorkspaceContext, data: PlanIn) -> list[ResultOut]:
    """The brand's best `data.pool` fits, then its best macro and mega fits not among them."""
    found: dict[int, ResultOut] = {}
    offset = 0
    while len(found) < data.pool:
        page = _search(db, ctx, data, min(PAGE, data.pool - len(found)), offset)
        for r in page:
            found.setdefault(r.account_id, r)
        if len(page) < PAGE:
            break
        offset += len(page)
    for r in _search(db, ctx, data, BIG_POOL, tiers=list(BIG_TIERS)):
        found.setdefault(r.account_id, r)
    return list(found.values())


def target_countries(brand: Brand, data: PlanIn) -> list[str]:
    """The request's countries, else those of the brand's target audience, else none (everyone)."""
    if data.countries:
        return list(data.countries)
    countries = (brand.target_audience or {}).get("countries") or {}
    return sorted((c.upper() for c, s in countries.items() if float(s) >= COUNTRY_FLOOR),
                  key=lambda c: -float(countries.get(c, countries.get(c.lower(), 0))))


def cells_of(countries: list[str], ages: list[str]) -> list[str]:
    """The target's cells: country × age band (either may be everyone)."""
    return [f"{c}|{a}" for c in (countries or ["*"]) for a in (ages or ["*"])]


def _spread(profile, countries: list[str], ages: list[str]) -> dict[str, float] | None:
    """Share of an audience profile in each target cell (country and age independent), or None without one."""
    if profile is None:
        return None
    by_country = {str(k).upper(): float(v) for k, v in (profile.countries or {}).items()}
    by_age = {str(k): float(v) for k, v in (profile.age_bands or {}).items()}
    if (countries and not by_country) or (ages and not by_age):
        return None
    out = {}
    for cell in cells_of(countries, ages):
        c, a = cell.split("|")
        out[cell] = (1.0 if c == "*" else by_country.get(c, 0.0)) * (1.0 if a == "*" else by_age.get(a, 0.0))
    return out


def agreed(terms, account) -> AgreedFee:
    """One accepted deal as the fee model reads it: its fee per posted deliverable (split over its posts)."""
    items = [d for d in (terms.deliverables or []) if isinstance(d, dict)]
    posts = sum(int(d.get("count", 1) or 1) for d in items) or 1
    fmt = str(items[0].get("format", "post")) if items else "post"
    return AgreedFee(followers=float(account.followers or 0), platform=account.platform, format=fmt,
                     amount=terms.fee_minor / 100 / posts, currency=terms.currency, creator=account.id)


def _deals(db: Session, ctx: WorkspaceContext) -> list[AgreedFee]:
    """The workspace's agreed fees (accepted terms; accepted bids become these)."""
    return [agreed(terms, account) for terms, account in repo.agreed_fees(db, ctx.workspace_id)]


def unique_reach(per_post: float, followers: float, posts: int) -> float:
    """People reached by `posts` posts of one creator, each reaching `per_post` of `followers` independently."""
    if followers <= 0:
        return per_post * posts
    p = min(per_post / followers, 1.0)
    return followers * (1 - (1 - p) ** posts)


def enrich(db: Session, ctx: WorkspaceContext, data: PlanIn, results: list[ResultOut], countries: list[str],
           rates: dict[tuple[str, str], float]) -> list[Pooled]:
    """Fee, forecast and audience spread of every pooled creator (a missing audience profile takes the pool's
    average spread: what is known about creators like them)."""
    ids = [r.account_id for r in results]
    audiences = repo.audiences(db, ids)
    histories = repo.histories(db, ids)
    deals = _deals(db, ctx)
    out: list[Pooled] = []
    missing: list[int] = []
    for r in results:
        followers = float(r.followers or 0)
        history = [past_post(p, s, int(followers)) for p, s in histories.get(r.account_id, [])]
        f = forecast_deliverable(history, int(followers), r.platform or "instagram", data.format,
                                 data.posts_per_creator)
        fee = fee_forecast(followers, r.platform or "instagram", data.format, deals, data.currency, rates,
                           creator=r.account_id)
        fee = FeeForecast(fee.value * data.posts_per_creator, fee.low * data.posts_per_creator,
                          fee.high * data.posts_per_creator, fee.currency, fee.basis, fee.deals_used)
        reach = f.metrics.get("reach")
        per_post = (reach.expected / data.posts_per_creator) if reach else 0.0
        spread = _spread(audiences.get(r.account_id), countries, list(data.age_bands))
        if spread is None:
            missing.append(len(out))
            spread = {}
        out.append(Pooled(r, fee, {m: f.metrics.get(m) for m in FORECAST_METRICS},
                          unique_reach(per_post, followers, data.posts_per_creator), spread))
    known = [p.shares for i, p in enumerate(out) if i not in set(missing)]
    cells = cells_of(countries, list(data.age_bands))
    average = {c: (sum(s.get(c, 0.0) for s in known) / len(known)) if known else 1.0 / len(cells) for c in cells}
    for i in missing:
        out[i].shares = dict(average)
    return out

