"""Build the discovery engine's arrays from the database (id-range batches of Core selects) into a CreatorIndex.

The same code feeds production (index_store) and `reachroom bench discovery`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

import numpy as np
from sqlalchemy import Engine

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

BATCH = 20_000
EPOCH = datetime(1970, 1, 1)
Progress = Callable[[str, int, int], None]
# Confidence in an audience profile: first-party data is exact; estimates grow with the sample size.
FIRST_PARTY_SOURCES = ("official_api", "creator_oauth")


def _num(v: Any) -> float:
    return np.nan if v is None else float(v)


def _audience_confidence(row: Any) -> float:
    if row is None:
        return np.nan
    if row.source in FIRST_PARTY_SOURCES:
        return 1.0
    if row.sample_size:
        return float(min(1.0, 0.3 + row.sample_size / 1500))
    return 0.5


def _country_shares(d: dict | None, vocab: Sequence[str]) -> dict[str, float] | None:
    """Shares keyed by tracked code; untracked keys summed into 'other'."""
    if not d:
        return None
    known = set(vocab)
    out: dict[str, float] = {}
    for k, v in d.items():
        key = k if k in known else "other"
        out[key] = out.get(key, 0.0) + float(v or 0)
    return out


def arrays_from_rows(rows: Sequence[Any], audiences: dict[int, Any]) -> dict[str, Any]:
    """Engine columns (schema.py) for one batch of loader rows plus their latest audience profiles."""
    m = len(rows)
    ids = np.fromiter((r.id for r in rows), dtype=np.int64, count=m)
    platforms = [r.platform for r in rows]
    followers = np.array([_num(r.followers) for r in rows], dtype=np.float64)
    fee_low, fee_high = estimate_fee_batch(followers, platforms)
    data: dict[str, Any] = {
        "account_id": ids,
        "creator_id": np.fromiter((r.creator_id for r in rows), dtype=np.int64, count=m),
        "owner_workspace": np.fromiter((r.workspace_id or 0 for r in rows), dtype=np.int32, count=m),
        "platform": platforms,
        "country": [r.country or None for r in rows],
        "language": [(r.language or "").split("-")[0].lower() or None for r in rows],
        "followers": followers.astype(np.float32),
        "est_fee_low": fee_low.astype(np.float32),
        "est_fee_high": fee_high.astype(np.float32),
    }
    # Tier and band come from account_stats when computed; the engine derives them from followers otherwise.
    if all(r.tier for r in rows):
        data["tier"] = [r.tier for r in rows]
    if all(r.band for r in rows):
        data["band"] = [r.band for r in rows]
    for name, attr in (("engagement_rate", "engagement_rate"), ("er_percentile", "er_percentile"),
                       ("er_posts_used", "er_posts_used"), ("growth_90d_pct", "growth_90d_pct"),
                       ("posts_per_week", "posts_per_week"), ("est_reach", "est_reach"),
                       ("sponsored_share", "sponsored_share"), ("authenticity_score", "score"),
                       ("authenticity_confidence", "confidence")):
        data[name] = np.array([_num(getattr(r, attr)) for r in rows], dtype=np.float32)
    data["last_post_day"] = np.array(
        [(r.last_post_at - EPOCH).total_seconds() / 86400 if r.last_post_at else np.nan for r in rows],
        dtype=np.float32)
    data["niche_scores"] = shares_matrix([r.niche_scores or None for r in rows], DEFAULT_NICHES)
    data["brand_safety"] = np.fromiter((int(r.safety_mask or 0) for r in rows), dtype=np.uint16, count=m)
    tone = np.full((m, len(TONE_TRAITS)), np.nan, dtype=np.float32)
    for i, r in enumerate(rows):
        if r.tone:
            tone[i] = [float(r.tone.get(t, 0.5)) for t in TONE_TRAITS]
    data["tone"] = tone
    embeddings = [from_bytes(r.embedding) if r.embedding else None for r in rows]
    dim = next((e.size for e in embeddings if e is not None), 0)
    if dim:
        emb = np.zeros((m, dim), dtype=np.float32)
        for i, e in enumerate(embeddings):
            if e is not None and e.size == dim:
                emb[i] = e
        data["embedding"] = emb
    aud = [audiences.get(int(i)) for i in ids]
    data["audience_age"] = shares_matrix([a.age_bands if a else None for a in aud], AGE_BANDS)
    data["audience_gender"] = shares_matrix([a.genders if a else None for a in aud], GENDERS)
    data["audience_country"] = shares_matrix(
        [_country_shares(a.countries, AUDIENCE_COUNTRIES) if a else None for a in aud], AUDIENCE_COUNTRIES)
    data["audience_language"] = shares_matrix(
        [_country_shares(a.languages, AUDIENCE_LANGUAGES) if a else None for a in aud], AUDIENCE_LANGUAGES)
    data["audience_confidence"] = np.array([_audience_confidence(a) for a in aud], dtype=np.float32)
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
    for k in ("tier", "band"):  # only when every batch had them; else the engine derives from followers
        if k not in out:
            out.pop(k, None)
    return out


def load_arrays(engine: Engine, progress: Progress | None = None, batch: int = BATCH) -> tuple[dict[str, Any], dict]:
    """Every account's columns, read in id-range batches; plus the manifest stamps the data was read at."""
    with engine.connect() as conn:
        count, lo, hi = repo.account_id_bounds(conn)
        stamps = repo.change_stamps(conn)
        parts: list[dict[str, Any]] = []
        done = 0
        start = lo
        while count and start <= hi:
            end = start + batch
            rows = repo.account_rows_in_range(conn, start, end)
            if rows:
                parts.append(arrays_from_rows(rows, repo.latest_audiences(conn, start, end)))
                done += len(rows)
                if progress:
                    progress("reading accounts", done, count)
            start = end
    meta = {"db_count": done, "db_max_id": hi, "stamps": stamps,
            "db_url": engine.url.render_as_string(hide_password=True)}
    return (_concat(parts) if parts else {}), meta


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


def build_index(engine: Engine, progress: Progress | None = None, batch: int = BATCH) -> tuple[CreatorIndex, dict]:
    """Read the database and build a CreatorIndex; returns it with timings (read_s, build_s)."""
    t = time.perf_counter()
    data, meta = load_arrays(engine, progress, batch)
    read_s = time.perf_counter() - t
    t = time.perf_counter()
    if not data:
        data = {"account_id": np.zeros(0, dtype=np.int64)}
    if progress:
        progress("building index", 0, 1)
    index = CreatorIndex.from_arrays(data, meta=meta)
    if progress:
        progress("building index", 1, 1)
    return index, {"read_s": round(read_s, 2), "build_s": round(time.perf_counter() - t, 2), **meta}
