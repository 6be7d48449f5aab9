"""Index lifecycle: loader inputs, save/load, incremental upsert/delete equal to a rebuild, workspace isolation."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reachroom.discovery.engine import (
    BruteForce,
    CreatorIndex,
    IndexFormatError,
    Query,
    flags_mask,
    search,
    shares_matrix,
)
from reachroom.discovery.engine.persist import FORMAT_VERSION
from reachroom.discovery.engine.query import AudienceConstraint
from reachroom.discovery.engine.schema import AUDIENCE_COUNTRIES, TONE_TRAITS
from reachroom.discovery.engine.synthetic import make_world, synthetic_arrays, synthetic_queries
from tests.discovery.data import DIM, random_arrays, take

FAST = settings(max_examples=15, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])


def queries(seed: int, workspaces=(0, 1, 2, 3)) -> list[Query]:
    rng = np.random.default_rng(seed)
    out = []
    for ws in workspaces:
        out += [
            Query(workspace_id=ws, text_vector=rng.standard_normal(DIM), limit=100, exact=True),
            Query(workspace_id=ws, brand_vector=rng.standard_normal(DIM), target_niches={"beauty": 1.0},
                  audience_targets=[AudienceConstraint("country", "GB", 0.3)], brand_tone=rng.random(8),
                  limit=100, exact=True),
            Query(workspace_id=ws, sort="followers", countries=["GB", "US"], limit=100),
            Query(workspace_id=ws, sort="er_percentile", tiers=["micro"], descending=False, limit=100),
            Query(workspace_id=ws, weights={"cost": 1.0}, audience=[("age", "18-34", 0.2)], limit=100),
        ]
    return out


def same_results(a: CreatorIndex, b: CreatorIndex, qs: list[Query]) -> None:
    for q in qs:
        ra, rb = search(a, q), search(b, q)
        assert ra.account_ids == rb.account_ids
        assert [r.fit for r in ra.results] == [r.fit for r in rb.results]
        assert ra.total == rb.total


def test_save_load_round_trip(tmp_path):
    data = random_arrays(200, seed=4)
    index = CreatorIndex.from_arrays(data, meta={"metric_version": "2026.11.1"})
    manifest = index.save(tmp_path / "ix")
    assert manifest["meta"]["metric_version"] == "2026.11.1"
    assert manifest["version"] == FORMAT_VERSION and manifest["n_rows"] == 200 and len(manifest["content_hash"]) == 64
    loaded = CreatorIndex.load(tmp_path / "ix", verify=True)
    assert loaded.meta["content_hash"] == manifest["content_hash"]
    assert loaded.meta["metric_version"] == "2026.11.1"
    assert not loaded.col("followers").flags.writeable  # memory-mapped, nothing rebuilt
    same_results(index, loaded, queries(1))
    assert loaded.vocab("country") == index.vocab("country")
    # Saving again over the same path replaces it atomically and gives the same content hash.
    assert CreatorIndex.load(tmp_path / "ix", mmap=False).save(tmp_path / "ix")["content_hash"] == manifest[
        "content_hash"]


def test_load_rejects_corrupt_or_foreign_indexes(tmp_path):
    CreatorIndex.from_arrays(random_arrays(50, seed=4)).save(tmp_path / "ix")
    path = tmp_path / "ix" / "followers.npy"
    raw = bytearray(path.read_bytes())
    raw[-4:] = b"\x00\x00\xc0\x7f"
    path.write_bytes(bytes(raw))
    CreatorIndex.load(tmp_path / "ix")  # shapes still fine: only the hash check sees it
    with pytest.raises(IndexFormatError, match="hash"):
        CreatorIndex.load(tmp_path / "ix", verify=True)
    manifest = json.loads((tmp_path / "ix" / "manifest.json").read_text())
    manifest["version"] = 99
    (tmp_path / "ix" / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(IndexFormatError, match="rebuild"):
        CreatorIndex.load(tmp_path / "ix")
    with pytest.raises(IndexFormatError):
        CreatorIndex.load(tmp_path / "missing")


@FAST
@given(seed=st.integers(0, 1_000), n=st.integers(5, 60), n_new=st.integers(0, 20), data=st.data())
def test_upsert_and_delete_equal_a_rebuild(seed, n, n_new, data):
    base = random_arrays(n, seed)
    fresh = random_arrays(n_new, seed + 1, id_offset=10_000)
    index = CreatorIndex.from_arrays(base)
    for q in queries(seed):  # fills the index's caches, which every change must drop
        search(index, q)
    ids = [int(i) for i in base["account_id"]]
    final = {int(i): take(base, r) for r, i in enumerate(base["account_id"])}

    # A stats refresh: a few columns of some accounts change, everything else stays.
    changed = data.draw(st.lists(st.sampled_from(ids), unique=True, max_size=n))
    if changed:
        rows = [ids.index(i) for i in changed]
        update = {"account_id": np.array(changed), "er_percentile": np.linspace(0, 100, len(changed)),
                  "followers": np.full(len(changed), 12_345.0),
                  "audience_country": random_arrays(len(changed), seed + 2)["audience_country"]}
        assert index.upsert(update).updated == len(changed)
        for k, i in enumerate(changed):
            final[i].update({key: np.asarray(v)[k] for key, v in update.items()})
            final[i].update(tier=np.array("micro", dtype=object), band=np.array("10k-20k", dtype=object))
        del rows
    # New accounts arrive, some leave, one comes back in full.
    if n_new:
        assert index.upsert(fresh).inserted == n_new
        final.update({int(i): take(fresh, r) for r, i in enumerate(fresh["account_id"])})
    gone = data.draw(st.lists(st.sampled_from(list(final)), unique=True, max_size=len(final)))
    assert index.delete(gone + [999_999]) == len(gone)
    for i in gone:
        del final[i]
    if gone:
        back = take(random_arrays(1, seed + 3), [0])
        back["account_id"] = np.array([gone[0]])
        index.upsert({k: np.asarray(v) for k, v in back.items()})
        final[gone[0]] = take(back, 0)

    order = sorted(final)
    rebuilt_data = {key: np.stack([np.asarray(final[i][key]) for i in order]) if order else np.asarray(base[key])[:0]
                    for key in base}
    rebuilt = CreatorIndex.from_arrays(rebuilt_data)
    assert index.n_rows == rebuilt.n_rows == len(final)
    same_results(index, rebuilt, queries(seed))
    # Compaction changes slots, not results.
    index.compact()
    same_results(index, rebuilt, queries(seed + 1))


def test_upsert_on_a_memory_mapped_index_leaves_the_file_alone(tmp_path):
    index = CreatorIndex.from_arrays(random_arrays(40, seed=8))
    manifest = index.save(tmp_path / "ix")
    loaded = CreatorIndex.load(tmp_path / "ix")
    new = random_arrays(5, seed=9, id_offset=5_000)
    assert loaded.upsert(new).inserted == 5
    assert loaded.delete(new["account_id"][:2]) == 2
    assert loaded.n_rows == 43
    assert CreatorIndex.load(tmp_path / "ix", verify=True).meta["content_hash"] == manifest["content_hash"]


def test_delete_compacts_after_many_tombstones():
    data = random_arrays(100, seed=5)
    index = CreatorIndex.from_arrays(data)
    index.delete(data["account_id"][:30])
    assert index.n_slots == index.n_rows == 70
    assert not set(search(index, Query(limit=1000, workspace_id=1)).account_ids) & set(data["account_id"][:30])


@FAST
@given(seed=st.integers(0, 1_000), workspace=st.integers(0, 3))
def test_workspace_isolation(seed, workspace):
    data = random_arrays(80, seed)
    index = CreatorIndex.from_arrays(data)
    owner = dict(zip(data["account_id"].tolist(), data["owner_workspace"].tolist(), strict=True))
    rng = np.random.default_rng(seed)
    for q in (Query(workspace_id=workspace, limit=1000, text_vector=rng.standard_normal(DIM)),
              Query(workspace_id=workspace, limit=1000, sort="followers"),
              Query(workspace_id=workspace, limit=1000, exclude_ids=[], exact=True)):
        got = search(index, q).account_ids
        assert all(owner[i] in (0, workspace) for i in got)
        assert set(got) == {i for i, o in owner.items() if o in (0, workspace)}


def test_private_best_match_is_only_found_by_its_workspace():
    data = random_arrays(60, seed=3)
    target = np.ones(DIM)
    data["embedding"][7] = target
    data["owner_workspace"][7] = 2
    index = CreatorIndex.from_arrays(data)
    q = Query(text_vector=target, weights={c: 0.0 for c in ("niche", "audience", "engagement", "authenticity",
                                                               "tone", "brand_safety", "cost")}, limit=5)
    assert search(index, dataclasses.replace(q, workspace_id=2)).account_ids[0] == data["account_id"][7]
    for ws in (0, 1, 3):
        assert data["account_id"][7] not in search(index, dataclasses.replace(q, workspace_id=ws)).account_ids


def test_loader_inputs_dicts_names_and_errors():
    n = 3
    data = {
        "account_id": [10, 11, 12],
        "platform": ["instagram", "TikTok", None],
        "tier": ["micro", "nano", "mega"],
        "country": ["gb", "US", ""],
        "followers": [15_000, None, 2_000_000],
        "audience_country": [{"GB": 0.42, "FR": 0.2, "US": 0.3}, None, {"gb": 0.1}],
        "brand_safety": [["politics"], [], ["adult", "hate"]],
        "tone": np.full((n, len(TONE_TRAITS)), 0.5),
        "embedding": np.eye(n, 4),
    }
    index = CreatorIndex.from_arrays(data)
    row = index.decode_row(0)
    assert row["platform"] == "instagram" and row["country"] == "GB"
    assert row["audience_country"]["GB"] == 0.42
    assert row["audience_country"]["FR"] == 0.2  # FR is tracked
    assert index.decode_row(1)["platform"] == "tiktok"
    assert index.decode_row(1)["followers"] is None
    assert index.decode_row(2)["brand_safety"] == ["adult", "hate"]
    with pytest.raises(ValueError, match="derived"):
        CreatorIndex.from_arrays({"account_id": [1], "present": [1]})
    derived = CreatorIndex.from_arrays({"account_id": [1, 2, 3], "followers": [500, 50_000, np.nan]})
    assert [derived.decode_row(i)["tier"] for i in range(3)] == ["nano", "micro", None]
    assert derived.decode_row(1)["band"] == "50k-100k"
    m = shares_matrix([{"ZZ": 0.5, "GB": 0.5}], AUDIENCE_COUNTRIES)
    assert m[0, AUDIENCE_COUNTRIES.index("other")] == 0.5
    assert list(flags_mask([["adult"], None], ("profanity", "adult"))) == [2, 0]
    with pytest.raises(ValueError, match="platform"):
        CreatorIndex.from_arrays({"account_id": [1], "platform": ["myspace"]})
    with pytest.raises(ValueError, match="unique"):
        CreatorIndex.from_arrays({"account_id": [1, 1]})
    with pytest.raises(ValueError, match="unknown columns"):
        CreatorIndex.from_arrays({"account_id": [1], "folowers": [3]})
    with pytest.raises(ValueError, match="dimension"):
        index.upsert({"account_id": [99], "embedding": np.ones((1, 5))})


def test_synthetic_index_footprint_and_approximate_sketch():
    world = make_world(dim=64)
    index = CreatorIndex.from_arrays(synthetic_arrays(21_500, seed=1, dim=64, world=world))
    assert index.ann is not None and index.ann.dims == 32
    # Per account: ~175 bytes of columns and shares, 68 of int8 embedding + scale, 128 of PCA sketch, 64 of tone,
    # ~35 of derived scores, flags and the id lookup: 469 bytes at D=64 (533 at D=128).
    assert index.nbytes() / index.n_rows < 480
    brute = BruteForce(index)
    for q in synthetic_queries(10, seed=2, world=world, dim=64):
        assert search(index, dataclasses.replace(q, exact=True)).account_ids == brute.search(q).account_ids
