"""Scores move in the right direction, and explanations quote the numbers behind the components."""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reachroom.discovery.engine import CreatorIndex, Query, explain, scoring, search
from reachroom.discovery.engine.explain import pct, top_percent
from reachroom.discovery.engine.query import AudienceConstraint
from reachroom.discovery.engine.results import ComponentScore, SearchResult
from reachroom.discovery.engine.schema import AUDIENCE_COUNTRIES, DEFAULT_NICHES, TONE_TRAITS
from reachroom.discovery.engine.synthetic import make_world, synthetic_arrays
from tests.discovery.data import DIM, random_arrays

FAST = settings(max_examples=50, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
GB = AUDIENCE_COUNTRIES.index("GB")
OTHER = AUDIENCE_COUNTRIES.index("other")


def fit_of(data: dict, account_id: int, query: Query):
    index = CreatorIndex.from_arrays(data)
    resp = search(index, Query(**{**query.__dict__, "limit": 1000, "exact": True}))
    return next(r for r in resp.results if r.account_id == account_id)


def brand_query(rng: np.random.Generator) -> Query:
    return Query(
        text_vector=rng.standard_normal(DIM),
        target_niches={"beauty": 1.0, "food": 0.5},
        audience_targets=[AudienceConstraint("country", "GB", 0.4), AudienceConstraint("age", "18-34", 0.5)],
        brand_tone=rng.random(len(TONE_TRAITS)),
        workspace_id=0,
    )


@FAST
@given(seed=st.integers(0, 50), row=st.integers(0, 24), low=st.floats(0, 100), raise_by=st.floats(0, 100))
def test_higher_er_percentile_never_lowers_engagement_or_fit(seed, row, low, raise_by):
    data = random_arrays(25, seed)
    data["owner_workspace"][:] = 0
    q = brand_query(np.random.default_rng(seed))
    account = int(data["account_id"][row])
    data["er_percentile"][row] = low
    before = fit_of(data, account, q)
    data["er_percentile"][row] = min(100.0, low + raise_by)
    after = fit_of(data, account, q)
    assert after.components["engagement"].value >= before.components["engagement"].value
    assert after.fit >= before.fit


@FAST
@given(seed=st.integers(0, 50), row=st.integers(0, 24), start=st.integers(0, 250), move=st.integers(0, 250))
def test_more_audience_in_the_target_country_never_lowers_audience_match(seed, row, start, move):
    data = random_arrays(25, seed)
    data["owner_workspace"][:] = 0
    q = brand_query(np.random.default_rng(seed))
    account = int(data["account_id"][row])
    countries = data["audience_country"]
    countries[row] = 0.0
    countries[row, GB] = start / 250
    countries[row, OTHER] = (250 - start) / 250
    before = fit_of(data, account, q)
    moved = min(move, 250 - start)
    countries[row, GB] = (start + moved) / 250
    countries[row, OTHER] = (250 - start - moved) / 250
    after = fit_of(data, account, q)
    assert after.components["audience"].value >= before.components["audience"].value
    assert after.fit >= before.fit


codes = st.lists(st.integers(0, 250), min_size=1, max_size=30)


@FAST
@given(a=codes, bump=st.integers(0, 250), target=st.floats(0.01, 1))
def test_component_formulas_are_monotone(a, bump, target):
    lo = np.array(a, dtype=np.uint8)
    hi = np.minimum(lo.astype(np.int32) + bump, 250).astype(np.uint8)
    yes = np.ones(lo.size, dtype=bool)
    # Audience: more share never lowers the match.
    assert np.all(scoring.audience_value({"country": [(hi, target)]}, yes)
                  >= scoring.audience_value({"country": [(lo, target)]}, yes))
    # Niche: a higher niche score never lowers relevance.
    assert np.all(scoring.niche_value([hi], [1.0], yes) >= scoring.niche_value([lo], [1.0], yes))
    p = lo.astype(np.float32) / 2.5
    assert np.all(scoring.engagement_value(p + bump / 2.5) >= scoring.engagement_value(p))
    assert np.all(scoring.authenticity_value(p + bump / 2.5) >= scoring.authenticity_value(p))
    reach = lo.astype(np.float64) * 100
    fee = np.full(lo.size, 500.0)
    assert np.all(scoring.cost_value(reach + bump, fee, fee) >= scoring.cost_value(reach, fee, fee))
    assert np.all(scoring.cost_value(reach, fee + bump, fee + bump) <= scoring.cost_value(reach, fee, fee))


@given(flags=st.integers(0, 255), extra=st.integers(0, 7))
@FAST
def test_raising_a_flag_never_raises_brand_safety(flags, extra):
    table = scoring.safety_table(0)
    assert table[flags | (1 << extra)] <= table[flags]
    assert scoring.safety_table(1 << extra)[flags | (1 << extra)] == table[flags & ~(1 << extra)]


def test_missing_data_is_neutral_with_zero_confidence():
    data = random_arrays(10, seed=1)
    data["owner_workspace"][:] = 0
    data["er_percentile"][0] = np.nan
    data["authenticity_score"][0] = np.nan
    for key in ("audience_age", "audience_gender", "audience_country", "audience_language"):
        data[key][0] = 0.0
    data["embedding"][0] = 0.0
    data["tone"][0] = np.nan
    q = brand_query(np.random.default_rng(0))
    result = fit_of(data, int(data["account_id"][0]), q)
    for name in ("engagement", "authenticity", "audience", "semantic", "tone"):
        assert result.components[name].value == 0.5
        assert result.components[name].confidence == 0.0
    assert result.confidence < 1.0
    assert any("no audience data" in reason for reason in explain(result))


@pytest.fixture(scope="module")
def brand_results():
    world = make_world(dim=64)
    index = CreatorIndex.from_arrays(synthetic_arrays(4_000, seed=3, dim=64, world=world))
    q = Query(
        brand_vector=world.niche_centroids[0] + 0.6 * world.common,
        target_niches={"beauty": 1.0},
        audience_targets=[AudienceConstraint("country", "GB", 0.3), AudienceConstraint("age", "18-34", 0.5),
                          AudienceConstraint("gender", "female", 0.6)],
        brand_tone=np.full(len(TONE_TRAITS), 0.6),
        tiers=["micro"],
        limit=40,
    )
    return search(index, q).results


def test_explanations_quote_the_component_numbers(brand_results):
    assert len(brand_results) == 40
    checked = set()
    for r in brand_results:
        reasons = explain(r)
        assert 2 <= len(reasons) <= 3
        raw = r.raw
        for reason in reasons:
            for phrase in reason.split("; "):
                if m := re.fullmatch(r"(\d+)% of audience (in|aged) (\S+)", phrase):
                    term = next(t for t in raw["audience_targets"] if t["key"] == m.group(3))
                    assert int(m.group(1)) == pct(term["share"])
                    checked.add("audience")
                elif m := re.fullmatch(r"(\d+)% of audience women", phrase):
                    term = next(t for t in raw["audience_targets"] if t["kind"] == "gender")
                    assert int(m.group(1)) == pct(term["share"])
            if m := re.search(r"engagement rate ([\d.]+)%, in the top (\d+)%", reason):
                assert m.group(1) == f"{raw['engagement_rate'] * 100:.1f}"
                assert int(m.group(2)) == top_percent(raw["er_percentile"])
                assert r.components["engagement"].value == pytest.approx(raw["er_percentile"] / 100, abs=1e-6)
                checked.add("engagement")
            if m := re.search(r"match for beauty \((\d+)/100\)", reason):
                assert int(m.group(1)) == pct(r.components["niche"].value)
                assert r.components["niche"].value == pytest.approx(raw["niche_scores"]["beauty"], abs=1e-6)
                checked.add("niche")
            if m := re.search(r"matches your search \((\d+)/100\)", reason):
                assert int(m.group(1)) == pct(r.components["semantic"].value)
                assert r.components["semantic"].value == pytest.approx(max(0.0, raw["similarity"]), abs=1e-6)
                checked.add("semantic")
            if m := re.search(r"authenticity (\d+)/100", reason):
                assert int(m.group(1)) == round(raw["authenticity_score"])
                checked.add("authenticity")
        # The audience component is the documented formula applied to the quoted shares.
        if raw["audience_targets"]:
            by_kind: dict[str, list[float]] = {}
            for t in raw["audience_targets"]:
                by_kind.setdefault(t["kind"], []).append(min(t["share"], t["target"]) / t["target"])
            expected = np.mean([np.mean(v) for v in by_kind.values()])
            assert r.components["audience"].value == pytest.approx(expected, abs=1e-5)
    assert {"audience", "engagement", "niche"} <= checked


def test_fit_is_the_gated_weighted_sum_of_components(brand_results):
    for r in brand_results:
        assert sum(c.weight for c in r.components.values()) == pytest.approx(1.0)
        score, conf = (np.nan if r.raw[k] is None else r.raw[k]
                       for k in ("authenticity_score", "authenticity_confidence"))
        expected_gate = scoring.authenticity_gate(np.array([score]), np.array([conf]))[0]
        assert r.gate == pytest.approx(float(expected_gate), abs=1e-6)
        assert r.fit == pytest.approx(r.gate * sum(c.weight * c.value for c in r.components.values()), abs=1e-5)
        assert all(0.0 <= c.value <= 1.0 and 0.0 <= c.confidence <= 1.0 for c in r.components.values())
    fits = [r.fit for r in brand_results]
    assert fits == sorted(fits, reverse=True)


# ---------------------------------------------------------------------------------------------- authenticity gate


def test_authenticity_gate_curve():
    gate = scoring.authenticity_gate
    score = np.array([100, 85, 70, 55, 40, 20, 0, np.nan], dtype=np.float32)
    full = gate(score, np.ones(score.size))
    assert full.tolist() == pytest.approx([1, 1, 1, 0.65, 0.3, 0.3, 0.3, 1], abs=1e-6)
    # Scaled by the confidence: none at 0, half the drop at half of GATE_FULL_CONFIDENCE, full from it up.
    assert gate(score, np.zeros(score.size)).tolist() == [1.0] * score.size
    half = gate(score, np.full(score.size, scoring.GATE_FULL_CONFIDENCE / 2))
    assert half[4] == pytest.approx(1 - scoring.GATE_MAX_DROP / 2, abs=1e-6)
    assert gate(score, np.full(score.size, 0.95)).tolist() == full.tolist()
    # Strength 0 switches it off; a score without a confidence counts as confident.
    assert gate(score, np.ones(score.size), 0.0).tolist() == [1.0] * score.size
    assert gate(np.array([40.0]), np.array([np.nan]))[0] == pytest.approx(0.3)


@FAST
@given(a=st.lists(st.floats(0, 100, width=32), min_size=1, max_size=30), bump=st.floats(0, 100, width=32),
       conf=st.floats(0, 1), strength=st.floats(0, 1))
def test_authenticity_gate_is_monotone(a, bump, conf, strength):
    lo = np.array(a, dtype=np.float32)
    hi = np.minimum(lo + np.float32(bump), np.float32(100))
    c = np.full(lo.size, conf)
    g_lo = scoring.authenticity_gate(lo, c, strength)
    assert np.all(scoring.authenticity_gate(hi, c, strength) >= g_lo)
    assert np.all((g_lo >= 1 - scoring.GATE_MAX_DROP - 1e-6) & (g_lo <= 1))
    # More confidence never softens the penalty.
    assert np.all(scoring.authenticity_gate(lo, np.minimum(c + 0.2, 1), strength) <= g_lo)


@FAST
@given(seed=st.integers(0, 50), row=st.integers(0, 24), low=st.floats(0, 100), raise_by=st.floats(0, 100),
       conf=st.sampled_from([0.0, 0.3, 0.8, 1.0, np.nan]))
def test_higher_authenticity_never_lowers_fit(seed, row, low, raise_by, conf):
    data = random_arrays(25, seed)
    data["owner_workspace"][:] = 0
    q = brand_query(np.random.default_rng(seed))
    account = int(data["account_id"][row])
    data["authenticity_confidence"][row] = conf
    data["authenticity_score"][row] = low
    before = fit_of(data, account, q)
    data["authenticity_score"][row] = min(100.0, low + raise_by)
    after = fit_of(data, account, q)
    assert after.gate >= before.gate
    assert after.components["authenticity"].value >= before.components["authenticity"].value
    assert after.fit >= before.fit


def scored_first_row(seed: int, score: float, confidence: float) -> tuple[dict, int, Query]:
    """25 random shared rows whose first is scored ``score`` at ``confidence``; its account id and a brand query."""
    data = random_arrays(25, seed=seed)
    data["owner_workspace"][:] = 0
    data["authenticity_score"][0] = score
    data["authenticity_confidence"][0] = confidence
    return data, int(data["account_id"][0]), brand_query(np.random.default_rng(seed))


def test_gate_ranks_down_confident_low_authenticity_and_says_so():
    data, account, q = scored_first_row(4, 32.0, 0.9)
    gated = fit_of(data, account, q)
    assert gated.gate == pytest.approx(1 - scoring.GATE_MAX_DROP)
    weighted = sum(c.weight * c.value for c in gated.components.values())
    assert gated.fit == pytest.approx(gated.gate * weighted, abs=1e-6)
    reasons = explain(gated)
    assert reasons[0] == "authenticity 32/100 — ranked down to 30% of its fit, 90% confidence"
    assert 2 <= len(reasons) <= 3
    # Confidence 0: no penalty, nothing said about it; the fit is the plain weighted sum.
    data["authenticity_confidence"][0] = 0.0
    unsure = fit_of(data, account, q)
    assert unsure.gate == 1.0
    assert unsure.fit == pytest.approx(sum(c.weight * c.value for c in unsure.components.values()), abs=1e-6)
    assert not any("ranked down" in r for r in explain(unsure))
    # The user can switch it off: strength 0, or no authenticity weight.
    data["authenticity_confidence"][0] = 0.9
    for override in ({"authenticity_gate": 0.0}, {"weights": {"authenticity": 0.0}}):
        off = fit_of(data, account, Query(**{**q.__dict__, **override}))
        assert off.gate == 1.0 and off.fit > gated.fit
    # Full authenticity: no gate.
    data["authenticity_score"][0] = 90.0
    assert fit_of(data, account, q).gate == 1.0


def test_gate_strength_is_validated():
    from reachroom.discovery.engine import QueryError

    index = CreatorIndex.from_arrays(random_arrays(5, seed=1))
    with pytest.raises(QueryError) as err:
        search(index, Query(authenticity_gate=1.5))
    assert err.value.field == "authenticity_gate"


def test_inferred_niche_targets_are_explained():
    data = random_arrays(25, seed=2)
    data["owner_workspace"][:] = 0
    data["niche_scores"][0] = 0.0
    data["niche_scores"][0, list(DEFAULT_NICHES).index("home")] = 0.8
    account = int(data["account_id"][0])
    q = Query(target_niches={"home": 1.0}, niches_inferred=True, weights={"niche": 1.0, "engagement": 0.0,
                                                                          "authenticity": 0.0, "cost": 0.0,
                                                                          "brand_safety": 0.0})
    result = fit_of(data, account, q)
    assert explain(result)[0] == "strong match for home, the niche your words suggest (80/100)"
    plain = fit_of(data, account, Query(**{**q.__dict__, "niches_inferred": False}))
    assert explain(plain)[0] == "strong match for home (80/100)"


def test_vanishing_audience_target_gives_finite_scores():
    """A positive target far below one share code (0.4%) counts as half a code instead of overflowing to NaN."""
    from reachroom.discovery.engine.scoring import audience_value

    codes = np.array([0, 1, 100], dtype=np.uint8)
    present = np.ones(3, dtype=bool)
    tiny = audience_value({"country": [(codes, 1e-141)]}, present)
    assert np.isfinite(tiny).all() and list(tiny) == [0.0, 1.0, 1.0]


def _engagement_result(percentile: float, authenticity: float, gate: float = 1.0) -> SearchResult:
    comps = {"engagement": ComponentScore(0.95, 1.0, 0.6), "authenticity": ComponentScore(authenticity / 100, 1.0, 0.4)}
    raw = {"er_percentile": percentile, "engagement_rate": 0.12, "authenticity_score": authenticity,
           "platform": "instagram", "tier": "micro"}
    return SearchResult(1, 1, 1, 0.9, 0.9, comps, raw, gate=gate)


def test_top_engagement_is_praise_only_when_authenticity_does_not_doubt_it():
    assert any("in the top 2%" in r for r in explain(_engagement_result(98.0, 92.0)))
    doubted = explain(_engagement_result(98.0, 35.0))
    assert any("unusually high" in r and "check authenticity" in r for r in doubted)
    assert not any("in the top" in r for r in doubted)
    assert any("unusually high" in r for r in explain(_engagement_result(99.0, 70.0, gate=0.6)))


def test_a_red_flagged_creator_is_gated_as_caution_whatever_its_score():
    """Level caution through a red flag at score 80: gated as if scored 61 (the middle of the caution band), and
    the reason says why; not flagged or not scored (NaN): the score alone decides, as before."""
    data, account, q = scored_first_row(5, 80.0, 0.9)
    flagged = np.full(25, np.nan, dtype=np.float32)
    data["authenticity_flagged"] = flagged
    assert fit_of(data, account, q).gate == 1.0  # unknown level: the score decides
    flagged[0] = 0.0
    clean = fit_of(data, account, q)
    assert clean.gate == 1.0
    flagged[0] = 1.0
    red = fit_of(data, account, q)
    expected = 1 - scoring.GATE_MAX_DROP * (scoring.GATE_FULL_SCORE - scoring.FLAGGED_GATE_SCORE) / (
        scoring.GATE_FULL_SCORE - scoring.GATE_LOW_SCORE)
    assert red.gate == pytest.approx(expected, abs=1e-6) and red.fit < clean.fit
    assert explain(red)[0] == (f"authenticity 80/100 with a red flag (level caution) — ranked down to "
                               f"{pct(expected)}% of its fit, 90% confidence")
    # A flagged creator already scored below 61 is gated by its own score, and the reason needs no red flag.
    data["authenticity_score"][0] = 45.0
    low = fit_of(data, account, q)
    assert low.gate < red.gate and explain(low)[0].startswith("authenticity 45/100 — ranked down")
    off = fit_of(data, account, Query(**{**q.__dict__, "authenticity_gate": 0.0}))
    assert off.gate == 1.0
