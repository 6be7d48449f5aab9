"""A discovery request → the engine query: the one mapping, and its checks, behind page, API and CLI.

The API's JSON and the CLI's options are a SearchRequest / LookalikeRequest as they stand; the page's query string
(and a saved search reopened on the page) becomes one here. `engine_filters` and `search_query` /
`lookalike_query` turn a request into an engine Query. Request fields keep their names in the engine, and the one
the engine calls otherwise (exclude_safety, its exclude_flags) is checked here first, so every 422 names the
request's own field without a rename table.
"""

import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlencode

from pydantic import ValidationError

from reachroom.core.errors import AppError, field_errors, invalid
from reachroom.core.types import parse_id
from reachroom.discovery.engine import COMPONENTS, AudienceConstraint, Query, QueryError
from reachroom.discovery.engine.query import flag_mask
from reachroom.discovery.engine.schema import DEFAULT_NICHES
from reachroom.discovery.schemas import MAX_SEEDS, LookalikeRequest, SearchFilters, SearchRequest

# The page's number fields typed as they are stored (the percent fields er_min and sponsored_share_max aside).
NUMBERS = ("followers_min", "followers_max", "authenticity_min", "fee_min", "fee_max", "er_percentile_min",
           "active_within_days")
RANGES = (("followers_min", "followers_max"), ("er_min", "er_max"), ("fee_min", "fee_max"),
          ("growth_min", "growth_max"))


# ---------- request → engine query ----------

def engine_filters(f: SearchFilters, workspace_id: int, exclude_ids: Iterable[int]) -> dict[str, Any]:
    """A request's filters as engine Query fields (a 422 naming the request field for a bad range, niche or flag)."""
    for lo, hi in RANGES:
        a, b = getattr(f, lo), getattr(f, hi)
        if a is not None and b is not None and a > b:
            raise invalid(lo, f"must not exceed {hi} ({a:g} > {b:g})")
    niches = tuple(n.strip().lower() for n in f.niches)  # "Beauty" is beauty, as platforms and tiers ignore case
    for i, n in enumerate(niches):
        if n not in DEFAULT_NICHES:
            raise invalid(f"niches[{i}]", f"unknown niche {n!r}; expected one of {', '.join(DEFAULT_NICHES)}")
    try:
        flag_mask("exclude_safety", f.exclude_safety)
    except QueryError as err:
        raise invalid(err.field, err.message) from None
    return {
        "workspace_id": workspace_id,
        "platforms": tuple(p.lower() for p in f.platforms), "tiers": tuple(t.lower() for t in f.tiers),
        "followers_min": f.followers_min, "followers_max": f.followers_max,
        "er_min": f.er_min, "er_max": f.er_max, "er_percentile_min": f.er_percentile_min,
        "countries": tuple(c.upper() for c in f.countries), "languages": tuple(x.lower() for x in f.languages),
        "niches": niches, "niche_min_score": f.niche_min_score,
        "audience": tuple(AudienceConstraint(a.kind, a.key, a.min_share) for a in f.audience),
        "authenticity_min": f.authenticity_min, "exclude_flags": tuple(f.exclude_safety),
        "sponsored_share_max": f.sponsored_share_max, "fee_min": f.fee_min, "fee_max": f.fee_max,
        "growth_min": f.growth_min, "growth_max": f.growth_max, "posts_per_week_min": f.posts_per_week_min,
        "active_within_days": f.active_within_days, "exclude_ids": tuple(exclude_ids),
    }


def search_query(request: SearchRequest, fields: dict[str, Any]) -> Query:
    """A search as the engine runs it: `fields` (engine_filters plus scoring targets) with ranking and paging."""
    return Query(**fields, weights=dict(request.weights), sort=request.sort, descending=request.order == "desc",
                 limit=request.limit, offset=request.offset, authenticity_gate=request.authenticity_gate)


def lookalike_query(request: LookalikeRequest, fields: dict[str, Any]) -> Query:
    """Lookalikes as the engine runs them: `fields` (engine_filters plus the seeds' targets), weights and limit."""
    return Query(**fields, weights=dict(request.weights), limit=request.limit)


def engine_error(err: QueryError) -> AppError:
    """The engine's complaint as a 422; its field is the request's field (see the module docstring)."""
    return invalid(err.field, err.message)


# ---------- the page's query string → a request ----------

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


def page_request(params) -> SearchRequest:
    """The page's parameters → a SearchRequest, with the brand's exclusion lists off when `exclusions_off` names
    the searched brand (a removed filter stays removed for that brand only)."""
    search = request_from_params(params)
    off = search.brand_id is not None and params.get("exclusions_off", "") == str(search.brand_id)
    return search.model_copy(update={"brand_exclusions": not off}) if off else search


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


# ---------- a saved search → a request, and back to the page's query string ----------

def saved_request(query: dict) -> SearchRequest:
    """A saved query (a SearchRequest as JSON) → the request; a 422 naming `query.<field>` if it is not one."""
    try:
        return SearchRequest.model_validate(query)
    except ValidationError as err:
        first = field_errors(err.errors(), prefix="query")[0]
        raise invalid(first.field, first.message) from None


def _num(value: float) -> str:
    """12.0 → '12', 2.5 → '2.5' (what a person would type)."""
    return f"{value:.4f}".rstrip("0").rstrip(".")


# Saved-query settings the page has no control for (they are listed, not silently dropped).
UNSHOWN = {"er_max": "ER max", "growth_min": "growth min", "growth_max": "growth max",
           "posts_per_week_min": "posts per week", "niche_min_score": "niche strength", "order": "sort order",
           "authenticity_gate": "authenticity ranking"}


def params_from_query(query: dict) -> tuple[list[tuple[str, str]], list[str]]:
    """A saved query (a SearchRequest as JSON) → the page's parameters, and the settings the page can't show."""
    s = saved_request(query)
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
