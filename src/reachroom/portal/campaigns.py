"""The creator's side of campaigns: claim a catalogue account (a one-time code in its bio proves it is theirs, or
an admin of a workspace that works with the account approves it — see claim_review.py),
see the campaigns those accounts are in — stage, the terms, payments — and accept the newest terms themselves.

Privacy: a creator sees their own pipeline entries only; never other creators, the brand's notes, scores or
budget. Accepting goes through the campaigns' own money service, recorded as "by the creator in the portal".
"""

import secrets
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from reachroom.campaigns import money
from reachroom.campaigns.schemas import AcceptIn, from_minor
from reachroom.campaigns.stages import STAGE_NAMES
from reachroom.core.errors import AppError, conflict, invalid, not_found
from reachroom.core.tenancy import WorkspaceContext
from reachroom.core.vocab import PLATFORM_NAMES
from reachroom.models import AccountClaim, utcnow
from reachroom.portal import repository as repo
from reachroom.portal import tasks
from reachroom.portal.service import CreatorAuth

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread
CREATOR_ACTOR = 0  # the creator acting in the portal: not a workspace user, so no actor row on the timeline


@dataclass(frozen=True)
class ClaimOut:
    """A claim as the creator sees it."""

    id: int
    platform: str
    handle: str
    code: str
    status: str  # pending | review | verified | rejected
    method: str = ""  # how it was proved: code | admin
    rejection_reason: str = ""
    can_ask_review: bool = False  # a workspace works with the account, so a brand could confirm it


@dataclass(frozen=True)
class MyCampaign:
    """One campaign the creator is in, as they may see it."""

    entry_id: int
    campaign: str
    brand: str
    handle: str
    stage: str
    stage_name: str
    terms: dict | None
    payments: list[dict]


def _claim_out(c: AccountClaim, platform: str, handle: str, can_ask: bool = False) -> ClaimOut:
    return ClaimOut(c.id, platform, handle, c.code, c.status, c.method, c.rejection_reason, can_ask)


def claims(db: Session, auth: CreatorAuth) -> list[ClaimOut]:
    """The creator's claims, oldest first."""
    return [_claim_out(c, a.platform, a.handle, c.status in ("pending", "rejected") and repo.reviewers_exist(db, a.id))
            for c, a in repo.claims_of(db, auth.creator_user_id)]


def start_claim(db: Session, auth: CreatorAuth, ref: str) -> ClaimOut:
    """A claim on `platform:handle` with the code to put in its bio (the same claim again returns it)."""
    platform, _, handle = ref.strip().lower().rpartition(":")
    handle = handle.lstrip("@")
    if platform not in PLATFORM_NAMES or not handle:
        raise invalid("account", "write it as platform:handle, e.g. instagram:anna.makes")
    account = repo.catalogue_account(db, platform, handle)
    if account is None:
        raise invalid("account", f"no {PLATFORM_NAMES[platform]} account @{handle} in Reachroom's catalogue yet")
    if repo.verified_elsewhere(db, account.id, auth.creator_user_id):
        raise conflict("account", f"@{account.handle} is already claimed; if it is yours, write to the brand "
                                  "that invited you")
    for c, a in repo.claims_of(db, auth.creator_user_id):
        if a.id == account.id:
            return _claim_out(c, a.platform, a.handle)
    row = AccountClaim(creator_user_id=auth.creator_user_id, account_id=account.id,
                       code="RR-" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(6)))
    try:
        with db.begin_nested():
            repo.add(db, row)
    except IntegrityError:
        raise conflict("account", "this claim was just made; reload") from None
    return _claim_out(row, account.platform, account.handle)


def check_claim(db: Session, auth: CreatorAuth, claim_id: int) -> ClaimOut:
    """Verified when the code is in the account's bio as Reachroom last read it; 409 saying so when not yet."""
    found = repo.claim(db, auth.creator_user_id, claim_id)
    if found is None:
        raise not_found("Claim")
    c, account = found
    if c.status != "verified":
        if c.code.lower() not in (account.bio or "").lower():
            raise conflict("code", f"{c.code} is not in @{account.handle}'s bio yet (as Reachroom last read it); "
                                   "add it, and check again once the profile is refreshed")
        complete_claim(db, c, account, "code")
    return _claim_out(c, account.platform, account.handle)


def complete_claim(db: Session, c: AccountClaim, account, method: str) -> None:
    """Make a claim verified (by the bio code or an admin): unless someone else proved the account first."""
    if repo.verified_elsewhere(db, account.id, c.creator_user_id):
        raise conflict("account", f"@{account.handle} is already claimed by someone else")
    c.status, c.verified_at, c.method = "verified", utcnow(), method
    db.flush()
    tasks.refresh_after_commit(db, account_ids=[account.id])  # its fit with every brand that recruits


def ask_review(db: Session, auth: CreatorAuth, claim_id: int, note: str) -> ClaimOut:
    """Ask the brands that work with the account to confirm it is the creator's (when the bio code cannot go in)."""
    found = repo.claim(db, auth.creator_user_id, claim_id)
    if found is None:
        raise not_found("Claim")
    c, account = found
    if c.status == "verified":
        raise conflict("claim", f"@{account.handle} is already proved yours")
    if len(note) > 1000:
        raise invalid("note", "at most 1,000 characters")
    if not repo.reviewers_exist(db, account.id):
        raise conflict("claim", f"no brand on Reachroom works with @{account.handle} yet, so nobody can confirm it; "
                                f"put {c.code} in its bio instead")
    c.status, c.review_note, c.review_requested_at, c.rejection_reason = "review", note.strip(), utcnow(), ""
    db.flush()
    return _claim_out(c, account.platform, account.handle)


def _terms(a) -> dict | None:
    if a is None:
        return None
    return {"version": a.version, "fee": from_minor(a.fee_minor), "currency": a.currency, "status": a.status,
            "deliverables": a.deliverables or [], "usage_rights_days": a.usage_rights_days,
            "exclusivity_days": a.exclusivity_days, "payment_terms": a.payment_terms,
            "product_value": from_minor(a.product_value_minor), "on_behalf": a.on_behalf,
            "accepted_at": a.accepted_at}


def my_campaigns(db: Session, auth: CreatorAuth) -> list[MyCampaign]:
    """The campaigns the creator's verified accounts are in (their own entries only)."""
    rows = repo.my_entries(db, auth.creator_user_id)
    ids = [e.id for e, _, _, _ in rows]
    terms, pays = repo.newest_agreements(db, ids), repo.payments_of(db, ids)
    return [MyCampaign(e.id, c.name, brand, handle, e.stage, STAGE_NAMES[e.stage], _terms(terms.get(e.id)),
                       [{"kind": p.kind, "amount": from_minor(p.amount_minor), "currency": p.currency,
                         "status": p.status, "paid_at": p.paid_at} for p in pays.get(e.id, [])])
            for e, c, brand, handle in rows]


def accept_terms(db: Session, auth: CreatorAuth, entry_id: int, version: int) -> None:
    """The creator accepts the newest terms of one of their campaigns (404 for anyone else's)."""
    rows = repo.my_entries(db, auth.creator_user_id, entry_id)
    if not rows:
        raise not_found("Campaign")
    entry, campaign, _, _ = rows[0]
    if campaign.status in ("completed", "archived"):
        raise AppError(409, f"status: {campaign.name} is {campaign.status}; nothing to accept", "conflict")
    acting = WorkspaceContext(campaign.workspace_id, CREATOR_ACTOR, "member")
    money.accept(db, acting, campaign.id, entry.id, AcceptIn(version=version), by_creator=True)
