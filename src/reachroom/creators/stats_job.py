"""Recompute AccountStats for every account in id-range batches, then peer percentiles."""

import bisect
import statistics
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import datetime

import numpy as np
from sqlalchemy import Engine

from reachroom.creators import stats_repository as repo
from reachroom.metrics import (
    METRIC_VERSION,
    PostObservation,
    band_of,
    engagement_rate,
    estimate_reach,
    follower_growth,
    group_percentiles,
    posts_per_week,
    tier_of,
)
from reachroom.models import utcnow

HEADLINE_DENOMINATOR = {"instagram": "followers", "tiktok": "views", "youtube": "views"}
Progress = Callable[[str, int, int], None]


def _followers_at(series: list[tuple[datetime, int]], times: list[datetime], at: datetime, fallback: int) -> int:
    """Followers from the latest snapshot at or before `at` (the earliest one if none is)."""
    if not series:
        return fallback
    i = bisect.bisect_right(times, at) - 1
    return series[max(i, 0)][1]


def account_stats_row(account, posts: list, snaps: dict, series: list, now: datetime) -> dict:
    """One AccountStats row from an account's posts, latest snapshots and follower series."""
    aid, platform, followers, source = account
    times = [t for t, _ in series]
    observations, formats = [], []
    for _, post_id, posted_at, fmt in posts:
        s = snaps.get(post_id)
        if s is None or s.likes is None or s.comments is None:
            continue
        observations.append(PostObservation(
            posted_at=posted_at, likes=s.likes, comments=s.comments, shares=s.shares, saves=s.saves,
            views=s.views, reach=s.reach, followers_at_post=_followers_at(series, times, posted_at, followers),
        ))
        formats.append(fmt)
    rates = {d: engagement_rate(observations, d, now) for d in ("followers", "views", "reach")}
    headline = HEADLINE_DENOMINATOR.get(platform, "followers")
    if rates[headline].value is None and rates["followers"].value is not None:
        headline = "followers"
    used = sorted(observations, key=lambda o: o.posted_at, reverse=True)[: rates[headline].posts_used]
    views = [o.views for o in used if o.views is not None]
    median_views = statistics.median(views) if views else None
    own_reach = [(o.reach, o.followers_at_post) for o in observations if o.reach is not None]
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
        "median_likes": statistics.median([o.likes for o in used]) if used else None,
        "median_comments": statistics.median([o.comments for o in used]) if used else None,
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
        with engine.begin() as conn:
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


