"""A brand's results across its campaigns: each campaign's delivery and cost side by side, and a leaderboard of
the creators who worked on them with a rebooking verdict that says why (docs/measurement.md, "Brand results").
Read from the rollups the reports keep, so its time grows with the campaigns, not the posts or snapshots."""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy.orm import Session

from reachroom.brands import service as brands
from reachroom.campaigns import money
from reachroom.campaigns import service as campaigns
from reachroom.core.tenancy import WorkspaceContext
from reachroom.measurement import repository as repo
from reachroom.measurement.schemas import BrandResultsOut, CampaignResult, CreatorResult
from reachroom.measurement.slices import Slice, combine, slices_of
from reachroom.metrics.delivery import Totals, cost_per_result, engagement_rates

VERDICT_RULE = ("Compared with the brand's other creators paid in the same currency: rebook when the cost per "
                "engagement is at or below their median and the engagement rate at most a fifth below theirs "
                "(by reach where the posts report it; by views — TikTok, YouTube — where they do not, compared with "
                "the other creators rated by views); "
                "review when the cost per engagement is at least twice the median or the engagement rate under half "
                "of it; otherwise consider. Gifted creators (no cost) are judged on engagement rate alone.")
VERDICT_ORDER = {"rebook": 0, "consider": 1, "review": 2, "no_numbers": 3}


@dataclass
class _Creator:
    """One account's slices and costs across the brand's campaigns, in one currency."""

    creator_id: int
    handle: str
    platform: str
    currency: str
    campaigns: set[int] = field(default_factory=set)
    slices: list[Slice] = field(default_factory=list)
    cost: Decimal = Decimal("0.00")


def brand_results(db: Session, ctx: WorkspaceContext, brand_id: int) -> BrandResultsOut:
    """The brand's campaigns (newest first by when they ran) and its creators ranked by verdict, then cost per
    engagement."""
    brand = brands.get_brand(db, ctx, brand_id)
    # by when a campaign ran (its start, else when it was made), not by when it was entered
    found = sorted(campaigns.list_campaigns(db, ctx, brand_id=brand.id),
                   key=lambda c: (c.starts_on or c.created_at.date(), c.id), reverse=True)
    rows = repo.rollups_with_accounts(db, [c.id for c in found])
    by_campaign: dict[int, list[tuple]] = defaultdict(list)
    for row in rows:
        by_campaign[row[0].campaign_id].append(row)
    people: dict[tuple[int, str], _Creator] = {}
    out = []
    for c in found:
        spend = money.spend(db, ctx, c.id)
        cost_by_entry = {x.campaign_creator_id: x.total for x in spend.creators}
        slices = slices_of([r[0] for r in by_campaign[c.id]])
        out.append(_campaign(c, combine(slices), spend.committed, slices))
        _collect(people, c.id, c.currency, by_campaign[c.id], cost_by_entry)
    return BrandResultsOut(brand_id=brand.id, brand=brand.name, campaigns=out,
                           creators=_leaderboard(people), verdict_rule=VERDICT_RULE)


def _campaign(c, t: Totals, cost: Decimal, slices: list[Slice]) -> CampaignResult:
    per = cost_per_result(float(cost), t)
    rate, basis = engagement_rates(t).headline
    return CampaignResult(campaign_id=c.id, campaign=c.name, status=c.status, currency=c.currency, posts=t.posts,
                          views=t.get("views"), reach=t.get("reach"), impressions=t.get("impressions"),
                          engagements=t.engagements if t.engagements_reported_by else None, cost=cost, cpm=per.cpm,
                          cpe=per.cpe, engagement_rate=rate, engagement_rate_basis=basis,
                          collected_until=max((x.collected_until for x in slices if x.collected_until), default=None))


def _collect(people: dict[tuple[int, str], _Creator], campaign_id: int, currency: str, rows: list[tuple],
             cost_by_entry: dict[int, Decimal]) -> None:
    """Add one campaign's counted slices and each creator's cost in it to the per-account totals."""
    costed: set[int] = set()
    for rollup, account_id, creator_id, handle, platform in rows:
        p = people.setdefault((account_id, currency), _Creator(creator_id, handle, platform, currency))
        p.campaigns.add(campaign_id)
        p.slices.extend(slices_of([rollup]))
        if rollup.campaign_creator_id not in costed:  # a creator's cost once per campaign, not per slice
            costed.add(rollup.campaign_creator_id)
            p.cost += cost_by_entry.get(rollup.campaign_creator_id, Decimal("0.00"))


def _leaderboard(people: dict[tuple[int, str], _Creator]) -> list[CreatorResult]:
    rows = []
    for (account_id, _), p in people.items():
        t = combine(p.slices)
        per = cost_per_result(float(p.cost), t)
        rate, basis = engagement_rates(t).headline
        rows.append(CreatorResult(
            account_id=account_id, creator_id=p.creator_id, handle=p.handle, platform=p.platform,
            campaigns=len(p.campaigns), posts=t.posts,
            views=t.get("views"), reach=t.get("reach"),
            engagements=t.engagements if t.engagements_reported_by else None,
            currency=p.currency, cost=p.cost, cpe=per.cpe if p.cost else None, cpm=per.cpm if p.cost else None,
            engagement_rate=rate, engagement_rate_basis=basis, verdict="no_numbers",
            reason="No engagement numbers yet"))
    by_currency: dict[str, list[CreatorResult]] = defaultdict(list)
    for r in rows:
        by_currency[r.currency].append(r)
    judged = [_judge(r, peers) for peers in by_currency.values() for r in peers]
    return sorted(judged, key=lambda r: (VERDICT_ORDER[r.verdict], r.cpe if r.cpe is not None else float("inf"),
                                         -(r.engagements or 0), r.handle))


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def _judge(r: CreatorResult, peers: list[CreatorResult]) -> CreatorResult:
    """The verdict of VERDICT_RULE, with the numbers that decided it."""
    if r.engagements is None:
        return r
    cpe_mid = _median([p.cpe for p in peers if p.cpe is not None])
    # a rate by views is compared with the other rates by views (a view is not a person reached)
    er, basis = r.engagement_rate, r.engagement_rate_basis
    er_mid = _median([p.engagement_rate for p in peers
                      if p.engagement_rate is not None and p.engagement_rate_basis == basis])
    by = f" by {basis}" if basis else ""
    if er is not None and er_mid and er < er_mid / 2:
        return r.model_copy(update={"verdict": "review", "reason": f"engagement rate{by} {er:.2%}, under half the "
                                                                   f"median {er_mid:.2%}"})
    if r.cpe is not None and cpe_mid and r.cpe >= 2 * cpe_mid:
        return r.model_copy(update={"verdict": "review", "reason": f"cost per engagement {r.cpe:.2f} {r.currency}, "
                                                                   f"at least twice the median {cpe_mid:.2f}"})
    cheap = r.cpe is None or cpe_mid is None or r.cpe <= cpe_mid
    engaging = er is not None and (er_mid is None or er >= 0.8 * er_mid)
    parts = [f"engagement rate{by} {er:.2%}" if er is not None else "no reach or views to rate engagement by"]
    if er_mid is not None:
        parts[0] += f" (median {er_mid:.2%})"
    parts.append("gifted: no cost" if r.cpe is None else f"cost per engagement {r.cpe:.2f} {r.currency}"
                                                          + (f" (median {cpe_mid:.2f})" if cpe_mid else ""))
    verdict = "rebook" if cheap and engaging else "consider"
    return r.model_copy(update={"verdict": verdict, "reason": "; ".join(parts)})
