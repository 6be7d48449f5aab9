"""Products and shipments behind page, API and CLI: ship a gift, move it along, erase its address.

Addresses are personal data: encrypted before they reach the database (core/crypto.py), decrypted only for
members and above (`ADDRESS_ROLE`), and erasable on request while the shipment stays for accounting. Shipping a
gift to a contracted creator moves them to Product shipped through the pipeline's own stage service.
"""

import json
from datetime import date

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from reachroom.campaigns import service as campaigns
from reachroom.campaigns.gifting import repository as repo
from reachroom.campaigns.gifting.rules import STATUS_NAMES, GiftLate, allowed_moves, can_move, gifts_without_post
from reachroom.campaigns.gifting.schemas import (
    ADDRESS_ROLE,
    Address,
    ProductIn,
    ProductOut,
    ShipmentIn,
    ShipmentMove,
    ShipmentOut,
)
from reachroom.campaigns.schemas import StageMove, from_minor, to_minor
from reachroom.campaigns.stages import can_move as can_move_stage
from reachroom.core.crypto import KeyMismatch, decrypt_text, encrypt_text
from reachroom.core.errors import conflict, invalid, not_found
from reachroom.core.tenancy import WorkspaceContext
from reachroom.models import Product, Shipment, utcnow

#: creators who can't be sent a gift (they said no, or the brand stopped)
NO_GIFT_STAGES = frozenset({"declined", "withdrawn"})


def _product_out(p: Product, shipments: int) -> ProductOut:
    return ProductOut(id=p.id, campaign_id=p.campaign_id, name=p.name, sku=p.sku, variants=p.variants or [],
                      value=from_minor(p.value_minor), currency=p.currency, shipments=shipments,
                      created_at=p.created_at)


def products(db: Session, ctx: WorkspaceContext, campaign_id: int) -> list[ProductOut]:
    """The campaign's products, oldest first."""
    c = campaigns.get_campaign(db, ctx, campaign_id)
    return [_product_out(p, n) for p, n in repo.products(db, c.id)]


def add_product(db: Session, ctx: WorkspaceContext, campaign_id: int, data: ProductIn) -> ProductOut:
    """A new product for the campaign, valued in the campaign's currency; 409 when the SKU is taken."""
    ctx.require_write()
    c = campaigns.get_campaign(db, ctx, campaign_id)
    taken = conflict("sku", f"this campaign already has a product with SKU {data.sku!r}")
    if repo.product_by_sku(db, c.id, data.sku) is not None:
        raise taken
    row = Product(campaign_id=c.id, name=data.name, sku=data.sku, variants=data.variants,
                  value_minor=to_minor(data.value), currency=c.currency, created_by=ctx.user_id)
    try:
        with db.begin_nested():
            repo.add(db, row)
    except IntegrityError:  # the same SKU added at the same moment
        raise taken from None
    campaigns.record_event(db, ctx, c.id, "product", new=data.sku, detail=data.name)
    return _product_out(row, 0)


def _address(s: Shipment, ctx: WorkspaceContext) -> tuple[Address | None, str]:
    """(address, state): decrypted for members and above only; never for viewers."""
    if s.address_erased_at is not None:
        return None, "erased"
    if not ctx.can(ADDRESS_ROLE):
        return None, "hidden"
    try:
        fields = json.loads(decrypt_text(s.address_encrypted))
        return Address(recipient=decrypt_text(s.recipient_encrypted), **fields), "shown"
    except KeyMismatch:
        return None, "unreadable"


def _out(s: Shipment, p: Product, handle: str, ctx: WorkspaceContext) -> ShipmentOut:
    address, state = _address(s, ctx)
    return ShipmentOut(
        id=s.id, campaign_creator_id=s.campaign_creator_id, handle=handle, product_id=p.id, product_name=p.name,
        sku=p.sku, variant=s.variant, status=s.status, allowed_moves=allowed_moves(s.status), carrier=s.carrier,
        tracking_number=s.tracking_number, shipped_at=s.shipped_at, delivered_at=s.delivered_at,
        product_value=from_minor(p.value_minor), shipping_cost=from_minor(s.shipping_cost_minor),
        currency=p.currency, address=address, address_state=state, address_erased_at=s.address_erased_at,
        version=s.version, created_at=s.created_at, updated_at=s.updated_at,
    )


def shipments(db: Session, ctx: WorkspaceContext, campaign_id: int, entry_id: int | None = None,
              status: str | None = None) -> list[ShipmentOut]:
    """The campaign's shipments (or one creator's), oldest first; addresses only for members and above."""
    c = campaigns.get_campaign(db, ctx, campaign_id)
    if entry_id is not None:
        campaigns.get_entry(db, ctx, c.id, entry_id)
    return [_out(s, p, h, ctx) for s, p, h, _ in repo.shipments(db, c.id, entry_id, status=status)]


def _shipment(db: Session, campaign_id: int, shipment_id: int) -> tuple[Shipment, Product, str, str]:
    found = repo.shipments(db, campaign_id, ids=[shipment_id])
    if not found:
        raise not_found("Shipment")
    return found[0]


def get_shipment(db: Session, ctx: WorkspaceContext, campaign_id: int, shipment_id: int) -> ShipmentOut:
    """One shipment of the campaign."""
    c = campaigns.get_campaign(db, ctx, campaign_id)
    s, p, handle, _ = _shipment(db, c.id, shipment_id)
    return _out(s, p, handle, ctx)


def encrypt_address(address: Address) -> tuple[str, str]:
    """(recipient, address) ciphertexts."""
    fields = address.model_dump(exclude={"recipient"})
    return encrypt_text(address.recipient), encrypt_text(json.dumps(fields, ensure_ascii=False))


def ship(db: Session, ctx: WorkspaceContext, campaign_id: int, entry_id: int, data: ShipmentIn) -> ShipmentOut:
    """Record a gift for a creator; with a tracking number it is shipped now (the creator moves to Product
    shipped when contracted)."""
    ctx.require_write()
    c = campaigns.get_campaign(db, ctx, campaign_id)
    entry = campaigns.get_entry(db, ctx, c.id, entry_id)
    if entry.stage in NO_GIFT_STAGES:
        raise conflict("stage", f"@{entry.handle} is {entry.stage}; invite them again before sending a gift")
    product = repo.product(db, c.id, data.product_id)
    if product is None:
        raise invalid("product_id", f"no product with id {data.product_id} in this campaign")
    if product.variants and data.variant not in product.variants:
        raise invalid("variant", f"choose one of {', '.join(product.variants)}")
    if not product.variants and data.variant:
        raise invalid("variant", f"{product.name} has no variants; leave it empty")
    recipient, address = encrypt_address(data.address)
    row = Shipment(campaign_creator_id=entry.id, product_id=product.id, variant=data.variant,
                   recipient_encrypted=recipient, address_encrypted=address, carrier=data.carrier,
                   tracking_number=data.tracking_number, status="pending",
                   shipping_cost_minor=to_minor(data.shipping_cost), created_by=ctx.user_id)
    repo.add(db, row)
    campaigns.record_event(db, ctx, c.id, "gift", new="pending", detail=f"{product.sku} {data.variant}".strip(),
                           entry_id=entry.id)
    if data.tracking_number:
        _to_status(db, ctx, c.id, row, "shipped")
    return get_shipment(db, ctx, c.id, row.id)


def _to_status(db: Session, ctx: WorkspaceContext, campaign_id: int, s: Shipment, to: str) -> None:
    """Set a shipment's status with its time, record it, and move a contracted creator to Product shipped."""
    old, read, now = s.status, s.version, utcnow()
    s.status = to
    if to == "shipped":
        s.shipped_at = now
    elif to == "delivered":
        s.delivered_at = now
    campaigns.flush_versioned(db, conflict("version", f"shipment {s.id} was changed by someone else at the same "
                                                      f"moment (version {read}); reload"))
    campaigns.record_event(db, ctx, campaign_id, "shipment", old=old, new=to,
                           detail=f"{s.carrier} {s.tracking_number}".strip(), entry_id=s.campaign_creator_id)
    if to != "shipped":
        return
    stage = campaigns.get_entry(db, ctx, campaign_id, s.campaign_creator_id).stage  # now, not when read
    if stage == "contracted" and can_move_stage(stage, "product_shipped"):
        campaigns.move_creator(db, ctx, campaign_id, s.campaign_creator_id,
                               StageMove(stage="product_shipped", note="gift shipped"))


def check_move(s: Shipment, to: str, tracking_number: str) -> str | None:
    """Why a shipment may not move to `to` (None when it may)."""
    if not can_move(s.status, to):
        allowed = ", ".join(STATUS_NAMES[x] for x in allowed_moves(s.status)) or "none"
        return f"a {s.status} shipment can't become {to}; allowed: {allowed}"
    if to == "shipped" and not tracking_number:
        return "a tracking number is needed to mark it shipped"
    return None


def move_shipment(db: Session, ctx: WorkspaceContext, campaign_id: int, shipment_id: int,
                  data: ShipmentMove) -> ShipmentOut:
    """Move a shipment along pending → shipped → delivered (or returned / lost); 409 naming the allowed moves or
    a stale version."""
    ctx.require_write()
    c = campaigns.get_campaign(db, ctx, campaign_id)
    s, _, _, _ = _shipment(db, c.id, shipment_id)
    if data.version != s.version:
        raise conflict("version", f"this shipment was changed by someone else (you read version {data.version}, "
                                  f"it is now {s.version}); reload")
    if data.carrier is not None:
        s.carrier = data.carrier
    if data.tracking_number is not None:
        s.tracking_number = data.tracking_number
    refused = check_move(s, data.status, s.tracking_number) if data.status != s.status else None
    if refused:
        raise conflict("status" if "tracking" not in refused else "tracking_number", refused)
    read = s.version
    if data.status != s.status:
        _to_status(db, ctx, c.id, s, data.status)
    campaigns.flush_versioned(db, conflict("version", f"shipment {s.id} was changed by someone else at the same "
                                                      f"moment (version {read}); reload"))
    return get_shipment(db, ctx, c.id, s.id)


def apply_tracking(db: Session, ctx: WorkspaceContext, campaign_id: int, s: Shipment, carrier: str,
                   tracking_number: str, status: str) -> bool:
    """Set carrier, tracking number and (already validated) status of one shipment; True when it was shipped."""
    s.carrier, s.tracking_number = carrier or s.carrier, tracking_number
    if status == s.status:
        return False
    _to_status(db, ctx, campaign_id, s, status)
    return status == "shipped"


def erase_address(db: Session, ctx: WorkspaceContext, campaign_id: int, shipment_id: int) -> ShipmentOut:
    """Erase a shipment's recipient and address on request (the shipment stays for accounting)."""
    ctx.require_write()
    c = campaigns.get_campaign(db, ctx, campaign_id)
    s, _, _, _ = _shipment(db, c.id, shipment_id)
    if s.address_erased_at is None:
        s.recipient_encrypted, s.address_encrypted, s.address_erased_at = "", "", utcnow()
        campaigns.flush_versioned(db, conflict("version", "this shipment changed at the same moment; try again"))
        campaigns.record_event(db, ctx, c.id, "address_erased", detail=f"shipment {s.id}",
                               entry_id=s.campaign_creator_id)
    return get_shipment(db, ctx, c.id, s.id)


def costs(db: Session, ctx: WorkspaceContext, campaign_id: int) -> dict[tuple[int, str], tuple[str, int, int]]:
    """{(entry id, currency): (handle, product value, shipping)} in minor units, over every shipment (a lost or
    returned gift was still bought and sent)."""
    c = campaigns.get_campaign(db, ctx, campaign_id)
    out: dict[tuple[int, str], tuple[str, int, int]] = {}
    for s, p, handle, _ in repo.shipments(db, c.id):
        key = (s.campaign_creator_id, p.currency)
        _, value, shipping = out.get(key, (handle, 0, 0))
        out[key] = (handle, value + p.value_minor, shipping + s.shipping_cost_minor)
    return out


def late_gifts(db: Session, ctx: WorkspaceContext, campaign_id: int, today: date, within_days: int) -> list[GiftLate]:
    """Creators whose gift was delivered more than `within_days` ago and who have not posted."""
    c = campaigns.get_campaign(db, ctx, campaign_id)
    delivered = [(s.campaign_creator_id, h, stage, s.delivered_at)
                 for s, _, h, stage in repo.shipments(db, c.id, status="delivered") if s.delivered_at]
    return gifts_without_post(delivered, today, within_days)
