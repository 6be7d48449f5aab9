"""Estimated reach and impressions (METRICS.md §3)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reachroom.metrics import (
    PLATFORM_CODES,
    PLATFORMS,
    estimate_impressions,
    estimate_reach,
    estimate_reach_batch,
)

FAST = settings(max_examples=60, deadline=None, database=None)
OWN_3 = [(100, 1_000), (200, 1_000), (150, 1_000)]  # ratios 0.10, 0.20, 0.15


def test_published_instagram_feed_reach():
    est = estimate_reach(5_000, "instagram", "image")
    # Roster 1k-10k band: 13% of 5,000 = 650; ±50% -> 325 .. 975
    assert (est.value, est.low, est.high) == pytest.approx((650, 325, 975))
    assert (est.method, est.sample_size, est.metric) == ("published_ratio", 0, "reach")
    assert "Roster" in est.basis and "13%" in est.basis and "analogy" not in est.basis


@pytest.mark.parametrize(
    ("followers", "expected"),
    [
        (999, 239.76),  # 24% of 999
        (1_000, 130),  # 13%: a boundary belongs to the upper band
        (9_999, 1_299.87),  # 13%
        (10_000, 600),  # 6%: the published table steps down here (see docs/metrics.md)
        (100_000, 3_000),  # 3%
        (500_000, 15_000),  # 3%
        (2_000_000, 60_000),  # 3%
    ],
)
def test_published_reach_band_edges(followers, expected):
    assert estimate_reach(followers, "instagram", "carousel").value == pytest.approx(expected)


@pytest.mark.parametrize(("platform", "share"), [("tiktok", 0.68), ("youtube", 0.75)])
def test_video_reach_from_median_views(platform, share):
    est = estimate_reach(50_000, platform, "video", median_views=10_000)
    # 10,000 views x unique share; ±50%
    assert (est.value, est.low, est.high) == pytest.approx((10_000 * share, 5_000 * share, 15_000 * share))
    assert "Stellar" in est.basis


def test_views_without_published_unique_share_fall_back_to_roster():
    # Instagram reels: no published unique-view share, so the feed ratio is used and labelled an analogy.
    est = estimate_reach(5_000, "instagram", "reel", median_views=10_000)
    assert est.value == pytest.approx(650)
    assert "analogy" in est.basis and "median views unused" in est.basis


def test_video_platform_without_views_uses_roster_by_analogy():
    est = estimate_reach(50_000, "tiktok", "video")
    assert est.value == pytest.approx(3_000)  # 6% of 50,000
    assert "analogy" in est.basis


def test_own_history_few_posts_widened_interval():
    est = estimate_reach(2_000, "instagram", "image", own_history=OWN_3)
    # median ratio 0.15 -> 300; low = min(0.10, 0.15 * 0.5) = 0.075 -> 150
    # high = max(0.20, 0.15 * 1.5) = 0.225 -> 450
    assert (est.value, est.low, est.high) == pytest.approx((300, 150, 450))
    assert (est.method, est.sample_size) == ("own_history", 3)


def test_own_history_few_posts_keeps_observed_range_when_wider():
    history = [(10, 1_000), (150, 1_000), (600, 1_000)]  # ratios 0.01, 0.15, 0.60
    est = estimate_reach(1_000, "instagram", "image", own_history=history)
    # low = min(0.01, 0.075) = 0.01 -> 10; high = max(0.60, 0.225) = 0.60 -> 600
    assert (est.value, est.low, est.high) == pytest.approx((150, 10, 600))


def test_own_history_ten_posts_uses_empirical_percentiles():
    history = [(10 * k, 1_000) for k in range(1, 11)]  # ratios 0.01 .. 0.10
    est = estimate_reach(1_000, "tiktok", "video", own_history=history, median_views=99_999)
    # median 0.055 -> 55; P10 at rank 0.9 -> 0.01 + 0.9 * 0.01 = 0.019 -> 19;
    # P90 at rank 8.1 -> 0.09 + 0.1 * 0.01 = 0.091 -> 91. Own history wins over median views.
    assert (est.value, est.low, est.high) == pytest.approx((55, 19, 91))
    assert (est.method, est.sample_size) == ("own_history", 10)


def test_own_history_needs_three_usable_posts():
    history = [(100, 1_000), (200, 1_000), (None, 1_000), (50, 0), (70, None)]  # two usable
    est = estimate_reach(5_000, "instagram", "image", own_history=history)
    assert est.method == "published_ratio"
    assert est.value == pytest.approx(650)


def test_zero_followers():
    for est in (
        estimate_reach(0, "instagram", "image"),
        estimate_reach(0, "instagram", "image", own_history=OWN_3),
        estimate_impressions(0, "instagram", "image"),
    ):
        assert (est.value, est.low, est.high) == (0.0, 0.0, 0.0)


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        ((-1, "instagram", "image"), {}, "followers"),
        ((10, "myspace", "image"), {}, "platform"),
        ((10, "instagram", "gif"), {}, "format"),
        ((10, "tiktok", "video"), {"median_views": -5}, "median_views"),
        ((10, "instagram", "image"), {"median_views": float("nan")}, "median_views"),
    ],
)
def test_estimate_reach_rejects_bad_input(args, kwargs, message):
    with pytest.raises(ValueError, match=message):
        estimate_reach(*args, **kwargs)


# --- impressions -----------------------------------------------------------------------------------


def test_impressions_instagram_feed_roster_share():
    est = estimate_impressions(5_000, "instagram", "image")
    # Roster 1k-10k impressions: 36% of 5,000 = 1,800; ±50% -> 900 .. 2,700
    assert (est.value, est.low, est.high) == pytest.approx((1_800, 900, 2_700))
    assert (est.metric, est.method) == ("impressions", "published_ratio")


@pytest.mark.parametrize(
    ("followers", "expected"),
    [(500, 380), (1_000, 360), (10_000, 1_800), (100_000, 11_000), (500_000, 25_000)],
)
def test_impressions_roster_band_edges(followers, expected):
    # 76% x 500; 36% x 1,000; 18% x 10,000; 11% x 100,000; 5% x 500,000
    assert estimate_impressions(followers, "instagram", "carousel").value == pytest.approx(expected)


def test_impressions_video_from_views_times_stellar_multiplier():
    est = estimate_impressions(50_000, "youtube", "long_video", median_views=10_000)
    # reach 10,000 x 0.75 = 7,500; impressions 7,500 x 1.25 = 9,375; interval 3,750 .. 11,250 x 1.25
    assert (est.value, est.low, est.high) == pytest.approx((9_375, 4_687.5, 14_062.5))


def test_impressions_from_own_impressions_history():
    est = estimate_impressions(2_000, "instagram", "image", own_history=OWN_3)
    assert (est.value, est.method, est.metric) == (pytest.approx(300), "own_history", "impressions")


def test_impressions_from_own_reach_history_times_stellar_multiplier():
    est = estimate_impressions(2_000, "instagram", "reel", reach_history=OWN_3)
    # own reach 300 (150 .. 450) x 1.25 -> 375 (187.5 .. 562.5)
    assert (est.value, est.low, est.high) == pytest.approx((375, 187.5, 562.5))
    assert (est.method, est.sample_size) == ("own_history", 3)


# --- batch -------------------------------------------------------------------------------------------


def test_batch_hand_computed():
    ig, tt, yt = PLATFORM_CODES["instagram"], PLATFORM_CODES["tiktok"], PLATFORM_CODES["youtube"]
    result = estimate_reach_batch(
        followers=np.array([500, 5_000, 50_000, np.nan, 5_000, 5_000]),
        platform_codes=np.array([ig, ig, tt, ig, yt, ig]),
        median_views=np.array([np.nan, np.nan, 10_000, np.nan, np.nan, 10_000]),
    )
    # 24% x 500; 13% x 5,000; 68% x 10,000 views; unknown; YouTube without views: 13%; IG ignores views
    expected = [120, 650, 6_800, np.nan, 650, 650]
    np.testing.assert_allclose(result.value, expected)
    np.testing.assert_allclose(result.low, np.array(expected) * 0.5)
    np.testing.assert_allclose(result.high, np.array(expected) * 1.5)


def test_batch_rejects_unknown_platform_code_and_shape_mismatch():
    with pytest.raises(ValueError, match="platform codes"):
        estimate_reach_batch(np.array([1.0]), np.array([len(PLATFORMS)]))
    with pytest.raises(ValueError, match="shape"):
        estimate_reach_batch(np.array([1.0, 2.0]), np.array([0]))


optional_views = st.none() | st.integers(0, 10_000_000)
accounts = st.lists(
    st.tuples(
        st.integers(0, 5_000_000) | st.sampled_from([999, 1_000, 10_000, 100_000, 500_000]),
        st.sampled_from(PLATFORMS),
        optional_views,
    ),
    min_size=1,
    max_size=30,
)


@FAST
@given(accounts)
def test_batch_matches_scalar(rows):
    followers = np.array([f for f, _, _ in rows], dtype=np.float64)
    codes = np.array([PLATFORM_CODES[p] for _, p, _ in rows])
    views = np.array([np.nan if v is None else v for _, _, v in rows], dtype=np.float64)
    batch = estimate_reach_batch(followers, codes, views)
    for i, (f, platform, v) in enumerate(rows):
        scalar = estimate_reach(f, platform, "video", median_views=v)
        assert (batch.value[i], batch.low[i], batch.high[i]) == pytest.approx(
            (scalar.value, scalar.low, scalar.high)
        )


ratio_history = st.lists(
    st.tuples(st.integers(0, 2_000_000), st.integers(1, 1_000_000)), min_size=0, max_size=25
)


@FAST
@given(st.integers(0, 5_000_000), st.sampled_from(PLATFORMS), ratio_history, optional_views)
def test_interval_contains_estimate(followers, platform, history, views):
    for est in (
        estimate_reach(followers, platform, "video", own_history=history, median_views=views),
        estimate_impressions(followers, platform, "image", reach_history=history, median_views=views),
    ):
        assert 0 <= est.low <= est.value <= est.high
        assert est.method == ("own_history" if len(history) >= 3 else "published_ratio")
