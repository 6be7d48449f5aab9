"""Row selections and the per-component values of the brand-fit score (exact, or approximate for pre-ranking)."""

from __future__ import annotations

import numpy as np

from reachroom.discovery.engine import scoring
from reachroom.discovery.engine.columns import CreatorIndex
from reachroom.discovery.engine.query import Plan
from reachroom.discovery.engine.schema import PRESENT_BITS

BIT = {name: 1 << i for i, name in enumerate(PRESENT_BITS)}


class Rows:
    """Column access for a selection of row slots: all used slots (None), a slice, or an index array."""

    def __init__(self, index: CreatorIndex, rows: np.ndarray | slice | None) -> None:
        self.index = index
        self.rows = rows
        if rows is None:
            self.size = index.n_slots
        elif isinstance(rows, slice):
            self.size = rows.stop - rows.start
        else:
            self.size = int(rows.size)
        self._memo: dict[str, np.ndarray] = {}

    def col(self, name: str) -> np.ndarray:
        # Memoised: a selection reads some columns (e.g. `present`) several times.
        cached = self._memo.get(name)
        if cached is None:
            c = self.index.col(name)
            cached = self._memo[name] = c if self.rows is None else c[self.rows]
        return cached

    def mcol(self, name: str, j: int) -> np.ndarray:
        c = self.index.col(name)[j]
        return c if self.rows is None else c[self.rows]

    def present(self, bit: str) -> np.ndarray:
        return (self.col("present") & BIT[bit]) != 0

    def slots(self) -> np.ndarray:
        if self.rows is None:
            return np.arange(self.size)
        if isinstance(self.rows, slice):
            return np.arange(self.rows.start, self.rows.stop)
        return self.rows

    def take(self, positions: np.ndarray) -> Rows:
        return Rows(self.index, self.slots()[positions] if self.rows is not None else positions)


def share_codes(r: Rows, matrix: str, columns: tuple[int, ...]) -> np.ndarray:
    """Summed share codes of some columns of a share matrix (uint8 for one column, int16 for spans)."""
    if len(columns) == 1:
        return r.mcol(matrix, columns[0])
    s = r.mcol(matrix, columns[0]).astype(np.int16)
    for j in columns[1:]:
        s += r.mcol(matrix, j)
    return s


def component_values(r: Rows, plan: Plan, skip: tuple[str, ...] = ()) -> dict[str, np.ndarray]:
    """Exact value 0-1 of every weighted component (but `skip`) for the selected rows."""
    w = {name: weight for name, weight in plan.weights.items() if name not in skip}
    out: dict[str, np.ndarray] = {}
    if "semantic" in w:
        out["semantic"] = semantic_values(r, plan)
    if "niche" in w:
        cols = [r.mcol("niche_scores", j) for j, _ in plan.niche_targets]
        out["niche"] = scoring.niche_value(cols, [wt for _, wt in plan.niche_targets], r.present("content"))
    if "audience" in w:
        out["audience"] = scoring.audience_value(_audience_shares(r, plan), r.present("audience"))
    if "engagement" in w:
        out["engagement"] = r.col("score_engagement")
    if "authenticity" in w:
        out["authenticity"] = r.col("score_authenticity")
    if "tone" in w:
        assert plan.tone_vector is not None
        out["tone"] = scoring.tone_value(r.col("tone_unit"), plan.tone_vector, r.present("tone"))
    if "brand_safety" in w:
        if plan.tolerate_mask == 0:
            out["brand_safety"] = r.col("score_safety")
        else:
            out["brand_safety"] = scoring.safety_value(r.col("brand_safety"), scoring.safety_table(plan.tolerate_mask),
                                                       r.present("content"))
    if "cost" in w:
        out["cost"] = r.col("score_cost")
    return out


def gate_column(index: CreatorIndex, plan: Plan) -> np.ndarray | None:
    """The authenticity gate of every slot, cached per strength (None when the plan does not apply it)."""
    if plan.gate_strength <= 0:
        return None
    return index.cached(("authenticity_gate", plan.gate_strength), lambda: scoring.authenticity_gate(
        index.col("authenticity_score"), index.col("authenticity_confidence"), plan.gate_strength,
        index.col("authenticity_flagged")))


def gate_values(r: Rows, plan: Plan) -> np.ndarray | None:
    """The authenticity gate of the selected rows (elementwise, so equal to computing it for these rows alone)."""
    gate = gate_column(r.index, plan)
    if gate is None or r.rows is None:
        return gate
    return gate[r.rows]


def fit_total(r: Rows, plan: Plan, values: dict[str, np.ndarray], start: np.ndarray | None = None) -> np.ndarray:
    """The fit of the selected rows: weighted sum of `values` (scoring.combine, with its `start`) x the gate."""
    total = scoring.combine(values, plan.weights, start)
    gate = gate_values(r, plan)
    if gate is not None:
        total *= gate
    return total


def _audience_shares(r: Rows, plan: Plan) -> dict[str, list[tuple[np.ndarray, float]]]:
    by_kind: dict[str, list[tuple[np.ndarray, float]]] = {}
    for term in plan.audience_targets:
        by_kind.setdefault(term.kind, []).append((share_codes(r, term.matrix, term.columns), term.share))
    return by_kind


def semantic_values(r: Rows, plan: Plan) -> np.ndarray:
    assert plan.semantic_vector is not None
    emb = r.index.col("embedding")
    scale = r.index.col("embedding_scale")
    if r.rows is None:
        cos = scoring.semantic_cosine(emb, scale, plan.semantic_vector)
    else:
        cos = scoring.semantic_cosine(emb[r.rows], scale[r.rows], plan.semantic_vector)
    return scoring.semantic_value(cos, r.present("embedding"))
