"""Search results for one page: component values and confidences, the raw numbers reasons quote."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from reachroom.discovery.engine import scoring
from reachroom.discovery.engine.components import BIT, Rows, component_values, fit_total, gate_values
from reachroom.discovery.engine.query import COMPONENTS, Plan
from reachroom.discovery.engine.schema import PRESENT_BITS, SHARE_SCALE


@dataclass(frozen=True)
class ComponentScore:
    value: float
    confidence: float
    weight: float  # normalised weight used in this search (0 when the component did not apply)


@dataclass
class SearchResult:
    account_id: int
    creator_id: int
    rank: int
    fit: float
    confidence: float
    components: dict[str, ComponentScore]
    raw: dict[str, Any]  # the numbers reasons quote: followers, ER, shares of the targets, niche scores, ...
    sort_value: float | None = None
    gate: float = 1.0  # authenticity gate: fit = gate x weighted sum of the components (1 = no penalty)


def build_results(r: Rows, plan: Plan, sort_values: np.ndarray | None) -> list[SearchResult]:
    """Per-row components, confidences and the raw numbers behind them, for the page rows only."""
    if r.size == 0:
        return []
    values = component_values(r, plan)
    total = fit_total(r, plan, values) if plan.weights else np.zeros(r.size, np.float32)
    gate = gate_values(r, plan) if plan.weights else None
    conf = _confidences(r)
    raws = _raw(r, plan)
    account_ids = r.col("account_id")
    creator_ids = r.col("creator_id")
    out = []
    for i in range(r.size):
        components = {
            name: ComponentScore(float(values[name][i]), float(conf[name][i]), plan.weights[name])
            for name in COMPONENTS if name in values
        }
        fit_conf = sum(c.weight * c.confidence for c in components.values())
        sv = None if sort_values is None or np.isnan(sort_values[i]) else float(sort_values[i])
        out.append(SearchResult(
            account_id=int(account_ids[i]),
            creator_id=int(creator_ids[i]),
            rank=plan.offset + i + 1,
            fit=float(total[i]),
            confidence=float(fit_conf),
            components=components,
            raw=raws[i],
            sort_value=sv,
            gate=1.0 if gate is None else float(gate[i]),
        ))
    return out


def _confidences(r: Rows) -> dict[str, np.ndarray]:
    one = np.ones(r.size)
    content = r.present("content").astype(np.float64)
    auth = r.col("authenticity_confidence").astype(np.float64)
    aud = r.col("audience_confidence").astype(np.float64)
    fee = scoring.reach_per_fee(r.col("est_reach"), r.col("est_fee_low"), r.col("est_fee_high"))
    return {
        "semantic": r.present("embedding") * one,
        "niche": content,
        "audience": np.where(np.isnan(aud), 1.0, aud) * r.present("audience"),
        "engagement": scoring.engagement_confidence(r.col("er_percentile"), r.col("er_posts_used")),
        "authenticity": np.where(np.isnan(r.col("authenticity_score")), 0.0, np.where(np.isnan(auth), 1.0, auth)),
        "tone": r.present("tone") * one,
        "brand_safety": content,
        "cost": np.where(np.isnan(fee), 0.0, 1.0),
    }


def _raw(r: Rows, plan: Plan) -> list[dict[str, Any]]:
    """The decoded numbers of each page row that explanations and the UI quote."""
    index = r.index
    m = r.size
    cols: dict[str, list] = {}
    for name, spec in index.schema.items():
        if spec.kind == "number":
            v = r.col(name).astype(np.float64)
            cols[name] = [None if math.isnan(x) else x for x in v.tolist()]
    for name in ("platform", "tier", "band", "country", "language"):
        vocab = index.vocab(name)
        cols[name] = [vocab[c] if 0 <= c < len(vocab) else None for c in r.col(name).tolist()]
    present = r.col("present").tolist()
    flags = r.col("brand_safety").tolist()
    flag_names = index.schema["brand_safety"].vocab or ()
    niche_vocab = index.schema["niche_scores"].vocab or ()
    niche_all = np.stack([r.mcol("niche_scores", j) for j in range(len(niche_vocab))]) if m else None
    shares = [(t, sum(r.mcol(t.matrix, j).astype(np.int64) for j in t.columns)) for t in plan.audience_targets]
    sim = None
    if plan.semantic_vector is not None:
        rows = r.rows if r.rows is not None else np.arange(m)
        sim = scoring.semantic_cosine(index.col("embedding")[rows], index.col("embedding_scale")[rows],
                                      plan.semantic_vector)
    tone = None
    if plan.tone_vector is not None:
        tone = np.stack([r.mcol("tone", j) for j in range(index.col("tone").shape[0])])
    traits = index.schema["tone"].vocab or ()
    rpf = scoring.reach_per_fee(r.col("est_reach"), r.col("est_fee_low"), r.col("est_fee_high"))
    out = []
    for i in range(m):
        raw: dict[str, Any] = {name: values[i] for name, values in cols.items()}
        bits = present[i]
        raw["present"] = [b for b in PRESENT_BITS if bits & BIT[b]]
        raw["brand_safety_flags"] = [f for k, f in enumerate(flag_names) if flags[i] >> k & 1]
        raw["niche_scores"] = {niche_vocab[j]: int(niche_all[j, i]) / SHARE_SCALE for j, _ in plan.niche_targets}
        raw["niches_inferred"] = bool(plan.query.niches_inferred and plan.niche_targets)
        raw["top_niche"] = niche_vocab[int(np.argmax(niche_all[:, i]))] if bits & BIT["content"] else None
        raw["audience_targets"] = [
            {"kind": t.kind, "key": t.key, "target": t.share, "share": int(s[i]) / SHARE_SCALE} for t, s in shares
        ] if bits & BIT["audience"] else []
        if sim is not None and bits & BIT["embedding"]:
            raw["similarity"] = float(sim[i])
        if tone is not None and bits & BIT["tone"]:
            raw["tone"] = {traits[j]: float(tone[j, i]) for j in range(len(traits))}
        raw["reach_per_fee"] = None if math.isnan(rpf[i]) else float(rpf[i])
        out.append(raw)
    return out
