"""HTML pages: brands list, create, edit and delete (with confirmation)."""

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from reachroom.brands import service
from reachroom.brands.schemas import BrandIn, BrandPatch
from reachroom.core.deps import DB, PageAuth, page_auth, page_write
from reachroom.core.errors import AppError, field_errors
from reachroom.core.forms import recover_form
from reachroom.core.templating import templates
from reachroom.core.types import Id
from reachroom.core.vocab import AGE_BANDS, GENDERS, NICHE_SLUGS
from reachroom.models import Brand

router = APIRouter(include_in_schema=False)


def _words(text: str) -> list[str]:
    return [w.strip() for w in text.replace("\n", ",").split(",") if w.strip()]


def _shares(text: str, field: str) -> dict[str, float]:
    """'GB:60%, US 20' → {'GB': 0.6, 'US': 0.2}: shares are typed in percent, like the age and gender boxes."""
    out: dict[str, float] = {}
    for part in _words(text):
        key, sep, value = part.partition(":")
        value = value.strip()
        if not sep or not key.strip():
            raise AppError(422, f"{field}: write entries as CODE:PERCENT, e.g. GB:40%", "validation_error")
        number = value[:-1].strip() if value.endswith("%") else value
        try:
            pct = float(number)
        except ValueError:
            raise AppError(422, f"{field}: {value!r} is not a percent", "validation_error") from None
        if 0 < pct < 1 and not value.endswith("%"):
            # "GB:0.6" is most likely a fraction meant as 60%; make the writer say which
            raise AppError(422, f"{field}: {key.strip()}:{value} — shares are percents; write {key.strip()}:"
                                f"{pct * 100:g}% for {pct * 100:g} percent, or {value}% if you mean {value} percent",
                           "validation_error")
        out[key.strip()] = pct / 100
    return out


def _band_shares(form: FormData, prefix: str, keys: tuple[str, ...]) -> dict[str, float]:
    out = {}
    for key in keys:
        value = str(form.get(f"{prefix}_{key}", "")).strip()
        if value:
            try:
                out[key] = float(value) / 100
            except ValueError:
                raise AppError(422, f"{prefix}.{key}: {value!r} is not a number", "validation_error") from None
    return out


async def _brand_from_form(request: Request) -> dict[str, Any]:
    form = await request.form()
    return {
        "name": str(form.get("name", "")),
        "description": str(form.get("description", "")),
        "voice": str(form.get("voice", "")),
        "website": str(form.get("website", "")),
        "values": _words(str(form.get("values", ""))),
        "banned_words": _words(str(form.get("banned_words", ""))),
        "niches": [str(n) for n in form.getlist("niches")],
        "tolerated_safety": [str(c) for c in form.getlist("tolerated_safety")],
        "target_audience": {
            "countries": _shares(str(form.get("countries", "")), "countries"),
            "languages": _shares(str(form.get("languages", "")), "languages"),
            "age_bands": _band_shares(form, "age", AGE_BANDS),
            "genders": _band_shares(form, "gender", GENDERS),
        },
    }


def _form_page(request: Request, page: PageAuth, brand: Brand | None, values: dict[str, Any] | None, errors: list[str],
               status: int = 200) -> Response:
    return templates.TemplateResponse(
        request, "brands/form.html",
        {"auth": page, "active": "brands", "brand": brand, "values": values, "errors": errors,
         "niches": NICHE_SLUGS, "age_bands": AGE_BANDS, "genders": GENDERS},
        status_code=status,
    )


def _errors(err: ValidationError) -> list[str]:
    return [str(f) for f in field_errors(err.errors(), default="")]


@router.get("/brands")
def brands_page(request: Request, page: PageAuth = Depends(page_auth), db: Session = DB) -> Response:
    """Brands of the workspace."""
    brands = service.list_brands(db, page.ctx)
    return templates.TemplateResponse(request, "brands/list.html", {"auth": page, "active": "brands", "brands": brands})


@router.get("/brands/new")
def new_brand_page(request: Request, page: PageAuth = Depends(page_auth)) -> Response:
    """Empty brand form."""
    page.ctx.require_write()
    return _form_page(request, page, None, None, [])


@router.post("/brands")
async def create_brand(request: Request, page: PageAuth = Depends(page_write), db: Session = DB) -> Response:
    """Create a brand from the form."""
    page.ctx.require_write()
    try:
        values = await _brand_from_form(request)
        brand = service.create_brand(db, page.ctx, BrandIn(**values))
    except ValidationError as err:
        return _form_page(request, page, None, values, _errors(err), 422)
    except AppError as err:
        return _form_page(request, page, None, dict(await request.form()), [err.message], err.status)
    return RedirectResponse(f"/brands/{brand.id}/edit?saved=1", status_code=303)


@router.get("/brands/{brand_id}/edit")
def edit_brand_page(request: Request, brand_id: Id, page: PageAuth = Depends(page_auth), db: Session = DB) -> Response:
    """Brand form with current values."""
    brand = service.get_brand(db, page.ctx, brand_id)
    return _form_page(request, page, brand, None, [])


@router.post("/brands/{brand_id}")
async def update_brand(
    request: Request, brand_id: Id, page: PageAuth = Depends(page_write), db: Session = DB
) -> Response:
    """Save the brand form."""
    brand = service.get_brand(db, page.ctx, brand_id)
    try:
        values = await _brand_from_form(request)
        service.update_brand(db, page.ctx, brand_id, BrandPatch(**values))
    except ValidationError as err:
        db.rollback()
        return _form_page(request, page, brand, values, _errors(err), 422)
    except AppError as err:
        recover_form(db, err, reraise=(403, 404))
        return _form_page(request, page, brand, dict(await request.form()), [err.message], err.status)
    return RedirectResponse(f"/brands/{brand_id}/edit?saved=1", status_code=303)


@router.post("/brands/{brand_id}/delete")
def delete_brand(brand_id: Id, page: PageAuth = Depends(page_write), db: Session = DB) -> Response:
    """Delete a brand (the page asks for confirmation first)."""
    service.delete_brand(db, page.ctx, brand_id)
    return RedirectResponse("/brands?deleted=1", status_code=303)
