"""`reachroom bench discovery` (DB-backed index build, latency, recall, brute force, SQL) and `bench relevance`."""

from __future__ import annotations

import os
import platform
import resource
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from reachroom.core.tenancy import WorkspaceContext
from reachroom.discovery import loader
from reachroom.discovery.bench.scratch_db import open_synthetic_db, synthetic_db_holds, write_synthetic_db
from reachroom.discovery.engine import BruteForce, CreatorIndex, search
from reachroom.discovery.engine.schema import BRAND_SAFETY_FLAGS, DEFAULT_NICHES
from reachroom.discovery.engine.synthetic import synthetic_queries


def _pct(v: list[float], q: float) -> float | None:
    return round(float(np.percentile(v, q)), 2) if v else None


def _sql_query(q) -> tuple[str, dict]:
    """The same filters as one SQL statement, ranked by a simplified fit (no semantic part: SQL has no vectors)."""
    where = ["(sa.workspace_id IS NULL OR sa.workspace_id = :ws)"]
    params: dict[str, Any] = {"ws": q.workspace_id}
    if q.platforms:
        where.append("sa.platform IN ({})".format(",".join(f"'{p}'" for p in q.platforms)))
    if q.tiers:
        where.append("st.tier IN ({})".format(",".join(f"'{t}'" for t in q.tiers)))
    if q.countries:
        where.append("c.country IN ({})".format(",".join(f"'{x}'" for x in q.countries)))
    for col, lo, hi in (("sa.followers", q.followers_min, q.followers_max),):
        if lo is not None:
            where.append(f"{col} >= {lo}")
        if hi is not None:
            where.append(f"{col} <= {hi}")
    if q.er_percentile_min is not None:
        where.append(f"st.er_percentile >= {q.er_percentile_min}")
    if q.authenticity_min is not None:
        where.append(f"au.score >= {q.authenticity_min}")
    if q.sponsored_share_max is not None:
        where.append(f"ct.sponsored_share <= {q.sponsored_share_max}")
    if q.exclude_flags:
        mask = sum(1 << BRAND_SAFETY_FLAGS.index(f) for f in q.exclude_flags)
        where.append(f"(ct.safety_mask & {mask}) = 0")
    if q.active_within_days is not None:
        day = q.now_day - q.active_within_days
        where.append(f"julianday(st.last_post_at) - 2440587.5 >= {day}")
    for n in q.niches:
        where.append(f"COALESCE(json_extract(ct.niche_scores, '$.{n}'), 0) >= {q.niche_min_score}")
    for a in q.audience:
        where.append(f"COALESCE(json_extract(ap.countries, '$.{a.key}'), 0) >= {a.share}")
    niche_terms = [f"COALESCE(json_extract(ct.niche_scores, '$.{n}'), 0)" for n in (q.target_niches or q.niches or [])]
    niche = f"max({', '.join(niche_terms)}, 0)" if niche_terms else "0.5"
    aud = [a for a in (q.audience_targets or q.audience) if a.kind == "country"]
    aud_terms = [f"min(COALESCE(json_extract(ap.countries, '$.{a.key}'), 0), {a.share})" for a in aud]
    audience = f"({' + '.join(aud_terms)}) / {sum(a.share for a in aud)}" if aud_terms else "0.5"
    fit = (f"0.3 * {niche} + 0.2 * {audience} + 0.25 * COALESCE(st.er_percentile, 50) / 100 "
           f"+ 0.25 * COALESCE(au.score, 50) / 100")
    order = f"{fit} DESC" if q.sort == "fit" else f"st.{q.sort if q.sort != 'followers' else 'account_id'} DESC"
    if q.sort == "followers":
        order = "sa.followers DESC"
    sql = f"""
        SELECT sa.id FROM social_accounts sa JOIN creators c ON c.id = sa.creator_id
        LEFT JOIN account_stats st ON st.account_id = sa.id
        LEFT JOIN account_content ct ON ct.account_id = sa.id
        LEFT JOIN account_authenticity au ON au.account_id = sa.id AND au.scope_key = 0
        LEFT JOIN audience_profiles ap ON ap.account_id = sa.id
        WHERE {' AND '.join(where)} ORDER BY {order}, sa.id LIMIT {q.limit}"""
    return sql, params


def run_discovery_bench(creators: int, queries: int, *, sql_queries: int = 20, sql_max_creators: int = 1_000_000,
                        dim: int = 128, progress=None, keep_dir: str | None = None,
                        workers: int | None = None) -> dict[str, Any]:
    """Synthetic accounts → scratch SQLite → the production loader → saved/loaded index → timed queries.

    With keep_dir the scratch database is kept there and reused by the next run with the same N.
    """
    load_start = os.getloadavg()
    tmp = Path(keep_dir or tempfile.mkdtemp(prefix="reachroom-bench-db-"))
    tmp.mkdir(parents=True, exist_ok=True)
    url = f"sqlite:///{tmp / 'bench.db'}"
    t = time.perf_counter()
    reused = keep_dir is not None and synthetic_db_holds(url, creators)
    engine, world = open_synthetic_db(url, dim) if reused else write_synthetic_db(url, creators, dim=dim,
                                                                                   progress=progress)
    write_s = None if reused else round(time.perf_counter() - t, 2)
    t = time.perf_counter()
    index, info = loader.build_index(engine, progress, workers=workers)
    build_s = time.perf_counter() - t
    index.save(tmp / "index")
    index = CreatorIndex.load(tmp / "index")
    qs = synthetic_queries(queries, seed=1, world=world, dim=dim, limit=50)
    for q in qs[:10]:
        search(index, q)
    lat, responses = [], []
    for i, q in enumerate(qs):
        t = time.perf_counter()
        responses.append(search(index, q))
        lat.append((time.perf_counter() - t) * 1000)
        if progress:
            progress("queries", i + 1, len(qs))
    brute = BruteForce(index)
    recalls, brute_ms = [], []
    for q, r in zip(qs, responses, strict=True):
        t = time.perf_counter()
        ref = brute.search(q)
        brute_ms.append((time.perf_counter() - t) * 1000)
        want = ref.account_ids[:50]
        if want:
            recalls.append(len(set(r.account_ids[:50]) & set(want)) / len(want))
    sql_ms: list[float] = []
    if creators <= sql_max_creators:
        with engine.connect() as conn:
            for i, q in enumerate(qs[:sql_queries]):
                sql, params = _sql_query(q)
                t = time.perf_counter()
                conn.execute(text(sql), params).fetchall()
                sql_ms.append((time.perf_counter() - t) * 1000)
                if progress:
                    progress("sql queries", i + 1, min(sql_queries, len(qs)))
    result = {
        "creators": creators, "queries": len(qs), "k": 50, "dim": dim,
        "build_s": round(build_s, 2), "read_s": info["read_s"], "index_only_build_s": info["build_s"],
        "write_db_s": write_s, "reused_db": reused, "read_workers": info["workers"], "index_bytes": index.nbytes(),
        "p50_ms": _pct(lat, 50), "p95_ms": _pct(lat, 95), "p99_ms": _pct(lat, 99),
        "recall_at_50": round(float(np.mean(recalls)), 4) if recalls else None,
        "recall_min": round(float(np.min(recalls)), 4) if recalls else None,
        "bruteforce_p95_ms": _pct(brute_ms, 95),
        "sql_p95_ms": _pct(sql_ms, 95), "sql_p50_ms": _pct(sql_ms, 50), "sql_queries": len(sql_ms),
        "sql_creators": creators if sql_ms else None,
        "mean_survivors": int(np.mean([r.total for r in responses])) if responses else 0,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "load_avg_start": [round(x, 2) for x in load_start], "load_avg_end": [round(x, 2) for x in os.getloadavg()],
        "cpus": os.cpu_count(), "numpy": np.__version__, "python": platform.python_version(),
    }
    engine.dispose()
    if keep_dir is None:
        shutil.rmtree(tmp, ignore_errors=True)
    return result


# ------------------------------------------------------------------------------------------ relevance

FRAUD_CASES = ("bought_followers", "engagement_pod", "fake_audience")


def _truth(db: Session) -> tuple[dict[int, list[str]], set[int]]:
    from reachroom.models import DemoTruth

    niches: dict[int, list[str]] = {}
    fraud: set[int] = set()
    for account_id, case, details in db.execute(select(DemoTruth.account_id, DemoTruth.case, DemoTruth.details)):
        if case == "profile":
            niches[account_id] = list((details or {}).get("niches") or [])
        elif case in FRAUD_CASES:
            fraud.add(account_id)
    return niches, fraud


def run_relevance_bench(db: Session, ctx: WorkspaceContext, k: int = 20) -> dict[str, Any]:
    """precision@k of demo-brand and ground-truth briefs; rate of injected fraud accounts in the top k.

    Truth is the generator's own `demo_truth` (evaluation code may read it; scoring never does): an account truly
    fits a brand when its primary niche is one of the brand's niches, and a brief (niche, audience country, tier)
    when its primary niche is the brief's niche and it passes the brief's hard audience/tier filters.
    """
    from reachroom.discovery import service
    from reachroom.discovery.schemas import SearchRequest
    from reachroom.models import Brand, DemoTruth

    if not db.scalar(select(func.count()).select_from(DemoTruth)):
        from reachroom.core.errors import invalid

        raise invalid("database", "no demo ground truth here; load the demo first (`reachroom demo`)")
    niches, fraud = _truth(db)
    rows: list[dict[str, Any]] = []

    def record(kind: str, name: str, out, fits) -> None:
        top = out.results[:k]
        rows.append({"kind": kind, "brief": name, "results": len(top), "took_ms": out.took_ms,
                     "precision_at_20": round(sum(1 for r in top if fits(r)) / len(top), 3) if top else None,
                     "fraud_in_top_20": sum(1 for r in top if r.account_id in fraud),
                     "fraud_account_ids": [r.account_id for r in top if r.account_id in fraud]})

    for brand in db.scalars(select(Brand).where(Brand.workspace_id == ctx.workspace_id).order_by(Brand.id)):
        out = service.search(db, ctx, SearchRequest(brand_id=brand.id, limit=k))
        wanted = set(brand.niches or [])
        record("brand", brand.name, out,
               lambda r, wanted=wanted: bool(niches.get(r.account_id)) and niches[r.account_id][0] in wanted)
    for niche in DEFAULT_NICHES:
        for country in ("GB", "US"):
            # The niche is asked for in words (semantic + content), not as a hard filter that would make the
            # precision trivially the niche classifier's.
            req = SearchRequest(text=f"{niche} creator", tiers=["micro"],
                                audience=[{"kind": "country", "key": country, "min_share": 0.3}], limit=k)
            out = service.search(db, ctx, req)
            record("truth_brief", f"{niche} · {country} ≥30% · micro", out,
                   lambda r, niche=niche: bool(niches.get(r.account_id)) and niches[r.account_id][0] == niche)
    brand_rows = [r for r in rows if r["kind"] == "brand" and r["precision_at_20"] is not None]
    brief_rows = [r for r in rows if r["kind"] == "truth_brief" and r["precision_at_20"] is not None]
    total = sum(r["results"] for r in rows)
    return {
        "k": k,
        "brand_precision_at_20": round(float(np.mean([r["precision_at_20"] for r in brand_rows])), 3)
        if brand_rows else None,
        "brief_precision_at_20": round(float(np.mean([r["precision_at_20"] for r in brief_rows])), 3)
        if brief_rows else None,
        "precision_at_20": round(float(np.mean([r["precision_at_20"] for r in brand_rows + brief_rows])), 3)
        if rows else None,
        "fraud_rate_top_20": round(sum(r["fraud_in_top_20"] for r in rows) / total, 4) if total else None,
        "fraud_accounts": len(fraud),
        "briefs": rows,
    }
