"""Build the discovery engine's arrays from the database (id-range batches of Core selects) into a CreatorIndex.

The same code feeds production (index_store) and `reachroom bench discovery`.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime
from multiprocessing import get_context
from typing import Any

import numpy as np
import orjson
from sqlalchemy import Connection, Engine, create_engine

from reachroom.authenticity.score import FLAGGED_LEVELS
from reachroom.content.embedder import from_bytes
from reachroom.discovery import repository as repo
from reachroom.discovery.engine import CreatorIndex
from reachroom.discovery.engine.encode import shares_matrix
from reachroom.discovery.engine.schema import (
    AGE_BANDS,
    AUDIENCE_COUNTRIES,
    AUDIENCE_LANGUAGES,
    DEFAULT_NICHES,
    GENDERS,
    TONE_TRAITS,
)
from reachroom.metrics.fees import estimate_fee_batch
from reachroom.metrics.tiers import BAND_SLUGS, TIER_SLUGS, band_codes, tier_codes

BATCH = 20_000
PARALLEL_MIN = 200_000  # below this, starting worker processes costs more than it saves
MAX_WORKERS = 4
EPOCH = datetime(1970, 1, 1)
Progress = Callable[[str, int, int], None]
# Confidence in an audience profile: first-party data is exact; estimates grow with the sample size.
FIRST_PARTY_SOURCES = ("official_api", "creator_oauth")


def _json_column(values: Sequence[Any]) -> list[Any]:
    """Decode a column of JSON texts with one orjson call per batch (NULL/empty → None; decoded values pass)."""
    first = next((v for v in values if v is not None), None)
    if not isinstance(first, str):  # nothing to decode, or the driver decoded already
        return list(values)
    return orjson.loads("[" + ",".join(v or "null" for v in values) + "]")


def _floats(values: Sequence[Any]) -> np.ndarray:
    """Numeric column → float32 with NULL → NaN."""
    return np.array(values, dtype=np.float64).astype(np.float32)


def _days(values: Sequence[Any]) -> np.ndarray:
    """Datetime column → days since 1970 (float32), NULL → NaN."""
    return np.array([(v - EPOCH).total_seconds() / 86400 if v else np.nan for v in values], dtype=np.float32)


def _embeddings(blobs: Sequence[bytes | None]) -> np.ndarray | None:
    """Stored embeddings → float32 matrix (zero rows where missing or of another size); None when there are none."""
    size = next((len(b) for b in blobs if b), 0)
    if not size:
        return None
    present = [i for i, b in enumerate(blobs) if b and len(b) == size]
    found = [b for b in blobs if b and len(b) == size]
    out = np.zeros((len(blobs), from_bytes(found[0]).size), dtype=np.float32)
    out[present] = from_bytes(b"".join(found)).reshape(len(present), -1)
    return out


def _or_derived(stored: Sequence[str | None], slugs: Sequence[str], codes: np.ndarray) -> list[str | None]:
    """Stored slugs, with missing or unknown ones (stats of an older scheme) derived from followers (-1 -> None)."""
    known = set(slugs)
    return [v if v in known else (slugs[c] if c >= 0 else None) for v, c in zip(stored, codes.tolist(), strict=True)]


def _tone(rows: Sequence[dict | None]) -> np.ndarray:
    """Tone dicts → matrix in TONE_TRAITS order (missing trait 0.5; no tone → NaN row)."""
    tone = np.full((len(rows), len(TONE_TRAITS)), np.nan, dtype=np.float32)
    for i, t in enumerate(rows):
        if t:
            tone[i] = [float(t.get(trait, 0.5)) for trait in TONE_TRAITS]
    return tone


def _audience_confidence(source: str | None, sample_size: int | None) -> float:
    if source is None:
        return np.nan
    if source in FIRST_PARTY_SOURCES:
        return 1.0
    if sample_size:
        return float(min(1.0, 0.3 + sample_size / 1500))
    return 0.5


def _audience_arrays(ids: np.ndarray, audiences: dict[int, Any]) -> dict[str, np.ndarray]:
    """Audience share matrices of the accounts `ids` from their latest profiles (rows of repo.latest_audiences)."""
    aud = [audiences.get(i) for i in ids.tolist()]
    # No profile -> None -> a NaN row; a profile with an empty dict -> zeros (countries/languages: NaN, unknown).
    ages, genders, countries, languages = (_json_column([getattr(a, k) if a else None for a in aud])
                                           for k in ("age_bands", "genders", "countries", "languages"))
    return {
        "audience_age": shares_matrix(ages, AGE_BANDS),
        "audience_gender": shares_matrix(genders, GENDERS),
        # Untracked countries and languages count as "other"; keys must be spelled as stored (ISO codes).
        "audience_country": shares_matrix([v or None for v in countries], AUDIENCE_COUNTRIES, exact=True),
        "audience_language": shares_matrix([v or None for v in languages], AUDIENCE_LANGUAGES, exact=True),
        "audience_confidence": np.array([_audience_confidence(a.source, a.sample_size) if a else np.nan for a in aud],
                                        dtype=np.float32),
    }


def _flagged(levels: Sequence[str | None]) -> np.ndarray:
    """1 where the authenticity level is flagged, 0 where it is not, NaN where the account is not scored."""
    return np.array([np.nan if lv is None else float(lv in FLAGGED_LEVELS) for lv in levels], dtype=np.float32)


def arrays_from_rows(rows: Sequence[Any], audiences: dict[int, Any]) -> dict[str, Any]:
    """Engine columns (schema.py) for one batch of loader rows plus their latest audience profiles."""
    (ids, creator_ids, workspaces, platforms, followers, countries, languages, tiers, bands, er, er_pct, er_posts,
     growth, ppw, last_post, reach, niche_scores, sponsored, safety, tone, embedding, auth, auth_conf, auth_level) = (
        list(c) for c in zip(*rows, strict=True))  # fmt: skip
    ids_arr = np.array(ids, dtype=np.int64)
    followers_arr = np.array(followers, dtype=np.float64)
    fee_low, fee_high = estimate_fee_batch(followers_arr, platforms)
    data: dict[str, Any] = {
        "account_id": ids_arr,
        "creator_id": np.array(creator_ids, dtype=np.int64),
        "owner_workspace": np.array([w or 0 for w in workspaces], dtype=np.int32),
        "platform": platforms,
        "country": [c or None for c in countries],
        "language": [(x or "").split("-")[0].lower() or None for x in languages],
        "followers": followers_arr.astype(np.float32),
        "est_fee_low": fee_low.astype(np.float32),
        "est_fee_high": fee_high.astype(np.float32),
    }
    # Tier and band come from account_stats when computed, else (per account) from the current follower count.
    data["tier"] = _or_derived(tiers, TIER_SLUGS, tier_codes(followers_arr))
    data["band"] = _or_derived(bands, BAND_SLUGS, band_codes(followers_arr))
    for name, values in (("engagement_rate", er), ("er_percentile", er_pct), ("er_posts_used", er_posts),
                         ("growth_90d_pct", growth), ("posts_per_week", ppw), ("est_reach", reach),
                         ("sponsored_share", sponsored), ("authenticity_score", auth),
                         ("authenticity_confidence", auth_conf)):
        data[name] = _floats(values)
    data["authenticity_flagged"] = _flagged(auth_level)
    data["last_post_day"] = _days(last_post)
    data["niche_scores"] = shares_matrix([d or None for d in _json_column(niche_scores)], DEFAULT_NICHES)
    data["brand_safety"] = np.array([int(x or 0) for x in safety], dtype=np.uint16)
    data["tone"] = _tone(_json_column(tone))
    emb = _embeddings(embedding)
    if emb is not None:
        data["embedding"] = emb
    data.update(_audience_arrays(ids_arr, audiences))
    return data


def _concat(parts: list[dict[str, Any]]) -> dict[str, Any]:
    if len(parts) == 1:
        return parts[0]
    keys = set.intersection(*(set(p) for p in parts))
    dims = {p["embedding"].shape[1] for p in parts if "embedding" in p}
    out: dict[str, Any] = {}
    for k in keys:
        vals = [p[k] for p in parts]
        out[k] = [x for v in vals for x in v] if isinstance(vals[0], list) else np.concatenate(vals)
    if dims and len(dims) == 1:  # batches without any embedding get zero rows
        dim = dims.pop()
        out["embedding"] = np.concatenate([p.get("embedding", np.zeros((len(p["account_id"]), dim), np.float32))
                                           for p in parts])
    return out


def _read_batch(conn: Connection, lo: int, hi: int) -> dict[str, Any] | None:
    """Columns of the accounts with lo <= id < hi; None when there are none."""
    rows = repo.account_rows_in_range(conn, lo, hi)
    return arrays_from_rows(rows, repo.latest_audiences(conn, lo, hi)) if rows else None


_worker_engine: Engine | None = None


def _worker_start(url: str) -> None:
    global _worker_engine
    _worker_engine = create_engine(url)


def _worker_read(bounds: tuple[int, int]) -> dict[str, Any] | None:
    """Worker process: one id-range batch on the process's own connection."""
    assert _worker_engine is not None
    with _worker_engine.connect() as conn:
        return _read_batch(conn, *bounds)


def _workers_for(engine: Engine, count: int, workers: int | None) -> int:
    """Processes to read with: decoding is CPU-bound Python, so big catalogues use every core (files and servers)."""
    if engine.url.get_backend_name() == "sqlite" and engine.url.database in (None, "", ":memory:"):
        return 1  # another process cannot see an in-memory database
    if workers is not None:
        return max(1, workers)
    return min(os.cpu_count() or 1, MAX_WORKERS) if count >= PARALLEL_MIN else 1


def _read_batches(engine: Engine, ranges: list[tuple[int, int]], workers: int) -> Iterator[dict[str, Any] | None]:
    """Batches in id order, read in this process or in a pool of `workers` processes."""
    if workers == 1:
        with engine.connect() as conn:
            for lo, hi in ranges:
                yield _read_batch(conn, lo, hi)
        return
    url = engine.url.render_as_string(hide_password=False)
    # spawn, not fork: the caller may be a threaded web server holding open connections.
    with ProcessPoolExecutor(workers, mp_context=get_context("spawn"), initializer=_worker_start,
                             initargs=(url,)) as pool:
        yield from pool.map(_worker_read, ranges)


def load_arrays(engine: Engine, progress: Progress | None = None, batch: int = BATCH,
                workers: int | None = None) -> tuple[dict[str, Any], dict]:
    """Every account's columns, read in id-range batches; plus the manifest stamps the data was read at."""
    with engine.connect() as conn:
        count, lo, hi = repo.account_id_bounds(conn)
        stamps = repo.change_stamps(conn)
    ranges = [(start, start + batch) for start in range(lo, hi + 1, batch)] if count else []
    parts: list[dict[str, Any]] = []
    done = 0
    workers = _workers_for(engine, count, workers)
    for part in _read_batches(engine, ranges, workers):
        if part is not None:
            parts.append(part)
            done += len(part["account_id"])
            if progress:
                progress("reading accounts", done, count)
    meta = {"db_count": done, "db_max_id": hi, "stamps": stamps,
            "db_url": engine.url.render_as_string(hide_password=True)}
    return (_concat(parts) if parts else {}), {**meta, "workers": workers}


def arrays_for_ids(engine: Engine, ids: Sequence[int]) -> dict[str, Any] | None:
    """Columns of the given accounts (for upserts); None when none exist."""
    parts = []
    with engine.connect() as conn:
        for a in range(0, len(ids), 5000):
            chunk = list(ids[a:a + 5000])
            rows = repo.account_rows_by_ids(conn, chunk)
            if rows:
                parts.append(arrays_from_rows(rows, repo.latest_audiences(conn, ids=chunk)))
    return _concat(parts) if parts else None


def build_index(engine: Engine, progress: Progress | None = None, batch: int = BATCH,
                workers: int | None = None) -> tuple[CreatorIndex, dict]:
    """Read the database and build a CreatorIndex; returns it with timings (read_s, build_s)."""
    t = time.perf_counter()
    data, meta = load_arrays(engine, progress, batch, workers)
    workers_used = meta.pop("workers")
    read_s = time.perf_counter() - t
    t = time.perf_counter()
    if not data:
        data = {"account_id": np.zeros(0, dtype=np.int64)}
    if progress:
        progress("building index", 0, 1)
    index = CreatorIndex.from_arrays(data, meta=meta)
    if progress:
        progress("building index", 1, 1)
    return index, {"read_s": round(read_s, 2), "build_s": round(time.perf_counter() - t, 2), "workers": workers_used,
                   **meta}
