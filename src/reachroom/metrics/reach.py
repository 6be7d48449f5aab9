"""Estimated reach and impressions per post with an interval (METRICS.md §3)."""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, NamedTuple

import numpy as np

from reachroom.metrics.platforms import (
    PLATFORMS,
    VIDEO_PLATFORMS,
    check_format,
    check_platform,
)
from reachroom.metrics.tiers import TierScheme

# Roster's public method: Instagram feed reach and impressions as a share of followers, by band.
ROSTER_BANDS = TierScheme(
    boundaries=(1_000, 10_000, 100_000, 500_000),
    slugs=("0-1k", "1k-10k", "10k-100k", "100k-500k", "500k-plus"),
)
ROSTER_REACH_SHARE: tuple[float, ...] = (0.24, 0.13, 0.06, 0.03, 0.03)
ROSTER_IMPRESSIONS_SHARE: tuple[float, ...] = (0.76, 0.36, 0.18, 0.11, 0.05)
# Stellar: share of views that are unique viewers, and impressions per unit of reach.
UNIQUE_VIEW_SHARE: dict[str, float] = {"youtube": 0.75, "tiktok": 0.68}
IMPRESSIONS_PER_REACH = 1.25
# Published ratios come without error bars; ±50% is Reachroom's stated, deliberately wide interval.
PUBLISHED_RELATIVE_INTERVAL = 0.5
# Own history: at least 3 posts to replace the published ratio, 10 to trust empirical 10th-90th percentiles.
OWN_HISTORY_MIN_POSTS = 3
OWN_HISTORY_EMPIRICAL_MIN_POSTS = 10

Method = Literal["own_history", "published_ratio"]
Metric = Literal["reach", "impressions"]


@dataclass(frozen=True, slots=True)
class ReachEstimate:
    """An estimated per-post count with an interval and where it came from (METRICS.md §3)."""

    value: float
    low: float
    high: float
    method: Method
    basis: str
    # Posts behind an own_history estimate; 0 for published ratios.
    sample_size: int
    metric: Metric = "reach"


class ReachArrays(NamedTuple):
    """Vectorised estimates: value, low and high arrays of the same shape."""

    value: np.ndarray
    low: np.ndarray
    high: np.ndarray


def _check_count(name: str, value: float) -> float:
    if value is None or math.isnan(value) or value < 0:
        raise ValueError(f"{name} must be a number >= 0, got {value}")
    return float(value)


def _order_statistics(ratios: list[float]) -> tuple[float, float, float, float, float]:
    """(median, 10th and 90th percentile, min, max) of non-negative floats (no NaN), the floats that ``np.median``,
    ``np.percentile(.., [10, 90])``, ``.min()`` and ``.max()`` give, worked out on a sorted list: the stats job's
    accounts have ~60 ratios each, and the NumPy calls cost ~20x the sort.

    The NumPy functions pick order statistics (a partition) and combine them with the operations written here:
    the median is the middle value, or ``(a + b) / 2`` of the two middle ones (``mean`` of two is their sum over
    2); a percentile is the linear method's ``_lerp`` at virtual index ``(n - 1) * q`` with ``q = 10 / 100``.
    With a zero among them NumPy works them out, as before: 0.0 and -0.0 are equal to a sort, so which one a
    partition picks is NumPy's. ``tests/metrics/test_reach_fast_path.py`` compares them bit for bit."""
    s = sorted(ratios)
    if not s[0]:  # a zero (the smallest: no ratio is negative)
        arr = np.asarray(ratios)
        low, high = (float(q) for q in np.percentile(arr, [10, 90]))
        return float(np.median(arr)), low, high, float(arr.min()), float(arr.max())
    n = len(s)
    half = n // 2
    median = s[half] if n % 2 else (s[half - 1] + s[half]) / 2
    return median, _lerp_at(s, (n - 1) * (10 / 100)), _lerp_at(s, (n - 1) * (90 / 100)), s[0], s[-1]


def _lerp_at(s: list[float], virtual: float) -> float:
    """NumPy's linear-method quantile of sorted ``s`` at a virtual index (_get_indexes, _get_gamma, _lerp)."""
    prev = math.floor(virtual)
    if virtual >= len(s) - 1:  # past the last index: both neighbours are the largest value, and prev is -1
        prev = -1
        a = b = s[-1]
    else:
        a, b = s[prev], s[prev + 1]
    t = virtual - prev
    diff = b - a
    return b - diff * (1 - t) if t >= 0.5 else a + diff * t


def _own_history_estimate(
    followers: float, history: Sequence[tuple[float | None, float | None]] | None, metric: Metric
) -> ReachEstimate | None:
    """Scale the creator's own median count/followers ratio, or None with too few usable posts."""
    ratios = [
        count / base
        for count, base in history or ()
        if count is not None and base is not None and count >= 0 and base > 0
    ]
    n = len(ratios)
    if n < OWN_HISTORY_MIN_POSTS:
        return None
    median, low_pct, high_pct, smallest, largest = _order_statistics(ratios)
    if n >= OWN_HISTORY_EMPIRICAL_MIN_POSTS:
        low_ratio, high_ratio = low_pct, high_pct
        interval = "10th-90th percentile of own ratios"
    else:
        # With few posts the observed range understates spread; never be narrower than the published ±50%.
        low_ratio = min(smallest, median * (1 - PUBLISHED_RELATIVE_INTERVAL))
        high_ratio = max(largest, median * (1 + PUBLISHED_RELATIVE_INTERVAL))
        interval = f"own min-max widened to at least ±50% (< {OWN_HISTORY_EMPIRICAL_MIN_POSTS} posts)"
    return ReachEstimate(
        value=median * followers,
        low=low_ratio * followers,
        high=high_ratio * followers,
        method="own_history",
        basis=f"median {metric}/followers {median:.4f} over {n} own posts; interval: {interval}",
        sample_size=n,
        metric=metric,
    )


def _published(value: float, basis: str, metric: Metric) -> ReachEstimate:
    return ReachEstimate(
        value=value,
        low=value * (1 - PUBLISHED_RELATIVE_INTERVAL),
        high=value * (1 + PUBLISHED_RELATIVE_INTERVAL),
        method="published_ratio",
        basis=basis,
        sample_size=0,
        metric=metric,
    )


def _analogy_note(platform: str, format: str) -> str:
    if platform == "instagram" and format in ("image", "carousel"):
        return ""
    return f" (applied to {platform} {format} by analogy; no published ratio for it)"


def estimate_reach(
    followers: float,
    platform: str,
    format: str,
    own_history: Sequence[tuple[float | None, float | None]] | None = None,
    median_views: float | None = None,
) -> ReachEstimate:
    """Per-post reach: own reach/followers history (>= 3 posts), else published ratios (METRICS.md §3)."""
    followers = _check_count("followers", followers)
    platform = check_platform(platform)
    format = check_format(format)
    if median_views is not None:
        median_views = _check_count("median_views", median_views)
    own = _own_history_estimate(followers, own_history, "reach")
    if own is not None:
        return own
    if median_views is not None and platform in VIDEO_PLATFORMS:
        share = UNIQUE_VIEW_SHARE[platform]
        basis = f"Stellar: {share:.0%} of {platform} median views are unique viewers, ±50%"
        return _published(median_views * share, basis, "reach")
    band = ROSTER_BANDS.code_of(followers)
    share = ROSTER_REACH_SHARE[band]
    # Views are a direct measurement, so say plainly when no published ratio lets us use them.
    ignored = ""
    if median_views is not None:
        ignored = f"; median views unused (no published unique-view share for {platform})"
    return _published(
        followers * share,
        f"Roster Instagram feed reach {share:.0%} of followers for {ROSTER_BANDS.slugs[band]}, ±50%"
        + _analogy_note(platform, format)
        + ignored,
        "reach",
    )


def estimate_impressions(
    followers: float,
    platform: str,
    format: str,
    own_history: Sequence[tuple[float | None, float | None]] | None = None,
    median_views: float | None = None,
    reach_history: Sequence[tuple[float | None, float | None]] | None = None,
) -> ReachEstimate:
    """Per-post impressions: own impressions history, own reach x 1.25, views path, else Roster shares."""
    followers = _check_count("followers", followers)
    platform = check_platform(platform)
    format = check_format(format)
    if median_views is not None:
        median_views = _check_count("median_views", median_views)
    own = _own_history_estimate(followers, own_history, "impressions")
    if own is not None:
        return own
    own_reach = _own_history_estimate(followers, reach_history, "reach")
    # Instagram stopped reporting impressions for newer media in 2025, so own reach is the common case.
    if own_reach is not None or (median_views is not None and platform in VIDEO_PLATFORMS):
        reach = (
            own_reach
            if own_reach is not None
            else estimate_reach(followers, platform, format, median_views=median_views)
        )
        return ReachEstimate(
            value=reach.value * IMPRESSIONS_PER_REACH,
            low=reach.low * IMPRESSIONS_PER_REACH,
            high=reach.high * IMPRESSIONS_PER_REACH,
            method=reach.method,
            basis=f"Stellar: impressions = reach x {IMPRESSIONS_PER_REACH}; reach from {reach.basis}",
            sample_size=reach.sample_size,
            metric="impressions",
        )
    # Roster publishes reach and impressions together; keep them paired rather than mix sources.
    band = ROSTER_BANDS.code_of(followers)
    share = ROSTER_IMPRESSIONS_SHARE[band]
    return _published(
        followers * share,
        f"Roster Instagram feed impressions {share:.0%} of followers for {ROSTER_BANDS.slugs[band]}, ±50%"
        + _analogy_note(platform, format),
        "impressions",
    )


_ROSTER_REACH_SHARE_ARRAY = np.asarray(ROSTER_REACH_SHARE)
# Unique-view share by platform code; NaN where no share is published, so those fall back to Roster.
_UNIQUE_SHARE_BY_CODE = np.asarray([UNIQUE_VIEW_SHARE.get(name, np.nan) for name in PLATFORMS])


def estimate_reach_batch(
    followers: np.ndarray, platform_codes: np.ndarray, median_views: np.ndarray | None = None
) -> ReachArrays:
    """Published-ratio estimate_reach over arrays (PLATFORM_CODES; NaN = unknown), for batch jobs."""
    followers = np.asarray(followers, dtype=np.float64)
    codes = np.asarray(platform_codes)
    if codes.shape != followers.shape:
        raise ValueError("followers and platform_codes must have the same shape")
    if codes.size and (codes.min() < 0 or codes.max() >= len(PLATFORMS)):
        raise ValueError(f"platform codes must be in 0..{len(PLATFORMS) - 1}")
    band = ROSTER_BANDS.codes(followers)
    # Unknown followers get band -1, which picks the last share, but NaN x share stays NaN.
    value = followers * _ROSTER_REACH_SHARE_ARRAY[band]
    if median_views is not None:
        views = np.asarray(median_views, dtype=np.float64)
        if views.shape != followers.shape:
            raise ValueError("median_views must have the same shape as followers")
        if np.any(views < 0):
            raise ValueError("median_views must be >= 0")
        unique_share = _UNIQUE_SHARE_BY_CODE[codes]
        use_views = ~np.isnan(views) & ~np.isnan(unique_share)
        value = np.where(use_views, views * unique_share, value)
    return ReachArrays(
        value=value,
        low=value * (1 - PUBLISHED_RELATIVE_INTERVAL),
        high=value * (1 + PUBLISHED_RELATIVE_INTERVAL),
    )
