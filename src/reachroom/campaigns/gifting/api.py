"""JSON API: a campaign's products and shipments, address erasure, the fulfilment CSV and the tracking import."""

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from reachroom.campaigns.gifting import service, transfer
from reachroom.campaigns.gifting.schemas import (
    ImportResult,
    ProductIn,
    ProductOut,
    ShipmentIn,
    ShipmentMove,
    ShipmentOut,
    ShipmentStatus,
)
from reachroom.core.csv_import import CSV_BODY
from reachroom.core.deps import DB, api_context
from reachroom.core.tenancy import WorkspaceContext
from reachroom.core.types import Id

router = APIRouter(prefix="/api/v1/campaigns", tags=["campaigns"])
Ctx = Depends(api_context)


@router.get("/{campaign_id}/products", response_model=list[ProductOut])
def products(campaign_id: Id, ctx: WorkspaceContext = Ctx, db: Session = DB):
    """The products the campaign gifts."""
    return service.products(db, ctx, campaign_id)


@router.post("/{campaign_id}/products", response_model=ProductOut, status_code=201)
def add_product(campaign_id: Id, body: ProductIn, ctx: WorkspaceContext = Ctx, db: Session = DB):
    """Add a product (SKU unique in the campaign; valued in the campaign's currency)."""
    return service.add_product(db, ctx, campaign_id, body)


@router.get("/{campaign_id}/shipments", response_model=list[ShipmentOut])
def shipments(campaign_id: Id, status: ShipmentStatus | None = Query(None), ctx: WorkspaceContext = Ctx,
              db: Session = DB):
    """The campaign's shipments; addresses for members and above only (null for viewers)."""
    return service.shipments(db, ctx, campaign_id, status=status)


@router.get("/{campaign_id}/shipments.csv", response_class=Response,
            responses={200: {"content": {"text/csv": {}}, "description": "One row per shipment, with addresses"}})
def shipments_csv(campaign_id: Id, status: ShipmentStatus | None = Query(None), ctx: WorkspaceContext = Ctx,
                  db: Session = DB):
    """Shipments for the fulfilment house: recipient, address, product, SKU, variant, handle (members+)."""
    filename, text = transfer.export_csv(db, ctx, campaign_id, status)
    return Response(text, media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"})


@router.post("/{campaign_id}/shipments/import", response_model=ImportResult, openapi_extra=CSV_BODY)
async def import_tracking(campaign_id: Id, request: Request, ctx: WorkspaceContext = Ctx, db: Session = DB):
    """Tracking numbers from a CSV (shipment_id, carrier, tracking_number, optional status): all rows or none;
    a wrong row is a 4xx naming its line and field."""
    return transfer.import_tracking(db, ctx, campaign_id, await request.body())


@router.get("/{campaign_id}/shipments/{shipment_id}", response_model=ShipmentOut)
def get_shipment(campaign_id: Id, shipment_id: Id, ctx: WorkspaceContext = Ctx, db: Session = DB):
    """One shipment."""
    return service.get_shipment(db, ctx, campaign_id, shipment_id)


@router.post("/{campaign_id}/shipments/{shipment_id}/status", response_model=ShipmentOut)
def move_shipment(campaign_id: Id, shipment_id: Id, body: ShipmentMove, ctx: WorkspaceContext = Ctx,
                  db: Session = DB):
    """Mark shipped (with a tracking number), delivered, returned or lost; send the `version` you read."""
    return service.move_shipment(db, ctx, campaign_id, shipment_id, body)


@router.post("/{campaign_id}/shipments/{shipment_id}/erase-address", response_model=ShipmentOut)
def erase_address(campaign_id: Id, shipment_id: Id, ctx: WorkspaceContext = Ctx, db: Session = DB):
    """Erase the recipient and address on the creator's request (the shipment stays for accounting)."""
    return service.erase_address(db, ctx, campaign_id, shipment_id)


@router.get("/{campaign_id}/creators/{entry_id}/shipments", response_model=list[ShipmentOut])
def creator_shipments(campaign_id: Id, entry_id: Id, ctx: WorkspaceContext = Ctx, db: Session = DB):
    """One creator's gifts."""
    return service.shipments(db, ctx, campaign_id, entry_id)


@router.post("/{campaign_id}/creators/{entry_id}/shipments", response_model=ShipmentOut, status_code=201)
def ship(campaign_id: Id, entry_id: Id, body: ShipmentIn, ctx: WorkspaceContext = Ctx, db: Session = DB):
    """Send a gift: product, variant, address; with a tracking number it is shipped now (Contracted creators
    move to Product shipped)."""
    return service.ship(db, ctx, campaign_id, entry_id, body)
