"""Posting frequency and recency (METRICS.md §2, inputs to the per-account stats)."""

from collections.abc import Iterable
from datetime import datetime, timedelta

DEFAULT_FREQUENCY_WINDOW_DAYS = 90
_SECONDS_PER_DAY = 86_400.0


def posts_per_week(
    posted_at: Iterable[datetime], now: datetime, window_days: int = DEFAULT_FREQUENCY_WINDOW_DAYS
) -> float:
    """Posts with now - window_days <= posted_at <= now, divided by window_days / 7."""
    if window_days <= 0:
        raise ValueError(f"window_days must be > 0, got {window_days}")
    cutoff = now - timedelta(days=window_days)
    # The caller must pass every post of the window: a truncated post list reads as a slower poster.
    count = sum(1 for t in posted_at if cutoff <= t <= now)
    return count / (window_days / 7)


def days_since_last_post(posted_at: Iterable[datetime], now: datetime) -> float | None:
    """Fractional days from the latest post at or before `now` to `now`; None without posts."""
    # Posts after `now` are ignored so that stats recomputed for a past date do not see the future.
    past = [t for t in posted_at if t <= now]
    if not past:
        return None
    return (now - max(past)).total_seconds() / _SECONDS_PER_DAY
