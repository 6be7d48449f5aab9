"""Follower growth from account snapshots."""

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reachroom.metrics import (
    GrowthResult,
    follower_growth,
    follower_growth_30d,
    follower_growth_90d,
    follower_growths,
)

FAST = settings(max_examples=60, deadline=None, database=None)
NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def ago(days: float) -> datetime:
    return NOW - timedelta(days=days)


SERIES = [(ago(100), 1_000), (ago(40), 1_100), (ago(28), 1_150), (ago(1), 1_200)]


def test_growth_30_days_uses_latest_snapshot_at_or_before_target():
    # target = now - 30d; latest snapshot at or before it is day -40 (1,100); end is day -1 (1,200)
    # abs = 1,200 - 1,100 = 100; pct = 100 / 1,100 * 100 = 9.0909...
    assert follower_growth_30d(SERIES, NOW) == GrowthResult(
        value_abs=100,
        value_pct=pytest.approx(9.090909),
        start_followers=1_100,
        end_followers=1_200,
        start_at=ago(40),
        end_at=ago(1),
        points_used=3,  # days -40, -28, -1
        partial=False,
    )


def test_growth_90_days():
    result = follower_growth_90d(SERIES, NOW)
    # start day -100 (1,000) -> 200 followers, 200 / 1,000 = 20%
    assert (result.value_abs, result.value_pct, result.points_used, result.partial) == (200, 20.0, 4, False)


def test_growth_snapshot_exactly_at_target_is_used():
    series = [(ago(31), 500), (ago(30), 800), (ago(0), 1_000)]
    result = follower_growth(series, NOW, 30)
    assert (result.start_followers, result.value_abs) == (800, 200)


def test_growth_with_short_history_is_partial():
    series = [(ago(20), 2_000), (ago(0), 1_900)]
    result = follower_growth(series, NOW, 30)
    # earliest available is used: 1,900 - 2,000 = -100, -5%
    assert (result.value_abs, result.value_pct, result.partial) == (-100, -5.0, True)


def test_growth_input_order_does_not_matter():
    assert follower_growth_30d(list(reversed(SERIES)), NOW) == follower_growth_30d(SERIES, NOW)


def test_growth_ignores_snapshots_after_now():
    result = follower_growth([*SERIES, (ago(-5), 9_999)], NOW, 30)
    assert (result.end_followers, result.value_abs) == (1_200, 100)


def test_growth_from_zero_followers_has_no_percentage():
    result = follower_growth([(ago(40), 0), (ago(0), 50)], NOW, 30)
    assert (result.value_abs, result.value_pct) == (50, None)


def test_growth_empty_series():
    assert follower_growth([], NOW, 30) == GrowthResult(None, None, None, None, None, None, 0, True)


@pytest.mark.parametrize(
    ("series", "partial"),
    [([(ago(5), 700)], True), ([(ago(60), 700), (ago(45), 720)], False)],
    ids=["single-snapshot", "stale-history"],
)
def test_growth_needs_two_snapshots_spanning_the_target(series, partial):
    # Stale: both snapshots are before the target, so start and end are the same snapshot.
    result = follower_growth(series, NOW, 30)
    assert (result.value_abs, result.value_pct) == (None, None)
    assert (result.points_used, result.partial) == (1, partial)
    assert result.end_followers == series[-1][1]


def test_growth_rejects_bad_input():
    with pytest.raises(ValueError, match="days"):
        follower_growth(SERIES, NOW, 0)
    with pytest.raises(ValueError, match="followers"):
        follower_growth([(ago(1), -3)], NOW, 30)


series_strategy = st.lists(
    st.tuples(st.integers(0, 24 * 200).map(lambda h: NOW - timedelta(hours=h)), st.integers(0, 10**7)),
    max_size=30,
)


@FAST
@given(series_strategy, st.integers(0, 10**7), st.integers(1, 180))
def test_growth_of_constant_series_is_zero(series, followers, days):
    constant = [(at, followers) for at, _ in series]
    result = follower_growth(constant, NOW, days)
    if result.value_abs is not None:
        assert result.value_abs == 0
        assert result.value_pct in (0.0, None)  # None only when the constant is zero


@FAST
@given(series_strategy, st.integers(1, 180))
def test_growth_is_end_minus_start_and_ordered_in_time(series, days):
    result = follower_growth(series, NOW, days)
    assert result.points_used <= len(series)
    if result.value_abs is None:
        return
    assert result.value_abs == result.end_followers - result.start_followers
    assert result.start_at <= result.end_at
    assert result.partial == (result.start_at > NOW - timedelta(days=days))
    assert result.end_at == max(at for at, _ in series)


def _reference_growth(series, now, days):
    """follower_growth as written before follower_growths (a list scan for the start point)."""
    points = sorted(((at, int(n)) for at, n in series if at <= now), key=lambda p: p[0])
    if not points:
        return GrowthResult(None, None, None, None, None, None, points_used=0, partial=True)
    target = now - timedelta(days=days)
    before = [i for i, (at, _) in enumerate(points) if at <= target]
    start = before[-1] if before else 0
    (start_at, f0), (end_at, f1) = points[start], points[-1]
    if start == len(points) - 1:
        return GrowthResult(None, None, f0, f1, start_at, end_at, points_used=1, partial=not before)
    return GrowthResult(f1 - f0, 100.0 * (f1 - f0) / f0 if f0 else None, f0, f1, start_at, end_at,
                        len(points) - start, not before)


@settings(max_examples=300, deadline=None)
@given(points=st.lists(st.tuples(st.integers(-200, 10), st.sampled_from([0, 0, 12]), st.integers(0, 10_000)),
                       max_size=12))
def test_follower_growths_equal_one_period_at_a_time(points):
    """Ties in time, snapshots after now, on the period's start and none before it: each period's result is
    what the list-scan version gives."""
    now = datetime(2026, 12, 1)
    series = [(now + timedelta(days=d, hours=h), n) for d, h, n in points]
    got = follower_growths(series, now, (30, 90))
    assert got == [_reference_growth(series, now, 30), _reference_growth(series, now, 90)]
    assert follower_growth(series, now, 30) == got[0]
