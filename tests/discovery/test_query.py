"""Bad queries raise QueryError naming the field; code thresholds agree with value comparisons."""

from __future__ import annotations

import importlib

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reachroom.discovery.engine import CreatorIndex, Query, QueryError, compile_query, search
from reachroom.discovery.engine.query import COMPONENTS
from reachroom.discovery.engine.schema import age_span_bands, share_threshold_code
from tests.discovery.data import DIM, random_arrays

engine_search = importlib.import_module("reachroom.discovery.engine.search")
FAST = settings(max_examples=200, deadline=None, database=None)


@pytest.fixture(scope="module")
def index():
    return CreatorIndex.from_arrays(random_arrays(30, seed=2))


BAD = [
    ({"niches": ["astrology"]}, "niches"),
    ({"target_niches": {"astrology": 1.0}}, "target_niches"),
    ({"followers_min": 5_000, "followers_max": 1_000}, "followers_min"),
    ({"er_min": 0.05, "er_max": 0.01}, "er_min"),
    ({"fee_min": 900, "fee_max": 100}, "fee_min"),
    ({"growth_min": 5, "growth_max": -5}, "growth_min"),
    ({"followers_min": -1}, "followers_min"),
    ({"followers_min": float("nan")}, "followers_min"),
    ({"limit": -1}, "limit"),
    ({"limit": 5_000}, "limit"),
    ({"limit": 2.5}, "limit"),
    ({"offset": -5}, "offset"),
    ({"offset": 9_990, "limit": 50}, "offset"),
    ({"sort": "popularity"}, "sort"),
    ({"sort": "er_posts_used"}, "sort"),
    ({"audience": [("country", "GB", 1.5)]}, "audience[0].share"),
    ({"audience": [("country", "GB", -0.1)]}, "audience[0].share"),
    ({"audience": [("age", "18-34", 0.5), ("age", "20-30", 0.5)]}, "audience[1].key"),
    ({"audience": [("height", "tall", 0.5)]}, "audience[0].kind"),
    ({"audience": [("country", "XX", 0.5)]}, "audience[0].key"),
    ({"audience": [("country", "other", 0.5)]}, "audience[0].key"),
    ({"audience": ["GB"]}, "audience[0]"),
    ({"audience_targets": [("gender", "robot", 0.5)]}, "audience_targets[0].key"),
    ({"niche_min_score": 1.2}, "niche_min_score"),
    ({"niche_match": "most"}, "niche_match"),
    ({"sponsored_share_max": -0.1}, "sponsored_share_max"),
    ({"sponsored_share_max": 1.5}, "sponsored_share_max"),
    ({"er_percentile_min": 120}, "er_percentile_min"),
    ({"authenticity_min": 101}, "authenticity_min"),
    ({"platforms": ["myspace"]}, "platforms"),
    ({"tiers": ["giga"]}, "tiers"),
    ({"countries": ["GBR"]}, "countries"),
    ({"languages": ["english!"]}, "languages"),
    ({"exclude_flags": ["spooky"]}, "exclude_flags"),
    ({"tolerate_flags": ["spooky"]}, "tolerate_flags"),
    ({"weights": {"popularity": 1.0}}, "weights.popularity"),
    ({"weights": {"semantic": -1.0}}, "weights.semantic"),
    ({"weights": {c: 0.0 for c in COMPONENTS}}, "weights"),
    ({"text_vector": np.ones(DIM + 1)}, "text_vector"),
    ({"text_vector": np.full(DIM, np.nan)}, "text_vector"),
    ({"brand_vector": np.zeros(DIM)}, "brand_vector"),
    ({"text_weight": 2.0}, "text_weight"),
    ({"brand_tone": [0.5, 0.5]}, "brand_tone"),
    ({"ranges": {"bogus": (1, 2)}}, "ranges.bogus"),
    ({"ranges": {"followers": (5, 1)}}, "ranges.followers.min"),
    ({"active_within_days": -3}, "active_within_days"),
    ({"exclude_ids": ["abc"]}, "exclude_ids"),
    ({"workspace_id": -1}, "workspace_id"),
    ({"candidates": 0}, "candidates"),
]


@pytest.mark.parametrize(("kwargs", "field"), BAD, ids=[f for _, f in BAD])
def test_bad_queries_name_the_field(index, kwargs, field):
    with pytest.raises(QueryError) as err:
        search(index, Query(**kwargs))
    assert err.value.field == field
    assert str(err.value).startswith(f"{field}: ")
    assert err.value.message


def test_good_edge_values_are_accepted(index):
    search(index, Query(limit=0, offset=0, followers_min=1_000, followers_max=1_000, niche_min_score=0.0,
                        audience=[("age", "55+", 0.0), ("gender", "FEMALE", 1.0)], countries=["fr"],
                        languages=["pt-BR"], sort="last_post_day", descending=False))
    plan = compile_query(Query(text_vector=np.ones(DIM), brand_vector=-np.ones(DIM), text_weight=0.5), index)
    # Opposite text and brand vectors cancel out: the typed text wins.
    assert np.allclose(plan.semantic_vector, np.ones(DIM) / np.sqrt(DIM))


def test_age_spans_cover_the_right_bands():
    assert age_span_bands("18-34") == (1, 2)
    assert age_span_bands("13-17") == (0,)
    assert age_span_bands("25-44") == (2, 3)
    assert age_span_bands("35+") == (3, 4, 5)
    assert age_span_bands("18+") == (1, 2, 3, 4, 5)
    assert age_span_bands("55+") == (5,)
    for bad in ("20-30", "34-18", "18-", "abc", "17+"):
        assert age_span_bands(bad) is None


@FAST
@given(st.floats(0, 1))
def test_share_code_threshold_equals_the_value_comparison(threshold):
    code = share_threshold_code(threshold)
    for c in range(0, 1_600):
        assert (c / 250 >= threshold) == (c >= code)


@FAST
@given(st.floats(-1e9, 1e9, allow_nan=False), st.lists(st.floats(-1e9, 1e9, width=32), min_size=1, max_size=50))
def test_float32_bounds_equal_float64_comparisons(threshold, values):
    x = np.array(values, dtype=np.float32)
    lo, hi = engine_search.f32_at_least(threshold), engine_search.f32_at_most(threshold)
    assert list(x >= lo) == [float(v) >= threshold for v in x]
    assert list(x <= hi) == [float(v) <= threshold for v in x]
