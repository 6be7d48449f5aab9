"""Posting frequency and recency."""

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reachroom.metrics import days_since_last_post, posts_per_week

FAST = settings(max_examples=60, deadline=None, database=None)
NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def ago(days: float) -> datetime:
    return NOW - timedelta(days=days)


def test_posts_per_week_hand_computed():
    posted = [ago(d) for d in (1, 10, 20, 30, 40, 50, 60, 70, 80)] + [ago(120)]
    # 9 posts in the last 90 days / (90 / 7 weeks) = 9 * 7 / 90 = 0.7
    assert posts_per_week(posted, NOW) == pytest.approx(0.7)


def test_posts_per_week_custom_window():
    # 3 posts in the last 7 days / 1 week = 3
    assert posts_per_week([ago(0), ago(3), ago(7), ago(8)], NOW, window_days=7) == pytest.approx(3.0)


def test_posts_per_week_window_edges_and_future_posts():
    posted = [ago(90), ago(90.0001), ago(-1)]  # start edge in; just older out; future out
    assert posts_per_week(posted, NOW) == pytest.approx(7 / 90)


def test_posts_per_week_empty_and_bad_window():
    assert posts_per_week([], NOW) == 0.0
    with pytest.raises(ValueError, match="window_days"):
        posts_per_week([ago(1)], NOW, window_days=0)


def test_days_since_last_post():
    assert days_since_last_post([ago(10), ago(2.5), ago(-3)], NOW) == pytest.approx(2.5)  # future ignored
    assert days_since_last_post([ago(0)], NOW) == 0.0
    assert days_since_last_post([], NOW) is None
    assert days_since_last_post([ago(-1)], NOW) is None


days_lists = st.lists(st.integers(-24 * 30, 24 * 400).map(lambda h: NOW - timedelta(hours=h)), max_size=40)


@FAST
@given(days_lists, st.integers(1, 365))
def test_posts_per_week_counts_posts_in_window(posted, window_days):
    rate = posts_per_week(posted, NOW, window_days)
    count = rate * window_days / 7
    assert count == pytest.approx(round(count))
    assert 0 <= round(count) <= len([t for t in posted if t <= NOW])


@FAST
@given(days_lists)
def test_days_since_last_post_is_non_negative_and_matches_newest_past_post(posted):
    result = days_since_last_post(posted, NOW)
    past = [t for t in posted if t <= NOW]
    if not past:
        assert result is None
    else:
        assert result >= 0
        assert NOW - timedelta(days=result) == max(past)
