"""Approximate pre-ranking of large survivor sets: the fit of each row in one compiled pass (numba).

search.py pre-ranks when hundreds of thousands of rows survive the filters, then re-scores the best `candidates`
exactly. Pre-ranking with NumPy took one pass (and one temporary) per component and per operation; this kernel
reads each row's bytes once: the int8 PCA sketch (semantic), the niche and audience share codes, the tone code,
the four query-independent component columns and the authenticity gate. Its values follow the formulas of scoring.py
with the sketch in place of the embedding and the tone codebook in place of the tone vector: close to the exact fit,
never equal to it, and only used to choose which rows are re-scored exactly.

Components the kernel cannot take from a column (brand safety when the brand tolerates some flags, tone without a
codebook) are computed with NumPy for the rows of each block and passed in as `local`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numba import njit

from reachroom.discovery.engine import scoring
from reachroom.discovery.engine.columns import CreatorIndex
from reachroom.discovery.engine.components import BIT, Rows, component_values, gate_column
from reachroom.discovery.engine.query import Plan
from reachroom.discovery.engine.schema import SHARE_SCALE

# The four audience matrices, in the kernel's order (an audience column is identified by matrix number + column).
SHARE_MATRICES = ("audience_age", "audience_gender", "audience_country", "audience_language")
_EMPTY_F32 = np.zeros(0, dtype=np.float32)
# The query-independent components and the columns holding their values (scoring.STATIC_COMPONENTS).
STATIC_COLUMNS = {"engagement": "score_engagement", "authenticity": "score_authenticity",
                  "brand_safety": "score_safety", "cost": "score_cost"}


def _compiled(fn):
    """numba-compile `fn` (GIL released), cached on disk where numba finds a writable place.

    A read-only install with no writable cache directory (NUMBA_CACHE_DIR, the package's __pycache__ or the user's
    cache) makes numba refuse `cache=True`: compile in each process then (≈ 2 s, at index load).
    """
    try:
        return njit(nogil=True, cache=True, fastmath=True)(fn)
    except RuntimeError:
        return njit(nogil=True, fastmath=True)(fn)


@_compiled
def _audience_sums(rows, age, gender, country, language, share_matrix, share_col, term_start, term_cap, term_scale,
                   audience_const):  # pragma: no cover - compiled
    """Unclipped audience value of each row: const + sum over terms of min(summed codes, cap) x scale.

    Column by column rather than row by row: each inner loop is one gather with no branch.
    """
    n = rows.shape[0]
    out = np.full(n, audience_const, dtype=np.float32)
    if term_cap.shape[0] == 0:
        return out
    summed = np.empty(n, dtype=np.float32)
    for k in range(term_cap.shape[0]):
        summed[:] = 0
        for q in range(term_start[k], term_start[k + 1]):
            m = share_matrix[q]
            matrix = age if m == 0 else gender if m == 1 else country if m == 2 else language
            column = matrix[share_col[q]]
            for i in range(n):
                summed[i] += np.float32(column[rows[i]])
        cap = term_cap[k]
        scale = term_scale[k]
        for i in range(n):
            out[i] += min(summed[i], cap) * scale
    return out


@_compiled
def _prerank_kernel(rows, out, local, engagement, authenticity, safety, cost, static_weights,  # noqa: PLR0913
                    gate, present, content_bit, audience_bit, embedding_bit,
                    sketch, u, c0, w_semantic, niche, niche_cols, niche_weights, w_niche,
                    age, gender, country, language, share_matrix, share_col, term_start, term_cap, term_scale,
                    audience_const, w_audience, tone_code, tone_table, w_tone):  # pragma: no cover - compiled
    """out[i] = approximate fit of slot rows[i]; arrays of size 0 stand for "not used"."""
    d = sketch.shape[1]
    n_niche = niche_cols.shape[0]
    audience = _audience_sums(rows, age, gender, country, language, share_matrix, share_col, term_start, term_cap,
                              term_scale, audience_const)
    half = np.float32(0.5)
    for i in range(rows.shape[0]):
        r = rows[i]
        p = present[r]
        t = np.float32(0)
        # The query-independent components, read from their columns (no per-weight cache to fill at 1M rows).
        if static_weights[0] != 0:
            t += static_weights[0] * engagement[r]
        if static_weights[1] != 0:
            t += static_weights[1] * authenticity[r]
        if static_weights[2] != 0:
            t += static_weights[2] * safety[r]
        if static_weights[3] != 0:
            t += static_weights[3] * cost[r]
        if local.shape[0]:
            t += local[i]
        if n_niche:
            if p & content_bit:
                best = np.float32(-np.inf)
                for k in range(n_niche):
                    v = np.float32(niche[niche_cols[k], r]) * niche_weights[k]
                    best = max(best, v)
                t += w_niche * best
            else:
                t += w_niche * half
        if w_audience != 0:
            if p & audience_bit:
                t += w_audience * min(max(audience[i], np.float32(0)), np.float32(1))
            else:
                t += w_audience * half
        if w_tone != 0:
            t += w_tone * tone_table[tone_code[r]]
        if p & embedding_bit:
            acc = np.float32(0)
            for j in range(d):
                acc += np.float32(sketch[r, j]) * u[j]
            acc += c0
            t += w_semantic * min(max(acc, np.float32(0)), np.float32(1))
        else:
            t += w_semantic * half
        if gate.shape[0]:
            t *= gate[r]
        out[i] = t


@dataclass(frozen=True)
class PrerankArgs:
    """The query's side of the kernel: what every block shares."""

    shared: tuple  # the kernel's arguments after `local`
    local_weights: dict[str, float]  # components computed with NumPy per block (see the module docstring)


def prepare(index: CreatorIndex, plan: Plan) -> PrerankArgs:
    """Resolve the plan into kernel arguments (query vector into sketch space, niche and audience columns)."""
    ann = index.ann
    assert ann is not None and plan.semantic_vector is not None
    w = plan.weights
    v = plan.semantic_vector
    # sketch code x step = projection, so the step is folded into the query side once.
    u = ((ann.components.T @ v) * ann.step).astype(np.float32)
    c0 = np.float32(ann.mean @ v)
    # brand_safety's column assumes no tolerated flags; with some, it is computed per block (scoring.safety_value).
    local = {"brand_safety": w["brand_safety"]} if plan.tolerate_mask and "brand_safety" in w else {}
    static = np.array([0.0 if c in local else w.get(c, 0.0) for c in STATIC_COLUMNS], dtype=np.float32)
    tone_table, w_tone = np.full(1, 0.5, dtype=np.float32), 0.0
    if "tone" in w:
        if plan.tone_vector is not None and ann.tone_centroids is not None:
            cos = np.clip(ann.tone_centroids @ plan.tone_vector, -1, 1)
            tone_table = np.concatenate([[0.5], (1 + cos) * 0.5]).astype(np.float32)
            w_tone = w["tone"]
        else:
            local["tone"] = w["tone"]
    niche_cols = np.array([j for j, _ in plan.niche_targets] if "niche" in w else [], dtype=np.int64)
    niche_weights = np.array([wt / SHARE_SCALE for _, wt in plan.niche_targets] if "niche" in w else [],
                             dtype=np.float32)
    audience = _audience_args(plan) if "audience" in w else _audience_args(None)
    gate = gate_column(index, plan)
    shared = (*(index.col(column) for column in STATIC_COLUMNS.values()), static, _EMPTY_F32 if gate is None else gate,
              index.col("present"), np.uint8(BIT["content"]), np.uint8(BIT["audience"]), np.uint8(BIT["embedding"]),
              index.backing("sketch"), u, c0, np.float32(w["semantic"]),
              index.backing("niche_scores"), niche_cols, niche_weights, np.float32(w.get("niche", 0.0)),
              *(index.backing(m) for m in SHARE_MATRICES), *audience, np.float32(w.get("audience", 0.0)),
              index.col("tone_code"), tone_table, np.float32(w_tone))
    return PrerankArgs(shared, local)


def _audience_args(plan: Plan | None) -> tuple:
    """Audience targets as flat arrays: per summed column its matrix and column (term k's columns are
    term_start[k]:term_start[k + 1]); per term its cap and scale.

    scoring.audience_value per kind is sum(min(codes, cap)) / (250 x sum(targets) x kinds); the kernel adds
    min(codes, cap) x that scale per term, and 1 / kinds for a kind whose targets sum to 0.
    """
    matrix, col, start, cap, scale = [], [], [0], [], []
    const = 0.0
    by_kind: dict[str, list] = {}
    for t in plan.audience_targets if plan is not None else ():
        by_kind.setdefault(t.kind, []).append(t)
    kinds = len(by_kind)
    for terms in by_kind.values():
        targets = [max(t.share, scoring.MIN_SHARE_TARGET) if t.share > 0 else t.share for t in terms]
        target_sum = sum(targets)
        if target_sum <= 0:
            const += 1.0 / kinds
            continue
        for t, target in zip(terms, targets, strict=True):
            for j in t.columns:
                matrix.append(SHARE_MATRICES.index(t.matrix))
                col.append(j)
            start.append(len(col))
            cap.append(target * SHARE_SCALE)
            scale.append(1.0 / (SHARE_SCALE * target_sum * kinds))
    return (np.array(matrix, dtype=np.int64), np.array(col, dtype=np.int64), np.array(start, dtype=np.int64),
            np.array(cap, dtype=np.float32), np.array(scale, dtype=np.float32), np.float32(const))


def prerank_block(index: CreatorIndex, plan: Plan, args: PrerankArgs, rows: np.ndarray, out: np.ndarray) -> None:
    """Approximate fit of the slots `rows` (an int64 array) into `out` (float32, same length)."""
    local = _EMPTY_F32
    if args.local_weights:
        r = Rows(index, rows)
        values = component_values(r, plan, skip=tuple(c for c in plan.weights if c not in args.local_weights))
        local = scoring.combine(values, args.local_weights)
    _prerank_kernel(rows, out, local, *args.shared)


def prerank_scores(index: CreatorIndex, plan: Plan, rows: np.ndarray, run: Callable[[Callable, list], None],
                   block: int) -> np.ndarray:
    """Approximate fit of every slot in `rows`, in blocks of `block` rows handed to `run` (the engine's threads)."""
    args = prepare(index, plan)
    rows = np.ascontiguousarray(rows, dtype=np.int64)
    out = np.empty(rows.size, dtype=np.float32)

    def job(span: tuple[int, int]) -> None:
        a, b = span
        prerank_block(index, plan, args, rows[a:b], out[a:b])

    run(job, [(a, min(rows.size, a + block)) for a in range(0, rows.size, block)])
    return out


def warm_up() -> None:
    """Compile (or load from numba's on-disk cache) the kernel now rather than on the first large search.

    Both variants a search meets: index columns writable (built in memory) and read-only (memory-mapped).
    """
    for readonly in (False, True):
        one = np.zeros(1, dtype=np.int64)
        f32 = np.zeros(1, dtype=np.float32)
        u8 = _column((1,), np.uint8, readonly)
        matrix = _column((1, 1), np.uint8, readonly)
        column = _column((1,), np.float32, readonly)
        shared = (column, column, column, column, np.ones(4, dtype=np.float32),  # static components
                  f32, u8, np.uint8(1), np.uint8(2), np.uint8(4),  # gate, present, bits
                  _column((1, 2), np.int8, readonly), np.zeros(2, dtype=np.float32), np.float32(0), np.float32(1),
                  matrix, one, f32, np.float32(1),  # niche
                  matrix, matrix, matrix, matrix, one, one, np.array([0, 1], dtype=np.int64), f32, f32,
                  np.float32(0), np.float32(1),  # audience
                  u8, f32, np.float32(1))  # tone
        _prerank_kernel(one, np.zeros(1, dtype=np.float32), _EMPTY_F32, *shared)


def _column(shape: tuple[int, ...], dtype: type, readonly: bool) -> np.ndarray:
    arr: np.ndarray = np.zeros(shape, dtype=dtype)
    arr.setflags(write=not readonly)
    return arr
