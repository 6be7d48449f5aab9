"""A campaign's report: each counted post's latest snapshot, summed (reach as "sum of post reach", what the source
article's campaign figures are), costs per result from the campaign's committed spend, by creator and by format.
Every headline figure carries its definition, the sources behind it, the latest collection time and how many
posts reported it (docs/measurement.md)."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from decimal import Decimal

from sqlalchemy.orm import Session

from reachroom.campaigns import money
from reachroom.campaigns import service as campaigns
from reachroom.core.csv_export import number_cell, text_cell
from reachroom.core.tenancy import WorkspaceContext
from reachroom.core.vocab import PLATFORM_NAMES
from reachroom.measurement import emv
from reachroom.measurement import repository as repo
from reachroom.measurement.schemas import FORMAT_NAMES, SOURCE_NAMES, EmvOut, Figure, GroupRow, ReportOut
from reachroom.measurement.service import _counts, _post_out
from reachroom.metrics.delivery import Totals, cost_per_result, emv_range, engagement_rates, totals
from reachroom.models import PostMetricSnapshot

# (key, label, definition) of the headline counts, in the order a report shows them
COUNT_FIGURES = (
    ("views", "Views", "Plays or displays as each platform counts them now, summed over the counted posts"),
    ("reach", "Reach (sum of post reach)", "Each post's unique viewers, summed over posts: someone who saw two "
                                          "posts counts twice (how the article's campaign figures are reported)"),
    ("impressions", "Impressions", "Times the posts were shown, summed"),
    ("engagements", "Engagements", "Likes + comments + shares + saves where the platform reports them"),
    ("link_clicks", "Link clicks", "Taps on the post's or story's link"),
)


def _figure(key: str, label: str, value: float | None, definition: str, used: list[PostMetricSnapshot],
            total_posts: int) -> Figure:
    return Figure(key=key, label=label, value=value, definition=definition,
                  sources=sorted({SOURCE_NAMES.get(s.source, s.source) for s in used}),
                  collected_until=max((s.collected_at for s in used), default=None),
                  posts_counted=len(used), posts_total=total_posts)


def _reporting(latest: list[PostMetricSnapshot], key: str) -> list[PostMetricSnapshot]:
    if key == "engagements":
        return [s for s in latest if _counts(s).engagements is not None]
    return [s for s in latest if getattr(s, key) is not None]


def _figures(latest: list[PostMetricSnapshot], t: Totals, cost: Decimal,
             posts: int) -> tuple[list[Figure], str | None]:
    """The headline figures: counts, cost, costs per result and engagement rates, each with its provenance."""
    out = [_figure(k, label, t.engagements if k == "engagements" and t.engagements_reported_by else t.get(k),
                   d, _reporting(latest, k), posts) for k, label, d in COUNT_FIGURES]
    per = cost_per_result(float(cost), t)
    rates = engagement_rates(t)
    basis = per.cpm_basis
    derived: tuple[tuple[str, str, float | None, str, list[PostMetricSnapshot]], ...] = (
        ("cost", "Cost", float(cost), "Accepted fees + product value + shipping of the campaign's creators", []),
        ("cost_per_post", "Cost per post", per.cost_per_post, "Cost ÷ counted posts", latest),
        ("cpm", "CPM", per.cpm, f"Cost ÷ {basis or 'impressions'} × 1,000"
                                + (" (no impressions reported: views instead)" if basis == "views" else ""),
         _reporting(latest, basis or "impressions")),
        ("cpv", "Cost per view", per.cpv, "Cost ÷ views", _reporting(latest, "views")),
        ("cpe", "Cost per engagement", per.cpe, "Cost ÷ engagements", _reporting(latest, "engagements")),
        ("cpc", "Cost per click", per.cpc, "Cost ÷ link clicks", _reporting(latest, "link_clicks")),
        ("er_reach", "Engagement rate (by reach)", rates.by_reach, "Engagements ÷ sum of post reach",
         _reporting(latest, "reach")),
        ("er_impressions", "Engagement rate (by impressions)", rates.by_impressions, "Engagements ÷ impressions",
         _reporting(latest, "impressions")),
    )
    out += [_figure(k, label, v, d, used, posts) for k, label, v, d, used in derived]
    return out, basis


def _group(key: str, label: str, snaps: list[PostMetricSnapshot], cost: Decimal | None) -> GroupRow:
    t = totals(_counts(s) for s in snaps)
    per = cost_per_result(float(cost), t) if cost is not None else None
    return GroupRow(key=key, label=label, posts=t.posts, views=t.get("views"), reach=t.get("reach"),
                    impressions=t.get("impressions"), engagements=t.engagements if t.engagements_reported_by else None,
                    link_clicks=t.get("link_clicks"), cost=cost, cpm=per.cpm if per else None,
                    cpe=per.cpe if per else None, engagement_rate=engagement_rates(t).by_reach)


def report(db: Session, ctx: WorkspaceContext, campaign_id: int) -> ReportOut:
    """The campaign's delivery, from the latest snapshot of every post still counted."""
    c = campaigns.get_campaign(db, ctx, campaign_id)
    found = repo.posts(db, c.id)
    snaps = repo.snapshots(db, [p.id for p, _, _ in found])
    counted = [(p, h) for p, h, _ in found if p.unlinked_at is None]  # p.platform is the account's
    latest = {p.id: snaps[p.id][-1] for p, _ in counted if snaps.get(p.id)}
    spend = money.spend(db, ctx, c.id)
    cost_by_entry = {r.campaign_creator_id: r.total for r in spend.creators}
    figures, basis = _figures(list(latest.values()), totals(_counts(s) for s in latest.values()), spend.committed,
                              len(counted))
    by_creator: dict[tuple[int, str], list[PostMetricSnapshot]] = defaultdict(list)
    by_format: dict[str, list[PostMetricSnapshot]] = defaultdict(list)
    for p, handle in counted:
        if p.id in latest:
            # one person may be in a campaign with two accounts of one handle: the platform tells them apart
            by_creator[(p.campaign_creator_id, f"@{handle} · {PLATFORM_NAMES.get(p.platform, p.platform)}")].append(
                latest[p.id])
            by_format[p.format].append(latest[p.id])
    creators = [_group(str(entry), label, s, cost_by_entry.get(entry)) for (entry, label), s in by_creator.items()]
    creators.sort(key=lambda g: -(g.views or 0))
    formats = [_group(f, FORMAT_NAMES.get(f, f), s, None) for f, s in sorted(by_format.items())]
    return ReportOut(campaign_id=c.id, campaign=c.name, brand=c.brand_name, currency=c.currency,
                     cost=spend.committed, cpm_basis=basis, figures=figures, creators=creators, formats=formats,
                     posts=[_post_out(p, h, pl, snaps.get(p.id, [])) for p, h, pl in found],
                     flagged_snapshots=sum(1 for ss in snaps.values() for s in ss if s.flags),
                     emv=_emv(db, ctx, counted, latest))


def _emv(db: Session, ctx: WorkspaceContext, counted: list, latest: dict[int, PostMetricSnapshot]) -> EmvOut:
    """The EMV range from the counted posts' latest numbers, per platform, with the table version it used."""
    by_platform: dict[str, list[PostMetricSnapshot]] = defaultdict(list)
    for p, _ in counted:
        if p.id in latest:
            by_platform[p.platform].append(latest[p.id])
    table = emv.current(db, ctx)
    low, high = emv_range({k: totals(_counts(s) for s in v) for k, v in by_platform.items()}, table.values)
    return EmvOut(low=round(low, 2), high=round(high, 2), currency=table.currency, table_version=table.version,
                  note=table.note)


def report_csv(db: Session, ctx: WorkspaceContext, campaign_id: int) -> str:
    """The report as CSV: one row per creator, then the totals."""
    r = report(db, ctx, campaign_id)
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["creator", "posts", "views", "reach_sum_of_posts", "impressions", "engagements", "link_clicks",
                f"cost_{r.currency.lower()}", "cpm", "cpe", "engagement_rate_by_reach"])
    fig = {f.key: f.value for f in r.figures}
    for g in [*r.creators, GroupRow(key="total", label="Total", posts=sum(x.posts for x in r.creators),
                                    views=_int(fig["views"]), reach=_int(fig["reach"]),
                                    impressions=_int(fig["impressions"]), engagements=_int(fig["engagements"]),
                                    link_clicks=_int(fig["link_clicks"]), cost=r.cost, cpm=fig["cpm"],
                                    cpe=fig["cpe"], engagement_rate=fig["er_reach"])]:
        w.writerow([text_cell(g.label), g.posts, *(number_cell(None if v is None else float(v)) for v in (
            g.views, g.reach, g.impressions, g.engagements, g.link_clicks)),
            number_cell(None if g.cost is None else float(g.cost), 2), number_cell(g.cpm, 2),
            number_cell(g.cpe, 4), number_cell(g.engagement_rate, 4)])
    return out.getvalue()


def _int(value: float | None) -> int | None:
    return None if value is None else int(value)



