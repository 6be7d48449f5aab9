"""Discovery rules: requests (text, brand, filters) → engine queries → explained, displayable results.

Same service behind the page, the API and the CLI. Tenancy: the engine sees `workspace_id`, so rows private to
another workspace never survive the filters; display rows are read through the workspace-scoped repository.
"""

from __future__ import annotations

import csv
import io
import time
from functools import lru_cache
from typing import Any

import numpy as np
from sqlalchemy.orm import Session

from reachroom.brands import service as brands_service
from reachroom.core.csv_export import absolute_url, number_cell, percent_cell, text_cell
from reachroom.core.errors import AppError, invalid, not_found
from reachroom.core.tenancy import WorkspaceContext
from reachroom.creators import repository as creators_repo
from reachroom.discovery import index_store, intent, queries
from reachroom.discovery import repository as repo
from reachroom.discovery.engine import AudienceConstraint, CreatorIndex, Query, QueryError, explain
from reachroom.discovery.engine import search as run
from reachroom.discovery.engine.schema import (
    AGE_BANDS,
    AUDIENCE_COUNTRIES,
    AUDIENCE_LANGUAGES,
    DEFAULT_NICHES,
    TONE_TRAITS,
)
from reachroom.discovery.lists import service as lists_service
from reachroom.discovery.schemas import (
    Component,
    LookalikeRequest,
    ResultOut,
    SearchOut,
    SearchRequest,
    SeedOut,
)

# Brand target-audience keys → engine audience kinds.
AUDIENCE_KIND = {"countries": "country", "age_bands": "age", "genders": "gender", "languages": "language"}
KNOWN_KEYS = {"country": set(AUDIENCE_COUNTRIES) - {"other"}, "language": set(AUDIENCE_LANGUAGES) - {"other"},
              "age": set(AGE_BANDS), "gender": {"female", "male"}}


def _index(db: Session) -> CreatorIndex:
    return index_store.current_index(db.get_bind())


@lru_cache(maxsize=256)
def _embed_text(text: str) -> tuple[float, ...]:
    from reachroom.content.embedder import get_embedder

    return tuple(get_embedder().encode([text])[0].tolist())


def embed(text: str, dim: int | None) -> np.ndarray | None:
    """The query text as a unit vector from the same embedder as the index (None without text or embeddings)."""
    text = text.strip()
    if not text or not dim:
        return None
    vec = np.asarray(_embed_text(text), dtype=np.float32)
    return vec if vec.size == dim else None


def brand_targets(db: Session, ctx: WorkspaceContext, brand_id: int, dim: int | None) -> dict[str, Any]:
    """Soft targets of a brand: description + voice vector, niches, target audience, voice tone, tolerated flags."""
    brand = brands_service.find_brand(db, ctx, brand_id)
    if brand is None:
        raise not_found("Brand")
    from reachroom.content.tone import profile_brand_voice

    words = " ".join([brand.description, brand.voice, ", ".join(brand.values or []), ", ".join(brand.niches or [])])
    targets: list[AudienceConstraint] = []
    for key, kind in AUDIENCE_KIND.items():
        shares = (brand.target_audience or {}).get(key) or {}
        for k, share in sorted(shares.items(), key=lambda kv: -float(kv[1] or 0))[: 1 if kind == "gender" else 3]:
            k = k.upper() if kind == "country" else k
            if k in KNOWN_KEYS[kind] and share and float(share) > 0:
                targets.append(AudienceConstraint(kind, k, float(share)))
    tone = None
    if brand.voice or brand.description:
        # The content profile's traits by name; engine traits it does not measure stay neutral (0.5).
        traits = profile_brand_voice(brand.voice or brand.description).traits
        tone = np.array([float(traits.get(t, 0.5)) for t in TONE_TRAITS], dtype=np.float32)
    niches = [n for n in brand.niches or [] if n in DEFAULT_NICHES]
    return {
        "brand_vector": embed(words, dim),
        # The first niches are the brand's main ones; later ones count a little less.
        "target_niches": {n: round(1.0 - 0.1 * i, 2) for i, n in enumerate(niches)} or None,
        "audience_targets": tuple(targets),
        "brand_tone": tone,
        "tolerate_flags": tuple(brand.tolerated_safety or ()),
    }


def _run(index: CreatorIndex, query: Query) -> Any:
    try:
        return run(index, query)
    except QueryError as err:
        raise queries.engine_error(err) from None


def _results(db: Session, ctx: WorkspaceContext, response: Any) -> list[ResultOut]:
    rows = repo.display_rows(db, ctx, response.account_ids)
    out = []
    for r in response.results:
        d = rows.get(r.account_id)
        if d is None:  # deleted since the index was refreshed, or not visible: never shown
            continue
        raw = r.raw
        out.append(ResultOut(
            rank=r.rank, account_id=r.account_id, creator_id=r.creator_id, handle=d.handle,
            display_name=d.display_name or d.creator_name, creator_name=d.creator_name, platform=raw.get("platform"),
            country=d.country, language=d.language, tier=raw.get("tier"), followers=raw.get("followers"),
            engagement_rate=raw.get("engagement_rate"), er_percentile=raw.get("er_percentile"),
            authenticity_score=raw.get("authenticity_score"), est_fee_low=raw.get("est_fee_low"),
            est_fee_high=raw.get("est_fee_high"), top_niche=raw.get("top_niche"),
            fit=round(r.fit, 4), confidence=round(r.confidence, 3), authenticity_gate=round(r.gate, 3),
            components={k: Component(value=round(c.value, 4), confidence=round(c.confidence, 3),
                                     weight=round(c.weight, 4)) for k, c in r.components.items()},
            reasons=explain(r, currency="£"), sort_value=r.sort_value, profile_url=f"/creators/{r.creator_id}",
        ))
    return out


def search(db: Session, ctx: WorkspaceContext, request: SearchRequest) -> SearchOut:
    """Run a discovery search in the caller's workspace."""
    t0 = time.perf_counter()
    index = _index(db)
    # The lists domain owns list membership; one rule for which lists a workspace may exclude, and the brand's
    # exclusion lists apply unless the request turns them off.
    brand = request.brand_id if request.brand_exclusions else None
    exclude, applied = lists_service.search_exclusions(db, ctx, request.exclude_list_ids, brand)
    kw = queries.engine_filters(request, ctx.workspace_id, sorted(exclude))
    dim = index.embedding_dim
    if request.brand_id is not None:
        kw.update(brand_targets(db, ctx, request.brand_id, dim))
    kw["text_vector"] = embed(request.text, dim)
    inferred: dict[str, float] = {}
    if not request.niches and kw.get("target_niches") is None and request.text.strip():
        # No explicit niches: the niches the text clearly asks for become soft targets (once per search).
        inferred = intent.niche_targets(request.text)
        if inferred:
            kw.update(target_niches=inferred, niches_inferred=True)
    query = queries.search_query(request, kw)
    response = _run(index, query)
    results = _results(db, ctx, response)
    return SearchOut(total=response.total, took_ms=round((time.perf_counter() - t0) * 1000, 1),
                     exact=response.exact, weights={k: round(v, 4) for k, v in response.weights.items()},
                     limit=request.limit, offset=request.offset, index_rows=index.visible_rows(ctx.workspace_id),
                     results=results, inferred_niches=inferred, excluded_lists=applied)


def lookalikes(db: Session, ctx: WorkspaceContext, request: LookalikeRequest) -> SearchOut:
    """Creators like the seeds: mean seed embedding, the seeds' main niches and audience countries as soft
    targets, the seeds' tiers as a filter unless the caller set tiers or a follower range; seeds excluded."""
    t0 = time.perf_counter()
    seeds = list(dict.fromkeys(request.account_ids))
    visible = repo.display_rows(db, ctx, seeds)
    for i, a in enumerate(seeds):
        if a not in visible:
            raise AppError(404, f"account_ids[{i}]: account {a} not found", "not_found")
    index = _index(db)
    rows = index.rows_of(seeds)
    if (rows < 0).all():
        raise invalid("account_ids", "none of these accounts is in the search index yet; try again shortly")
    decoded = [index.decode_row(int(r)) for r in rows if r >= 0]
    f = request.filters
    exclude = lists_service.exclusion_account_ids(db, ctx, f.exclude_list_ids, "filters.exclude_list_ids")
    kw = queries.engine_filters(f, ctx.workspace_id, sorted(set(exclude) | set(seeds)))
    emb = index.embeddings(seeds)
    vec = emb.mean(axis=0) if emb.size else None
    if vec is not None and np.linalg.norm(vec) > 0:
        kw["text_vector"] = (vec / np.linalg.norm(vec)).astype(np.float32)
    niche = {n: float(np.mean([d["niche_scores"][n] for d in decoded])) for n in DEFAULT_NICHES}
    top = [n for n, v in sorted(niche.items(), key=lambda kv: -kv[1]) if v >= 0.2][:2]
    if top:
        kw["target_niches"] = {n: round(min(1.0, niche[n] / niche[top[0]]), 3) for n in top}
    countries = {c: float(np.mean([d["audience_country"][c] for d in decoded])) for c in AUDIENCE_COUNTRIES[:-1]}
    best = [(c, s) for c, s in sorted(countries.items(), key=lambda kv: -kv[1]) if s >= 0.1][:2]
    if best:
        kw["audience_targets"] = tuple(AudienceConstraint("country", c, round(s, 3)) for c, s in best)
    if not f.tiers and f.followers_min is None and f.followers_max is None:
        kw["tiers"] = tuple(sorted({d["tier"] for d in decoded if d["tier"]}))
    query = queries.lookalike_query(request, kw)
    response = _run(index, query)
    results = _results(db, ctx, response)
    return SearchOut(total=response.total, took_ms=round((time.perf_counter() - t0) * 1000, 1),
                     exact=response.exact, weights={k: round(v, 4) for k, v in response.weights.items()},
                     limit=request.limit, offset=0, index_rows=index.visible_rows(ctx.workspace_id), results=results,
                     seeds=seeds,
                     seed_accounts=[_seed(visible[a]) for a in seeds])


def _seed(d: Any) -> SeedOut:
    return SeedOut(account_id=d.id, creator_id=d.creator_id, handle=d.handle, platform=d.platform,
                   display_name=d.display_name or d.creator_name,
                   profile_url=f"/creators/{d.creator_id}?account={d.id}")


def lookalikes_by_handle(db: Session, ctx: WorkspaceContext, handles: list[str], platform: str | None,
                         limit: int) -> SearchOut:
    """Lookalikes of accounts named by handle (the CLI's)."""
    ids = []
    for i, h in enumerate(handles):
        found = creators_repo.accounts_by_handle(db, ctx, h, platform)
        if not found:
            raise invalid(f"handles[{i}]", f"no account @{h.lstrip('@')} in this workspace's catalogue")
        ids.append(found[0].id)
    return lookalikes(db, ctx, LookalikeRequest(account_ids=ids, limit=limit))


def brands(db: Session, ctx: WorkspaceContext) -> list[dict]:
    return [{"id": b.id, "name": b.name} for b in repo.brands(db, ctx)]


CSV_COLUMNS = ("rank", "handle", "platform", "display_name", "country", "tier", "followers", "engagement_rate",
               "er_percentile", "authenticity_score", "est_fee_low", "est_fee_high", "top_niche", "fit",
               "confidence", "reasons", "profile_url")


#: How each CSV column is written: rates as percents, counts and scores whole, fit and confidence to 2 places.
_CSV_CELLS = {"followers": number_cell, "engagement_rate": percent_cell, "er_percentile": number_cell,
              "authenticity_score": number_cell, "est_fee_low": number_cell, "est_fee_high": number_cell,
              "fit": lambda v: number_cell(v, 2), "confidence": lambda v: number_cell(v, 2)}


def search_csv(db: Session, ctx: WorkspaceContext, request: SearchRequest, base_url: str = "") -> str:
    """A search's results as CSV (one row per result, reasons joined by '; ', profile links absolute)."""
    out = search(db, ctx, request)
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(CSV_COLUMNS)
    for r in out.results:
        d = r.model_dump()
        d["reasons"] = "; ".join(r.reasons)
        d["profile_url"] = absolute_url(base_url, r.profile_url)
        w.writerow([_CSV_CELLS[c](d[c]) if c in _CSV_CELLS else text_cell(d[c]) for c in CSV_COLUMNS])
    return buf.getvalue()


def rebuild(engine: Any, progress: Any = None) -> dict[str, Any]:
    """Rebuild the discovery index of a database from scratch and save it."""
    return index_store.holder(engine).rebuild(progress)


