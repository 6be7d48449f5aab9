"""Filtered, scored top-k search over a CreatorIndex, with per-component scores and plain-language reasons.

Pipeline per query: validate (Plan) -> boolean filter masks, narrowing to an index list once few rows remain ->
score survivors -> exact top-k with ties broken by account id -> results for the requested page only.

Semantic similarity is the expensive part (N x D int8). Small survivor sets (and `Query.exact`) are scored exactly.
Large ones are pre-ranked in one compiled pass (prerank.py): the non-semantic components as in scoring.py (tone from
a codebook) plus an approximate similarity from a 32-dimensional int8 PCA sketch; the best `candidates` rows are then
re-scored exactly. Re-scored totals are bit-identical to the brute-force reference; recall against it is measured
by the benchmark.
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from reachroom.config import get_settings
from reachroom.discovery.engine import scoring
from reachroom.discovery.engine.columns import CreatorIndex
from reachroom.discovery.engine.components import (
    Rows,
    component_values,
    fit_total,
    gate_column,
    share_codes,
)
from reachroom.discovery.engine.explain import explain
from reachroom.discovery.engine.prerank import prerank_scores
from reachroom.discovery.engine.query import CANDIDATE_SHARE, Plan, Query, compile_query
from reachroom.discovery.engine.results import ComponentScore, SearchResult, build_results

# Survivor sets up to this size (or 3 x candidates) are scored exactly: cheaper than pre-ranking them.
EXACT_MAX_SURVIVORS = 60_000
# Switch from a full-length mask to an index list once this fraction or fewer rows survive.
NARROW_FRACTION = 0.125
# Above this fraction of surviving rows, components are computed for every slot and the rest masked out.
DENSE_FRACTION = 0.25
CHUNK = 32_768  # rows per scoring block: the block's temporaries stay in L2 cache


@dataclass
class SearchResponse:
    results: list[SearchResult]
    total: int  # accounts that pass every filter
    took_ms: float
    exact: bool  # True when every survivor was scored exactly
    scored_exactly: int
    weights: dict[str, float]
    timings_ms: dict[str, float] = field(default_factory=dict)

    @property
    def account_ids(self) -> list[int]:
        return [r.account_id for r in self.results]


# ---------------------------------------------------------------------------------------------- filters


def f32_at_least(value: float) -> np.float32:
    """Smallest float32 x with float(x) >= value: `col >= x` in float32 equals the float64 comparison."""
    x = np.float32(value)
    if float(x) < value:
        x = np.nextafter(x, np.float32(np.inf))
    return x


def f32_at_most(value: float) -> np.float32:
    x = np.float32(value)
    if float(x) > value:
        x = np.nextafter(x, np.float32(-np.inf))
    return x


def _in_codes(codes: np.ndarray, allowed: tuple[int, ...]) -> np.ndarray:
    out = codes == allowed[0]
    for c in allowed[1:]:
        out |= codes == c
    return out


Filter = Callable[[Rows], np.ndarray]


def _at_least(column: str, value: float) -> Filter:
    threshold = f32_at_least(value)
    return lambda r: r.col(column) >= threshold


def _at_most(column: str, value: float) -> Filter:
    threshold = f32_at_most(value)
    return lambda r: r.col(column) <= threshold


def build_filters(plan: Plan) -> list[Filter]:
    """The plan's filters as functions of a row selection, most selective kinds first."""
    fs: list[Filter] = []
    ws = plan.workspace_id
    fs.append(lambda r: r.col("alive") & ((r.col("owner_workspace") == 0) | (r.col("owner_workspace") == ws)))
    for name, codes in (("country", plan.country_codes), ("platform", plan.platform_codes),
                        ("tier", plan.tier_codes), ("language", plan.language_codes)):
        if codes is not None:
            fs.append(lambda r, name=name, codes=codes: _in_codes(r.col(name), codes))
    if plan.niche_columns:
        def niche_filter(r: Rows) -> np.ndarray:
            masks = [r.mcol("niche_scores", j) >= plan.niche_code_min for j in plan.niche_columns]
            out = masks[0]
            for m in masks[1:]:
                out = (out & m) if plan.niche_all else (out | m)
            return out
        fs.append(niche_filter)
    for term in plan.audience_filters:
        def audience_filter(r: Rows, term=term) -> np.ndarray:
            return (share_codes(r, term.matrix, term.columns) >= term.code_min) & r.present("audience")
        fs.append(audience_filter)
    for column, (lo, hi) in plan.ranges.items():
        if lo is not None:
            fs.append(_at_least(column, lo))
        if hi is not None:
            fs.append(_at_most(column, hi))
    if plan.fee_min is not None:
        fs.append(_at_least("est_fee_high", plan.fee_min))
    if plan.fee_max is not None:
        fs.append(_at_most("est_fee_low", plan.fee_max))
    if plan.active_day_min is not None:
        fs.append(_at_least("last_post_day", plan.active_day_min))
    if plan.exclude_mask:
        excluded_flags = np.uint16(plan.exclude_mask)
        fs.append(lambda r: (r.col("brand_safety") & excluded_flags) == 0)
    if plan.exclude_creator_ids.size:
        fs.append(lambda r: ~np.isin(r.col("creator_id"), plan.exclude_creator_ids))
    return fs


def survivors(index: CreatorIndex, plan: Plan) -> tuple[np.ndarray, np.ndarray | None]:
    """Row slots passing every filter (ascending), and the full-length mask unless the set was narrowed early."""
    n = index.n_slots
    mask: np.ndarray | None = None
    rows: np.ndarray | None = None
    excluded = index.rows_of(plan.exclude_ids) if plan.exclude_ids.size else None
    for f in build_filters(plan):
        if rows is None:
            m = f(Rows(index, None))
            mask = m if mask is None else (mask & m)
            if np.count_nonzero(mask) <= n * NARROW_FRACTION:
                rows = np.flatnonzero(mask)
        else:
            rows = rows[f(Rows(index, rows))]
    if rows is None:
        assert mask is not None
        if excluded is not None:
            mask = mask.copy()
            mask[excluded[excluded >= 0]] = False
        return np.flatnonzero(mask), mask
    if excluded is not None:
        rows = rows[~np.isin(rows, excluded)]
    return rows, None


# ---------------------------------------------------------------------------------------------- scoring


def static_prefix(index: CreatorIndex, plan: Plan) -> np.ndarray | None:
    """Weighted sum of the query-independent components for every slot, cached per weight vector."""
    names = tuple(c for c in scoring.STATIC_COMPONENTS if c in plan.weights)
    if not names or plan.tolerate_mask:
        return None
    weights = {c: plan.weights[c] for c in names}
    others = tuple(c for c in plan.weights if c not in weights)

    def compute() -> np.ndarray:
        out = np.empty(index.n_slots, dtype=np.float32)
        for a in range(0, index.n_slots, CHUNK):
            r = Rows(index, slice(a, min(index.n_slots, a + CHUNK)))
            out[a : a + CHUNK] = scoring.combine(component_values(r, plan, skip=others), weights)
        return out

    return index.cached(("static_prefix", tuple(weights.items())), compute)


def fit_scores(index: CreatorIndex, plan: Plan, rows: np.ndarray, mask: np.ndarray | None) -> np.ndarray:
    """Exact fit of each row in `rows` (ascending slots), computed in cache-sized chunks on the worker threads.

    With `mask` (the full-length filter mask, rows == flatnonzero(mask)) chunks read contiguous slots and keep the
    masked ones, which beats gathering when most rows survive.
    """
    prefix = static_prefix(index, plan)
    gate_column(index, plan)  # computed (and cached) once, before the worker threads read it
    out = np.empty(rows.size, dtype=np.float32)
    if mask is not None:
        n = index.n_slots
        starts = np.arange(0, n, CHUNK)
        counts = np.add.reduceat(mask[:n], starts) if n else np.zeros(0, dtype=np.int64)
        offsets = np.concatenate([[0], np.cumsum(counts)])
        jobs = [(slice(int(a), min(n, int(a) + CHUNK)), int(offsets[i]), int(offsets[i + 1]))
                for i, a in enumerate(starts) if counts[i]]
    else:
        jobs = [(rows[a:a + CHUNK], a, min(rows.size, a + CHUNK)) for a in range(0, rows.size, CHUNK)]

    def run(job: tuple[Any, int, int]) -> None:
        source, lo, hi = job
        r = Rows(index, source)
        if prefix is None:
            total = fit_total(r, plan, component_values(r, plan))
        else:
            values = component_values(r, plan, skip=scoring.STATIC_COMPONENTS)
            total = fit_total(r, plan, values, start=prefix[source])
        out[lo:hi] = total if mask is None else total[mask[source]]

    _run_parallel(run, jobs)
    return out


def approximate_fit_scores(index: CreatorIndex, plan: Plan, rows: np.ndarray) -> np.ndarray:
    """Pre-ranking fit of each row in `rows` (sketch-based semantic similarity; see prerank.py), on the threads."""
    return prerank_scores(index, plan, rows, _run_parallel, CHUNK)


_POOL: ThreadPoolExecutor | None = None


def _threads() -> int:
    """REACHROOM_SEARCH_THREADS (a number), or "auto": a second thread only while the machine has an idle core."""
    setting = get_settings().search_threads.strip().lower()
    cpus = os.cpu_count() or 1
    if setting in ("", "auto"):
        busy = _runnable_now()
        if busy is None:
            try:
                busy = os.getloadavg()[0]
            except OSError:
                return 1
        # This query's own thread counts ~1; on a busy machine extra threads only contend.
        return 2 if cpus >= 2 and busy < cpus - 0.5 else 1
    try:
        return max(1, min(cpus, int(setting)))
    except ValueError:
        return 1


def _runnable_now() -> float | None:
    """Tasks runnable right now (Linux /proc/loadavg, this thread included); None where unavailable.

    Instantaneous, unlike the 1-minute load average, which stays high for a minute after a burst of work
    (an index build, a batch job) and would keep queries on one thread on an idle machine.
    """
    try:
        with open("/proc/loadavg", encoding="ascii") as f:
            return float(f.read().split()[3].split("/")[0])
    except (OSError, IndexError, ValueError):
        return None


def _run_parallel(fn: Callable[[Any], None], jobs: list) -> None:
    """Run jobs on the engine's threads (NumPy releases the GIL in the kernels); the caller thread takes part."""
    global _POOL
    threads = _threads()
    if threads <= 1 or len(jobs) < 4:
        for job in jobs:
            fn(job)
        return
    if _POOL is None:
        _POOL = ThreadPoolExecutor(max_workers=threads - 1, thread_name_prefix="discovery")
    half = [jobs[i::threads] for i in range(threads)]
    futures = [_POOL.submit(lambda part=part: [fn(j) for j in part]) for part in half[1:]]
    for job in half[0]:
        fn(job)
    for f in futures:
        f.result()


# ---------------------------------------------------------------------------------------------- top-k


def top_k(score: np.ndarray, ids: np.ndarray | Callable[[np.ndarray], np.ndarray], k: int) -> np.ndarray:
    """Positions of the k largest scores ordered by (score desc, id asc); exact, ties included.

    `ids` is the id per position, or a function giving the ids of some positions (to avoid gathering them all).
    """
    n = score.size
    if k <= 0 or n == 0:
        return np.zeros(0, dtype=np.int64)
    if n > k:
        cand = np.flatnonzero(score >= _kth_largest_bound(score, k))
    else:
        cand = np.arange(n)
    cand_ids = ids(cand) if callable(ids) else ids[cand]
    order = np.lexsort((cand_ids, -score[cand]))
    return cand[order[:k]]


def top_m_unordered(score: np.ndarray, m: int) -> np.ndarray:
    """Positions of m largest scores in no particular order (ties at the boundary broken arbitrarily)."""
    n = score.size
    if m >= n:
        return np.arange(n)
    if m <= 0:
        return np.zeros(0, dtype=np.int64)
    cand = np.flatnonzero(score >= _kth_largest_bound(score, m))
    if cand.size > m:
        cand = cand[np.argpartition(score[cand], cand.size - m)[cand.size - m :]]
    return cand


def _kth_largest_bound(score: np.ndarray, k: int) -> float:
    """A value t with at least k scores >= t, close to the k-th largest (sampling first, exact fallback)."""
    n = score.size
    if n > 100_000 and k * 8 < n:
        stride = max(2, n // 65_536)
        sample = score[::stride]
        r = min(sample.size, int(math.ceil(k / stride * 2)) + 16)
        t = np.partition(sample, sample.size - r)[sample.size - r]
        if np.count_nonzero(score >= t) >= k:
            return float(t)
    return float(np.partition(score, n - k)[n - k])


# ---------------------------------------------------------------------------------------------- search


def search(index: CreatorIndex, query: Query) -> SearchResponse:
    """Run one query; raises QueryError for a bad query."""
    t0 = time.perf_counter()
    plan = compile_query(query, index)
    timings: dict[str, float] = {}
    rows, mask = survivors(index, plan)
    t1 = time.perf_counter()
    timings["filter"] = (t1 - t0) * 1000
    n = index.n_slots
    # Most rows survive: score contiguous slots and keep the survivors, which is cheaper than gathering.
    dense = mask is not None and rows.size > n * DENSE_FRACTION
    sel = Rows(index, rows)
    account_ids = index.col("account_id")

    def ids(positions: np.ndarray) -> np.ndarray:
        return account_ids[rows[positions]]

    window = min(plan.window, int(rows.size))
    exact = True
    scored = int(rows.size)
    sort_values = None
    if plan.sort != "fit":
        values = index.col(plan.sort)[rows].astype(np.float32)
        top = _top_k_by_value(values, ids, window, plan.descending)
        sort_values = values[top][plan.offset:]
    else:
        use_approx = (
            "semantic" in plan.weights and not plan.exact and index.ann is not None
            and rows.size > max(EXACT_MAX_SURVIVORS, 3 * plan.candidates)
        )
        if not use_approx:
            total = fit_scores(index, plan, rows, mask if dense else None)
            top = top_k(total, ids, window)
        else:
            total = approximate_fit_scores(index, plan, rows)
            exact = False
            t2 = time.perf_counter()
            timings["prerank"] = (t2 - t1) * 1000
            # Any M best will do (all are re-scored); slot order makes the gathers below walk memory forwards.
            cand = np.sort(top_m_unordered(total, min(int(rows.size), max(candidate_count(plan, rows.size), window))))
            # Re-score the candidates exactly: components are per-row, so these equal the brute-force values.
            cand_rows = sel.take(cand)
            total_c = fit_total(cand_rows, plan, component_values(cand_rows, plan))
            scored = int(cand.size)
            top = cand[top_k(total_c, ids(cand), window)]
    page_rows = Rows(index, rows[top[plan.offset:]])
    t3 = time.perf_counter()
    timings["score"] = (t3 - t1) * 1000
    results = build_results(page_rows, plan, sort_values)
    timings["results"] = (time.perf_counter() - t3) * 1000
    return SearchResponse(
        results=results,
        total=int(rows.size),
        took_ms=(time.perf_counter() - t0) * 1000,
        exact=exact,
        scored_exactly=scored,
        weights=dict(plan.weights),
        timings_ms=timings,
    )


def candidate_count(plan: Plan, survivors: int) -> int:
    """Rows the pre-ranking hands to exact scoring: the query's `candidates`, or by default the larger of
    DEFAULT_CANDIDATES and CANDIDATE_SHARE of the survivors."""
    if plan.query.candidates is not None:
        return plan.candidates
    return max(plan.candidates, int(survivors * CANDIDATE_SHARE))


def _top_k_by_value(values: np.ndarray, ids: Callable[[np.ndarray], np.ndarray], k: int,
                    descending: bool) -> np.ndarray:
    """Sort by a metric (ties by id asc); unknown (NaN) values come last whatever the direction."""
    nan = np.isnan(values)
    known = np.flatnonzero(~nan)
    key = values[known] if descending else -values[known]
    top = known[top_k(key, lambda pos: ids(known[pos]), k)]
    if top.size < k:
        unknown = np.flatnonzero(nan)
        unknown = unknown[np.argsort(ids(unknown), kind="stable")][: k - top.size]
        top = np.concatenate([top, unknown])
    return top


__all__ = ["ComponentScore", "Rows", "SearchResponse", "SearchResult", "explain", "search", "top_k"]
