"""HTML pages: lists, a list's items (notes, tags, export, compare), saved searches and compare."""

from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session
from starlette.datastructures import QueryParams

from reachroom.brands import service as brands_service
from reachroom.core.deps import DB, PageAuth, page_auth, page_write
from reachroom.core.errors import AppError, FieldError, validated
from reachroom.core.forms import recover_form
from reachroom.core.templating import templates
from reachroom.core.types import Id, parse_id
from reachroom.discovery.lists import service
from reachroom.discovery.lists.schemas import (
    MAX_COMPARE,
    MAX_LOOKALIKE_SEEDS,
    ItemIn,
    ItemPatch,
    ListIn,
    ListPatch,
    SavedSearchIn,
    split_tags,
)
from reachroom.discovery.queries import lookalikes_url, page_request

router = APIRouter(include_in_schema=False)


def _int_or_none(value, field: str) -> int | None:
    text = str(value or "").strip()
    if not text:
        return None
    return parse_id(text, field)


def _back(request: Request, form, fallback: str) -> str:
    """Where a form post returns to: its `next` field or the Referer, if on this site, else the fallback."""
    for target in (str(form.get("next") or ""), request.headers.get("referer", "")):
        if not target:
            continue
        parts = urlsplit(target)
        if parts.netloc and parts.netloc != request.url.netloc:
            continue
        if not parts.path.startswith("/") or parts.path.startswith("//"):
            continue
        query = f"?{parts.query}" if parts.query else ""
        return parts.path + query + (f"#{parts.fragment}" if parts.fragment else "")
    return fallback


def _index(request: Request, page: PageAuth, db: Session, errors: list[str] | None = None,
           values: dict | None = None, status: int = 200):
    return templates.TemplateResponse(
        request, "lists/index.html",
        {"auth": page, "active": "lists", "lists": service.list_lists(db, page.ctx),
         "searches": service.list_saved_searches(db, page.ctx), "brands": brands_service.list_brands(db, page.ctx),
         "errors": errors or [], "values": values or {}},
        status_code=status,
    )


def _detail(request: Request, page: PageAuth, db: Session, list_id: int, errors: list[str] | None = None,
            status: int = 200):
    return templates.TemplateResponse(
        request, "lists/detail.html",
        {"auth": page, "active": "lists", "lst": service.get_list(db, page.ctx, list_id),
         "brands": brands_service.list_brands(db, page.ctx), "errors": errors or [], "max_compare": MAX_COMPARE,
         "max_seeds": MAX_LOOKALIKE_SEEDS},
        status_code=status,
    )


@router.get("/lists")
def lists_page(request: Request, page: PageAuth = Depends(page_auth), db: Session = DB):
    """All lists of the workspace, a create form and the saved searches."""
    return _index(request, page, db)


@router.post("/lists")
async def create_list(request: Request, page: PageAuth = Depends(page_write), db: Session = DB):
    """Create a list from the form."""
    form = await request.form()
    values = {k: str(form.get(k, "")) for k in ("name", "kind", "brand_id", "description")}
    try:
        data = validated(ListIn, {"name": values["name"], "kind": values["kind"] or "shortlist",
                                   "brand_id": _int_or_none(values["brand_id"], "brand_id"),
                                   "description": values["description"]}, "form")
        created = service.create_list(db, page.ctx, data)
    except AppError as err:
        recover_form(db, err, reraise=(403,))
        return _index(request, page, db, [err.message], values, err.status)
    return RedirectResponse(f"/lists/{created.id}?created=1", status_code=303)


@router.post("/lists/add-item")
async def add_item_picker(request: Request, page: PageAuth = Depends(page_write), db: Session = DB):
    """The profile's 'Add to list' control: the list comes as a form field."""
    form = await request.form()
    list_id = _int_or_none(form.get("list_id"), "list_id")
    if list_id is None:
        raise AppError(422, "list_id: choose a list", "validation_error", [FieldError("list_id", "choose a list")])
    return await _add_item(request, page, db, list_id, form, mark=True)


@router.get("/lists/{list_id}")
def list_page(request: Request, list_id: Id, page: PageAuth = Depends(page_auth), db: Session = DB):
    """A list's accounts with notes, tags, export, compare and delete."""
    return _detail(request, page, db, list_id)


@router.get("/lists/{list_id}/lookalikes")
def list_lookalikes(request: Request, list_id: Id, page: PageAuth = Depends(page_auth), db: Session = DB):
    """The list's "Find lookalikes": Discover with the ticked accounts (account_ids) or its first ones as seeds."""
    ticked = service.parse_account_ids(",".join(request.query_params.getlist("account_ids")))
    seeds = service.lookalike_seed_ids(db, page.ctx, list_id, ticked)
    return RedirectResponse(lookalikes_url(seeds), status_code=303)


@router.post("/lists/{list_id}")
async def update_list(request: Request, list_id: Id, page: PageAuth = Depends(page_write), db: Session = DB):
    """Rename a list or change its description, kind or brand."""
    form = await request.form()
    try:
        values = {"name": str(form.get("name", "")), "description": str(form.get("description", "")),
                  "brand_id": _int_or_none(form.get("brand_id"), "brand_id")}
        if form.get("kind"):
            values["kind"] = str(form.get("kind"))
        service.update_list(db, page.ctx, list_id, validated(ListPatch, values, "form"))
    except AppError as err:
        recover_form(db, err, reraise=(403, 404))
        return _detail(request, page, db, list_id, [err.message], err.status)
    return RedirectResponse(f"/lists/{list_id}?saved=1", status_code=303)


@router.post("/lists/{list_id}/delete")
def delete_list(list_id: Id, page: PageAuth = Depends(page_write), db: Session = DB):
    """Delete a list (the page asks for confirmation first)."""
    service.delete_list(db, page.ctx, list_id)
    return RedirectResponse("/lists?deleted=1", status_code=303)


async def _add_item(request: Request, page: PageAuth, db: Session, list_id: int, form, mark: bool = False):
    account_id = _int_or_none(form.get("account_id"), "account_id")
    data = validated(ItemIn, {"account_id": account_id, "note": str(form.get("note", "")),
                               "tags": split_tags(str(form.get("tags", "")))}, "form")
    status = "added"
    try:
        service.add_item(db, page.ctx, list_id, data)
    except AppError as err:
        if err.status != 409:
            raise
        status = "already"  # adding twice from a results page is harmless: say so instead of failing
    if request.headers.get("hx-request"):
        lst = service.get_list(db, page.ctx, list_id)
        return templates.TemplateResponse(request, "lists/_added.html", {"lst": lst, "status": status})
    target = _back(request, form, f"/lists/{list_id}?{status}={account_id}")
    if mark and not target.startswith(f"/lists/{list_id}?"):  # the profile shows "Saved to the list"
        path, _, fragment = target.partition("#")
        target = f"{path}{'&' if '?' in path else '?'}listed={status}" + (f"#{fragment}" if fragment else "")
    return RedirectResponse(target, status_code=303)


@router.post("/lists/{list_id}/items")
async def add_item(request: Request, list_id: Id, page: PageAuth = Depends(page_write), db: Session = DB):
    """Add an account to a list (form fields account_id, note, tags), then go back to `next` or the Referer."""
    return await _add_item(request, page, db, list_id, await request.form())


@router.post("/lists/{list_id}/items/{account_id}")
async def update_item(request: Request, list_id: Id, account_id: Id, page: PageAuth = Depends(page_write),
                      db: Session = DB):
    """Save the note and tags of an account on a list."""
    form = await request.form()
    patch = validated(ItemPatch, {"note": str(form.get("note", "")), "tags": split_tags(str(form.get("tags", "")))},
                      "form")
    service.update_item(db, page.ctx, list_id, account_id, patch)
    return RedirectResponse(f"/lists/{list_id}?updated={account_id}#item-{account_id}", status_code=303)


@router.post("/lists/{list_id}/items/{account_id}/delete")
def remove_item(list_id: Id, account_id: Id, page: PageAuth = Depends(page_write), db: Session = DB):
    """Take an account off a list."""
    service.remove_item(db, page.ctx, list_id, account_id)
    return RedirectResponse(f"/lists/{list_id}?removed=1", status_code=303)


@router.post("/saved-searches")
async def save_search(request: Request, page: PageAuth = Depends(page_write), db: Session = DB):
    """Discover's "Save search": the search form's fields (without JavaScript, the page's `params`) under a name."""
    form = await request.form()
    params = form if form.get("go") else QueryParams(str(form.get("params") or ""))
    htmx = bool(request.headers.get("hx-request"))
    try:
        query = service.query_of(page_request(params))
        data = validated(SavedSearchIn, {"name": str(form.get("name") or ""), "query": query}, "form")
        row = service.create_saved_search(db, page.ctx, data)
    except AppError as err:
        if not htmx:
            raise
        recover_form(db, err, reraise=(403,))
        return templates.TemplateResponse(request, "discover/_saved.html", {"error": err.message},
                                          status_code=err.status)
    if htmx:
        return templates.TemplateResponse(request, "discover/_saved.html", {"saved": row})
    return RedirectResponse(f"/discover?saved={row.id}", status_code=303)


@router.post("/saved-searches/{saved_search_id}/delete")
def delete_saved_search(saved_search_id: Id, page: PageAuth = Depends(page_write), db: Session = DB):
    """Delete a saved search."""
    service.delete_saved_search(db, page.ctx, saved_search_id)
    return RedirectResponse("/lists?search_deleted=1#saved-searches", status_code=303)


@router.get("/compare")
def compare_page(request: Request, page: PageAuth = Depends(page_auth), db: Session = DB):
    """2–5 accounts side by side, best value per row highlighted (account_ids=1,2 or repeated account_ids)."""
    raw = ",".join(request.query_params.getlist("account_ids"))
    ids, comparison, errors, status = [], None, [], 200
    try:
        ids = service.parse_account_ids(raw)
        if len(ids) >= 2:
            comparison = service.compare(db, page.ctx, ids)
    except AppError as err:
        if err.status != 422:
            raise
        errors, status = [err.message], 422
    return templates.TemplateResponse(
        request, "lists/compare.html",
        {"auth": page, "active": "lists", "comparison": comparison, "ids": ids, "errors": errors,
         "max_compare": MAX_COMPARE},
        status_code=status,
    )
