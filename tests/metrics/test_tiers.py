"""Follower tiers and benchmark bands (METRICS.md §2)."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reachroom.metrics import (
    BAND_SLUGS,
    TIER_SLUGS,
    TierScheme,
    band_codes,
    band_of,
    tier_codes,
    tier_of,
)

FAST = settings(max_examples=60, deadline=None, database=None)


@pytest.mark.parametrize(
    ("followers", "tier"),
    [
        (0, "nano"),
        (999, "nano"),
        (1_000, "micro"),  # a boundary belongs to the upper tier
        (99_999, "micro"),
        (100_000, "macro"),
        (999_999.5, "macro"),
        (1_000_000, "mega"),
        (250_000_000, "mega"),
    ],
)
def test_tier_of_default_bands(followers, tier):
    assert tier_of(followers) == tier


@pytest.mark.parametrize(
    ("followers", "band"),
    [
        (0, "0-1k"),
        (999, "0-1k"),
        (1_000, "1k-5k"),
        (4_999, "1k-5k"),
        (5_000, "5k-10k"),
        (10_000, "10k-20k"),
        (20_000, "20k-50k"),
        (50_000, "50k-100k"),
        (100_000, "100k-500k"),
        (500_000, "500k-1m"),
        (999_999, "500k-1m"),
        (1_000_000, "1m-plus"),
    ],
)
def test_band_of_benchmark_bands(followers, band):
    assert band_of(followers) == band


def test_slugs_are_stable():
    # Slugs are stored with results; a rename here breaks every stored benchmark.
    assert TIER_SLUGS == ("nano", "micro", "macro", "mega")
    assert BAND_SLUGS == (
        "0-1k", "1k-5k", "5k-10k", "10k-20k", "20k-50k", "50k-100k", "100k-500k", "500k-1m", "1m-plus",
    )  # fmt: skip


def test_custom_scheme():
    scheme = TierScheme(boundaries=(10_000, 50_000), slugs=("small", "mid", "large"))
    assert [tier_of(f, scheme) for f in (9_999, 10_000, 50_000)] == ["small", "mid", "large"]
    assert tier_codes(np.array([9_999, 10_000, 50_000]), scheme).tolist() == [0, 1, 2]


@pytest.mark.parametrize(
    ("boundaries", "slugs", "message"),
    [
        ((1_000, 1_000), ("a", "b", "c"), "increasing"),
        ((5_000, 1_000), ("a", "b", "c"), "increasing"),
        ((1_000,), ("a", "b", "c"), "one more slug"),
        ((1_000,), ("a", "a"), "unique"),
        ((0,), ("a", "b"), "> 0"),
    ],
)
def test_scheme_validation(boundaries, slugs, message):
    with pytest.raises(ValueError, match=message):
        TierScheme(boundaries=boundaries, slugs=slugs)


@pytest.mark.parametrize("bad", [-1, math.nan])
def test_tier_of_rejects_negative_and_nan(bad):
    with pytest.raises(ValueError):
        tier_of(bad)


def test_tier_codes_hand_computed():
    codes = tier_codes(np.array([0, 999, 1_000, 500_000, 2_000_000, np.nan]))
    assert codes.dtype == np.int8
    assert codes.tolist() == [0, 0, 1, 2, 3, -1]  # NaN = unknown followers -> -1


def test_band_codes_hand_computed_and_decodable():
    codes = band_codes(np.array([12_000, 700, 1_000_000]))
    assert codes.tolist() == [3, 0, 8]
    assert [BAND_SLUGS[c] for c in codes] == ["10k-20k", "0-1k", "1m-plus"]


def test_codes_reject_negative():
    with pytest.raises(ValueError):
        band_codes(np.array([10.0, -1.0]))


followers_arrays = st.lists(
    st.integers(0, 3_000_000) | st.sampled_from([999, 1_000, 99_999, 100_000, 1_000_000]), max_size=50
)


@FAST
@given(followers_arrays)
def test_vectorised_codes_match_scalar(followers):
    arr = np.asarray(followers, dtype=np.float64)
    assert [TIER_SLUGS[c] for c in tier_codes(arr)] == [tier_of(f) for f in followers]
    assert [BAND_SLUGS[c] for c in band_codes(arr)] == [band_of(f) for f in followers]


@FAST
@given(followers_arrays)
def test_codes_are_monotone_in_followers(followers):
    codes = band_codes(np.sort(np.asarray(followers, dtype=np.float64)))
    assert np.all(np.diff(codes.astype(int)) >= 0)
