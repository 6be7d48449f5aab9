"""HTML forms for gifting: add a product, send a gift, move a shipment, erase an address, import tracking; a
refusal shows the gifting page again with the reason (and the status)."""

from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData, UploadFile

from reachroom.campaigns import service as campaigns
from reachroom.campaigns.gifting import service, transfer
from reachroom.campaigns.gifting.schemas import ProductIn, ShipmentIn, ShipmentMove
from reachroom.core.deps import DB, PageAuth, page_auth, page_write
from reachroom.core.errors import AppError, invalid, validated
from reachroom.core.forms import recover_form
from reachroom.core.templating import templates
from reachroom.core.types import Id

router = APIRouter(include_in_schema=False)
ADDRESS_FIELDS = ("recipient", "line1", "line2", "city", "postcode", "country")


def _page(request: Request, page: PageAuth, db: Session, campaign_id: int, errors: list[str] | None = None,
          status: int = 200, entry_id: int | None = None, values: dict[str, str] | None = None) -> Response:
    c = campaigns.get_campaign(db, page.ctx, campaign_id)
    entry = campaigns.get_entry(db, page.ctx, c.id, entry_id) if entry_id is not None else None
    return templates.TemplateResponse(
        request, "campaigns/gifting.html",
        {"auth": page, "active": "campaigns", "c": c, "r": entry, "errors": errors or [],
         "products": service.products(db, page.ctx, c.id), "shipments": service.shipments(db, page.ctx, c.id),
         "gifts": service.shipments(db, page.ctx, c.id, entry.id) if entry else [],
         "values": values or {}},  # what was typed comes back with the reason it was refused
        status_code=status,
    )


async def _act(request: Request, page: PageAuth, db: Session, campaign_id: int, action: Callable[[FormData], str],
               entry_id: int | None = None) -> Response:
    """Run a form action; redirect back with what happened, or show the gifting page with the reason."""
    form = await request.form()
    try:
        message = action(form)
    except AppError as err:
        recover_form(db, err, reraise=(403, 404))
        typed = {k: str(v) for k, v in form.items() if k != "csrf_token" and isinstance(v, str)}
        return _page(request, page, db, campaign_id, [err.message], err.status, entry_id, typed)
    back = f"/campaigns/{campaign_id}/creators/{entry_id}" if entry_id else f"/campaigns/{campaign_id}"
    return RedirectResponse(f"{back}?{urlencode({'gift': message})}#{'gifts' if entry_id else 'gifting'}",
                            status_code=303)


def _text(form: FormData, key: str) -> str:
    return str(form.get(key, "") or "").strip()


def _amount(form: FormData, key: str) -> Decimal:
    raw = _text(form, key).replace(",", "") or "0"
    try:
        return Decimal(raw)
    except InvalidOperation:
        raise invalid(key, f"{raw!r} is not an amount such as 24.50") from None


@router.get("/campaigns/{campaign_id}/gifting")
def gifting_page(request: Request, campaign_id: Id, page: PageAuth = Depends(page_auth),
                 db: Session = DB) -> Response:
    """A campaign's products and shipments on their own page."""
    return _page(request, page, db, campaign_id)


@router.post("/campaigns/{campaign_id}/products")
async def add_product(request: Request, campaign_id: Id, page: PageAuth = Depends(page_write),
                      db: Session = DB) -> Response:
    """Add a product from the form."""
    def run(form: FormData) -> str:
        data = validated(ProductIn, {"name": _text(form, "name"), "sku": _text(form, "sku"),
                                     "variants": _text(form, "variants").split(","),
                                     "value": _amount(form, "value")}, "form")
        return f"Added {service.add_product(db, page.ctx, campaign_id, data).name}"
    return await _act(request, page, db, campaign_id, run)


@router.post("/campaigns/{campaign_id}/creators/{entry_id}/shipments")
async def ship(request: Request, campaign_id: Id, entry_id: Id, page: PageAuth = Depends(page_write),
               db: Session = DB) -> Response:
    """Send a gift from the creator's page."""
    def run(form: FormData) -> str:
        product = _text(form, "product_id")
        data = validated(ShipmentIn, {
            "product_id": int(product) if product.isdigit() and len(product) < 19 else 0,
            "variant": _text(form, "variant"), "carrier": _text(form, "carrier"),
            "tracking_number": _text(form, "tracking_number"), "shipping_cost": _amount(form, "shipping_cost"),
            "address": {k: _text(form, k) for k in ADDRESS_FIELDS}}, "form")
        s = service.ship(db, page.ctx, campaign_id, entry_id, data)
        return f"Gift recorded: {s.product_name} ({s.status})"
    return await _act(request, page, db, campaign_id, run, entry_id)


@router.post("/campaigns/{campaign_id}/shipments/{shipment_id}/status")
async def move_shipment(request: Request, campaign_id: Id, shipment_id: Id, page: PageAuth = Depends(page_write),
                        db: Session = DB) -> Response:
    """Mark a shipment shipped, delivered, returned or lost."""
    def run(form: FormData) -> str:
        values = {"status": _text(form, "status"), "version": _text(form, "version") or "0"}
        for key in ("carrier", "tracking_number"):
            if _text(form, key):
                values[key] = _text(form, key)
        s = service.move_shipment(db, page.ctx, campaign_id, shipment_id, validated(ShipmentMove, values, "form"))
        return f"@{s.handle}’s gift is now {s.status}"
    return await _act(request, page, db, campaign_id, run)


@router.post("/campaigns/{campaign_id}/shipments/{shipment_id}/erase-address")
async def erase_address(request: Request, campaign_id: Id, shipment_id: Id, page: PageAuth = Depends(page_write),
                        db: Session = DB) -> Response:
    """Erase a shipment's address on the creator's request."""
    def run(_: FormData) -> str:
        s = service.erase_address(db, page.ctx, campaign_id, shipment_id)
        return f"Address erased from @{s.handle}’s shipment; the shipment stays for accounting"
    return await _act(request, page, db, campaign_id, run)


@router.post("/campaigns/{campaign_id}/shipments/import")
async def import_tracking(request: Request, campaign_id: Id, page: PageAuth = Depends(page_write),
                          db: Session = DB) -> Response:
    """Import tracking numbers from an uploaded CSV (all rows or none)."""
    form = await request.form()
    upload = form.get("file")
    raw = await upload.read() if isinstance(upload, UploadFile) else b""

    def run(_: FormData) -> str:
        if not raw:
            raise invalid("file", "choose the CSV file to import")
        result = transfer.import_tracking(db, page.ctx, campaign_id, raw)
        return f"Imported {result.updated} tracking numbers ({result.shipped} now shipped)"
    return await _act(request, page, db, campaign_id, run)
