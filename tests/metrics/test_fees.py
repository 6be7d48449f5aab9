"""Fee estimates: anchored on the published UK rate card, monotone in followers."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from reachroom.metrics.fees import estimate_fee, estimate_fee_batch


def test_rate_card_anchors_are_reproduced():
    # The card's static Instagram prices at the middle of each band: £350, £800, £3,000.
    assert math.isclose(estimate_fee(3_000, "instagram").value, 350, rel_tol=1e-9)
    assert math.isclose(estimate_fee(15_000, "instagram").value, 800, rel_tol=1e-9)
    assert math.isclose(estimate_fee(75_000, "instagram").value, 3_000, rel_tol=1e-9)


def test_platform_and_format_factors():
    static = estimate_fee(15_000, "instagram").value
    assert math.isclose(estimate_fee(15_000, "instagram", "reel").value, 1.2 * static)
    assert math.isclose(estimate_fee(15_000, "tiktok", "video").value, 0.6 * static)
    e = estimate_fee(15_000, "youtube", "long_video")
    assert math.isclose(e.value, 2.0 * static) and e.low < e.value < e.high and e.currency == "GBP"


def test_negative_followers_rejected():
    with pytest.raises(ValueError):
        estimate_fee(-1, "instagram")


@given(st.floats(min_value=0, max_value=5e7), st.floats(min_value=0, max_value=5e7))
def test_fee_never_falls_as_followers_grow(a, b):
    lo, hi = sorted((a, b))
    assert estimate_fee(lo, "instagram").value <= estimate_fee(hi, "instagram").value + 1e-9


def test_batch_matches_scalar():
    followers = np.array([500, 3_000, 40_000, 2_000_000])
    platforms = ["instagram", "tiktok", "youtube", "instagram"]
    low, high = estimate_fee_batch(followers, platforms)
    for i, (f, p) in enumerate(zip(followers, platforms, strict=True)):
        e = estimate_fee(float(f), p)
        assert math.isclose(low[i], e.low) and math.isclose(high[i], e.high)
