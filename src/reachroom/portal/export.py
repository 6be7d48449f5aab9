"""A creator's data export: everything the portal keeps about them, as JSON — the account and profile (payout
masked, as it is shown), API token names, claims, bids with their counter-offer threads, notifications, and each
campaign they are in with every version of the terms (and when they were accepted), the brief they agreed to,
their drafts with the brand's review comments, their gifts, payments and the numbers they reported.

Only the creator's side: never another creator, the brand's staff (no reviewer's or brief author's email), the
brand's internal notes on the pipeline, scores, budget or the campaign's totals.
"""

from typing import Any

from pydantic_core import to_jsonable_python
from sqlalchemy.orm import Session

from reachroom.campaigns.schemas import from_minor
from reachroom.metrics.delivery import COUNTS
from reachroom.portal import bids, drafts, service
from reachroom.portal import repository as repo
from reachroom.portal.service import CreatorAuth

DRAFT_FIELDS = ("version", "caption", "links", "brief_version", "verdict", "checks", "status", "review_comment",
                "reviewed_at", "created_at", "live_url", "live_caption", "live_verdict", "live_checked_at")


def export_data(db: Session, auth: CreatorAuth) -> dict[str, Any]:
    """Everything kept about the creator, ready for `json.dumps`."""
    out = service.export_account(db, auth)
    out["claims"] = [{"platform": a.platform, "handle": a.handle, "code": c.code, "status": c.status,
                      "method": c.method, "verified_at": c.verified_at, "review_note": c.review_note,
                      "review_requested_at": c.review_requested_at, "rejection_reason": c.rejection_reason,
                      "created_at": c.created_at} for c, a in repo.claims_of(db, auth.creator_user_id)]
    out["bids"] = [{"id": b.id, "opportunity": b.title, "brand": b.brand, "handle": b.handle, "fee": b.fee,
                    "currency": b.currency, "gifted_only": b.gifted_only, "status": b.status, "thread": b.thread}
                   for b in bids.my_bids(db, auth)]
    out["notifications"] = [{"kind": n.kind, "text": n.text, "link": n.link, "at": n.created_at, "read_at": n.read_at}
                            for n in repo.notifications(db, auth.creator_user_id, limit=None)]
    out["campaigns"] = _campaigns(db, auth)
    return to_jsonable_python(out)


def _campaigns(db: Session, auth: CreatorAuth) -> list[dict[str, Any]]:
    rows = repo.my_entries(db, auth.creator_user_id)
    ids = [e.id for e, _, _, _ in rows]
    terms, pays = repo.agreements_of(db, ids), repo.payments_of(db, ids)
    numbers: dict[int, list[dict]] = {}
    for s, p in repo.reported_numbers(db, ids):
        numbers.setdefault(p.campaign_creator_id, []).append(
            {"post": p.url, "collected_at": s.collected_at, **{k: getattr(s, k) for k in COUNTS}})
    out = []
    for e, c, brand, handle in rows:
        room = drafts.room(db, auth, e.id)  # the creator's own view: no staff emails, the agreed brief
        out.append({
            "campaign": c.name, "brand": brand, "handle": handle, "stage": e.stage,
            "terms": [{"version": a.version, "brief_version": a.brief_version, "fee": from_minor(a.fee_minor),
                       "currency": a.currency, "product_value": from_minor(a.product_value_minor),
                       "deliverables": a.deliverables or [], "usage_rights_days": a.usage_rights_days,
                       "exclusivity_days": a.exclusivity_days, "payment_terms": a.payment_terms, "status": a.status,
                       "accepted_at": a.accepted_at, "accepted_by": "the brand on your behalf" if a.on_behalf and
                       a.accepted_at else ("you" if a.accepted_at else None), "proposed_at": a.created_at}
                      for a in terms.get(e.id, [])],
            "brief": room.brief.model_dump(mode="json", exclude={"created_by_email", "campaign_id"}),
            "drafts": [{**{k: getattr(s, k) for k in DRAFT_FIELDS}, "files": [f.filename for f in s.media]}
                       for s in room.drafts],
            "gifts": room.gifts,
            "payments": [{"kind": p.kind, "amount": from_minor(p.amount_minor), "currency": p.currency,
                          "status": p.status, "paid_at": p.paid_at} for p in pays.get(e.id, [])],
            "reported_numbers": numbers.get(e.id, []),
        })
    return out
