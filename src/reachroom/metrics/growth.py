"""Follower growth over a period from account snapshots (METRICS.md §1, AccountSnapshot)."""

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True, slots=True)
class GrowthResult:
    """Follower change between two snapshots; value_pct is a percentage (2.5 means +2.5%)."""

    value_abs: int | None
    value_pct: float | None
    start_followers: int | None
    end_followers: int | None
    start_at: datetime | None
    end_at: datetime | None
    # Snapshots from start_at to end_at inclusive: how densely the period was observed.
    points_used: int
    # True when history does not reach back to now - days, so the earliest snapshot was used.
    partial: bool


def follower_growth(series: Iterable[tuple[datetime, int]], now: datetime, days: int) -> GrowthResult:
    """Latest snapshot minus the latest one at or before now - days (or the earliest, partial=True)."""
    return follower_growths(series, now, (days,))[0]


def follower_growths(
    series: Iterable[tuple[datetime, int]], now: datetime, periods: Sequence[int]
) -> list[GrowthResult]:
    """follower_growth for each period in turn, the series checked and sorted once (the stats job wants two)."""
    for days in periods:
        if days <= 0:
            raise ValueError(f"days must be > 0, got {days}")
    points = []
    for at, followers in series:
        if followers is None or followers < 0:
            raise ValueError(f"followers must be >= 0 at {at}, got {followers}")
        # Snapshots after `now` are ignored so a past date can be recomputed exactly.
        if at <= now:
            points.append((at, int(followers)))
    # Stable sort: for equal timestamps the later one in the input is treated as the newer.
    points.sort(key=lambda point: point[0])
    times = [at for at, _ in points]
    return [_growth(points, times, now, days) for days in periods]


def _growth(points: list[tuple[datetime, int]], times: list[datetime], now: datetime, days: int) -> GrowthResult:
    """follower_growth over points checked, filtered and sorted by time (`times`: their times)."""
    if not points:
        return GrowthResult(None, None, None, None, None, None, points_used=0, partial=True)
    target = now - timedelta(days=days)
    before = bisect_right(times, target)  # points at or before the target (times are sorted)
    partial = not before
    start_index = before - 1 if before else 0
    end_index = len(points) - 1
    start_at, start_followers = points[start_index]
    end_at, end_followers = points[end_index]
    if start_index == end_index:
        # One snapshot cannot show change; reporting 0 would claim a flat account.
        return GrowthResult(
            None, None, start_followers, end_followers, start_at, end_at, points_used=1, partial=partial
        )
    change = end_followers - start_followers
    return GrowthResult(
        value_abs=change,
        value_pct=100.0 * change / start_followers if start_followers else None,
        start_followers=start_followers,
        end_followers=end_followers,
        start_at=start_at,
        end_at=end_at,
        points_used=end_index - start_index + 1,
        partial=partial,
    )


def follower_growth_30d(series: Iterable[tuple[datetime, int]], now: datetime) -> GrowthResult:
    """Follower growth over the last 30 days."""
    return follower_growth(series, now, 30)


def follower_growth_90d(series: Iterable[tuple[datetime, int]], now: datetime) -> GrowthResult:
    """Follower growth over the last 90 days."""
    return follower_growth(series, now, 90)
