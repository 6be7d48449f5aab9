"""Engagements and engagement rate (METRICS.md §2)."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reachroom.metrics import (
    PostObservation,
    RateResult,
    default_denominator,
    engagement_rate,
    engagements,
)

FAST = settings(max_examples=60, deadline=None, database=None)
NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def post(days_ago: float, likes: int, comments: int = 0, **counts: int | None) -> PostObservation:
    return PostObservation(posted_at=NOW - timedelta(days=days_ago), likes=likes, comments=comments, **counts)


# --- engagements -------------------------------------------------------------------------------


def test_engagements_likes_and_comments_only():
    assert engagements(10, 2) == 12  # 10 + 2


def test_engagements_adds_shares_and_saves_when_reported():
    assert engagements(10, 2, 3, 4) == 19  # 10 + 2 + 3 + 4
    assert engagements(10, 2, None, 4) == 16  # shares not reported: 10 + 2 + 4
    assert engagements(10, 2, 0, None) == 12  # a reported zero is still a zero


def test_engagements_rejects_negative_and_missing_required_counts():
    with pytest.raises(ValueError, match="comments"):
        engagements(1, -1)
    with pytest.raises(ValueError, match="likes"):
        engagements(None, 1)  # type: ignore[arg-type]


def test_post_observation_engagements_property():
    assert post(1, likes=7, comments=3, shares=2, saves=None).engagements == 12  # 7 + 3 + 2


# --- engagement_rate -----------------------------------------------------------------------------


def test_er_by_followers_is_median_of_per_post_rates():
    posts = [
        post(10, likes=90, comments=10, followers_at_post=1000),  # 100 / 1000 = 0.10
        post(20, likes=40, comments=10, followers_at_post=1000),  # 50 / 1000 = 0.05
        post(30, likes=200, followers_at_post=1000),  # 200 / 1000 = 0.20
    ]
    result = engagement_rate(posts, "followers", NOW)
    # median(0.05, 0.10, 0.20) = 0.10
    assert result == RateResult(
        value=pytest.approx(0.10),
        denominator="followers",
        posts_used=3,
        window_days=90,
        last_n=12,
        window_applied=True,
        method="median",
    )


def test_er_even_count_averages_middle_two_and_ignores_outlier():
    posts = [
        post(1, likes=10, followers_at_post=1000),  # 0.01
        post(2, likes=20, followers_at_post=1000),  # 0.02
        post(3, likes=30, followers_at_post=1000),  # 0.03
        post(4, likes=900, followers_at_post=1000),  # 0.90 (viral outlier; a mean would give 0.24)
    ]
    # median = (0.02 + 0.03) / 2 = 0.025
    assert engagement_rate(posts, "followers", NOW).value == pytest.approx(0.025)


def test_er_uses_only_the_last_n_posts():
    posts = [
        post(30, likes=200, followers_at_post=1000),  # 0.20, third newest: dropped by last_n=2
        post(10, likes=100, followers_at_post=1000),  # 0.10
        post(20, likes=50, followers_at_post=1000),  # 0.05
    ]
    result = engagement_rate(posts, "followers", NOW, last_n=2)
    assert result.value == pytest.approx(0.075)  # (0.10 + 0.05) / 2
    assert result.posts_used == 2


def test_er_skips_missing_or_zero_denominators_before_counting_n():
    posts = [
        post(1, likes=100, followers_at_post=1000),  # 0.10
        post(2, likes=999, followers_at_post=None),  # skipped: not reported
        post(3, likes=999, followers_at_post=0),  # skipped: zero
        post(4, likes=50, followers_at_post=1000),  # 0.05
        post(5, likes=10, followers_at_post=1000),  # 0.01, fourth newest overall but third usable
    ]
    result = engagement_rate(posts, "followers", NOW, last_n=2)
    assert result.value == pytest.approx(0.075)  # median(0.10, 0.05)
    assert result.posts_used == 2


def test_er_window_includes_its_start_and_excludes_older_posts():
    posts = [
        post(90, likes=100, followers_at_post=1000),  # exactly 90 days: inside, 0.10
        post(90.001, likes=900, followers_at_post=1000),  # just outside
        post(5, likes=30, followers_at_post=1000),  # 0.03
    ]
    result = engagement_rate(posts, "followers", NOW)
    assert result.value == pytest.approx(0.065)  # (0.10 + 0.03) / 2
    assert result.window_applied is True


def test_er_falls_back_to_last_n_when_no_post_in_window():
    posts = [
        post(200, likes=10, followers_at_post=1000),  # 0.01
        post(120, likes=30, followers_at_post=1000),  # 0.03
        post(100, likes=50, followers_at_post=1000),  # 0.05
    ]
    result = engagement_rate(posts, "followers", NOW, last_n=2)
    assert result.value == pytest.approx(0.04)  # (0.05 + 0.03) / 2, newest two regardless of window
    assert result.window_applied is False
    assert result.posts_used == 2


def test_er_ignores_posts_after_now():
    posts = [post(-1, likes=900, followers_at_post=1000), post(1, likes=20, followers_at_post=1000)]
    result = engagement_rate(posts, "followers", NOW)
    assert result.value == pytest.approx(0.02)
    assert result.posts_used == 1


def test_er_by_views_and_by_reach():
    posts = [
        post(1, likes=50, comments=10, shares=5, saves=5, views=1000, reach=700),  # 70/1000, 70/700
        post(2, likes=20, views=400, reach=None),  # 20/400 = 0.05, no reach
    ]
    assert engagement_rate(posts, "views", NOW).value == pytest.approx(0.06)  # (0.07 + 0.05) / 2
    by_reach = engagement_rate(posts, "reach", NOW)
    assert by_reach.value == pytest.approx(0.10)  # 70 / 700
    assert (by_reach.denominator, by_reach.posts_used) == ("reach", 1)


@pytest.mark.parametrize(
    "posts",
    [[], [post(1, likes=10, followers_at_post=None), post(2, likes=10, followers_at_post=0)]],
    ids=["no-posts", "no-usable-denominator"],
)
def test_er_without_usable_posts_is_none(posts):
    result = engagement_rate(posts, "followers", NOW)
    assert result.value is None
    assert result.posts_used == 0
    assert result.window_applied is True  # nothing to fall back to


def test_er_zero_engagement_is_a_rate_of_zero_not_missing():
    assert engagement_rate([post(1, likes=0, followers_at_post=500)], "followers", NOW).value == 0.0


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"denominator": "likes"}, "denominator"),
        ({"denominator": "followers", "last_n": 0}, "last_n"),
        ({"denominator": "followers", "window_days": 0}, "window_days"),
    ],
)
def test_er_rejects_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        engagement_rate([post(1, likes=1, followers_at_post=10)], now=NOW, **kwargs)


def test_er_rejects_negative_denominator():
    with pytest.raises(ValueError, match="views"):
        engagement_rate([post(1, likes=1, views=-5)], "views", NOW)


post_lists = st.lists(
    st.builds(
        PostObservation,
        posted_at=st.integers(0, 24 * 200).map(lambda hours: NOW - timedelta(hours=hours)),
        likes=st.integers(0, 10_000),
        comments=st.integers(0, 1_000),
        shares=st.none() | st.integers(0, 1_000),
        followers_at_post=st.none() | st.integers(0, 1_000_000),
    ),
    min_size=1,
    max_size=30,
)


@FAST
@given(post_lists, st.integers(1, 15))
def test_er_median_lies_between_min_and_max_rate_of_posts_used(posts, last_n):
    result = engagement_rate(posts, "followers", NOW, last_n=last_n)
    rates = [p.engagements / p.followers_at_post for p in posts if p.followers_at_post]
    assert result.posts_used <= min(last_n, len(rates))
    if not rates:
        assert result.value is None
        return
    assert result.posts_used >= 1
    assert min(rates) <= result.value <= max(rates)


@FAST
@given(post_lists, st.randoms(use_true_random=False))
def test_er_does_not_depend_on_input_order(posts, rnd):
    # Equal timestamps may pick different posts at the N boundary; give each post its own time.
    posts = [replace(p, posted_at=NOW - timedelta(days=i * 3.5)) for i, p in enumerate(posts)]
    shuffled = posts[:]
    rnd.shuffle(shuffled)
    assert engagement_rate(shuffled, "followers", NOW, last_n=5) == engagement_rate(
        posts, "followers", NOW, last_n=5
    )


# --- default_denominator --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("platform", "fmt", "expected"),
    [
        ("instagram", "image", "followers"),
        ("instagram", "carousel", "followers"),
        ("facebook", "image", "followers"),
        ("Instagram", "Carousel", "followers"),
        ("instagram", "reel", "views"),
        ("instagram", "video", "views"),
        ("instagram", "story", "views"),
        ("tiktok", "video", "views"),
        ("tiktok", "carousel", "views"),
        ("youtube", "short", "views"),
        ("youtube", "long_video", "views"),
    ],
)
def test_default_denominator(platform, fmt, expected):
    assert default_denominator(platform, fmt) == expected


def test_default_denominator_rejects_unknown_names():
    with pytest.raises(ValueError, match="platform"):
        default_denominator("myspace", "image")
    with pytest.raises(ValueError, match="format"):
        default_denominator("instagram", "gif")
