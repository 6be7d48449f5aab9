"""Engagements and engagement rate (METRICS.md §2)."""

import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from reachroom.metrics.platforms import FEED_FORMATS, VIDEO_PLATFORMS, check_format, check_platform

Denominator = Literal["followers", "views", "reach"]
DENOMINATORS: tuple[Denominator, ...] = ("followers", "views", "reach")

DEFAULT_LAST_N = 12
DEFAULT_WINDOW_DAYS = 90


def engagements(likes: int, comments: int, shares: int | None = None, saves: int | None = None) -> int:
    """Likes + comments (+ shares + saves where reported); METRICS.md §2."""
    counts = {"likes": likes, "comments": comments, "shares": shares, "saves": saves}
    total = 0
    for name, count in counts.items():
        if count is None:
            # None means the platform does not report it; likes and comments are always reported.
            if name in ("likes", "comments"):
                raise ValueError(f"{name} is required")
            continue
        if count < 0:
            raise ValueError(f"{name} must be >= 0, got {count}")
        total += int(count)
    return total


@dataclass(frozen=True, slots=True)
class PostObservation:
    """One post's counts as observed at a time; None means not reported (METRICS.md §1)."""

    posted_at: datetime
    likes: int
    comments: int
    shares: int | None = None
    saves: int | None = None
    views: int | None = None
    reach: int | None = None
    followers_at_post: int | None = None

    @property
    def engagements(self) -> int:
        """Engagements of this post (METRICS.md §2)."""
        return engagements(self.likes, self.comments, self.shares, self.saves)


@dataclass(frozen=True, slots=True)
class RateResult:
    """An engagement rate (a fraction, not a percentage) with how it was computed (METRICS.md §2)."""

    value: float | None
    denominator: Denominator
    posts_used: int
    window_days: int
    last_n: int
    # False when no usable post fell inside the window and the last N usable posts were used instead.
    window_applied: bool
    method: Literal["median"] = "median"


def _denominator_of(post: PostObservation, denominator: Denominator) -> float | None:
    value = {"followers": post.followers_at_post, "views": post.views, "reach": post.reach}[denominator]
    if value is not None and value < 0:
        raise ValueError(f"{denominator} must be >= 0, got {value}")
    # Missing or zero denominators carry no rate; skipping them is the definition, not an error.
    return float(value) if value else None


def engagement_rate(
    posts: Iterable[PostObservation],
    denominator: Denominator,
    now: datetime,
    last_n: int = DEFAULT_LAST_N,
    window_days: int = DEFAULT_WINDOW_DAYS,
) -> RateResult:
    """Median of engagements / denominator over the last N usable posts in the window (METRICS.md §2)."""
    if denominator not in DENOMINATORS:
        raise ValueError(f"denominator must be one of {', '.join(DENOMINATORS)}, got {denominator!r}")
    if last_n < 1:
        raise ValueError(f"last_n must be >= 1, got {last_n}")
    if window_days <= 0:
        raise ValueError(f"window_days must be > 0, got {window_days}")
    cutoff = now - timedelta(days=window_days)
    usable: list[tuple[datetime, float]] = []
    for post in posts:
        # Posts after `now` did not exist at that time; excluding them makes results reproducible as-of.
        if post.posted_at > now:
            continue
        base = _denominator_of(post, denominator)
        if base is not None:
            usable.append((post.posted_at, post.engagements / base))
    # Newest first; the sort is stable so equal timestamps keep input order.
    usable.sort(key=lambda item: item[0], reverse=True)
    in_window = [item for item in usable if item[0] >= cutoff]
    # Unusable posts are skipped before counting N, so N means N posts that have a rate.
    # An account silent for longer than the window still gets a rate from its last N posts,
    # flagged with window_applied=False rather than silently dropped.
    chosen = (in_window or usable)[:last_n]
    rates = [rate for _, rate in chosen]
    return RateResult(
        value=statistics.median(rates) if rates else None,
        denominator=denominator,
        posts_used=len(rates),
        window_days=window_days,
        last_n=last_n,
        window_applied=bool(in_window) or not usable,
    )


def default_denominator(platform: str, format: str) -> Denominator:
    """Followers for static feed posts, views for video (METRICS.md §2)."""
    platform_name = check_platform(platform)
    format_name = check_format(format)
    if platform_name in VIDEO_PLATFORMS:
        return "views"
    # Stories, reels and videos have view counts; followers only suit posts shown in the feed.
    return "followers" if format_name in FEED_FORMATS else "views"
