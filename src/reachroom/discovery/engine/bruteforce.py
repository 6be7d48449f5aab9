"""The straightforward reference: every filter on every row in float64, every component for every row, the whole
float32 embedding matrix, a full sort. No narrowing, no pre-ranking, no partial selection.

Tests compare the engine with it (exact mode must match it exactly) and the benchmark measures recall against it.
Component formulas come from scoring.py (the definition of the score); everything else is written independently.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from reachroom.discovery.engine import scoring
from reachroom.discovery.engine.columns import CreatorIndex
from reachroom.discovery.engine.query import Plan, Query, compile_query
from reachroom.discovery.engine.schema import PRESENT_BITS, SHARE_SCALE


@dataclass
class BruteForceResult:
    account_ids: list[int]
    scores: list[float]  # fit, or the sort column's value (NaN for unknown)
    total: int


class BruteForce:
    """Holds the dequantised float32 embedding matrix (N x D) so repeated queries do not rebuild it."""

    def __init__(self, index: CreatorIndex) -> None:
        self.index = index
        emb = index.col("embedding")
        self.embeddings = emb.astype(np.float32) * index.col("embedding_scale")[:, None] if emb.shape[1] else None

    def mask(self, plan: Plan) -> np.ndarray:
        """Rows satisfying every filter, each evaluated on decoded values over the whole index."""
        ix = self.index

        def f64(name: str) -> np.ndarray:
            return ix.col(name).astype(np.float64)

        def share(matrix: str, columns: tuple[int, ...]) -> np.ndarray:
            return sum(ix.col(matrix)[j].astype(np.float64) for j in columns) / SHARE_SCALE

        present = ix.col("present")
        ok = ix.col("alive").copy()
        owner = ix.col("owner_workspace")
        ok &= (owner == 0) | (owner == plan.workspace_id)
        for name, codes in (("platform", plan.platform_codes), ("tier", plan.tier_codes),
                            ("country", plan.country_codes), ("language", plan.language_codes)):
            if codes is not None:
                ok &= np.isin(ix.col(name), np.asarray(codes))
        if plan.niche_columns:
            min_score = plan.query.niche_min_score
            tests = [share("niche_scores", (j,)) >= min_score for j in plan.niche_columns]
            ok &= np.logical_and.reduce(tests) if plan.niche_all else np.logical_or.reduce(tests)
        has_audience = (present & (1 << PRESENT_BITS.index("audience"))) != 0
        for term in plan.audience_filters:
            ok &= has_audience & (share(term.matrix, term.columns) >= term.share)
        for column, (lo, hi) in plan.ranges.items():
            values = f64(column)
            if lo is not None:
                ok &= values >= lo
            if hi is not None:
                ok &= values <= hi
        if plan.fee_min is not None:
            ok &= f64("est_fee_high") >= plan.fee_min
        if plan.fee_max is not None:
            ok &= f64("est_fee_low") <= plan.fee_max
        if plan.active_day_min is not None:
            ok &= f64("last_post_day") >= plan.active_day_min
        if plan.exclude_mask:
            ok &= (ix.col("brand_safety").astype(np.int64) & plan.exclude_mask) == 0
        if plan.exclude_ids.size:
            ok &= ~np.isin(ix.col("account_id"), plan.exclude_ids)
        if plan.exclude_creator_ids.size:
            ok &= ~np.isin(ix.col("creator_id"), plan.exclude_creator_ids)
        return ok

    def scores(self, plan: Plan) -> np.ndarray:
        """Fit of every row (filtered or not): weighted sum of the components x the authenticity gate."""
        ix = self.index
        present = ix.col("present")

        def has(bit: str) -> np.ndarray:
            return (present & (1 << PRESENT_BITS.index(bit))) != 0

        w = plan.weights
        values: dict[str, np.ndarray] = {}
        if "semantic" in w:
            assert self.embeddings is not None and plan.semantic_vector is not None
            cos = np.einsum("ij,j->i", self.embeddings, plan.semantic_vector.astype(np.float32))
            values["semantic"] = scoring.semantic_value(cos, has("embedding"))
        if "niche" in w:
            cols = [ix.col("niche_scores")[j] for j, _ in plan.niche_targets]
            values["niche"] = scoring.niche_value(cols, [x for _, x in plan.niche_targets], has("content"))
        if "audience" in w:
            by_kind: dict[str, list[tuple[np.ndarray, float]]] = {}
            for t in plan.audience_targets:
                codes = sum(ix.col(t.matrix)[j].astype(np.int16) for j in t.columns)
                by_kind.setdefault(t.kind, []).append((np.asarray(codes, dtype=np.int16), t.share))
            values["audience"] = scoring.audience_value(by_kind, has("audience"))
        if "engagement" in w:
            values["engagement"] = scoring.engagement_value(ix.col("er_percentile"))
        if "authenticity" in w:
            values["authenticity"] = scoring.authenticity_value(ix.col("authenticity_score"))
        if "tone" in w:
            assert plan.tone_vector is not None
            unit = np.ascontiguousarray(scoring.unit_tone(ix.col("tone")).T)
            values["tone"] = scoring.tone_value(unit, plan.tone_vector, has("tone"))
        if "brand_safety" in w:
            values["brand_safety"] = scoring.safety_value(ix.col("brand_safety"),
                                                          scoring.safety_table(plan.tolerate_mask), has("content"))
        if "cost" in w:
            values["cost"] = scoring.cost_value(ix.col("est_reach"), ix.col("est_fee_low"), ix.col("est_fee_high"))
        total = scoring.combine(values, w)
        if plan.gate_strength > 0:
            total *= scoring.authenticity_gate(ix.col("authenticity_score"), ix.col("authenticity_confidence"),
                                               plan.gate_strength, ix.col("authenticity_flagged"))
        return total

    def search(self, query: Query) -> BruteForceResult:
        plan = compile_query(query, self.index)
        rows = np.flatnonzero(self.mask(plan))
        ids = self.index.col("account_id")[rows]
        if plan.sort == "fit":
            score = self.scores(plan)[rows]
            order = np.lexsort((ids, -score))
        else:
            score = self.index.col(plan.sort)[rows].astype(np.float32)
            unknown = np.isnan(score)
            key = np.where(unknown, 0, score if not plan.descending else -score)
            order = np.lexsort((ids, key, unknown))
        page = order[plan.offset : plan.offset + plan.limit]
        return BruteForceResult([int(i) for i in ids[page]], [float(s) for s in score[page]], int(rows.size))


def brute_force_search(index: CreatorIndex, query: Query) -> BruteForceResult:
    """One-off reference search (builds the float32 matrix each call)."""
    return BruteForce(index).search(query)
