"""HTML page: /discover (query box, brand picker, filters, weight sliders, explained results).

With `like=<account id>` (repeatable, or comma-separated) it shows lookalikes of those accounts instead.
"""

from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from sqlalchemy.orm import Session
from starlette.datastructures import QueryParams

from reachroom.campaigns import service as campaigns_service
from reachroom.core.deps import DB, PageAuth, page_auth
from reachroom.core.errors import AppError, invalid
from reachroom.core.templating import templates
from reachroom.core.types import parse_id
from reachroom.core.vocab import NICHE_SLUGS, SAFETY_CATEGORIES
from reachroom.discovery import labels, service
from reachroom.discovery.engine import COMPONENTS, DEFAULT_WEIGHTS
from reachroom.discovery.lists import service as lists_service
from reachroom.discovery.lists.schemas import ListOut
from reachroom.discovery.queries import (
    NUMBERS,  # noqa: F401 -- the page's number fields; the page fuzz test reads them here
    lookalike_from_params,
    page_request,
    params_from_query,
    seeds_from_params,
)

router = APIRouter(include_in_schema=False)


def _saved_id(raw: str) -> int:
    text = raw.strip()
    if not text.isdigit() or not 0 < int(text) < 2**63:
        raise invalid("saved", f"{text[:20]!r} is not a saved search id")
    return int(text)


def _url(pairs: list[tuple[str, str]], drop: tuple[str, ...] = ()) -> str:
    """/discover with these parameters (minus the dropped names)."""
    kept = [(k, v) for k, v in pairs if k not in drop]
    return "/discover" + ("?" + urlencode(kept) if kept else "")


def exclusion_filters(pairs: list[tuple[str, str]], out, lists: list[ListOut], brand_id: int | None) -> dict:
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
    if off and any(lst.kind == "exclusion" and lst.brand_id == brand_id for lst in lists):
        restore = _url(base, drop=("exclusions_off",))
    return {"chips": chips, "restore_url": restore}


def _context(request: Request, db: Session, page: PageAuth) -> dict:
    params, saved, unshown = request.query_params, None, []
    if "saved" in params:
        # A saved search reopens the page prefilled: its query becomes the page's parameters.
        saved = lists_service.get_saved_search(db, page.ctx, _saved_id(params["saved"]))
        pairs, unshown = params_from_query(saved.query or {})
        params = QueryParams(pairs)
    seeds = seeds_from_params(params)
    pairs = [(k, v) for k, v in params.multi_items() if k not in ("saved", "listed")]
    lists = lists_service.list_lists(db, page.ctx)
    ctx = {"request": request, "auth": page, "active": "discover", "params": params,
           "brands": service.brands(db, page.ctx), "lists": lists, "labels": labels.for_templates(),
           "niches": NICHE_SLUGS, "safety": SAFETY_CATEGORIES, "components": COMPONENTS,
           "default_weights": DEFAULT_WEIGHTS, "out": None, "error": None, "like": seeds,
           "saved": saved, "unshown": unshown, "exclusions": {"chips": [], "restore_url": None},
           # Where "Add to list" comes back to without JavaScript: this very search.
           "return_to": _url(pairs),
           "searched": bool(seeds) or saved is not None or any(k in params for k in ("q", "brand_id", "go"))}
    brand_id = None
    if ctx["searched"]:
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
    # "Add to list" offers the searched brand's shortlist first.
    ctx["picker"] = lists_service.lists_for_picker(db, page.ctx, brand_id)
    # Opened from a campaign's "Find creators": each result can be invited straight into it.
    raw = request.query_params.get("campaign", "").strip()
    ctx["campaign"] = campaigns_service.get_campaign(db, page.ctx, parse_id(raw, "campaign")) if raw else None
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
