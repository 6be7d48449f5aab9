"""Recompute AccountStats for every account in id-range batches, then peer percentiles."""

import bisect
import statistics
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, cast

import numpy as np
from sqlalchemy import Engine

from reachroom.core.batch import collector_paused
from reachroom.creators import stats_repository as repo
from reachroom.metrics import (
    METRIC_VERSION,
    band_of,
    estimate_reach,
    follower_growth,
    group_percentiles,
    posts_per_week,
    tier_of,
)
from reachroom.metrics.engagement import DEFAULT_LAST_N, DEFAULT_WINDOW_DAYS, Denominator, RateResult, engagements
from reachroom.models import utcnow

HEADLINE_DENOMINATOR = {"instagram": "followers", "tiktok": "views", "youtube": "views"}
Progress = Callable[[str, int, int], None]


def _followers_at(series: list[tuple[datetime, int]], times: list[datetime], at: datetime, fallback: int) -> int:
    """Followers from the latest snapshot at or before `at` (the earliest one if none is)."""
    if not series:
        return fallback
    i = bisect.bisect_right(times, at) - 1
    return series[max(i, 0)][1]


def _rate(observed: list, base_of: Callable[[int], float | None], now: datetime, denominator: Denominator,
          last_n: int = DEFAULT_LAST_N, window_days: int = DEFAULT_WINDOW_DAYS) -> RateResult:
    """metrics.engagement_rate over `observed` (newest first, stable), stopping at the posts it would keep: the
    in-window usable posts come first, so the first `last_n` usable ones (or the in-window ones among them) are
    its choice. tests/creators/test_stats_fast_path.py compares the two on every edge."""
    cutoff = now - timedelta(days=window_days)
    rates: list[float] = []
    in_window = None  # whether the newest usable post is inside the window
    for i, (posted_at, snap, counted) in enumerate(observed):
        if posted_at > now:  # posts after `now` did not exist then
            continue
        base = base_of(i)
        if base is None:
            continue
        inside = posted_at >= cutoff
        if in_window is None:
            in_window = inside
        elif in_window and not inside:
            break
        if not counted:  # engagements of a post, worked out once for the three rates
            counted.append(engagements(snap.likes, snap.comments, snap.shares, snap.saves))
        rates.append(counted[0] / base)
        if len(rates) == last_n:
            break
    return RateResult(value=statistics.median(rates) if rates else None, denominator=denominator,
                      posts_used=len(rates), window_days=window_days, last_n=last_n,
                      window_applied=bool(in_window) or not rates)


def _positive(value: int | None, name: str) -> float | None:
    """A denominator as engagement_rate reads it: None for missing or zero; negative is an error."""
    if value is not None and value < 0:
        raise ValueError(f"{name} must be >= 0, got {value}")
    return float(value) if value else None


def account_stats_row(account, posts: list, snaps: dict, series: list, now: datetime) -> dict:
    """One AccountStats row from an account's posts, latest snapshots and follower series.

    Equal to computing PostObservations for every post and calling metrics.engagement_rate three times (the
    straightforward version, kept in the tests), but it reads only the posts each rate keeps: the demo's
    accounts have ~60 posts of which 12 count."""
    aid, platform, followers, source = account
    times = [t for t, _ in series]
    seen = [(p, snaps[p[1]]) for p in posts
            if p[1] in snaps and snaps[p[1]].likes is not None and snaps[p[1]].comments is not None]
    newest = sorted(seen, key=lambda ps: ps[0][2], reverse=True)  # stable: ties keep the input order
    observed: list[tuple[datetime, Any, list[int]]] = [(p[2], s, []) for p, s in newest]
    at_post: dict[int, float | None] = {}

    def followers_base(i: int) -> float | None:
        if i not in at_post:
            at_post[i] = _positive(_followers_at(series, times, newest[i][0][2], followers), "followers")
        return at_post[i]

    bases: dict[str, Callable[[int], float | None]] = {
        "followers": followers_base, "views": lambda i: _positive(newest[i][1].views, "views"),
        "reach": lambda i: _positive(newest[i][1].reach, "reach")}
    rates = {d: _rate(observed, base, now, cast(Denominator, d)) for d, base in bases.items()}
    headline = HEADLINE_DENOMINATOR.get(platform, "followers")
    if rates[headline].value is None and rates["followers"].value is not None:
        headline = "followers"
    used = newest[: rates[headline].posts_used]
    views = [s.views for _, s in used if s.views is not None]
    median_views = statistics.median(views) if views else None
    own_reach = [(s.reach, _followers_at(series, times, p[2], followers)) for p, s in seen if s.reach is not None]
    formats = [p[3] for p, _ in seen]
    # most common format; sorted first so a tie does not follow the hash seed (a set's order does)
    default_format = "image" if platform == "instagram" else "video"
    main_format = max(sorted(set(formats)), key=formats.count) if formats else default_format
    reach = estimate_reach(followers, platform, main_format, own_reach or None,
                           median_views if platform != "instagram" else None)
    g30, g90 = follower_growth(series, now, 30), follower_growth(series, now, 90)
    return {
        "account_id": aid, "metric_version": METRIC_VERSION, "tier": tier_of(followers), "band": band_of(followers),
        "engagement_rate": rates[headline].value, "er_denominator": headline,
        "er_posts_used": rates[headline].posts_used,
        "er_by_followers": rates["followers"].value, "er_by_views": rates["views"].value,
        "er_by_reach": rates["reach"].value,
        "median_likes": statistics.median([s.likes for _, s in used]) if used else None,
        "median_comments": statistics.median([s.comments for _, s in used]) if used else None,
        "median_views": median_views,
        "posts_per_week": posts_per_week([p[2] for p in posts], now),
        "last_post_at": max((p[2] for p in posts), default=None),
        "growth_30d_pct": g30.value_pct, "growth_90d_pct": g90.value_pct,
        "est_reach": reach.value, "est_reach_low": reach.low, "est_reach_high": reach.high,
        "reach_method": reach.method, "computed_at": now,
        "details": {
            "source": source, "window_applied": rates[headline].window_applied,
            "reach_basis": reach.basis, "reach_sample_size": reach.sample_size,
            "growth_90d_partial": g90.partial, "growth_points": g90.points_used,
        },
    }


def _batch_rows(conn, lo: int, hi: int, now: datetime) -> list[tuple[str, dict]]:
    accounts = repo.accounts_in(conn, lo, hi)
    posts_by: dict[int, list] = defaultdict(list)
    for row in repo.posts_in(conn, lo, hi):
        posts_by[row[0]].append(row)
    snaps = {row.post_id: row for row in repo.snapshots_in(conn, lo, hi)}
    series_by: dict[int, list] = defaultdict(list)
    for aid, at, n in repo.follower_series_in(conn, lo, hi):
        series_by[aid].append((at, n))
    return [(acc[1], account_stats_row(acc, posts_by[acc[0]], snaps, series_by[acc[0]], now)) for acc in accounts]


def recompute_all(engine: Engine, batch_size: int = 5000, progress: Progress | None = None,
                  now: datetime | None = None) -> dict:
    """Recompute every account's stats; one transaction per batch, percentiles at the end."""
    started = time.perf_counter()
    now = now or utcnow()
    with engine.connect() as conn:
        lo, hi, total = repo.account_id_bounds(conn)
    ids, rates, groups = [], [], []
    done = 0
    for start in range(lo, hi + 1, batch_size):
        with collector_paused(), engine.begin() as conn:
            rows = _batch_rows(conn, start, start + batch_size, now)
            repo.replace_stats(conn, start, start + batch_size, [r for _, r in rows])
        for platform, r in rows:
            ids.append(r["account_id"])
            rates.append(np.nan if r["engagement_rate"] is None else r["engagement_rate"])
            # Peers: same platform and follower band (METRICS.md §2).
            groups.append(f'{platform}|{r["band"]}')
        done += len(rows)
        if progress:
            progress("Account stats", done, total)
    _write_percentiles(engine, ids, rates, groups, progress)
    return {"accounts": done, "seconds": time.perf_counter() - started}


def _write_percentiles(engine: Engine, ids, rates, groups, progress: Progress | None) -> None:
    values = np.asarray(rates, dtype=np.float64)
    labels, codes = np.unique(np.asarray(groups), return_inverse=True)
    pct = group_percentiles(values, codes)
    peers = np.bincount(codes[~np.isnan(values)], minlength=len(labels))[codes]
    rows = [
        {"aid": aid, "pct": None if np.isnan(p) else float(p), "peers": int(n)}
        for aid, p, n in zip(ids, pct, peers, strict=True)
    ]
    step = 20000
    for i in range(0, len(rows), step):
        with engine.begin() as conn:
            repo.set_percentiles(conn, rows[i:i + step])
        if progress:
            progress("Peer percentiles", min(i + step, len(rows)), len(rows))


