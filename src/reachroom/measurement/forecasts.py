"""Forecast against actual: when a creator's terms are accepted, each agreed deliverable gets a forecast of its
views, reach and engagements from the creator's posts before then (metrics/forecast.py), frozen; the report sets
the counted posts' actual numbers beside it and says how often the intervals held (docs/measurement.md)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from reachroom.campaigns import service as campaigns
from reachroom.core import events
from reachroom.core.tenancy import WorkspaceContext
from reachroom.measurement import repository as repo
from reachroom.measurement.schemas import DeliverableVsActual, ForecastCoverage, MetricVsActual
from reachroom.measurement.slices import Slice, combine
from reachroom.metrics.forecast import LEVEL, METHOD_VERSION, MetricForecast, PastPost, covered, forecast_deliverable
from reachroom.models import Agreement, DeliverableForecast

# a deliverable of this format is delivered by counted posts of these formats (on Instagram; elsewhere every
# post is a video: a TikTok "reel" or "post" deliverable is delivered by a video)
DELIVERED_AS = {"post": ("post", "carousel"), "carousel": ("carousel", "post"), "reel": ("reel", "video"),
                "video": ("video", "reel"), "short": ("short", "video"), "story": ("story",)}
VIDEO_ONLY = ("video", "short", "reel")


def delivered_as(fmt: str, platform: str) -> tuple[str, ...]:
    """The counted posts' formats that deliver a deliverable of `fmt` on `platform`."""
    if platform != "instagram" and fmt != "story":
        return VIDEO_ONLY
    return DELIVERED_AS.get(fmt, (fmt,))


def past_post(post, snap, followers: int | None) -> PastPost:
    """One earlier post and its latest snapshot as the forecast reads it."""
    parts = [getattr(snap, k) for k in ("likes", "comments", "shares", "saves")] if snap else []
    known = [p for p in parts if p is not None]
    return PastPost(format=post.format, sponsored=bool(post.is_paid_partnership),
                    views=snap.views if snap else None, reach=snap.reach if snap else None,
                    engagements=sum(known) if known else None, followers=followers)


def forecast_terms(db: Session, ctx: WorkspaceContext, campaign_id: int, terms: Agreement) -> int:
    """Store the forecasts of accepted terms' deliverables (once per version); returns how many were stored."""
    if terms.accepted_at is None or repo.forecast_exists(db, terms.campaign_creator_id, terms.version):
        return 0
    entry = campaigns.get_entry(db, ctx, campaign_id, terms.campaign_creator_id)
    until: datetime = terms.accepted_at
    history = [past_post(p, s, entry.followers) for p, s in repo.history_before(db, entry.account_id, until)]
    rows = []
    for position, d in enumerate(terms.deliverables or []):
        fmt, count = str(d.get("format", "post")), int(d.get("count", 1))
        f = forecast_deliverable(history, entry.followers or 0, entry.platform, fmt, count)
        rows.append(DeliverableForecast(
            campaign_id=campaign_id, campaign_creator_id=entry.id, agreement_version=terms.version,
            position=position, platform=str(d.get("platform", entry.platform)), format=fmt, count=count,
            history_until=until, method_version=f.method_version,
            metrics={m: None if v is None else {"expected": round(v.expected, 1), "low": round(v.low, 1),
                                                "high": round(v.high, 1), "basis": v.basis, "sample": v.sample_size}
                     for m, v in f.metrics.items()}))
    repo.add(db, *rows)
    return len(rows)


def ensure_forecasts(db: Session, ctx: WorkspaceContext, campaign_id: int) -> int:
    """Forecast every accepted terms of the campaign that has none yet (from posts before their acceptance)."""
    return sum(forecast_terms(db, ctx, campaign_id, a) for a in repo.accepted_terms(db, campaign_id))


def _on_terms_accepted(db: Session, ctx: WorkspaceContext, campaign_id: int, entry_id: int, **_: object) -> None:
    for terms in repo.accepted_terms(db, campaign_id, entry_id):
        forecast_terms(db, ctx, campaign_id, terms)


events.subscribe("terms_accepted", _on_terms_accepted)


def _actual(slices: list[Slice], metric: str) -> float | None:
    t = combine(slices)
    if metric == "engagements":
        return float(t.engagements) if t.engagements_reported_by else None
    value = t.get(metric)
    return None if value is None else float(value)


def vs_actual(db: Session, campaign_id: int, slices: list[Slice], handles: dict[int, str],
              platforms: dict[int, str]) -> tuple[list[DeliverableVsActual], ForecastCoverage | None]:
    """Each forecast deliverable of the accepted terms beside what its counted posts got, and the coverage of the
    intervals over the deliverables delivered in full."""
    current = {(a.campaign_creator_id, a.version) for a in repo.accepted_terms(db, campaign_id)}
    out, judged, held = [], 0, 0
    for f in repo.forecasts(db, campaign_id):
        if (f.campaign_creator_id, f.agreement_version) not in current:
            continue
        mine = [x for x in slices if x.entry == f.campaign_creator_id and x.format in delivered_as(f.format,
                                                                                                 f.platform)]
        delivered = combine(mine).posts
        finished = delivered >= f.count
        metrics = []
        for name, m in (f.metrics or {}).items():
            if m is None:
                continue
            fc = MetricForecast(m["expected"], m["low"], m["high"], m["basis"], m["sample"])
            actual = _actual(mine, name) if mine else None
            within = covered(actual, fc) if finished and actual is not None else None
            if within is not None:
                judged, held = judged + 1, held + within
            metrics.append(MetricVsActual(metric=name, expected=fc.expected, low=fc.low, high=fc.high,
                                          actual=actual, within=within, basis=fc.basis, sample_size=fc.sample_size))
        out.append(DeliverableVsActual(
            entry_id=f.campaign_creator_id, handle=handles.get(f.campaign_creator_id, "?"),
            platform=platforms.get(f.campaign_creator_id, f.platform), format=f.format, count=f.count,
            delivered=delivered, finished=finished, forecast_at=f.history_until, method_version=f.method_version,
            metrics=metrics))
    if not out:
        return out, None
    return out, ForecastCoverage(level=LEVEL, judged=judged, within=held,
                                 coverage=round(held / judged, 4) if judged else None, method_version=METHOD_VERSION)
