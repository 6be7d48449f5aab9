"""The compiled pre-ranking kernel equals a plain NumPy rendering of the approximate fit, for every kind of plan."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from reachroom.discovery.engine import CreatorIndex, Query, scoring
from reachroom.discovery.engine.components import Rows, component_values, gate_column
from reachroom.discovery.engine.prerank import prerank_scores, warm_up
from reachroom.discovery.engine.query import COMPONENTS, AudienceConstraint, compile_query
from reachroom.discovery.engine.schema import TONE_TRAITS
from reachroom.discovery.engine.sketch import SKETCH_MAX_CODE
from reachroom.discovery.engine.synthetic import make_world, synthetic_arrays, synthetic_queries


@pytest.fixture(scope="module")
def world_index():
    world = make_world(dim=32)
    index = CreatorIndex.from_arrays(synthetic_arrays(21_000, seed=3, dim=32, world=world))
    assert index.ann is not None and index.ann.tone_centroids is not None
    return world, index


def reference_prerank(index: CreatorIndex, plan) -> np.ndarray:
    """The approximate fit spelled out: exact components, but semantic from the dequantised sketch and tone from
    the codebook centroid of each row."""
    ann = index.ann
    r = Rows(index, None)
    w = plan.weights
    values = component_values(r, plan, skip=("semantic", "tone"))
    v = plan.semantic_vector.astype(np.float64)
    projection = index.col("sketch").astype(np.float64) * ann.step.astype(np.float64)
    cosine = projection @ (ann.components.astype(np.float64).T @ v) + ann.mean.astype(np.float64) @ v
    values["semantic"] = scoring.semantic_value(cosine.astype(np.float32), r.present("embedding"))
    if "tone" in w:
        if ann.tone_centroids is not None:
            cos = np.clip(ann.tone_centroids @ plan.tone_vector, -1, 1)
            table = np.concatenate([[0.5], (1 + cos) * 0.5]).astype(np.float32)
            values["tone"] = table[index.col("tone_code")]
        else:
            values["tone"] = scoring.tone_value(index.col("tone_unit"), plan.tone_vector, r.present("tone"))
    total = scoring.combine(values, w)
    gate = gate_column(index, plan)
    return total if gate is None else total * gate


def serial(fn, jobs) -> None:
    for job in jobs:
        fn(job)


def plans(world, index):
    """Synthetic queries with a semantic part, plus variants for every branch of the kernel."""
    base = [q for q in synthetic_queries(60, seed=4, world=world, dim=32) if q.text_vector is not None
            or q.brand_vector is not None]
    brand = next(q for q in base if q.audience_targets)
    variants = [
        # tolerated safety flags: brand safety comes from NumPy per block
        dataclasses.replace(brand, tolerate_flags=("politics",)),
        # a kind whose targets sum to 0 counts as fully met; spans of age bands sum several columns
        dataclasses.replace(brand, audience_targets=(AudienceConstraint("gender", "female", 0.0),
                                                     AudienceConstraint("age", "18-44", 0.7),
                                                     AudienceConstraint("language", "en", 0.001))),
        dataclasses.replace(brand, authenticity_gate=0.0),
        dataclasses.replace(brand, weights={c: 1.0 for c in COMPONENTS}),
        dataclasses.replace(brand, target_niches={"beauty": 1.0, "fitness": 0.5, "food": 0.25}),
        Query(text_vector=brand.brand_vector, brand_tone=np.full(len(TONE_TRAITS), 0.7), now_day=brand.now_day),
    ]
    return [compile_query(q, index) for q in base + variants]


def test_kernel_equals_the_numpy_rendering(world_index):
    world, index = world_index
    rows = np.arange(index.n_slots)
    checked = 0
    for plan in plans(world, index):
        want = reference_prerank(index, plan)
        got = prerank_scores(index, plan, rows, serial, 4_096)
        np.testing.assert_allclose(got, want, rtol=0, atol=2e-5)
        pick = np.sort(np.random.default_rng(checked).choice(rows, 700, replace=False))
        np.testing.assert_allclose(prerank_scores(index, plan, pick, serial, 97),
                                   want[pick], rtol=0, atol=2e-5)
        checked += 1
    assert checked >= 20


def test_kernel_without_a_tone_codebook_uses_the_exact_tone(world_index, monkeypatch):
    world, index = world_index
    monkeypatch.setattr(index, "ann", dataclasses.replace(index.ann, tone_centroids=None))
    brand = next(q for q in synthetic_queries(40, seed=4, world=world, dim=32) if q.brand_tone is not None)
    plan = compile_query(brand, index)
    rows = np.arange(index.n_slots)
    got = prerank_scores(index, plan, rows, serial, 5_000)
    np.testing.assert_allclose(got, reference_prerank(index, plan), rtol=0, atol=2e-5)


def test_kernel_reads_a_memory_mapped_index(world_index, tmp_path):
    world, index = world_index
    index.save(tmp_path / "ix")
    loaded = CreatorIndex.load(tmp_path / "ix")
    assert not loaded.col("sketch").flags.writeable
    warm_up()
    plan = compile_query(next(q for q in synthetic_queries(20, seed=2, world=world, dim=32)
                              if q.brand_vector is not None), loaded)
    rows = np.arange(loaded.n_slots)
    got = prerank_scores(loaded, plan, rows, serial, 8_192)
    np.testing.assert_allclose(got, reference_prerank(loaded, plan), rtol=0, atol=2e-5)


def test_sketch_codes_round_the_projection_to_one_step():
    world = make_world(dim=32)
    index = CreatorIndex.from_arrays(synthetic_arrays(21_000, seed=8, dim=32, world=world))
    ann = index.ann
    rng = np.random.default_rng(0)
    x = rng.standard_normal((500, 32)).astype(np.float32) * 0.05
    projection = ann.project(x)
    codes = ann.sketch(x)
    inside = np.abs(projection) < SKETCH_MAX_CODE * ann.step
    err = np.abs(codes * ann.step - projection)
    assert np.all(err[inside] <= ann.step[np.nonzero(inside)[1]] * 0.5 + 1e-7)
    # Far outside the trained range the code saturates at +-127 instead of wrapping around.
    far_projection = ann.project(x * 1_000)
    far = ann.sketch(x * 1_000).astype(np.int32)
    beyond = np.abs(far_projection) > SKETCH_MAX_CODE * ann.step
    assert beyond.sum() > 100
    assert np.array_equal(far[beyond], np.sign(far_projection[beyond]).astype(np.int32) * SKETCH_MAX_CODE)


def test_compiles_without_a_disk_cache_where_numba_cannot_write_one(monkeypatch):
    from reachroom.discovery.engine import prerank

    real, asked = prerank.njit, []

    def njit(**options):
        asked.append(options.get("cache", False))
        if options.get("cache"):  # what numba raises on a read-only install with no writable cache directory
            raise RuntimeError("cannot cache function 'f': no locator available for file 'prerank.py'")
        return real(**options)

    monkeypatch.setattr(prerank, "njit", njit)
    triple = prerank._compiled(lambda x: x * 3)
    assert triple(14) == 42 and asked == [True, False]
