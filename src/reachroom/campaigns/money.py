"""Agreements, the payments ledger and spend against budget, behind page, API and CLI.

An agreement is versioned like the brief; accepting a version (by the brand on the creator's behalf until the
creator portal exists) records when and who, supersedes the others, moves a creator who is still negotiating to
Contracted and puts the fee on the ledger as due. Approving and paying need an admin.
"""

import csv
import io
from decimal import Decimal

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from reachroom.campaigns import repository as repo
from reachroom.campaigns import review
from reachroom.campaigns import service as campaigns
from reachroom.campaigns.gifting import service as gifting
from reachroom.campaigns.schemas import (
    AcceptIn,
    AgreementIn,
    AgreementOut,
    CreatorCost,
    PaymentAction,
    PaymentOut,
    SpendOut,
    StageMove,
    from_minor,
    to_minor,
)
from reachroom.campaigns.stages import can_move
from reachroom.core import events
from reachroom.core.csv_export import text_cell
from reachroom.core.errors import AppError, conflict
from reachroom.core.tenancy import WorkspaceContext
from reachroom.models import Agreement, Payment, utcnow

#: payment moves: action → (from statuses, to status)
PAYMENT_MOVES = {"approve": ({"due"}, "approved"), "paid": ({"approved"}, "paid"),
                 "failed": ({"approved"}, "failed"), "retry": ({"failed"}, "approved")}
#: stages from which accepting an agreement makes the creator Contracted (later stages already are)
TO_CONTRACTED = {"invited": ["interested", "contracted"], "interested": ["contracted"],
                 "negotiating": ["contracted"]}
PAYMENT_CSV = ["payment_id", "handle", "kind", "amount", "currency", "status", "method", "reference", "paid_at",
               "agreement_version", "created_at"]


def _out(a: Agreement, email: str | None) -> AgreementOut:
    return AgreementOut(
        campaign_creator_id=a.campaign_creator_id, version=a.version, brief_version=a.brief_version,
        fee=from_minor(a.fee_minor), currency=a.currency, product_value=from_minor(a.product_value_minor),
        deliverables=a.deliverables or [], usage_rights_days=a.usage_rights_days,
        exclusivity_days=a.exclusivity_days, payment_terms=a.payment_terms, status=a.status,
        accepted_at=a.accepted_at, accepted_by_email=email, on_behalf=a.on_behalf, created_at=a.created_at,
    )


def agreements(db: Session, ctx: WorkspaceContext, campaign_id: int, entry_id: int) -> list[AgreementOut]:
    """Every version of a creator's terms, newest first."""
    entry = campaigns.get_entry(db, ctx, campaign_id, entry_id)
    return [_out(a, e) for a, e in repo.agreements(db, entry.id)]


def propose(db: Session, ctx: WorkspaceContext, campaign_id: int, entry_id: int, data: AgreementIn) -> AgreementOut:
    """A new version of the terms (409 if someone proposed a newer one since `base_version`)."""
    ctx.require_write()
    entry = campaigns.get_entry(db, ctx, campaign_id, entry_id)
    history = repo.agreements(db, entry.id)
    current = history[0][0].version if history else 0
    if data.base_version != current:
        raise conflict("base_version", f"the terms were changed by someone else since you opened them (you edited "
                                       f"version {data.base_version}, it is now {current}); reload")
    if entry.stage in ("declined", "withdrawn", "paid"):
        raise conflict("stage", f"no new terms for a creator who is {entry.stage}")
    brief = review.get_brief(db, ctx, campaign_id)
    deliverables = data.deliverables if data.deliverables is not None else brief.deliverables
    row = Agreement(
        campaign_creator_id=entry.id, version=current + 1, brief_version=brief.version or None,
        fee_minor=to_minor(data.fee), currency=data.currency, product_value_minor=to_minor(data.product_value),
        deliverables=[d.model_dump(mode="json") for d in deliverables], usage_rights_days=data.usage_rights_days,
        exclusivity_days=data.exclusivity_days, payment_terms=data.payment_terms, created_by=ctx.actor_id,
    )
    try:
        with db.begin_nested():
            repo.add(db, row)
    except IntegrityError:
        raise conflict("base_version", "other terms were proposed at the same moment; reload") from None
    campaigns.record_event(db, ctx, campaign_id, "terms", new=f"v{row.version}",
                           detail=f"{data.fee} {data.currency}", entry_id=entry.id)
    events.publish(db, "terms_proposed", entry_id=entry.id, text=f"New terms for you: {data.fee:,.2f} "
                   f"{data.currency} (version {row.version})")
    return _out(row, None)


def accept(db: Session, ctx: WorkspaceContext, campaign_id: int, entry_id: int, data: AcceptIn,
           by_creator: bool = False) -> AgreementOut:
    """Record acceptance of a version (it must be the newest); the fee goes on the ledger as due. `by_creator`:
    the creator accepted in the portal (the caller checked it is their campaign), not the brand on their behalf."""
    ctx.require_write()
    entry = campaigns.get_entry(db, ctx, campaign_id, entry_id)
    history = [a for a, _ in repo.agreements(db, entry.id)]
    if not history:
        raise AppError(404, "No terms proposed yet", "not_found")
    latest = history[0]
    if data.version != latest.version:
        raise conflict("version", f"version {data.version} is not the newest terms (version {latest.version}); "
                                  "accept that one")
    if latest.status == "accepted":
        raise conflict("version", f"version {latest.version} was already accepted on {latest.accepted_at:%d %b %Y}")
    for a in history[1:]:
        if a.status == "accepted":
            a.status = "superseded"
    latest.status, latest.accepted_at = "accepted", utcnow()
    latest.accepted_by, latest.on_behalf = (None, False) if by_creator else (ctx.user_id, True)
    repo.add(db, Payment(campaign_creator_id=entry.id, agreement_version=latest.version, kind="fee",
                         amount_minor=latest.fee_minor, currency=latest.currency, status="due"))
    for stage in TO_CONTRACTED.get(entry.stage, []):
        if can_move(campaigns.get_entry(db, ctx, campaign_id, entry.id).stage, stage):
            campaigns.move_creator(db, ctx, campaign_id, entry.id,
                                   StageMove(stage=stage, note=f"terms v{latest.version} accepted"))
    db.flush()
    events.publish(db, "terms_accepted", ctx=ctx, campaign_id=campaign_id, entry_id=entry.id, version=latest.version)
    campaigns.record_event(db, ctx, campaign_id, "accepted", new=f"v{latest.version}",
                           detail="by the creator in the portal" if by_creator else "on the creator's behalf",
                           entry_id=entry.id)
    return agreements(db, ctx, campaign_id, entry.id)[0]


def _payment_out(p: Payment, handle: str) -> PaymentOut:
    return PaymentOut(id=p.id, campaign_creator_id=p.campaign_creator_id, handle=handle,
                      agreement_version=p.agreement_version, kind=p.kind, amount=from_minor(p.amount_minor),
                      currency=p.currency, status=p.status, method=p.method, reference=p.reference,
                      paid_at=p.paid_at, version=p.version, created_at=p.created_at)


def ledger(db: Session, ctx: WorkspaceContext, campaign_id: int, entry_id: int | None = None) -> list[PaymentOut]:
    """The campaign's payments (or one creator's), oldest first."""
    c = campaigns.get_campaign(db, ctx, campaign_id)
    if entry_id is not None:
        campaigns.get_entry(db, ctx, c.id, entry_id)
    return [_payment_out(p, h) for p, h in repo.payments(db, c.id, entry_id)]


def move_payment(db: Session, ctx: WorkspaceContext, campaign_id: int, payment_id: int,
                 data: PaymentAction) -> PaymentOut:
    """Approve, mark paid or failed, or retry a payment (admins); 409 for a move its status does not allow or a
    stale version."""
    ctx.require("admin")
    c = campaigns.get_campaign(db, ctx, campaign_id)
    p = repo.payment(db, c.id, payment_id)
    if p is None:
        raise AppError(404, "Payment not found", "not_found")
    if data.version != p.version:
        raise conflict("version", f"this payment was updated by someone else (you read version {data.version}, "
                                  f"it is now {p.version}); reload")
    allowed_from, to = PAYMENT_MOVES[data.action]
    if p.status not in allowed_from:
        raise conflict("action", f"a {p.status} payment can't be marked {data.action}")
    old = p.status
    p.status = to
    if data.action == "approve":
        p.approved_by = ctx.user_id
    if data.action == "paid":
        p.paid_at, p.method, p.reference = utcnow(), data.method, data.reference
    campaigns.flush_versioned(db, conflict("version", "this payment was updated by someone else at the same "
                                                      "moment; reload"))
    campaigns.record_event(db, ctx, c.id, "payment", old=old, new=to, detail=f"{from_minor(p.amount_minor)} "
                           f"{p.currency} {data.reference}".strip(), entry_id=p.campaign_creator_id)
    entry = campaigns.get_entry(db, ctx, c.id, p.campaign_creator_id)
    if to == "paid":
        events.publish(db, "payment_paid", entry_id=entry.id,
                       text=f"You were paid {from_minor(p.amount_minor):,.2f} {p.currency}")
    if to == "paid" and entry.stage == "live":
        campaigns.move_creator(db, ctx, c.id, entry.id, StageMove(stage="paid", note=data.reference))
    return _payment_out(p, entry.handle)


def spend(db: Session, ctx: WorkspaceContext, campaign_id: int) -> SpendOut:
    """Committed (accepted fees + product value + shipping) and paid, per creator and in all, against budget.

    A creator's product cost is what their shipments sent when they have any (the real gifts), else the product
    value of their accepted terms (the plan); shipping comes from the shipments."""
    c = campaigns.get_campaign(db, ctx, campaign_id)
    paid_by: dict[int, int] = {}
    for p, _ in repo.payments(db, c.id):
        if p.status == "paid" and p.currency == c.currency:
            paid_by[p.campaign_creator_id] = paid_by.get(p.campaign_creator_id, 0) + p.amount_minor
    others: set[str] = set()
    gifts: dict[int, tuple[str, int, int]] = {}
    for (entry_id, currency), cost in gifting.costs(db, ctx, c.id).items():
        if currency == c.currency:
            gifts[entry_id] = cost
        else:
            others.add(currency)  # never added to a total in another currency
    # (handle, fees, product, shipping) per creator, in the order they joined
    parts: dict[int, tuple[str, int, int, int]] = {}
    for a, handle in repo.accepted_agreements(db, c.id):
        if a.currency != c.currency:
            others.add(a.currency)
            continue
        parts[a.campaign_creator_id] = (handle, a.fee_minor, a.product_value_minor, 0)
    for entry_id, (handle, product, shipping) in gifts.items():
        fees = parts.get(entry_id, (handle, 0, 0, 0))[1]
        parts[entry_id] = (handle, fees, product, shipping)
    rows = []
    for entry_id in sorted(parts):
        handle, fees, product, shipping = parts[entry_id]
        rows.append(CreatorCost(campaign_creator_id=entry_id, handle=handle, fees=from_minor(fees),
                                product=from_minor(product), shipping=from_minor(shipping),
                                total=from_minor(fees + product + shipping),
                                paid=from_minor(paid_by.get(entry_id, 0))))
    committed = sum((r.total for r in rows), Decimal("0.00"))
    paid = sum((r.paid for r in rows), Decimal("0.00"))
    share = float(committed / c.budget) if c.budget else None
    warning = "none" if share is None else "over_100" if share >= 1 else "over_80" if share >= 0.8 else "none"
    return SpendOut(campaign_id=c.id, currency=c.currency, budget=c.budget, committed=committed, paid=paid,
                    share_of_budget=None if share is None else round(share, 4), warning=warning,
                    other_currencies=sorted(others), creators=rows)


def payments_csv(db: Session, ctx: WorkspaceContext, campaign_id: int) -> tuple[str, str]:
    """(filename, CSV) of the campaign's ledger for finance."""
    c = campaigns.get_campaign(db, ctx, campaign_id)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(PAYMENT_CSV)
    for p in ledger(db, ctx, c.id):
        writer.writerow([p.id, text_cell(p.handle), p.kind, f"{p.amount:.2f}", p.currency, p.status,
                         text_cell(p.method), text_cell(p.reference), p.paid_at.isoformat() if p.paid_at else "",
                         p.agreement_version, p.created_at.isoformat()])
    slug = "".join(ch if ch.isalnum() else "-" for ch in c.name.lower()).strip("-") or f"campaign-{c.id}"
    return f"{slug}-payments.csv", buf.getvalue()
