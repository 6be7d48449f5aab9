"""What a creator's deliverable will likely get — views, reach and engagements with an interval — from their own
post history, sponsored posts apart from organic (METRICS.md §3; docs/measurement.md, "Forecast against actual").
Pure functions over plain values: no database, no settings. The planning issue reuses `forecast_deliverable`."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from reachroom.metrics.reach import estimate_reach

METHOD_VERSION = "forecast-2026.12.1"
FORECAST_METRICS = ("views", "reach", "engagements")
LEVEL = 0.8  # the interval holds the actual 80% of the time if the model is right (coverage checks it)
Z = 1.2816  # standard normal quantile for an 80% two-sided interval
MIN_POSTS = 3  # fewer own posts with a count: no forecast of it from history
MIN_LOG_SD = 0.3  # a handful of similar posts understates the spread of the next one
# Sponsored posts usually do a little worse than the same creator's organic ones. With fewer than two sponsored
# posts of their own to measure it, organic numbers are scaled by this assumed ratio, whose uncertainty
# (a log-sd of 0.25, i.e. roughly 0.6–1.1 at 80%) widens the interval. An assumption, not a published figure.
DEFAULT_SPONSORED_RATIO = 0.85
RATIO_LOG_SD = 0.25
# Deliverable formats (campaigns) → the catalogue's post formats that behave alike.
SIMILAR_FORMATS = {"post": ("image", "carousel"), "carousel": ("carousel", "image"), "reel": ("reel", "video"),
                   "video": ("video", "reel", "long_video"), "short": ("short", "video"), "story": ("story",)}


@dataclass(frozen=True)
class PastPost:
    """One of the creator's earlier posts: its format, whether it was a paid partnership, its latest counts."""

    format: str
    sponsored: bool
    views: int | None = None
    reach: int | None = None
    engagements: int | None = None
    followers: int | None = None  # at the time, when known (for the reach ratio)


@dataclass(frozen=True)
class MetricForecast:
    """The expected total over the deliverable's posts and its interval, with what it rests on."""

    expected: float
    low: float
    high: float
    basis: str
    sample_size: int


@dataclass(frozen=True)
class DeliverableForecast:
    """A forecast of `count` posts of one format; a metric is None when nothing supports forecasting it."""

    count: int
    format: str
    metrics: dict[str, MetricForecast | None]
    method_version: str = METHOD_VERSION


def _lognormal_total(values: Sequence[float], count: int, ratio: float, extra_log_var: float) -> tuple[float, ...]:
    """(expected, low, high) of the sum of `count` new posts when each is log-normal like `values` × ratio."""
    logs = [math.log(max(v, 1.0)) for v in values]
    n = len(logs)
    sd = max(statistics.stdev(logs) if n > 1 else 0.0, MIN_LOG_SD)
    var = sd * sd * (1 + 1 / n) + extra_log_var  # the next post, plus not knowing the mean exactly
    per_post = math.exp(statistics.fmean(logs) + var / 2) * ratio
    # the mean of `count` posts is log-normal again to a good approximation (Fenton–Wilkinson)
    var_mean = math.log(1 + (math.exp(var) - 1) / count)
    mu_mean = math.log(per_post) - var_mean / 2
    spread = Z * math.sqrt(var_mean)
    return count * per_post, count * math.exp(mu_mean - spread), count * math.exp(mu_mean + spread)


def _pick(history: Sequence[PastPost], metric: str, fmt: str) -> list[PastPost]:
    """Posts reporting the metric, of a similar format when there are enough of them."""
    usable = [p for p in history if getattr(p, metric) is not None]
    similar = [p for p in usable if p.format in SIMILAR_FORMATS.get(fmt, (fmt,))]
    return similar if len(similar) >= MIN_POSTS else usable


def _metric(history: Sequence[PastPost], metric: str, fmt: str, count: int) -> MetricForecast | None:
    posts = _pick(history, metric, fmt)
    paid = [float(getattr(p, metric)) for p in posts if p.sponsored]
    organic = [float(getattr(p, metric)) for p in posts if not p.sponsored]
    if len(paid) >= MIN_POSTS:
        e, lo, hi = _lognormal_total(paid, count, 1.0, 0.0)
        return MetricForecast(e, lo, hi, f"{len(paid)} of the creator's own sponsored posts", len(paid))
    if len(organic) >= MIN_POSTS:
        if len(paid) >= 2:
            ratio, extra = statistics.median(paid) / max(statistics.median(organic), 1.0), RATIO_LOG_SD ** 2 / 2
            why = f"sponsored/organic ratio {ratio:.2f} measured on {len(paid)} sponsored posts"
        else:
            ratio, extra = DEFAULT_SPONSORED_RATIO, RATIO_LOG_SD ** 2
            why = f"assumed sponsored/organic ratio {ratio:.2f}"
        e, lo, hi = _lognormal_total(organic, count, ratio, extra)
        return MetricForecast(e, lo, hi, f"{len(organic)} organic posts × {why}", len(organic) + len(paid))
    return None


def forecast_deliverable(history: Sequence[PastPost], followers: int, platform: str, fmt: str,
                         count: int) -> DeliverableForecast:
    """Views, reach and engagements of `count` posts of format `fmt`: from the creator's own sponsored posts when
    there are enough, else their organic posts scaled to sponsored; reach falls back to published ratios of
    followers (metrics/reach.py) when their history has too little."""
    out: dict[str, MetricForecast | None] = {m: _metric(history, m, fmt, count) for m in FORECAST_METRICS}
    if out["reach"] is None and followers > 0:
        views = [p.views for p in history if p.views is not None]
        est = estimate_reach(followers, platform, SIMILAR_FORMATS.get(fmt, ("image",))[0],
                             median_views=statistics.median(views) if views else None)
        out["reach"] = MetricForecast(est.value * count, est.low * count, est.high * count,
                                      f"published ratio: {est.basis}", est.sample_size)
    return DeliverableForecast(count=count, format=fmt, metrics=out)


def covered(actual: float, forecast: MetricForecast) -> bool:
    """Whether the actual total fell inside the forecast's interval."""
    return forecast.low <= actual <= forecast.high
