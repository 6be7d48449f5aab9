"""`reachroom bench discovery`: the scratch-database writer round-trips the generator; parallel reads equal serial."""

import json

import numpy as np
from typer.testing import CliRunner

from reachroom.cli import app
from reachroom.discovery import loader
from reachroom.discovery.bench.scratch_db import share_json, synthetic_db_holds, write_synthetic_db
from reachroom.discovery.engine.schema import AUDIENCE_COUNTRIES
from reachroom.discovery.engine.synthetic import synthetic_arrays
from reachroom.metrics.platforms import PLATFORMS

N = 1500


def _same(a: dict, b: dict) -> None:
    assert set(a) == set(b)
    for key, x in a.items():
        y = b[key]
        if isinstance(x, list):
            assert x == y, key
        else:
            assert x.dtype == y.dtype and np.array_equal(x, y, equal_nan=True), key


def test_parallel_read_equals_serial_read(tmp_path):
    engine, _ = write_synthetic_db(f"sqlite:///{tmp_path / 'b.db'}", N)
    serial, meta1 = loader.load_arrays(engine, batch=400, workers=1)
    parallel, meta2 = loader.load_arrays(engine, batch=400, workers=2)
    assert meta1["workers"] == 1 and meta2["workers"] == 2
    assert meta1["db_count"] == meta2["db_count"] == N
    _same(serial, parallel)


def test_written_database_reads_back_as_the_generator_made_it(tmp_path):
    url = f"sqlite:///{tmp_path / 'b.db'}"
    engine, _ = write_synthetic_db(url, N)
    assert synthetic_db_holds(url, N) and not synthetic_db_holds(url, N + 1)
    got, _ = loader.load_arrays(engine, workers=1)
    want = synthetic_arrays(N, seed=0)
    assert np.array_equal(got["account_id"], want["account_id"])
    assert got["platform"] == [PLATFORMS[p] for p in want["platform"]]
    assert np.array_equal(got["followers"], want["followers"])
    # Country lives on the creator: the database keeps the one of the creator's first account.
    first = np.r_[True, want["creator_id"][1:] != want["creator_id"][:-1]]
    assert np.array(got["country"])[first].tolist() == want["country"][first].tolist()
    np.testing.assert_allclose(got["authenticity_score"], want["authenticity_score"], equal_nan=True)
    np.testing.assert_allclose(got["last_post_day"], want["last_post_day"], atol=1e-4 * 20_400, equal_nan=True)
    # Shares are stored to 4 decimals and tiny ones (< 0.0005) left out, as a real profile would.
    niche = np.where(want["niche_scores"] > 0.0005, want["niche_scores"], 0)
    np.testing.assert_allclose(got["niche_scores"], niche, atol=6e-5)
    # Embeddings are stored as float16.
    np.testing.assert_allclose(got["embedding"], want["embedding"], atol=2e-3)


def test_share_json_keeps_shares_above_the_floor():
    m = np.array([[0.4, 0.0004, 0.6], [0, 0, 0]], dtype=np.float32)
    rows = share_json(m, ["GB", "US", "other"])
    assert json.loads(rows[0]) == {"GB": 0.4, "other": 0.6} and rows[1] is None
    assert len(share_json(np.zeros((1, len(AUDIENCE_COUNTRIES))), AUDIENCE_COUNTRIES)) == 1


def test_bench_discovery_cli_prints_one_json_object_and_reuses_its_database(tmp_path):
    args = ["bench", "discovery", "--creators", "400", "--queries", "6", "--sql-queries", "3",
            "--keep-dir", str(tmp_path), "--json"]
    first = CliRunner().invoke(app, args)
    assert first.exit_code == 0, first.output
    out = json.loads(first.stdout.strip().splitlines()[-1])
    for key in ("creators", "queries", "build_s", "index_bytes", "p50_ms", "p95_ms", "p99_ms", "recall_at_50",
                "bruteforce_p95_ms", "sql_p95_ms", "sql_creators"):
        assert out[key] is not None, key
    assert out["creators"] == out["sql_creators"] == 400 and out["queries"] == 6
    assert out["recall_at_50"] >= 0.98 and out["reused_db"] is False and out["write_db_s"] > 0
    again = json.loads(CliRunner().invoke(app, args).stdout.strip().splitlines()[-1])
    assert again["reused_db"] is True and again["write_db_s"] is None


def test_missing_or_unknown_stats_band_falls_back_to_followers():
    """A stats row of an older band scheme must not break the index build: the band follows the followers."""
    from reachroom.metrics.tiers import BAND_SLUGS, band_codes

    followers = np.array([500.0, 15_000.0, 60_000.0])
    bands = loader._or_derived(["0-1k", None, "10k-50k"], BAND_SLUGS, band_codes(followers))
    assert bands == ["0-1k", "10k-20k", "50k-100k"]


def test_engine_benchmark_generates_in_parts_with_quantised_embeddings(monkeypatch):
    from reachroom.discovery.bench import engine as benchmark
    from reachroom.discovery.engine import CreatorIndex
    from reachroom.discovery.engine.synthetic import make_world

    world = make_world(dim=16)
    monkeypatch.setattr(benchmark, "GENERATE_CHUNK", 1_000)
    data = benchmark.generate(2_500, seed=3, dim=16, world=world)
    assert np.array_equal(data["account_id"], np.arange(1, 2_501))
    assert data["embedding"].dtype == np.int8 and data["embedding_scale"].shape == (2_500,)
    # The first part is exactly the one-shot generator; later parts are new accounts and creators.
    whole = synthetic_arrays(1_000, seed=3, dim=16, world=world)
    assert np.array_equal(data["followers"][:1_000], whole["followers"])
    assert not np.array_equal(data["followers"][1_000:2_000], whole["followers"])
    assert data["creator_id"][1_000] > data["creator_id"][999]
    # Quantising before the index does is the same as letting the index do it.
    one = CreatorIndex.from_arrays(whole)
    parted = CreatorIndex.from_arrays({k: v[:1_000] for k, v in data.items()})
    assert np.array_equal(one.col("embedding"), parted.col("embedding"))
    assert np.array_equal(one.col("embedding_scale"), parted.col("embedding_scale"))
