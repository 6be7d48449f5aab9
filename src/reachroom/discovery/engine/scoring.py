"""Brand-fit component formulas: each maps raw columns to a value 0-1 (0.5 = neutral when data is missing).

Every function is elementwise per row (or sums a row's own entries in a fixed order), so a row's value is bit-
identical whether computed alone, in a subset or over the whole index: that is what lets the fast engine and the
brute-force reference agree exactly.

| component    | value                                                                | missing data        |
|--------------|----------------------------------------------------------------------|---------------------|
| semantic     | cosine(query vector, content embedding), clipped to 0-1              | no embedding        |
| niche        | max over target niches of weight x niche score                       | no content profile  |
| audience     | per kind (country, age, ...): sum min(share, target) / sum target;   | no audience profile |
|              | mean over kinds (1 = every target met)                               |                     |
| engagement   | ER percentile among platform + band peers / 100                      | no ER               |
| authenticity | authenticity score / 100                                             | not scored          |
| tone         | (1 + cosine of traits centred at 0.5) / 2                            | no tone profile     |
| brand_safety | product of (1 - severity) over raised flags the brand did not        | no content profile  |
|              | tolerate (excluded flags never reach scoring: they are filtered)     |                     |
| cost         | log10(estimated reach per unit of mid fee) / 3, clipped: 1 reach per | no fee or reach     |
|              | $ -> 0, 10 -> 0.33, 100 -> 0.67, 1000 -> 1                            |                     |

fit = authenticity gate x weighted sum. The gate (1 = no penalty) demotes accounts whose authenticity is low with
good confidence, whatever their other components (a weighted sum alone lets a fake audience with a perfect topic
match rank at the top):

    gate = 1 - strength x min(1, confidence / 0.7) x 0.7 x clip((70 - score) / 30, 0, 1)

full credit from score 70 (the authenticity level "good" starts at 72), x 0.3 at 40 and below (level "high
risk" is < 50) at confidence >= 0.7 (the authenticity module's "high"); half that drop at confidence 0.35; none
at confidence 0 or without a score. A creator at level caution or high risk (column `authenticity_flagged`; a
red flag sets caution whatever the score) is gated as if scored at most 61, the middle of the caution band.
`strength` is the query's `authenticity_gate` (default 1; 0 = off); the gate is off when the authenticity weight
is 0. Monotone: a higher score never lowers the gate or the fit.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from reachroom.discovery.engine.schema import BRAND_SAFETY_FLAGS, SHARE_SCALE

NEUTRAL = np.float32(0.5)
# How much one raised flag lowers brand safety (product over flags), by how brands usually treat them.
FLAG_SEVERITY: dict[str, float] = {
    "profanity": 0.15, "adult": 0.6, "violence": 0.4, "hate": 0.8, "drugs_alcohol": 0.3, "gambling": 0.3,
    "politics": 0.2, "health_claims": 0.35,
}  # fmt: skip
COST_LOG_SPAN = 3.0  # decades of reach-per-fee from score 0 to score 1
ER_FULL_CONFIDENCE_POSTS = 12.0


def engagement_value(er_percentile: np.ndarray) -> np.ndarray:
    p = np.asarray(er_percentile, dtype=np.float32)
    return np.where(np.isnan(p), NEUTRAL, np.clip(p / np.float32(100), 0, 1)).astype(np.float32)


def authenticity_value(score: np.ndarray) -> np.ndarray:
    s = np.asarray(score, dtype=np.float32)
    return np.where(np.isnan(s), NEUTRAL, np.clip(s / np.float32(100), 0, 1)).astype(np.float32)


# Authenticity gate (see the module docstring): no penalty from GATE_FULL_SCORE up, the full drop at
# GATE_LOW_SCORE and below, reached at GATE_FULL_CONFIDENCE.
GATE_FULL_SCORE = 70.0
GATE_LOW_SCORE = 40.0
GATE_MAX_DROP = 0.7  # multiplier 0.3 at the full penalty
GATE_FULL_CONFIDENCE = 0.7
# A creator whose authenticity level is caution or worse is gated as if scored at most this (the middle of the
# caution band, 50-72): one strong, certain signal (a red flag) sets the level to caution even at score 80+, and
# the gate must not rank such a creator as if nothing were wrong.
FLAGGED_GATE_SCORE = 61.0


def authenticity_gate(score: np.ndarray, confidence: np.ndarray, strength: float = 1.0,
                      flagged: np.ndarray | None = None) -> np.ndarray:
    """Multiplier 0-1 on the fit (float32, elementwise): 1 above GATE_FULL_SCORE, without a score or at confidence
    0; down to 1 - GATE_MAX_DROP at GATE_LOW_SCORE and below with confidence >= GATE_FULL_CONFIDENCE.

    A score without a confidence (NaN) counts as fully confident, as in the component confidences. Where
    ``flagged`` is 1 (level caution or high risk, which a red flag sets whatever the score), the gate reads the
    score as at most FLAGGED_GATE_SCORE.
    """
    s = np.asarray(score, dtype=np.float32)
    if flagged is not None:
        s = np.where(np.asarray(flagged) == 1, np.minimum(s, np.float32(FLAGGED_GATE_SCORE)), s)
    c = np.asarray(confidence, dtype=np.float32)
    span = np.float32(GATE_FULL_SCORE - GATE_LOW_SCORE)
    low = np.clip((np.float32(GATE_FULL_SCORE) - s) / span, 0, 1)
    conf = np.clip(c / np.float32(GATE_FULL_CONFIDENCE), 0, 1)
    conf = np.where(np.isnan(c), np.float32(1), conf)
    drop = low * conf
    drop *= np.float32(GATE_MAX_DROP * strength)
    gate = np.float32(1) - drop
    return np.where(np.isnan(s), np.float32(1), gate).astype(np.float32)


def reach_per_fee(reach: np.ndarray, fee_low: np.ndarray, fee_high: np.ndarray) -> np.ndarray:
    """Estimated reach per unit of mid fee (float64); NaN where unknown."""
    mid = (np.asarray(fee_low, dtype=np.float64) + np.asarray(fee_high, dtype=np.float64)) / 2
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(mid > 0, np.asarray(reach, dtype=np.float64) / mid, np.nan)


def cost_value(reach: np.ndarray, fee_low: np.ndarray, fee_high: np.ndarray) -> np.ndarray:
    rpf = reach_per_fee(reach, fee_low, fee_high)
    with np.errstate(divide="ignore", invalid="ignore"):
        v = np.clip(np.log10(rpf) / COST_LOG_SPAN, 0.0, 1.0)
    return np.where(np.isnan(rpf), 0.5, v).astype(np.float32)


def unit_tone(tone: np.ndarray) -> np.ndarray:
    """(K, m) traits -> (K, m) unit vectors of traits - 0.5; zeros where unknown or exactly neutral."""
    c = np.asarray(tone, dtype=np.float32) - np.float32(0.5)
    squares = np.zeros(c.shape[1:], dtype=np.float32)
    for j in range(c.shape[0]):  # explicit order: numpy's pairwise sum could differ between a row and a block
        squares += c[j] * c[j]
    norm = np.sqrt(squares)
    ok = np.isfinite(norm) & (norm > 0)
    return np.where(ok, c / np.where(ok, norm, 1), 0).astype(np.float32)


def tone_value(tone_unit_rows: np.ndarray, brand: np.ndarray, present: np.ndarray) -> np.ndarray:
    """(1 + cosine) / 2 of (m, K) unit trait rows with the brand's centred unit traits (einsum: per-row exact)."""
    cos = np.einsum("ij,j->i", np.ascontiguousarray(tone_unit_rows, dtype=np.float32),
                    np.asarray(brand, dtype=np.float32))
    np.clip(cos, -1, 1, out=cos)
    cos += np.float32(1)
    cos *= np.float32(0.5)
    return np.where(present, cos, NEUTRAL)


def niche_value(code_columns: Sequence[np.ndarray], weights: Sequence[float], present: np.ndarray) -> np.ndarray:
    """Max over target niches of weight x score (score = code / 250)."""
    best = None
    for column, w in zip(code_columns, weights, strict=True):
        value = column.astype(np.float32)
        value *= np.float32(w / SHARE_SCALE)
        best = value if best is None else np.maximum(best, value, out=best)
    assert best is not None
    return np.where(present, best, NEUTRAL)


MIN_SHARE_TARGET = 0.5 / SHARE_SCALE


def audience_value(shares_by_kind: dict[str, list[tuple[np.ndarray, float]]], present: np.ndarray) -> np.ndarray:
    """Mean over kinds of sum(min(share, target)) / sum(targets), with share = code / 250.

    Computed as sum(min(code, 250 x target)) x 1 / (250 x sum(targets) x kinds), one multiply per kind.
    """
    total = None
    kinds = len(shares_by_kind)
    for raw_terms in shares_by_kind.values():
        # A positive target below half a share code (0.2%) counts as half a code: shares are stored in 0.4% steps,
        # and a vanishing target would overflow 1 / target to inf (0 x inf = NaN).
        terms = [(codes, max(t, MIN_SHARE_TARGET) if t > 0 else t) for codes, t in raw_terms]
        target_sum = sum(t for _, t in terms)
        met = None
        for codes, target in terms:
            capped = codes.astype(np.float32)
            np.minimum(capped, np.float32(target * SHARE_SCALE), out=capped)
            met = capped if met is None else np.add(met, capped, out=met)
        assert met is not None
        if target_sum > 0:
            met *= np.float32(1.0 / (SHARE_SCALE * target_sum * kinds))
        else:
            met[...] = np.float32(1.0 / kinds)
        total = met if total is None else np.add(total, met, out=total)
    assert total is not None
    np.clip(total, 0, 1, out=total)
    return np.where(present, total, NEUTRAL)


@lru_cache(maxsize=32)
def safety_table(tolerate_mask: int) -> np.ndarray:
    """Value per possible uint16 flag mask: product of (1 - severity) over raised, not tolerated flags."""
    table = np.ones(1 << 16, dtype=np.float64)
    masks = np.arange(1 << 16)
    for bit, name in enumerate(BRAND_SAFETY_FLAGS):
        if tolerate_mask >> bit & 1:
            continue
        table = np.where(masks >> bit & 1, table * (1 - FLAG_SEVERITY[name]), table)
    return table.astype(np.float32)


def safety_value(flags: np.ndarray, table: np.ndarray, present: np.ndarray) -> np.ndarray:
    return np.where(present, table[flags], NEUTRAL)


def semantic_cosine(codes: np.ndarray, scale: np.ndarray, vector: np.ndarray, chunk: int = 2048) -> np.ndarray:
    """Cosine of each int8 row (dequantised to float32: code x scale) with a unit float32 vector.

    Rows are dequantised into contiguous float32 blocks and reduced with einsum, whose per-row sum does not depend
    on the block (unlike BLAS gemv), so subsets and the full matrix give bit-identical values.
    """
    n = codes.shape[0]
    out = np.empty(n, dtype=np.float32)
    v = np.ascontiguousarray(vector, dtype=np.float32)
    block = np.empty((min(chunk, max(n, 1)), codes.shape[1]), dtype=np.float32)
    for a in range(0, n, chunk):
        b = min(n, a + chunk)
        rows = block[: b - a]
        rows[...] = codes[a:b]
        rows *= scale[a:b, None]
        out[a:b] = np.einsum("ij,j->i", rows, v)
    return out


def semantic_value(cosine: np.ndarray, present: np.ndarray) -> np.ndarray:
    return np.where(present, np.clip(cosine, 0, 1), NEUTRAL).astype(np.float32)


# Query-independent components are summed first, so their weighted partial sum can be cached per weight vector
# and still give bit-identical totals.
STATIC_COMPONENTS: tuple[str, ...] = ("engagement", "authenticity", "brand_safety", "cost")
SUM_ORDER: tuple[str, ...] = STATIC_COMPONENTS + ("niche", "audience", "tone", "semantic")


def combine(values: dict[str, np.ndarray], weights: dict[str, float], start: np.ndarray | None = None) -> np.ndarray:
    """Weighted sum of the components in SUM_ORDER (float32).

    `start`, when given, is the weighted sum of the weighted static components (as this function computes it),
    and those are skipped.
    """
    total = None if start is None else np.array(start, dtype=np.float32, copy=True)
    for name in SUM_ORDER:
        if name not in weights or (start is not None and name in STATIC_COMPONENTS):
            continue
        term = values[name] * np.float32(weights[name])
        if total is None:
            total = term
        else:
            total += term
    if total is None:
        raise ValueError("no weighted components")
    return total.astype(np.float32, copy=False)


def engagement_confidence(er_percentile: np.ndarray, posts_used: np.ndarray) -> np.ndarray:
    p = np.asarray(er_percentile, dtype=np.float64)
    posts = np.asarray(posts_used, dtype=np.float64)
    conf = np.where(np.isnan(posts), 1.0, np.clip(posts / ER_FULL_CONFIDENCE_POSTS, 0.25, 1.0))
    return np.where(np.isnan(p), 0.0, conf)
