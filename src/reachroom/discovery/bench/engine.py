"""Engine benchmark on a synthetic catalogue: build, save/load, query latency, recall against brute force."""

from __future__ import annotations

import dataclasses
import os
import platform
import resource
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from reachroom.config import get_settings
from reachroom.discovery.engine.bruteforce import BruteForce
from reachroom.discovery.engine.columns import CreatorIndex
from reachroom.discovery.engine.encode import quantize_embeddings
from reachroom.discovery.engine.search import search
from reachroom.discovery.engine.synthetic import make_world, query_kind, synthetic_arrays, synthetic_queries


def _pct(values: list[float], q: float) -> float | None:
    return round(float(np.percentile(values, q)), 2) if values else None


GENERATE_CHUNK = 1_000_000


def generate(creators: int, seed: int, dim: int, world: Any) -> dict[str, np.ndarray]:
    """Synthetic columns, made 1M accounts at a time with the embeddings quantised per part (int8 + scale, as the
    index stores them): the float32 embeddings of 10M accounts alone would be 5 GB. Up to 1M this is exactly
    `synthetic_arrays(creators, seed)`; part i > 0 uses seed + i and ids from 1 + i x 1M."""
    parts = []
    for i, a in enumerate(range(0, creators, GENERATE_CHUNK)):
        part = synthetic_arrays(min(GENERATE_CHUNK, creators - a), seed=seed + i, dim=dim, world=world, id_offset=1 + a)
        part["embedding"], part["embedding_scale"] = quantize_embeddings(part["embedding"])
        parts.append(part)
    data = {}
    for key in list(parts[0]):  # one column at a time, dropping the parts' copies as it goes
        data[key] = np.concatenate([p.pop(key) for p in parts]) if len(parts) > 1 else parts[0].pop(key)
    return data


def run_benchmark(creators: int, queries: int, *, seed: int = 0, dim: int = 128, k: int = 50,
                  recall_queries: int | None = None, candidates: int | None = None,
                  index_dir: str | None = None, warmup: int = 10) -> dict[str, Any]:
    """Build, persist, reload and query a synthetic index of `creators` accounts; one flat dict of results."""
    load_start = os.getloadavg()
    world = make_world(seed=7, dim=dim)
    t = time.perf_counter()
    data = generate(creators, seed, dim, world)
    generate_s = time.perf_counter() - t

    t = time.perf_counter()
    index = CreatorIndex.from_arrays(data, seed=seed)
    build_s = time.perf_counter() - t
    del data

    tmp = None
    if index_dir is None:
        tmp = tempfile.mkdtemp(prefix="reachroom-bench-")
        index_dir = str(Path(tmp) / "index")
    t = time.perf_counter()
    manifest = index.save(index_dir)
    save_s = time.perf_counter() - t
    del index
    t = time.perf_counter()
    index = CreatorIndex.load(index_dir)
    load_s = time.perf_counter() - t
    disk_bytes = sum(f.stat().st_size for f in Path(index_dir).iterdir())

    qs = synthetic_queries(queries, seed=seed + 1, world=world, dim=dim, limit=k)
    if candidates is not None:
        qs = [dataclasses.replace(q, candidates=candidates) for q in qs]
    for q in qs[: min(warmup, len(qs))]:  # page the memory-mapped columns in
        search(index, q)
    latencies: list[float] = []
    responses = []
    for q in qs:
        t = time.perf_counter()
        responses.append(search(index, q))
        latencies.append((time.perf_counter() - t) * 1000)

    n_recall = len(qs) if recall_queries is None else min(recall_queries, len(qs))
    brute = BruteForce(index)
    recalls: list[float] = []
    brute_ms: list[float] = []
    exact_ms: list[float] = []
    exact_match = 0
    for q, resp in zip(qs[:n_recall], responses[:n_recall], strict=True):
        t = time.perf_counter()
        ref = brute.search(q)
        brute_ms.append((time.perf_counter() - t) * 1000)
        want = ref.account_ids[:k]
        if want:
            recalls.append(len(set(resp.account_ids[:k]) & set(want)) / len(want))
        t = time.perf_counter()
        exact = search(index, dataclasses.replace(q, exact=True))
        exact_ms.append((time.perf_counter() - t) * 1000)
        if exact.account_ids == ref.account_ids:
            exact_match += 1
    approx = sum(1 for r in responses if not r.exact)
    kinds: dict[str, list[float]] = {}
    for q, ms in zip(qs, latencies, strict=True):
        kinds.setdefault(query_kind(q), []).append(ms)
    by_kind = {kind: {"n": len(v), "p50_ms": _pct(v, 50), "p95_ms": _pct(v, 95)} for kind, v in sorted(kinds.items())}
    result = {
        "creators": creators,
        "queries": len(qs),
        "k": k,
        "dim": dim,
        "build_s": round(build_s, 2),
        "generate_s": round(generate_s, 2),
        "save_s": round(save_s, 2),
        "load_s": round(load_s, 3),
        "index_bytes": index.nbytes(),
        "disk_bytes": disk_bytes,
        "p50_ms": _pct(latencies, 50),
        "p95_ms": _pct(latencies, 95),
        "p99_ms": _pct(latencies, 99),
        "mean_ms": round(float(np.mean(latencies)), 2) if latencies else None,
        "recall_at_50": round(float(np.mean(recalls)), 4) if recalls else None,
        "recall_min": round(float(np.min(recalls)), 4) if recalls else None,
        "recall_queries": n_recall,
        "exact_mode_matches": f"{exact_match}/{n_recall}",
        "exact_mode_p95_ms": _pct(exact_ms, 95),
        "bruteforce_p50_ms": _pct(brute_ms, 50),
        "bruteforce_p95_ms": _pct(brute_ms, 95),
        "approximate_share": round(approx / len(qs), 3) if qs else None,
        "mean_survivors": int(np.mean([r.total for r in responses])) if responses else 0,
        "by_kind": by_kind,
        "search_threads": get_settings().search_threads,
        "content_hash": manifest["content_hash"][:16],
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "load_avg_start": [round(x, 2) for x in load_start],
        "load_avg_end": [round(x, 2) for x in os.getloadavg()],
        "cpus": os.cpu_count(),
        "numpy": np.__version__,
        "python": platform.python_version(),
        # The database comparison (the same filters and ranking as SQL) belongs to the DB-backed bench command.
        "sql_p95_ms": None,
        "sql_creators": None,
    }
    if tmp is not None:
        shutil.rmtree(tmp, ignore_errors=True)
    return result
