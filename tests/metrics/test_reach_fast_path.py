"""The own-history reach estimate's order statistics from a sorted list equal NumPy's (median, 10th and 90th
percentile, min, max), bit for bit: the NumPy version is kept here as the reference."""

import math
import struct

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from reachroom.metrics.reach import (
    OWN_HISTORY_EMPIRICAL_MIN_POSTS,
    OWN_HISTORY_MIN_POSTS,
    PUBLISHED_RELATIVE_INTERVAL,
    ReachEstimate,
    _order_statistics,
    _own_history_estimate,
)


def reference_own_history_estimate(followers, history, metric):
    """_own_history_estimate before the sorted-list statistics."""
    ratios = [count / base for count, base in history or ()
              if count is not None and base is not None and count >= 0 and base > 0]
    n = len(ratios)
    if n < OWN_HISTORY_MIN_POSTS:
        return None
    arr = np.asarray(ratios)
    median = float(np.median(arr))
    if n >= OWN_HISTORY_EMPIRICAL_MIN_POSTS:
        low_ratio, high_ratio = (float(q) for q in np.percentile(arr, [10, 90]))
        interval = "10th-90th percentile of own ratios"
    else:
        low_ratio = min(float(arr.min()), median * (1 - PUBLISHED_RELATIVE_INTERVAL))
        high_ratio = max(float(arr.max()), median * (1 + PUBLISHED_RELATIVE_INTERVAL))
        interval = f"own min-max widened to at least ±50% (< {OWN_HISTORY_EMPIRICAL_MIN_POSTS} posts)"
    return ReachEstimate(value=median * followers, low=low_ratio * followers, high=high_ratio * followers,
                         method="own_history",
                         basis=f"median {metric}/followers {median:.4f} over {n} own posts; interval: {interval}",
                         sample_size=n, metric=metric)


def bits(values) -> list:
    """Each float's bytes: tells 0.0 from -0.0 and compares NaNs."""
    return [struct.pack("<d", v) if isinstance(v, float) else v for v in values]


ratio = st.one_of(st.floats(min_value=0.0, allow_nan=False), st.floats(1e-3, 10.0), st.sampled_from([
    0.5, 1.0, 1 / 3, 0.1, 2.0, 5e-324, 1e308, math.inf, 0.0, -0.0]))


@settings(max_examples=3000, deadline=None)
@given(st.lists(ratio, min_size=1, max_size=70))
def test_order_statistics_equal_numpy(ratios):
    arr = np.asarray(ratios)
    with np.errstate(invalid="ignore"):  # inf - inf in the interpolation: NaN, in both versions
        low, high = (float(q) for q in np.percentile(arr, [10, 90]))
        want = (float(np.median(arr)), low, high, float(arr.min()), float(arr.max()))
        assert bits(_order_statistics(ratios)) == bits(want)


@settings(max_examples=1500, deadline=None)
@given(followers=st.integers(0, 5_000_000),
       history=st.lists(st.tuples(st.one_of(st.none(), st.integers(-5, 400_000), st.sampled_from([-0.0, 0.0, 2.5])),
                                  st.one_of(st.none(), st.integers(-5, 2_000_000), st.floats(0.5, 1e6))),
                        max_size=70))
def test_own_history_estimate_equals_the_numpy_version(followers, history):
    got = _own_history_estimate(followers, history, "reach")
    want = reference_own_history_estimate(followers, history, "reach")
    assert repr(got) == repr(want)
    if got is not None:
        assert bits([got.value, got.low, got.high]) == bits([want.value, want.low, want.high])
