"""The stats job's row builder reads only the posts each engagement rate keeps; it must give exactly what the
straightforward version gives (a PostObservation per post, metrics.engagement_rate per denominator), kept here as
the reference. Compared on generated accounts with every edge: ties in posting time, posts after `now`, posts
outside the 90-day window only, missing or zero views, reach and followers, and accounts with no usable post."""

import bisect
import statistics
from datetime import datetime, timedelta
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from reachroom.creators.stats_job import HEADLINE_DENOMINATOR, account_stats_row
from reachroom.metrics import PostObservation, engagement_rate, estimate_reach

NOW = datetime(2026, 12, 1, 12, 0)


def _followers_at(series: list[tuple[datetime, int]], times: list[datetime], at: datetime, fallback: int) -> int:
    """Followers from the latest snapshot at or before `at` (the earliest one if none is)."""
    if not series:
        return fallback
    i = bisect.bisect_right(times, at) - 1
    return series[max(i, 0)][1]


def reference_row(account, posts: list, snaps: dict, series: list, now: datetime) -> dict:
    """The stats row as it was computed before the fast path (every post observed, three full rate passes)."""
    aid, platform, followers, source = account
    times = [t for t, _ in series]
    observations, formats = [], []
    for _, post_id, posted_at, fmt in posts:
        s = snaps.get(post_id)
        if s is None or s.likes is None or s.comments is None:
            continue
        observations.append(PostObservation(
            posted_at=posted_at, likes=s.likes, comments=s.comments, shares=s.shares, saves=s.saves,
            views=s.views, reach=s.reach, followers_at_post=_followers_at(series, times, posted_at, followers)))
        formats.append(fmt)
    rates = {d: engagement_rate(observations, d, now) for d in ("followers", "views", "reach")}
    headline = HEADLINE_DENOMINATOR.get(platform, "followers")
    if rates[headline].value is None and rates["followers"].value is not None:
        headline = "followers"
    used = sorted(observations, key=lambda o: o.posted_at, reverse=True)[: rates[headline].posts_used]
    views = [o.views for o in used if o.views is not None]
    median_views = statistics.median(views) if views else None
    own_reach = [(o.reach, o.followers_at_post) for o in observations if o.reach is not None]
    main_format = max(sorted(set(formats)), key=formats.count) if formats else (
        "image" if platform == "instagram" else "video")
    reach = estimate_reach(followers, platform, main_format, own_reach or None,
                           median_views if platform != "instagram" else None)
    return {"engagement_rate": rates[headline].value, "er_denominator": headline,
            "er_posts_used": rates[headline].posts_used, "er_by_followers": rates["followers"].value,
            "er_by_views": rates["views"].value, "er_by_reach": rates["reach"].value,
            "median_likes": statistics.median([o.likes for o in used]) if used else None,
            "median_comments": statistics.median([o.comments for o in used]) if used else None,
            "median_views": median_views, "est_reach": reach.value, "est_reach_low": reach.low,
            "est_reach_high": reach.high, "reach_method": reach.method,
            "window_applied": rates[headline].window_applied}


maybe_count = st.one_of(st.none(), st.integers(0, 50_000))
post = st.tuples(st.integers(-400, 20),  # days from NOW: some in the future, many outside 90 days
                 st.sampled_from([0, 0, 6, 12]),  # hours: ties in posting time are common; likes, comments: or None
                 st.one_of(st.none(), st.integers(0, 5000)), st.one_of(st.none(), st.integers(0, 400)),
                 maybe_count, maybe_count, maybe_count,
                 st.booleans(), st.sampled_from(["image", "reel", "video", "carousel"]))


@settings(max_examples=400, deadline=None)
@given(platform=st.sampled_from(["instagram", "tiktok", "youtube"]), followers=st.integers(0, 200_000),
       raw=st.lists(post, max_size=40), follower_points=st.lists(st.tuples(st.integers(-300, 0),
                                                                           st.integers(0, 200_000)), max_size=6))
def test_the_fast_row_equals_the_reference(platform, followers, raw, follower_points):
    posts, snaps = [], {}
    for i, (days, hours, likes, comments, views, reach, shares, has_snapshot, fmt) in enumerate(raw):
        posted_at = NOW + timedelta(days=days, hours=hours)
        posts.append((1, i, posted_at, fmt))
        if has_snapshot:
            snaps[i] = SimpleNamespace(post_id=i, likes=likes, comments=comments, shares=shares, saves=None,
                                       views=views, reach=reach)
    series = sorted((NOW + timedelta(days=d), n) for d, n in follower_points)
    account = (1, platform, followers, "manual")
    # the job reads each post with its latest snapshot's (likes, comments, shares, saves, views, reach), or Nones
    none = SimpleNamespace(likes=None, comments=None, shares=None, saves=None, views=None, reach=None)
    joined = [p + tuple(getattr(snaps.get(p[1], none), k) for k in ("likes", "comments", "shares", "saves", "views",
                                                                     "reach")) for p in posts]
    fast = account_stats_row(account, joined, series, NOW)
    want = reference_row(account, posts, snaps, series, NOW)
    got = {k: fast[k] for k in want if k != "window_applied"}
    got["window_applied"] = fast["details"]["window_applied"]
    assert got == want
