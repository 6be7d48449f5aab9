"""Sales attributed to a campaign's creators: each creator's promo code and tracked (UTM) link, the shop's orders
from a Shopify order export or its signed webhook, and the campaign's revenue, orders, new customers and ROAS
(metrics/sales.py decides which creator an order goes to). docs/measurement.md, "Sales"."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlencode

from sqlalchemy.orm import Session

from reachroom.brands import service as brands
from reachroom.campaigns import service as campaigns
from reachroom.campaigns.schemas import CampaignOut, from_minor, to_minor
from reachroom.core.crypto import decrypt_text, encrypt_text, secret_key
from reachroom.core.csv_import import decode, nothing_imported, rows
from reachroom.core.errors import AppError, FieldError, conflict, invalid, not_found
from reachroom.core.tenancy import WorkspaceContext
from reachroom.core.vocab import currency_code
from reachroom.measurement import repository as repo
from reachroom.measurement.schemas import (
    AttributedOrderOut,
    CreatorSales,
    OrdersImportOut,
    SalesOut,
    ShopWebhookIn,
    ShopWebhookOut,
    TrackingIn,
    TrackingOut,
)
from reachroom.metrics.sales import (
    DEFAULT_WINDOW,
    NOT_A_SALE,
    Attribution,
    OrderFacts,
    SalesTotals,
    add_order,
    attribute,
    is_sale,
    roas,
)
from reachroom.models import CreatorTracking, SalesOrder, ShopWebhook, ShopWebhookDelivery, utcnow

FLOOR_NOTE = ("Codes and tracked links are a floor: people who bought after seeing a post but used neither are not "
              "counted. An order goes to the creator whose code it used (a code beats a link), else whose link the "
              "buyer landed on, within {days} days after that creator's post (the last such touch).")
ORDER_REQUIRED = ("name", "created at", "currency", "total")
ORDER_OPTIONAL = ("email", "financial status", "discount code", "refunded amount", "landing site", "cancelled at")
CANCELLED = "cancelled"  # the status stored for a cancelled order (Shopify keeps the payment's status apart)
MAX_ORDER_BYTES = 5_000_000  # the app's body limit: a bigger export is split (20k orders fit)
MAX_ORDER_ROWS = 200_000
TOPICS = ["orders/create", "orders/updated", "orders/paid", "orders/cancelled"]


# ---------- codes and tracked links ----------

def _link(t: CreatorTracking, platform: str) -> str | None:
    if not t.landing_url:
        return None
    query = urlencode({"utm_source": platform, "utm_medium": "influencer", "utm_campaign": t.utm_campaign,
                       "utm_content": t.utm_content})
    return f"{t.landing_url}{'&' if '?' in t.landing_url else '?'}{query}"


def _slug(text: str, limit: int) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:limit] or "x"


def tracking(db: Session, ctx: WorkspaceContext, campaign_id: int) -> list[TrackingOut]:
    """Every creator of the campaign with their code and tracked link (None until made)."""
    c = campaigns.get_campaign(db, ctx, campaign_id)
    made = repo.tracking(db, c.id)
    out = []
    for e in campaigns.pipeline(db, ctx, c.id):
        t = made.get(e.id)
        out.append(TrackingOut(entry_id=e.id, handle=e.handle, platform=e.platform, code=t.code if t else None,
                               landing_url=t.landing_url if t else None, link=_link(t, e.platform) if t else None))
    return out


def _free_code(db: Session, workspace_id: int, handle: str, campaign_id: int, entry_id: int) -> str:
    base = re.sub(r"[^A-Z0-9]", "", handle.upper())[:12] or "CREATOR"
    for code in (f"{base}10", f"{base}{campaign_id}", f"{base}{campaign_id}E{entry_id}"):
        if repo.tracking_by_code(db, workspace_id, code) is None:
            return code
    raise conflict("code", f"no free code for @{handle}; set one by hand")


def make_tracking(db: Session, ctx: WorkspaceContext, campaign_id: int) -> list[TrackingOut]:
    """Give every creator of the campaign without one a code (their handle + 10) and a tracked link to the brand's
    website."""
    ctx.require_write()
    c = campaigns.get_campaign(db, ctx, campaign_id)
    site = brands.get_brand(db, ctx, c.brand_id).website or ""
    landing = site if site.startswith(("https://", "http://")) else (f"https://{site}" if site else "")
    made = repo.tracking(db, c.id)
    for e in campaigns.pipeline(db, ctx, c.id):
        if e.id not in made:
            code = _free_code(db, ctx.workspace_id, e.handle, c.id, e.id)
            repo.add(db, CreatorTracking(workspace_id=ctx.workspace_id, campaign_id=c.id, campaign_creator_id=e.id,
                                         code=code, code_key=code.upper(), landing_url=landing,
                                         utm_campaign=f"{_slug(c.name, 60)}-{c.id}",
                                         utm_content=f"{_slug(e.handle, 60)}-{e.platform}"))
    return tracking(db, ctx, c.id)


def set_tracking(db: Session, ctx: WorkspaceContext, campaign_id: int, entry_id: int, data: TrackingIn) -> TrackingOut:
    """Set one creator's code and landing page; 409 when another creator of the workspace has the code."""
    ctx.require_write()
    c = campaigns.get_campaign(db, ctx, campaign_id)
    e = campaigns.get_entry(db, ctx, c.id, entry_id)
    other = repo.tracking_by_code(db, ctx.workspace_id, data.code.upper())
    if other is not None and other.campaign_creator_id != e.id:
        raise conflict("code", f"{data.code} is already another creator's code in this workspace")
    t = repo.tracking(db, c.id).get(e.id)
    if t is None:
        t = CreatorTracking(workspace_id=ctx.workspace_id, campaign_id=c.id, campaign_creator_id=e.id,
                            utm_campaign=f"{_slug(c.name, 60)}-{c.id}",
                            utm_content=f"{_slug(e.handle, 60)}-{e.platform}")
        db.add(t)
    t.code, t.code_key, t.landing_url = data.code, data.code.upper(), data.landing_url
    db.flush()
    return TrackingOut(entry_id=e.id, handle=e.handle, platform=e.platform, code=t.code, landing_url=t.landing_url,
                       link=_link(t, e.platform))


# ---------- orders ----------

@dataclass(frozen=True)
class OrderIn:
    """An order as read from a file or a webhook, checked."""

    external_id: str
    ordered_at: datetime
    currency: str
    total_minor: int
    refunded_minor: int
    codes: tuple[str, ...]
    landing_site: str
    customer_hash: str | None
    financial_status: str


def customer_hash(email: str) -> str | None:
    """A keyed hash of the buyer's email (new customers are told apart without keeping the address)."""
    email = email.strip().lower()
    if not email:
        return None
    return hmac.new(secret_key().encode(), b"customer:" + email.encode(), hashlib.sha256).hexdigest()


def _money(text: str, field: str, errors: list[FieldError]) -> int | None:
    try:
        value = Decimal(text.replace(",", "").strip() or "0")
    except InvalidOperation:
        value = Decimal(-1)
    if not value.is_finite() or value < 0 or value != value.quantize(Decimal("0.01")) or value > 10**12:
        errors.append(FieldError(field, "not an amount (a number ≥ 0 with at most two decimals)"))
        return None
    return to_minor(value)


def _when(text: str, field: str, errors: list[FieldError]) -> datetime | None:
    text = text.strip()
    for parse in (lambda s: datetime.strptime(s, "%Y-%m-%d %H:%M:%S %z"), datetime.fromisoformat):
        try:
            at = parse(text)
            break
        except ValueError:
            continue
    else:
        errors.append(FieldError(field, "not a date and time (e.g. 2026-11-03 10:15:00 +0000)"))
        return None
    at = at.astimezone(UTC).replace(tzinfo=None) if at.tzinfo else at
    if at > utcnow() + timedelta(minutes=10):
        errors.append(FieldError(field, "is in the future"))
        return None
    return at


def _order(where: str, name: str, cells: dict[str, Any], errors: list[FieldError]) -> OrderIn | None:
    """One order from its fields (named `where.field` in errors); None when any is wrong."""
    before = len(errors)
    if not name or len(name) > 64:
        errors.append(FieldError(f"{where}.name", "an order name (e.g. #1001) of at most 64 characters"))
    at = _when(str(cells.get("created at") or ""), f"{where}.created_at", errors)
    currency = ""
    try:
        currency = currency_code(str(cells.get("currency") or ""))
    except ValueError as exc:
        errors.append(FieldError(f"{where}.currency", str(exc)))
    total = _money(str(cells.get("total") or ""), f"{where}.total", errors)
    refunded = _money(str(cells.get("refunded amount") or ""), f"{where}.refunded_amount", errors)
    if total is not None and refunded is not None and refunded > total:
        errors.append(FieldError(f"{where}.refunded_amount", "more than the order's total"))
    if len(errors) > before or at is None or total is None or refunded is None:
        return None
    codes = tuple(sorted({c.strip().upper() for c in str(cells.get("discount code") or "").split(",") if c.strip()}))
    status = str(cells.get("financial status") or "").strip()[:24]
    if str(cells.get("cancelled at") or "").strip():  # Shopify keeps the payment's status; a cancellation wins
        status = CANCELLED
    return OrderIn(name, at, currency, total, refunded, codes, str(cells.get("landing site") or "")[:1000],
                   customer_hash(str(cells.get("email") or "")), status)


def _parse_csv(text: str) -> list[OrderIn]:
    """Orders of a Shopify order export: one order per Name (line-item rows repeat it with the totals blank)."""
    errors: list[FieldError] = []
    firsts: dict[str, tuple[int, dict[str, str]]] = {}
    for line, cells in rows(text, ORDER_REQUIRED, ORDER_OPTIONAL, MAX_ORDER_ROWS, errors, ignore_unknown=True):
        name = cells["name"]
        if name not in firsts or (not firsts[name][1]["total"] and cells["total"]):
            firsts[name] = (line, cells)
    orders = [o for name, (line, cells) in firsts.items() if (o := _order(f"line {line}", name, cells, errors))]
    if not firsts and not errors:
        errors.append(FieldError("file", "no orders after the header"))
    if errors:
        raise nothing_imported(422, errors)
    return orders


def _store(db: Session, workspace_id: int, orders: list[OrderIn], source: str) -> OrdersImportOut:
    """Add new orders and update changed ones (a refund, a status); the same order twice changes nothing."""
    known = repo.orders_by_ids(db, workspace_id, [o.external_id for o in orders])
    added = updated = same = 0
    for o in orders:
        row = known.get(o.external_id)
        values = {"ordered_at": o.ordered_at, "currency": o.currency, "total_minor": o.total_minor,
                  "refunded_minor": o.refunded_minor, "discount_codes": list(o.codes), "landing_site": o.landing_site,
                  "customer_hash": o.customer_hash, "financial_status": o.financial_status}
        if row is None:
            db.add(SalesOrder(workspace_id=workspace_id, external_id=o.external_id, source=source, **values))
            added += 1
            continue
        # refunds only grow: an older export (or body) imported after a newer one never takes one back
        values["refunded_minor"] = max(row.refunded_minor or 0, o.refunded_minor)
        if (row.financial_status or "").lower() == CANCELLED:  # a cancelled order stays cancelled (Shopify's too)
            values["financial_status"] = CANCELLED
        if any(getattr(row, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(row, k, v)
            updated += 1
        else:
            same += 1
    db.flush()
    return OrdersImportOut(added=added, updated=updated, already_there=same)


def import_orders(db: Session, ctx: WorkspaceContext, raw: bytes) -> OrdersImportOut:
    """Orders from a CSV in Shopify's order-export layout: every order checked first, nothing written on any error
    (line and field named); importing the same file again adds nothing."""
    ctx.require_write()
    return _store(db, ctx.workspace_id, _parse_csv(decode(raw, MAX_ORDER_BYTES)), "csv")


# ---------- the signed webhook ----------

def connect_shop(db: Session, ctx: WorkspaceContext, data: ShopWebhookIn) -> ShopWebhookOut:
    """Save (or replace) the shop's webhook signing secret, encrypted; returns the address to give the shop."""
    ctx.require("admin")
    hook = repo.shop_webhook(db, ctx.workspace_id)
    if hook is None:
        hook = ShopWebhook(workspace_id=ctx.workspace_id, public_id=secrets.token_urlsafe(18), created_by=ctx.actor_id)
        db.add(hook)
    hook.secret_encrypted = encrypt_text(data.secret)
    db.flush()
    return ShopWebhookOut(path=f"/api/v1/webhooks/shopify/{hook.public_id}", topics=TOPICS)


def shop_connection(db: Session, ctx: WorkspaceContext) -> ShopWebhookOut | None:
    hook = repo.shop_webhook(db, ctx.workspace_id)
    return ShopWebhookOut(path=f"/api/v1/webhooks/shopify/{hook.public_id}", topics=TOPICS) if hook else None


def _webhook_order(body: dict[str, Any], topic: str) -> OrderIn:
    refunds = [t for r in body.get("refunds") or [] if isinstance(r, dict) for t in r.get("transactions") or []
               if isinstance(t, dict) and t.get("kind", "refund") == "refund"]
    try:
        refunded = sum((Decimal(str(t.get("amount") or 0)) for t in refunds), Decimal(0))
    except InvalidOperation:
        raise invalid("body.refunds", "a refund amount is not a number") from None
    cells = {"created at": str(body.get("created_at") or ""), "currency": str(body.get("currency") or ""),
             "total": str(body.get("total_price") or ""), "refunded amount": str(refunded),
             "email": str(body.get("email") or ""), "financial status": str(body.get("financial_status") or ""),
             "landing site": str(body.get("landing_site") or ""),
             "cancelled at": "yes" if topic == "orders/cancelled" or body.get("cancelled_at") else "",
             "discount code": ",".join(str(d.get("code") or "") for d in body.get("discount_codes") or []
                                       if isinstance(d, dict))}
    errors: list[FieldError] = []
    order = _order("body", str(body.get("name") or "").strip(), cells, errors)
    if order is None:
        raise AppError(422, "Nothing was recorded: " + "; ".join(f"{e.field}: {e.message}" for e in errors),
                       "validation_error", errors)
    return order


def receive_webhook(db: Session, public_id: str, raw: bytes, signature: str, delivery_id: str, topic: str) -> str:
    """Record an order the shop sent: 404 for an unknown address, 401 when the HMAC-SHA256 of the raw body under the
    shop's secret is not the signature, 409 for a delivery already taken (a replay), 422 for a bad order."""
    hook = repo.shop_webhook_by_public_id(db, public_id) if len(public_id) <= 40 else None
    if hook is None:
        raise not_found("Webhook")
    expected = base64.b64encode(hmac.new(decrypt_text(hook.secret_encrypted).encode(), raw, hashlib.sha256).digest())
    if not signature or not hmac.compare_digest(expected, signature.strip().encode()):
        raise AppError(401, "The signature (X-Shopify-Hmac-Sha256) does not match the body", "bad_signature")
    if not delivery_id or len(delivery_id) > 100:
        raise invalid("X-Shopify-Webhook-Id", "needed, to refuse replays")
    # Shopify signs the body, not the delivery id: the same body under a new id is a replay too
    body_key = "sha256:" + hashlib.sha256(raw).hexdigest()
    if repo.delivery_seen(db, hook.id, delivery_id) or repo.delivery_seen(db, hook.id, body_key):
        raise conflict("X-Shopify-Webhook-Id", "this delivery was already received")
    if topic not in TOPICS:
        db.add_all([ShopWebhookDelivery(webhook_id=hook.id, delivery_id=delivery_id),
                    ShopWebhookDelivery(webhook_id=hook.id, delivery_id=body_key)])
        return "ignored"
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise invalid("body", "not JSON") from None
    if not isinstance(body, dict):
        raise invalid("body", "not an order object")
    order = _webhook_order(body, topic)
    db.add_all([ShopWebhookDelivery(webhook_id=hook.id, delivery_id=delivery_id),
                ShopWebhookDelivery(webhook_id=hook.id, delivery_id=body_key)])
    result = _store(db, hook.workspace_id, [order], "webhook")
    return "added" if result.added else "updated" if result.updated else "unchanged"


# ---------- what a campaign sold ----------

MAX_WINDOW_DAYS = 365


def attribution_window(days: int | None) -> timedelta:
    """The attribution window: `days` (1–365; 422 naming `window_days` otherwise), else the default 30 days."""
    if days is None:
        return DEFAULT_WINDOW
    if not 1 <= days <= MAX_WINDOW_DAYS:
        raise invalid("window_days", f"a whole number of days from 1 to {MAX_WINDOW_DAYS} (default "
                                     f"{DEFAULT_WINDOW.days})")
    return timedelta(days=days)

def _attributed(db: Session, ctx: WorkspaceContext, c: CampaignOut, window: timedelta, since: date | None,
                until: date | None) -> tuple[dict[int, CreatorTracking], list[tuple[SalesOrder, Attribution]]]:
    """The campaign's codes and links, and its orders in order of time with whom and how each was attributed."""
    mine = repo.tracking(db, c.id)
    if not mine:
        return mine, []
    everyone = repo.workspace_tracking(db, ctx.workspace_id)  # a code is one creator's across campaigns
    code_owner = {t.code_key: t.campaign_creator_id for t in everyone}
    link_owner = {(t.utm_campaign.lower(), t.utm_content.lower()): t.campaign_creator_id for t in everyone}
    touches = repo.post_times(db, [t.campaign_creator_id for t in everyone])
    start = datetime.combine(c.starts_on, datetime.min.time()) if c.starts_on else c.created_at.replace(tzinfo=None)
    for entry in mine:
        touches.setdefault(entry, []).append(start)  # codes are handed out when the campaign starts
    first = min(min(v) for v in touches.values() if v)
    last = max(max(v) for v in touches.values() if v) + window
    out = []
    for o in repo.orders_between(db, ctx.workspace_id, first, last):
        if (since and o.ordered_at.date() < since) or (until and o.ordered_at.date() > until):
            continue
        if not is_sale(o.financial_status or ""):  # cancelled or voided: never a sale, whoever's code it used
            continue
        a = attribute(OrderFacts(o.ordered_at, tuple(o.discount_codes or ()), o.landing_site or ""), code_owner,
                      link_owner, touches, window)
        if a is not None and a.entry in mine:
            out.append((o, a))
    return mine, out


def campaign_sales(db: Session, ctx: WorkspaceContext, c: CampaignOut, handles: dict[int, str],
                   cost_by_entry: dict[int, Decimal], committed: Decimal, window: timedelta = DEFAULT_WINDOW,
                   since: date | None = None, until: date | None = None) -> SalesOut | None:
    """The orders attributed to the campaign's creators (placed between `since` and `until` when given), per
    creator and in all (None before any code or link)."""
    mine, attributed = _attributed(db, ctx, c, window, since, until)
    if not mine:
        return None
    firsts = repo.first_orders(db, ctx.workspace_id, sorted({o.customer_hash for o, _ in attributed
                                                             if o.customer_hash}), NOT_A_SALE)
    totals: dict[int, SalesTotals] = {}
    by: dict[int, dict[str, int]] = {}
    other: dict[str, int] = {}
    for o, a in attributed:
        if o.currency != c.currency:
            other[o.currency] = other.get(o.currency, 0) + 1
            continue
        new = bool(o.customer_hash) and firsts.get(o.customer_hash or "", (None, None))[1] == o.id
        totals[a.entry] = add_order(totals.get(a.entry, SalesTotals()), o.total_minor, o.refunded_minor, new)
        counts = by.setdefault(a.entry, {"code": 0, "link": 0})
        counts[a.by] += 1
    rows_out = []
    for entry, t in sorted(totals.items(), key=lambda kv: -kv[1].revenue_minor):
        cost = cost_by_entry.get(entry)
        rows_out.append(CreatorSales(entry_id=entry, handle=handles.get(entry, "?"), code=mine[entry].code,
                                     orders=t.orders, by_code=by[entry]["code"], by_link=by[entry]["link"],
                                     revenue=from_minor(t.revenue_minor), refunds=from_minor(t.refunds_minor),
                                     new_customers=t.new_customers, cost=cost,
                                     roas=roas(float(from_minor(t.revenue_minor)), float(cost or 0))))
    revenue = sum((r.revenue for r in rows_out), Decimal("0.00"))
    return SalesOut(currency=c.currency, window_days=window.days, orders=sum(r.orders for r in rows_out),
                    revenue=revenue, refunds=sum((r.refunds for r in rows_out), Decimal("0.00")),
                    new_customers=sum(r.new_customers for r in rows_out), roas=roas(float(revenue), float(committed)),
                    creators=rows_out, other_currencies=other, note=FLOOR_NOTE.format(days=window.days))


def campaign_orders(db: Session, ctx: WorkspaceContext, campaign_id: int, limit: int = 200,
                    offset: int = 0, window_days: int | None = None) -> list[AttributedOrderOut]:
    """The orders attributed to the campaign's creators (within `window_days` of a touch, default 30), newest
    first: to whom, by code or link, and when the touch was (the buyer's email is never shown)."""
    window = attribution_window(window_days)
    c = campaigns.get_campaign(db, ctx, campaign_id)
    _, attributed = _attributed(db, ctx, c, window, None, None)
    handles = {e.id: e.handle for e in campaigns.pipeline(db, ctx, c.id)}
    page = sorted(attributed, key=lambda oa: (oa[0].ordered_at, oa[0].id), reverse=True)[offset:offset + limit]
    return [AttributedOrderOut(order=o.external_id, ordered_at=o.ordered_at, source=o.source, currency=o.currency,
                               total=from_minor(o.total_minor), refunded=from_minor(o.refunded_minor),
                               entry_id=a.entry, handle=handles.get(a.entry, "?"), by=a.by, touch_at=a.touch_at)
            for o, a in page]
