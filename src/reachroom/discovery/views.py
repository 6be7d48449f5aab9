"""HTML page: /discover (query box, brand picker, filters, weight sliders, explained results).

With `like=<account id>` (repeatable, or comma-separated) it shows lookalikes of those accounts instead.
"""

import re
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from pydantic import ValidationError
from sqlalchemy.orm import Session

from reachroom.core.deps import DB, PageAuth, page_auth
from reachroom.core.errors import AppError, invalid
from reachroom.core.templating import templates
from reachroom.core.types import parse_id
from reachroom.core.vocab import NICHE_SLUGS, SAFETY_CATEGORIES
from reachroom.discovery import service
from reachroom.discovery.engine import COMPONENTS, DEFAULT_WEIGHTS
from reachroom.discovery.schemas import MAX_SEEDS, LookalikeRequest, SearchFilters, SearchRequest

router = APIRouter(include_in_schema=False)
NUMBERS = ("followers_min", "followers_max", "authenticity_min", "fee_min", "fee_max", "er_percentile_min",
           "active_within_days")


def _float(value: str, scale: float = 1.0) -> float | None:
    value = value.strip().rstrip("%")
    return float(value) * scale if value else None


def _int(value: str | None, field: str, default: int) -> int:
    text = (value or "").strip()
    if not text:
        return default
    if not re.fullmatch(r"-?[0-9]{1,9}", text):
        raise invalid(field, f"{text[:20]!r} is not a whole number")
    return int(text)


def request_from_params(params) -> SearchRequest:
    """The page's query string → a SearchRequest (percent fields are typed as percentages)."""
    data: dict = {"text": params.get("q", ""), "sort": params.get("sort") or "fit"}
    try:
        # Inside the try: `limit=abc` is a 422 naming the field, not a 500.
        data["limit"] = _int(params.get("limit"), "limit", 50)
        data["offset"] = _int(params.get("offset"), "offset", 0)
        if params.get("brand_id"):
            data["brand_id"] = parse_id(params["brand_id"], "brand_id")
        for key in ("platforms", "tiers", "niches", "exclude_safety"):
            data[key] = [v for v in params.getlist(key) if v]
        for key in ("countries", "languages"):
            data[key] = [c.strip() for c in params.get(key, "").replace(";", ",").split(",") if c.strip()]
        for key in NUMBERS:
            if params.get(key):
                data[key] = _float(params[key])
        if params.get("er_min"):
            data["er_min"] = _float(params["er_min"], 0.01)
        if params.get("sponsored_share_max"):
            data["sponsored_share_max"] = _float(params["sponsored_share_max"], 0.01)
        audience = []
        for kind in ("country", "age", "gender"):
            key, share = params.get(f"aud_{kind}", "").strip(), params.get(f"aud_{kind}_min", "").strip()
            if key and share:
                audience.append({"kind": kind, "key": key.upper() if kind == "country" else key,
                                 "min_share": _float(share, 0.01)})
        data["audience"] = audience
        data["exclude_list_ids"] = [parse_id(v, "exclude_list_ids") for v in params.getlist("exclude_list_ids") if v]
        data["weights"] = {c: _float(params[f"w_{c}"], 0.01) for c in COMPONENTS if params.get(f"w_{c}")}
    except ValueError as err:
        raise AppError(422, f"Check the filters: {err}", "validation_error") from None
    try:
        return SearchRequest(**data)
    except ValidationError as err:
        e = err.errors()[0]
        raise AppError(422, f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}", "validation_error") from None


def seeds_from_params(params) -> list[int]:
    """`like=1&like=2` or `like=1,2` → seed account ids (duplicates dropped); a 422 naming `like` otherwise."""
    ids: list[int] = []
    for raw in params.getlist("like"):
        for part in raw.split(","):
            part = part.strip()
            if not part:
                continue
            ids.append(parse_id(part, "like"))
    ids = list(dict.fromkeys(ids))
    if len(ids) > MAX_SEEDS:
        raise invalid("like", f"find lookalikes of at most {MAX_SEEDS} accounts at once (got {len(ids)})")
    return ids


def lookalikes_url(seeds: list[int]) -> str:
    """The Discover page showing lookalikes of the seeds (plain /discover without any)."""
    return "/discover" + ("?" + urlencode([("like", a) for a in seeds]) if seeds else "")


def lookalike_from_params(params, seeds: list[int]) -> LookalikeRequest:
    """Lookalikes of the seeds, narrowed by the page's filters and weights (text, brand and sort don't apply)."""
    search = request_from_params(params)
    filters = SearchFilters(**search.model_dump(include=set(SearchFilters.model_fields)))
    return LookalikeRequest(account_ids=seeds, limit=search.limit, filters=filters, weights=search.weights)


def _context(request: Request, db: Session, page: PageAuth) -> dict:
    params = request.query_params
    seeds = seeds_from_params(params)
    ctx = {"request": request, "auth": page, "active": "discover", "params": params,
           "brands": service.brands(db, page.ctx), "lists": service.lists(db, page.ctx),
           "niches": NICHE_SLUGS, "safety": SAFETY_CATEGORIES, "components": COMPONENTS,
           "default_weights": DEFAULT_WEIGHTS, "out": None, "error": None, "like": seeds,
           # Where "Add to list" comes back to: the same lookalikes, or the Discover page.
           "return_to": lookalikes_url(seeds),
           "searched": bool(seeds) or any(k in params for k in ("q", "brand_id", "go"))}
    if ctx["searched"]:
        try:
            if seeds:
                ctx["out"] = service.lookalikes(db, page.ctx, lookalike_from_params(params, seeds))
            else:
                ctx["out"] = service.search(db, page.ctx, request_from_params(params))
        except AppError as err:
            if err.status == 404:
                raise
            ctx["error"] = err.message
    return ctx


@router.get("/discover")
def discover(request: Request, db: Session = DB, page: PageAuth = Depends(page_auth)):
    """The Discover page; with query parameters it runs the search, with `like` it finds lookalikes."""
    return templates.TemplateResponse(request, "discover/page.html", _context(request, db, page))


@router.get("/discover/results")
def discover_results(request: Request, db: Session = DB, page: PageAuth = Depends(page_auth)):
    """Only the results block (HTMX swaps it when a filter or weight changes)."""
    ctx = _context(request, db, page)
    ctx["searched"] = True
    if ctx["out"] is None and ctx["error"] is None:
        ctx["out"] = service.search(db, page.ctx, request_from_params(request.query_params))
    return templates.TemplateResponse(request, "discover/_results.html", ctx)
