"""Percentile rank of a value among its peers (METRICS.md §2, peer comparison)."""

import math
from collections.abc import Iterable

import numpy as np


def percentile_rank(value: float | None, peer_values: Iterable[float | None]) -> float | None:
    """Mid-rank percentile 100 * (below + equal / 2) / peers; None without a value or peers."""
    if value is None or math.isnan(value):
        return None
    below = equal = total = 0
    for peer in peer_values:
        # Missing peers are not zero; they are simply not part of the comparison.
        if peer is None or math.isnan(peer):
            continue
        total += 1
        if peer < value:
            below += 1
        elif peer == value:
            equal += 1
    if total == 0:
        return None
    # Counting ties as half below keeps equal values at equal ranks and the scale symmetric.
    return 100.0 * (below + 0.5 * equal) / total


def group_percentiles(values: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """Each element's percentile_rank within its group (itself included); NaN stays NaN. O(n log n)."""
    values = np.asarray(values, dtype=np.float64)
    groups = np.asarray(groups)
    if values.ndim != 1 or groups.shape != values.shape:
        raise ValueError("values and groups must be 1-D arrays of the same length")
    if groups.dtype.kind not in "biu":
        # Strings or other labels become dense integer codes so the sort below stays numeric.
        groups = np.unique(groups, return_inverse=True)[1].reshape(values.shape)
    out = np.full(values.shape, np.nan)
    known = ~np.isnan(values)
    v = values[known]
    g = groups[known]
    n = v.size
    if n == 0:
        return out
    order = np.lexsort((v, g))  # by group, then by value
    v_sorted = v[order]
    g_sorted = g[order]
    group_change = g_sorted[1:] != g_sorted[:-1]
    # A run is a block of equal values inside one group: its members share one mid-rank.
    run_change = group_change | (v_sorted[1:] != v_sorted[:-1])
    group_start, group_size = _block_start_and_size(group_change, n)
    run_start, run_size = _block_start_and_size(run_change, n)
    below = run_start - group_start
    ranks = 100.0 * (below + 0.5 * run_size) / group_size
    known_out = np.empty(n)
    known_out[order] = ranks
    out[known] = known_out
    return out


def _block_start_and_size(change: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """For sorted data split where `change` is True, each element's block start index and block size."""
    is_start = np.concatenate(([True], change))
    starts = np.flatnonzero(is_start)
    sizes = np.diff(np.append(starts, n))
    block = np.cumsum(is_start) - 1
    return starts[block], sizes[block]
