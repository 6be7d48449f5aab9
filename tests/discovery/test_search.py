"""The engine's ranking equals the brute-force reference exactly (ids, order and scores) when recall is exact."""

from __future__ import annotations

import dataclasses
import importlib

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reachroom.config import get_settings
from reachroom.discovery.engine import BruteForce, CreatorIndex, Query, search
from reachroom.discovery.engine.query import (
    CANDIDATE_SHARE,
    COMPONENTS,
    DEFAULT_CANDIDATES,
    AudienceConstraint,
    compile_query,
)
from reachroom.discovery.engine.schema import DEFAULT_NICHES, TONE_TRAITS
from reachroom.discovery.engine.scoring import semantic_cosine
from reachroom.discovery.engine.synthetic import make_world, synthetic_arrays, synthetic_queries
from tests.discovery.data import DIM, random_arrays

engine_search = importlib.import_module("reachroom.discovery.engine.search")
FAST = settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
_INDEXES: dict[tuple[int, int], tuple[CreatorIndex, BruteForce]] = {}


def index_for(n: int, seed: int) -> tuple[CreatorIndex, BruteForce]:
    if (n, seed) not in _INDEXES:
        index = CreatorIndex.from_arrays(random_arrays(n, seed))
        _INDEXES[(n, seed)] = (index, BruteForce(index))
    return _INDEXES[(n, seed)]


@st.composite
def ranked_queries(draw):
    rng = np.random.default_rng(draw(st.integers(0, 10_000)))
    kw: dict = {"workspace_id": draw(st.integers(0, 3)), "now_day": 20_030.0}
    if draw(st.booleans()):
        kw["text_vector"] = rng.standard_normal(DIM)
    if draw(st.booleans()):
        kw["brand_vector"] = rng.standard_normal(DIM)
        kw["text_weight"] = draw(st.floats(0, 1))
    if draw(st.booleans()):
        kw["target_niches"] = {n: draw(st.sampled_from([0.5, 1.0])) for n in
                               draw(st.lists(st.sampled_from(DEFAULT_NICHES), min_size=1, max_size=2, unique=True))}
    if draw(st.booleans()):
        kw["audience_targets"] = [AudienceConstraint("country", "GB", 0.4), AudienceConstraint("age", "18-34", 0.5),
                                  AudienceConstraint("gender", "female", 0.6)][: draw(st.integers(1, 3))]
    if draw(st.booleans()):
        kw["brand_tone"] = np.round(rng.random(len(TONE_TRAITS)), 2)
        kw["tolerate_flags"] = draw(st.lists(st.sampled_from(["politics", "profanity"]), max_size=2))
    if draw(st.booleans()):
        kw["weights"] = {c: draw(st.sampled_from([0.0, 0.1, 0.5, 1.0])) for c in COMPONENTS}
        kw["weights"]["engagement"] = 1.0  # always applicable, so the query stays valid
    if draw(st.booleans()):
        kw["authenticity_gate"] = draw(st.sampled_from([0.0, 0.5, 1.0]))
    if draw(st.booleans()):
        kw["platforms"] = ["instagram", "tiktok"]
    if draw(st.booleans()):
        kw["sort"] = draw(st.sampled_from(["followers", "engagement_rate", "er_percentile", "last_post_day"]))
        kw["descending"] = draw(st.booleans())
    kw["limit"] = draw(st.integers(0, 30))
    kw["offset"] = draw(st.integers(0, 20))
    return Query(**kw)


@FAST
@given(n=st.integers(0, 80), seed=st.integers(0, 4), q=ranked_queries())
def test_exact_search_equals_brute_force(n, seed, q):
    index, brute = index_for(n, seed)
    want = brute.search(q)
    got = search(index, dataclasses.replace(q, exact=True))
    assert got.account_ids == want.account_ids
    assert got.total == want.total
    if q.sort == "fit":
        assert [r.fit for r in got.results] == want.scores
    else:
        assert [np.nan if r.sort_value is None else r.sort_value for r in got.results] == pytest.approx(
            want.scores, nan_ok=True)
    # Below the approximate threshold the default mode is the exact path too.
    assert search(index, q).account_ids == want.account_ids


def test_ties_are_broken_by_account_id():
    data = random_arrays(40, seed=3)
    for key in ("er_percentile", "authenticity_score", "est_reach", "est_fee_low"):
        data[key] = np.full(40, 50.0)
    data["est_fee_high"] = data["est_fee_low"]
    index = CreatorIndex.from_arrays(data)
    only_engagement = {c: 0.0 for c in COMPONENTS} | {"engagement": 1.0}
    resp = search(index, Query(workspace_id=3, weights=only_engagement, limit=40))
    assert len({r.fit for r in resp.results}) == 1
    assert resp.account_ids == sorted(resp.account_ids)


def test_top_k_matches_a_full_sort():
    rng = np.random.default_rng(0)
    for n in (0, 5, 1_000, 250_000):
        score = np.round(rng.random(n, dtype=np.float32) * 50) / 50  # many ties
        ids = rng.permutation(n).astype(np.int64)
        for k in (0, 1, 50, 3_000):
            want = np.lexsort((ids, -score))[:k]
            assert np.array_equal(engine_search.top_k(score, ids, k), want)
            some = engine_search.top_m_unordered(score, k)
            assert some.size == min(k, n) and np.unique(some).size == some.size
            if 0 < k < n:
                rest = np.setdiff1d(np.arange(n), some)
                assert score[some].min() >= score[rest].max()


@pytest.fixture(scope="module")
def synthetic_index():
    world = make_world(dim=32)
    index = CreatorIndex.from_arrays(synthetic_arrays(22_000, seed=5, dim=32, world=world))
    queries = synthetic_queries(40, seed=9, world=world, dim=32)
    return index, BruteForce(index), queries


def test_approximate_path_rescored_exactly(synthetic_index, monkeypatch):
    index, brute, queries = synthetic_index
    assert index.ann is not None
    monkeypatch.setattr(engine_search, "EXACT_MAX_SURVIVORS", 1_000)
    recalls = []
    used_approx = 0
    for q in queries:
        want = brute.search(q)
        # Enough candidates to hold every survivor: the pre-ranking cannot lose anything -> identical results.
        full = search(index, dataclasses.replace(q, candidates=22_000))
        assert full.account_ids == want.account_ids
        got = search(index, dataclasses.replace(q, candidates=1_000))
        used_approx += not got.exact
        if want.account_ids:
            recalls.append(len(set(got.account_ids) & set(want.account_ids)) / len(want.account_ids))
        # Whatever the pre-ranking picked, reported scores are exact.
        exact_fit = dict(zip(want.account_ids, want.scores, strict=True)) if q.sort == "fit" else {}
        for r in got.results:
            if r.account_id in exact_fit:
                assert r.fit == exact_fit[r.account_id]
        assert search(index, dataclasses.replace(q, exact=True)).account_ids == want.account_ids
    assert used_approx > 10
    assert np.mean(recalls) >= 0.95


def test_semantic_cosine_is_identical_for_rows_alone_or_in_blocks():
    rng = np.random.default_rng(1)
    for dim in (8, 16, 128, 384):
        codes = rng.integers(-127, 128, (5_003, dim)).astype(np.int8)
        scale = rng.random(5_003).astype(np.float32) / 127
        v = rng.standard_normal(dim).astype(np.float32)
        full = semantic_cosine(codes, scale, v)
        pick = np.sort(rng.choice(5_003, 300, replace=False))
        assert np.array_equal(full[pick], semantic_cosine(codes[pick], scale[pick], v))
        assert np.array_equal(full[pick[:20]], [semantic_cosine(codes[i : i + 1], scale[i : i + 1], v)[0]
                                                for i in pick[:20]])
        dense = codes.astype(np.float32) * scale[:, None]
        assert np.array_equal(full, np.einsum("ij,j->i", dense, v))


def test_lookalike_vector_finds_the_seed_first():
    index, _ = index_for(80, 1)
    seed_id = int(index.col("account_id")[5])
    vector = index.embeddings([seed_id, -1])
    assert not np.any(vector[1])
    only_semantic = {c: 0.0 for c in COMPONENTS} | {"semantic": 1.0}
    owner = int(index.col("owner_workspace")[5])
    resp = search(index, Query(text_vector=vector[0], weights=only_semantic, workspace_id=owner, limit=3))
    if index.col("embedding_scale")[5] > 0:
        assert resp.results[0].components["semantic"].value == pytest.approx(1.0, abs=1e-4)


def test_threaded_chunked_scoring_gives_the_same_results(synthetic_index, monkeypatch):
    index, brute, queries = synthetic_index
    monkeypatch.setattr(engine_search, "CHUNK", 1_024)
    monkeypatch.setattr(engine_search, "EXACT_MAX_SURVIVORS", 1_000)
    for q in queries[:12]:
        monkeypatch.setenv("REACHROOM_SEARCH_THREADS", "1")
        get_settings.cache_clear()
        single = search(index, dataclasses.replace(q, candidates=2_000))
        monkeypatch.setenv("REACHROOM_SEARCH_THREADS", "2")
        get_settings.cache_clear()
        threaded = search(index, dataclasses.replace(q, candidates=2_000))
        assert threaded.account_ids == single.account_ids
        assert [r.fit for r in threaded.results] == [r.fit for r in single.results]
        assert search(index, dataclasses.replace(q, exact=True)).account_ids == brute.search(q).account_ids


def test_default_candidates_grow_with_the_survivors():
    index, _ = index_for(80, 1)
    default = compile_query(Query(text_vector=np.ones(DIM)), index)
    assert engine_search.candidate_count(default, 1_000) == DEFAULT_CANDIDATES
    assert engine_search.candidate_count(default, 7_000_000) == int(7_000_000 * CANDIDATE_SHARE) > DEFAULT_CANDIDATES
    chosen = compile_query(Query(text_vector=np.ones(DIM), candidates=500), index)
    assert engine_search.candidate_count(chosen, 7_000_000) == 500
