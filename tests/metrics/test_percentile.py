"""Percentile rank within peers (METRICS.md §2)."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reachroom.metrics import group_percentiles, percentile_rank

FAST = settings(max_examples=60, deadline=None, database=None)


def test_percentile_rank_mid_rank():
    # below = 2 (1, 2), equal = 1 -> (2 + 0.5) / 4 * 100 = 62.5
    assert percentile_rank(3, [1, 2, 3, 4]) == pytest.approx(62.5)


def test_percentile_rank_ties_share_the_middle():
    # below = 1, equal = 3 -> (1 + 1.5) / 5 * 100 = 50
    assert percentile_rank(2, [1, 2, 2, 2, 5]) == pytest.approx(50.0)
    # all equal -> 50 for everyone
    assert percentile_rank(7, [7, 7, 7]) == pytest.approx(50.0)


def test_percentile_rank_outside_peer_range():
    assert percentile_rank(10, [1, 2, 3]) == 100.0
    assert percentile_rank(0, [1, 2, 3]) == 0.0


def test_percentile_rank_skips_missing_peers():
    # peers 1 and 3 only -> below 1 of 2 -> 50
    assert percentile_rank(2, [1, None, math.nan, 3]) == pytest.approx(50.0)


@pytest.mark.parametrize(
    ("value", "peers"),
    [(1.0, []), (1.0, [None, math.nan]), (None, [1, 2]), (math.nan, [1, 2])],
)
def test_percentile_rank_none_without_value_or_peers(value, peers):
    assert percentile_rank(value, peers) is None


def test_group_percentiles_hand_computed():
    values = np.array([10, 20, 20, 5, np.nan, 7])
    groups = np.array([0, 0, 0, 1, 1, 1])
    # group 0 (10, 20, 20): 10 -> 0.5/3, 20 -> (1 + 1)/3; group 1 (5, 7; NaN excluded): 0.5/2, 1.5/2
    expected = [100 * 0.5 / 3, 100 * 2 / 3, 100 * 2 / 3, 25.0, np.nan, 75.0]
    np.testing.assert_allclose(group_percentiles(values, groups), expected)


def test_group_percentiles_string_groups_and_singletons():
    result = group_percentiles(np.array([3.0, 1.0, 2.0]), np.array(["ig:1k-5k", "tt:0-1k", "ig:1k-5k"]))
    np.testing.assert_allclose(result, [75.0, 50.0, 25.0])  # lone member of its group sits at 50


def test_group_percentiles_empty_and_all_nan():
    assert group_percentiles(np.array([]), np.array([], dtype=int)).shape == (0,)
    assert np.isnan(group_percentiles(np.array([np.nan, np.nan]), np.array([1, 1]))).all()


def test_group_percentiles_rejects_shape_mismatch():
    with pytest.raises(ValueError):
        group_percentiles(np.array([1.0, 2.0]), np.array([0]))


values_and_groups = st.integers(0, 40).flatmap(
    lambda n: st.tuples(
        # Few distinct values so that ties are common.
        st.lists(st.sampled_from([0.0, 0.01, 0.02, 0.05, 0.1, 1.0, math.nan]), min_size=n, max_size=n),
        st.lists(st.integers(0, 3), min_size=n, max_size=n),
    )
)


@FAST
@given(values_and_groups)
def test_group_percentiles_match_scalar_percentile_rank(data):
    values, groups = data
    result = group_percentiles(np.array(values), np.array(groups, dtype=np.int64))
    for i, (value, group) in enumerate(zip(values, groups, strict=True)):
        peers = [v for v, g in zip(values, groups, strict=True) if g == group]
        expected = percentile_rank(value, peers)
        if expected is None:
            assert math.isnan(result[i])
        else:
            assert result[i] == pytest.approx(expected)


finite = st.floats(-1e6, 1e6, allow_nan=False)


@FAST
@given(finite, finite, st.lists(finite, min_size=1, max_size=30))
def test_percentile_rank_in_range_and_monotone(a, b, peers):
    low, high = sorted((a, b))
    rank_low, rank_high = percentile_rank(low, peers), percentile_rank(high, peers)
    assert 0.0 <= rank_low <= rank_high <= 100.0


@FAST
@given(values_and_groups, st.randoms(use_true_random=False))
def test_group_percentiles_follow_their_elements_when_shuffled(data, rnd):
    values, groups = np.array(data[0]), np.array(data[1], dtype=np.int64)
    order = list(range(len(values)))
    rnd.shuffle(order)
    np.testing.assert_allclose(
        group_percentiles(values, groups)[order], group_percentiles(values[order], groups[order])
    )
