"""A campaign's report: each counted post's latest snapshot, summed (reach as "sum of post reach", what the source
article's campaign figures are), costs per result from the campaign's committed spend, by creator and by format.
Every headline figure carries its definition, the sources behind it, the latest collection time and how many
posts reported it (docs/measurement.md)."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from reachroom.campaigns import money
from reachroom.campaigns import service as campaigns
from reachroom.core.csv_export import number_cell, text_cell
from reachroom.core.dates import human_date
from reachroom.core.errors import invalid
from reachroom.core.tenancy import WorkspaceContext
from reachroom.core.vocab import PLATFORM_NAMES
from reachroom.measurement import emv, forecasts, sales
from reachroom.measurement import repository as repo
from reachroom.measurement.schemas import (
    FORMAT_NAMES,
    METRIC_VERSION_NAMES,
    SOURCE_NAMES,
    DeliveryPoint,
    EmvOut,
    Figure,
    GroupRow,
    RangeDelivery,
    ReportOut,
    UniqueReachOut,
)
from reachroom.measurement.service import _post_out
from reachroom.measurement.slices import Slice, combine, slices_of
from reachroom.metrics.delivery import (
    HISTORY_COUNTS,
    Totals,
    cost_by_group,
    cost_per_result,
    emv_range,
    engagement_rates,
    running_totals,
)
from reachroom.metrics.unique_reach import CreatorReach, unique_reach

# (key, label, definition) of the headline counts, in the order a report shows them
COUNT_FIGURES = (
    ("views", "Views", "Plays or displays as each platform counts them now, summed over the counted posts"),
    ("reach", "Reach (sum of post reach)", "Each post's unique viewers, summed over posts: someone who saw two "
                                          "posts counts twice (how the article's campaign figures are reported)"),
    ("impressions", "Impressions", "Times the posts were shown, summed"),
    ("engagements", "Engagements", "Likes + comments + shares + saves where the platform reports them"),
    ("link_clicks", "Link clicks", "Taps on the post's or story's link"),
)


def _reported(x: Slice, key: str) -> int:
    if key.startswith("er:"):  # an engagement rate: the posts reporting both engagements and its denominator
        return x.totals.paired.get(key[3:], (0, 0, 0))[2]
    if key == "engagements":
        return x.totals.engagements_reported_by
    if key == "posts":
        return x.totals.posts
    return x.totals.reported_by.get(key, 0)


def _figure(key: str, label: str, value: float | None, definition: str, slices: list[Slice], basis: str,
            total_posts: int) -> Figure:
    used = [x for x in slices if _reported(x, basis)]
    return Figure(key=key, label=label, value=value, definition=definition,
                  sources=sorted({SOURCE_NAMES.get(x.source, x.source) for x in used}),
                  collected_until=max((x.collected_until for x in used if x.collected_until), default=None),
                  posts_counted=sum(_reported(x, basis) for x in used), posts_total=total_posts)


def _figures(slices: list[Slice], t: Totals, cost: Decimal, posts: int) -> tuple[list[Figure], str | None]:
    """The headline figures: counts, cost, costs per result and engagement rates, each with its provenance."""
    out = [_figure(k, label, t.engagements if k == "engagements" and t.engagements_reported_by else t.get(k),
                   d, slices, k, posts) for k, label, d in COUNT_FIGURES]
    per = cost_per_result(float(cost), t)
    rates = engagement_rates(t)
    basis = per.cpm_basis
    derived: tuple[tuple[str, str, float | None, str, str], ...] = (
        ("cost_per_post", "Cost per post", per.cost_per_post, "Cost ÷ counted posts", "posts"),
        ("cpm", "CPM", per.cpm, f"Cost ÷ {basis or 'impressions'} × 1,000"
                                + (" (no impressions reported: views instead)" if basis == "views" else ""),
         basis or "impressions"),
        ("cpv", "Cost per view", per.cpv, "Cost ÷ views", "views"),
        ("cpe", "Cost per engagement", per.cpe, "Cost ÷ engagements", "engagements"),
        ("cpc", "Cost per click", per.cpc, "Cost ÷ link clicks", "link_clicks"),
        ("er_reach", "Engagement rate (by reach)", rates.by_reach,
         "Engagements ÷ sum of post reach, over the posts that report both", "er:reach"),
        ("er_impressions", "Engagement rate (by impressions)", rates.by_impressions,
         "Engagements ÷ impressions, over the posts that report both", "er:impressions"),
        ("er_views", "Engagement rate (by views)", rates.by_views,
         "Engagements ÷ views, over the posts that report both (TikTok and YouTube report views, not reach)",
         "er:views"),
    )
    out.append(Figure(key="cost", label="Cost", value=float(cost), sources=[], collected_until=None, posts_counted=0,
                      posts_total=posts, definition="Accepted fees + product value + shipping of the campaign's "
                                                    "creators"))
    out += [_figure(k, label, v, d, slices, b, posts) for k, label, v, d, b in derived]
    return out, basis


def _group(key: str, label: str, t: Totals, cost: Decimal | None) -> GroupRow:
    per = cost_per_result(float(cost), t) if cost is not None else None
    rates = engagement_rates(t)
    rate, basis = rates.headline
    return GroupRow(key=key, label=label, posts=t.posts, views=t.get("views"), reach=t.get("reach"),
                    impressions=t.get("impressions"), engagements=t.engagements if t.engagements_reported_by else None,
                    link_clicks=t.get("link_clicks"), cost=cost, cpm=per.cpm if per else None,
                    cpe=per.cpe if per else None, cost_per_post=per.cost_per_post if per else None,
                    cpv=per.cpv if per else None, cpc=per.cpc if per else None, engagement_rate=rate,
                    engagement_rate_basis=basis, er_by_reach=rates.by_reach, er_by_views=rates.by_views)


def _format_costs(slices: list[Slice], cost_by_entry: dict[int, Decimal]) -> dict[str, Decimal]:
    """Each format's cost: every creator's cost shared equally by their counted posts (metrics/delivery.py)."""
    posts: dict[int, dict[str, int]] = defaultdict(dict)
    for x in slices:
        posts[x.entry][x.format] = posts[x.entry].get(x.format, 0) + x.totals.posts
    shared = cost_by_group({e: float(v) for e, v in cost_by_entry.items()}, posts)
    return {f: Decimal(str(round(v, 2))) for f, v in shared.items()}


def _by(slices: list[Slice], key) -> dict:
    out: dict = defaultdict(list)
    for x in slices:
        out[key(x)].append(x)
    return out


POSTS_SHOWN = 100  # the newest links listed in the report; the API pages through all


UNIQUE_METHOD = ("No platform gives the audience ids that would make this exact, so people are de-duplicated "
                 "assuming independence: within a creator, each post reaches an independent share of their "
                 "followers; across creators, each reaches an independent share rᵢ of the population N: "
                 "N × (1 − Π(1 − rᵢ)). Interval: the population between a third of and three times N.")


def _unique(slices: list[Slice], followers: dict[int, int], population: int | None) -> UniqueReachOut | None:
    """Estimated unique people reached, from each creator's posts reporting reach (metrics/reach.py)."""
    per = [CreatorReach(posts=sum(x.totals.reported_by.get("reach", 0) for x in xs),
                        reach_sum=sum(x.totals.sums.get("reach", 0) for x in xs), audience=followers.get(entry, 0))
           for entry, xs in _by(slices, lambda x: x.entry).items()]
    u = unique_reach(per, population)
    if u is None:
        return None
    basis = "the population you gave" if population else "the creators' followers added up"
    return UniqueReachOut(**vars(u), population_given=bool(population), method=UNIQUE_METHOD,
                          definition=f"People who saw at least one counted post, estimated over {basis} "
                                     f"({u.population:,}); never above the sum of post reach nor below the "
                                     "creator who reached most on their own")


def _in_range(day: date, start: date | None, end: date | None) -> bool:
    return (start is None or day >= start) and (end is None or day <= end)


def _range(changes: list[tuple[date, dict[str, int]]], start: date | None, end: date | None) -> RangeDelivery:
    """The sum of the daily changes inside the range: what the counted posts gained in it."""
    kept = [ch for day, ch in changes if _in_range(day, start, end)]
    return RangeDelivery(start=start, end=end, **{k: sum(ch.get(k, 0) for ch in kept) for k in HISTORY_COUNTS})


def report(db: Session, ctx: WorkspaceContext, campaign_id: int, population: int | None = None,
           start: date | None = None, end: date | None = None, window_days: int | None = None) -> ReportOut:
    """The campaign's delivery, from the latest snapshot of every post still counted (read from the rollups kept
    on every change, so the time grows with neither the posts nor the snapshots); with a range, also what the
    posts gained in it, delivery over time and sales inside it; sales credited within `window_days` of a touch
    (default 30)."""
    if start and end and end < start:
        raise invalid("end", f"is before the start ({human_date(start)})")
    window = sales.attribution_window(window_days)
    c = campaigns.get_campaign(db, ctx, campaign_id)
    slices = slices_of(repo.rollups(db, c.id))
    counted, _, flagged = repo.post_counts(db, c.id)
    spend = money.spend(db, ctx, c.id)
    cost_by_entry = {r.campaign_creator_id: r.total for r in spend.creators}
    figures, basis = _figures(slices, combine(slices), spend.committed, counted)
    entries = campaigns.pipeline(db, ctx, c.id)
    handles = {e.id: e.handle for e in entries}
    creators = [_group(str(entry), f"@{handles.get(entry, '?')} · {PLATFORM_NAMES.get(xs[0].platform, xs[0].platform)}",
                       combine(xs), cost_by_entry.get(entry)) for entry, xs in _by(slices, lambda x: x.entry).items()]
    creators.sort(key=lambda g: -(g.views or 0))
    _versions(figures, creators, repo.metric_versions(db, c.id))
    format_cost = _format_costs(slices, cost_by_entry)
    formats = [_group(f, FORMAT_NAMES.get(f, f), combine(xs), format_cost.get(f))
               for f, xs in sorted(_by(slices, lambda x: x.format).items())]
    sold = sales.campaign_sales(db, ctx, c, handles, cost_by_entry, spend.committed, window, since=start, until=end)
    changes = repo.daily(db, c.id)
    vs, coverage = forecasts.vs_actual(db, c.id, slices, handles, {e.id: e.platform for e in entries})
    return ReportOut(campaign_id=c.id, campaign=c.name, brand=c.brand_name, currency=c.currency,
                     cost=spend.committed, cpm_basis=basis, figures=figures, creators=creators, formats=formats,
                     posts=[_post_out(*r) for r in repo.recent_posts(db, c.id, POSTS_SHOWN)],
                     flagged_snapshots=flagged, emv=_emv(db, ctx, slices),
                     unique_reach=_unique(slices, {e.id: e.followers or 0 for e in entries}, population),
                     forecasts=vs, forecast_coverage=coverage, sales=sold,
                     delivery=[DeliveryPoint(day=day, **t) for day, t in running_totals(changes)
                               if _in_range(day, start, end)],
                     range=_range(changes, start, end) if start or end else None)


VERSIONED = ("views", "impressions")  # the counts a platform's metric change redefines (Instagram, 2025)


def _versions(figures: list[Figure], creators: list[GroupRow], versions: list[tuple[int, str, str]]) -> None:
    """Name the metric versions behind the views and impressions (and each creator's), and warn beside a total
    that adds up posts of one platform counted under different versions."""
    by_platform: dict[str, set[str]] = defaultdict(set)
    by_entry: dict[str, set[str]] = defaultdict(set)
    for entry, platform, version in versions:
        if version:
            by_platform[platform].add(version)
            by_entry[str(entry)].add(version)
    mixed = {p: sorted(vs) for p, vs in sorted(by_platform.items()) if len(vs) > 1}
    warning = "; ".join(f"{PLATFORM_NAMES.get(p, p)} posts counted under {len(vs)} metric versions "
                        f"({', '.join(METRIC_VERSION_NAMES.get(v, v) for v in vs)})" for p, vs in mixed.items())
    every = sorted(set().union(*by_platform.values())) if by_platform else []
    for f in figures:
        if f.key in VERSIONED:
            f.metric_versions = every
            if mixed:
                f.warning = (f"{warning}: the platform changed what it counts (Instagram's impressions before "
                             "2025, views since), so this total adds up numbers counted in different ways")
    for g in creators:
        g.metric_versions = sorted(by_entry.get(g.key, ()))


def _emv(db: Session, ctx: WorkspaceContext, slices: list[Slice]) -> EmvOut:
    """The EMV range from the counted posts' latest numbers, per platform, with the table version it used."""
    table = emv.current(db, ctx)
    low, high = emv_range({p: combine(xs) for p, xs in _by(slices, lambda x: x.platform).items()}, table.values)
    return EmvOut(low=round(low, 2), high=round(high, 2), currency=table.currency, table_version=table.version,
                  note=table.note)


def report_csv(db: Session, ctx: WorkspaceContext, campaign_id: int, window_days: int | None = None) -> str:
    """The report as CSV: one row per creator, then the totals (orders credited within `window_days`)."""
    r = report(db, ctx, campaign_id, window_days=window_days)
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["creator", "posts", "views", "reach_sum_of_posts", "impressions", "engagements", "link_clicks",
                f"cost_{r.currency.lower()}", "cost_per_post", "cpm", "cpv", "cpe", "cpc", "engagement_rate_by_reach",
                "engagement_rate_by_views", "orders",
                f"revenue_{r.currency.lower()}", "roas", "metric_versions"])
    fig = {f.key: f.value for f in r.figures}
    versions = next((f.metric_versions for f in r.figures if f.key == "views"), [])
    sold = {str(x.entry_id): x for x in (r.sales.creators if r.sales else [])}
    shown = {g.key for g in r.creators}
    # creators who sold before any of their posts has numbers still get their row
    selling = [GroupRow(key=k, label=f"@{x.handle}", posts=0, views=None, reach=None, impressions=None,
                        engagements=None, link_clicks=None, cost=x.cost, cpm=None, cpe=None, engagement_rate=None)
               for k, x in sold.items() if k not in shown]
    for g in [*r.creators, *selling, GroupRow(key="total", label="Total", posts=sum(x.posts for x in r.creators),
                                    views=_int(fig["views"]), reach=_int(fig["reach"]),
                                    impressions=_int(fig["impressions"]), engagements=_int(fig["engagements"]),
                                    link_clicks=_int(fig["link_clicks"]), cost=r.cost, cpm=fig["cpm"],
                                    cpe=fig["cpe"], cost_per_post=fig["cost_per_post"], cpv=fig["cpv"],
                                    cpc=fig["cpc"], engagement_rate=fig["er_reach"], er_by_reach=fig["er_reach"],
                                    er_by_views=fig["er_views"])]:
        w.writerow([text_cell(g.label), g.posts, *(number_cell(None if v is None else float(v)) for v in (
            g.views, g.reach, g.impressions, g.engagements, g.link_clicks)),
            number_cell(None if g.cost is None else float(g.cost), 2), number_cell(g.cost_per_post, 2),
            number_cell(g.cpm, 2), number_cell(g.cpv, 4), number_cell(g.cpe, 4), number_cell(g.cpc, 4),
            number_cell(g.er_by_reach, 4), number_cell(g.er_by_views, 4), *_sales_cells(
                sold.get(g.key) if g.key != "total" else r.sales),
            text_cell("; ".join(g.metric_versions if g.key != "total" else versions))])
    return out.getvalue()


def _sales_cells(x) -> list[str]:
    """Orders, revenue and ROAS of a creator (or of the campaign), empty before any code or link."""
    if x is None:
        return ["", "", ""]
    return [str(x.orders), number_cell(float(x.revenue), 2), number_cell(x.roas, 4)]


def _int(value: float | None) -> int | None:
    return None if value is None else int(value)



