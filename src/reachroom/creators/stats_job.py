"""Recompute AccountStats for every account in id-range batches, then peer percentiles."""

import bisect
import statistics
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import datetime, timedelta
from operator import itemgetter
from typing import Any, cast

import numpy as np
from sqlalchemy import Engine

from reachroom.core.batch import collector_paused, series_by_account
from reachroom.creators import stats_repository as repo
from reachroom.metrics import (
    METRIC_VERSION,
    band_of,
    estimate_reach,
    follower_growths,
    group_percentiles,
    posts_per_week,
    tier_of,
)
from reachroom.metrics.engagement import DEFAULT_LAST_N, DEFAULT_WINDOW_DAYS, Denominator, RateResult, engagements
from reachroom.models import utcnow

_POSTED_AT = itemgetter(0)
HEADLINE_DENOMINATOR = {"instagram": "followers", "tiktok": "views", "youtube": "views"}
Progress = Callable[[str, int, int], None]


def _views(post: tuple) -> int | None:
    return post[2][4]


def _reach(post: tuple) -> int | None:
    return post[2][5]


def _rate(newest: list, base_of: Callable[[tuple], Any], eng: list, now: datetime, denominator: Denominator,
          last_n: int = DEFAULT_LAST_N, window_days: int = DEFAULT_WINDOW_DAYS) -> RateResult:
    """metrics.engagement_rate over `newest` (posted_at, format, snapshot; newest first, stable), stopping at the
    posts it would keep: the in-window usable posts come first, so the first `last_n` usable ones (or the
    in-window ones among them) are its choice. tests/creators/test_stats_fast_path.py compares the two on every
    edge. `base_of` gives a post's denominator as stored, worked out and converted for the posts reached only
    (~12 of ~60); `eng` caches each post's engagements, worked out once for the three rates."""
    cutoff = now - timedelta(days=window_days)
    rates: list[float] = []
    in_window = None  # whether the newest usable post is inside the window
    for i, post in enumerate(newest):
        posted_at, _, snap = post
        if posted_at > now:  # posts after `now` did not exist then
            continue
        base = base_of(post)
        if not base:  # missing or zero: no denominator, as engagement_rate reads it
            continue
        if base < 0:  # raises only if the rate reaches that post (as before)
            raise ValueError(f"{denominator} must be >= 0, got {base}")
        base = float(base)
        inside = posted_at >= cutoff
        if in_window is None:
            in_window = inside
        elif in_window and not inside:
            break
        e = eng[i]
        if e is None:
            e = eng[i] = engagements(snap[0], snap[1], snap[2], snap[3])
        rates.append(e / base)
        if len(rates) == last_n:
            break
    return RateResult(value=statistics.median(rates) if rates else None, denominator=denominator,
                      posts_used=len(rates), window_days=window_days, last_n=last_n,
                      window_applied=bool(in_window) or not rates)


def account_stats_row(account, posts: list, series: list, now: datetime) -> dict:
    """One AccountStats row from an account's posts (account_id, post_id, posted_at, format, then the latest
    snapshot's likes, comments, shares, saves, views, reach: all None without one) and follower series.

    Equal to computing PostObservations for every post and calling metrics.engagement_rate three times (the
    straightforward version, kept in the tests), but it reads only the posts each rate keeps: the demo's
    accounts have ~60 posts of which 12 count."""
    aid, platform, followers, source = account
    times = [t for t, _ in series]
    counts = [n for _, n in series]

    def followers_at(post: tuple) -> int:
        """Followers when the post went out: the latest snapshot at or before it (the earliest if none is); asked
        only for the posts a rate reaches and the posts with reach (most have none)."""
        return counts[max(bisect.bisect_right(times, post[0]) - 1, 0)] if series else followers

    # (posted_at, format, snapshot) of the posts with likes and comments, in input order
    seen = [(p[2], p[3], p[4:]) for p in posts if p[4] is not None and p[5] is not None]
    newest = sorted(seen, key=_POSTED_AT, reverse=True)  # stable: ties keep the input order
    eng: list[int | None] = [None] * len(newest)
    bases = {"followers": followers_at, "views": _views, "reach": _reach}
    rates = {d: _rate(newest, b, eng, now, cast(Denominator, d)) for d, b in bases.items()}
    headline = HEADLINE_DENOMINATOR.get(platform, "followers")
    if rates[headline].value is None and rates["followers"].value is not None:
        headline = "followers"
    used = newest[: rates[headline].posts_used]
    views = [p[2][4] for p in used if p[2][4] is not None]
    median_views = statistics.median(views) if views else None
    own_reach = [(p[2][5], followers_at(p)) for p in seen if p[2][5] is not None]
    formats = [p[1] for p in seen]
    # most common format; sorted first so a tie does not follow the hash seed (a set's order does)
    default_format = "image" if platform == "instagram" else "video"
    main_format = max(sorted(set(formats)), key=formats.count) if formats else default_format
    reach = estimate_reach(followers, platform, main_format, own_reach or None,
                           median_views if platform != "instagram" else None)
    g30, g90 = follower_growths(series, now, (30, 90))
    posted = [p[2] for p in posts]
    return {
        "account_id": aid, "metric_version": METRIC_VERSION, "tier": tier_of(followers), "band": band_of(followers),
        "engagement_rate": rates[headline].value, "er_denominator": headline,
        "er_posts_used": rates[headline].posts_used,
        "er_by_followers": rates["followers"].value, "er_by_views": rates["views"].value,
        "er_by_reach": rates["reach"].value,
        "median_likes": statistics.median([p[2][0] for p in used]) if used else None,
        "median_comments": statistics.median([p[2][1] for p in used]) if used else None,
        "median_views": median_views,
        "posts_per_week": posts_per_week(posted, now),
        "last_post_at": max(posted, default=None),
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
    series_by = series_by_account(*repo.follower_series_in(conn, lo, hi))
    return [(acc[1], account_stats_row(acc, posts_by[acc[0]], series_by.get(acc[0], []), now)) for acc in accounts]


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


