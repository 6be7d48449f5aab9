"""HTML page: /discover (query box, brand picker, filters, weight sliders, explained results).

With `like=<account id>` (repeatable, or comma-separated) it shows lookalikes of those accounts instead.
"""

import re
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from pydantic import ValidationError
from sqlalchemy.orm import Session
from starlette.datastructures import QueryParams

from reachroom.core.deps import DB, PageAuth, page_auth
from reachroom.core.errors import AppError, field_errors, invalid
from reachroom.core.templating import templates
from reachroom.core.types import parse_id
from reachroom.core.vocab import NICHE_SLUGS, SAFETY_CATEGORIES
from reachroom.discovery import labels, service
from reachroom.discovery.engine import COMPONENTS, DEFAULT_WEIGHTS
from reachroom.discovery.lists import service as lists_service
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
        raise AppError(422, str(field_errors(err.errors(), default="")[0]), "validation_error") from None


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


def page_request(params) -> SearchRequest:
    """The page's parameters → a SearchRequest, with the brand's exclusion lists off when `exclusions_off` names
    the searched brand (a removed filter stays removed for that brand only)."""
    search = request_from_params(params)
    off = search.brand_id is not None and params.get("exclusions_off", "") == str(search.brand_id)
    return search.model_copy(update={"brand_exclusions": not off}) if off else search


def _num(value: float) -> str:
    """12.0 → '12', 2.5 → '2.5' (what a person would type)."""
    return f"{value:.4f}".rstrip("0").rstrip(".")


# Saved-query settings the page has no control for (they are listed, not silently dropped).
UNSHOWN = {"er_max": "ER max", "growth_min": "growth min", "growth_max": "growth max",
           "posts_per_week_min": "posts per week", "niche_min_score": "niche strength", "order": "sort order",
           "authenticity_gate": "authenticity ranking"}


def params_from_query(query: dict) -> tuple[list[tuple[str, str]], list[str]]:
    """A saved query (a SearchRequest as JSON) → the page's parameters, and the settings the page can't show."""
    try:
        s = SearchRequest.model_validate(query)
    except ValidationError as err:
        first = field_errors(err.errors(), prefix="query")[0]
        raise invalid(first.field, first.message) from None
    out: list[tuple[str, str]] = [("go", "1")]
    if s.text:
        out.append(("q", s.text))
    if s.brand_id is not None:
        out.append(("brand_id", str(s.brand_id)))
        if not s.brand_exclusions:
            out.append(("exclusions_off", str(s.brand_id)))
    for key in ("platforms", "tiers", "niches", "exclude_safety"):
        out += [(key, v) for v in getattr(s, key)]
    for key in ("countries", "languages"):
        if getattr(s, key):
            out.append((key, ", ".join(getattr(s, key))))
    for key in NUMBERS:
        if getattr(s, key) is not None:
            out.append((key, _num(getattr(s, key))))
    for key in ("er_min", "sponsored_share_max"):
        if getattr(s, key) is not None:
            out.append((key, _num(getattr(s, key) * 100)))
    unshown = [label for key, label in UNSHOWN.items() if key in s.model_fields_set
               and getattr(s, key) != SearchRequest.model_fields[key].default]
    shown_kinds: set[str] = set()
    for a in s.audience:
        if a.kind == "language" or a.kind in shown_kinds:
            unshown.append(f"audience {a.kind} {a.key}")
            continue
        shown_kinds.add(a.kind)
        out += [(f"aud_{a.kind}", a.key), (f"aud_{a.kind}_min", _num(a.min_share * 100))]
    out += [("exclude_list_ids", str(i)) for i in s.exclude_list_ids]
    out += [(f"w_{c}", _num(w * 100)) for c, w in s.weights.items() if c in COMPONENTS]
    if s.sort != "fit":
        out.append(("sort", s.sort))
    if s.limit != SearchRequest.model_fields["limit"].default:
        out.append(("limit", str(s.limit)))
    return out, unshown


def _saved_id(raw: str) -> int:
    text = raw.strip()
    if not text.isdigit() or not 0 < int(text) < 2**63:
        raise invalid("saved", f"{text[:20]!r} is not a saved search id")
    return int(text)


def _url(pairs: list[tuple[str, str]], drop: tuple[str, ...] = ()) -> str:
    """/discover with these parameters (minus the dropped names)."""
    kept = [(k, v) for k, v in pairs if k not in drop]
    return "/discover" + ("?" + urlencode(kept) if kept else "")


def exclusion_filters(pairs: list[tuple[str, str]], out, lists: list[dict], brand_id: int | None) -> dict:
    """The exclusion lists a search applied, each with a link that removes it; with the brand's lists turned off,
    a link that applies them again."""
    base = [(k, v) for k, v in pairs if k not in ("saved", "listed")]
    applied = out.excluded_lists if out is not None else []
    defaults = [x.id for x in applied if x.by_default]
    chips = []
    for x in applied:
        if x.by_default:
            rest = [("exclude_list_ids", str(i)) for i in defaults if i != x.id]
            remove = _url([p for p in base if p[0] != "exclusions_off"] + [("exclusions_off", str(brand_id))] + rest)
        else:
            remove = _url([p for p in base if p != ("exclude_list_ids", str(x.id))])
        chips.append({"id": x.id, "name": x.name, "accounts": x.accounts, "by_default": x.by_default,
                      "remove_url": remove})
    restore = None
    off = brand_id is not None and ("exclusions_off", str(brand_id)) in base
    if off and any(lst["kind"] == "exclusion" and lst["brand_id"] == brand_id for lst in lists):
        restore = _url(base, drop=("exclusions_off",))
    return {"chips": chips, "restore_url": restore}


def _default_list(lists: list[dict], brand_id: int | None) -> int | None:
    """The list "Add to list" offers first: the searched brand's shortlist, else the first shortlist (never an
    exclusion list, so nobody excludes a creator by accident)."""
    shortlists = [lst for lst in lists if lst["kind"] == "shortlist"]
    for lst in shortlists:
        if brand_id is not None and lst["brand_id"] == brand_id:
            return lst["id"]
    return shortlists[0]["id"] if shortlists else None


def _context(request: Request, db: Session, page: PageAuth) -> dict:
    params, saved, unshown = request.query_params, None, []
    if "saved" in params:
        # A saved search reopens the page prefilled: its query becomes the page's parameters.
        saved = lists_service.get_saved_search(db, page.ctx, _saved_id(params["saved"]))
        pairs, unshown = params_from_query(saved.query or {})
        params = QueryParams(pairs)
    seeds = seeds_from_params(params)
    pairs = [(k, v) for k, v in params.multi_items() if k not in ("saved", "listed")]
    lists = service.lists(db, page.ctx)
    ctx = {"request": request, "auth": page, "active": "discover", "params": params,
           "brands": service.brands(db, page.ctx), "lists": lists, "labels": labels.for_templates(),
           "niches": NICHE_SLUGS, "safety": SAFETY_CATEGORIES, "components": COMPONENTS,
           "default_weights": DEFAULT_WEIGHTS, "out": None, "error": None, "like": seeds,
           "saved": saved, "unshown": unshown, "exclusions": {"chips": [], "restore_url": None},
           # Where "Add to list" comes back to without JavaScript: this very search.
           "return_to": _url(pairs), "default_list_id": None,
           "searched": bool(seeds) or saved is not None or any(k in params for k in ("q", "brand_id", "go"))}
    if ctx["searched"]:
        brand_id = None
        try:
            if seeds:
                ctx["out"] = service.lookalikes(db, page.ctx, lookalike_from_params(params, seeds))
            else:
                search = page_request(params)
                brand_id = search.brand_id
                ctx["out"] = service.search(db, page.ctx, search)
        except AppError as err:
            if err.status == 404 and saved is None:
                raise
            ctx["error"] = err.message
        ctx["exclusions"] = exclusion_filters(pairs, ctx["out"], lists, brand_id)
        ctx["default_list_id"] = _default_list(lists, brand_id)
    else:
        ctx["default_list_id"] = _default_list(lists, None)
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
        ctx["out"] = service.search(db, page.ctx, page_request(request.query_params))
    return templates.TemplateResponse(request, "discover/_results.html", ctx)
