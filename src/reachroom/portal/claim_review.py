"""Claims approved by a workspace admin: a creator who cannot put the one-time code in their bio asks for review;
admins of every workspace that has the account in one of its campaigns see the request (with the creator's name,
email and note, and which of their campaigns the account is in) and approve or reject it. Approval completes the
claim exactly as the code does (claims.complete_claim), recording who, which workspace and when; the creator hears
either way. Other workspaces never see the request (404); members below admin get 403; a request already decided
(or proved by the code meanwhile) is 409 saying so, and of two admins deciding at once only the first is kept."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from reachroom.core.errors import conflict, invalid, not_found
from reachroom.core.tenancy import WorkspaceContext
from reachroom.core.vocab import PLATFORM_NAMES
from reachroom.models import utcnow
from reachroom.portal import notifications
from reachroom.portal import repository as repo
from reachroom.portal.campaigns import complete_claim


@dataclass(frozen=True)
class ClaimRequest:
    """A creator's request to confirm an account is theirs, as a workspace admin sees it."""

    id: int
    creator: str
    email: str
    email_verified: bool
    platform: str
    handle: str
    account_id: int
    note: str
    asked_at: datetime | None
    campaigns: list[str]


def awaiting(db: Session, ctx: WorkspaceContext) -> list[ClaimRequest]:
    """The requests this workspace may decide, oldest first."""
    ctx.require("admin")
    rows = repo.claims_for_review(db, ctx.workspace_id)
    names = repo.campaigns_with_account(db, ctx.workspace_id, [a.id for _, _, a in rows])
    return [ClaimRequest(c.id, u.name, u.email, u.email_verified_at is not None,
                         PLATFORM_NAMES.get(a.platform, a.platform), a.handle, a.id, c.review_note,
                         c.review_requested_at, names.get(a.id, [])) for c, u, a in rows]


def _undecided(db: Session, ctx: WorkspaceContext, claim_id: int) -> tuple:
    """The request, taken for this admin's decision: 404 unless it asked this workspace, 409 naming why it is not
    open to a decision any more (nothing written either way)."""
    ctx.require("admin")
    found = repo.asked_claim(db, ctx.workspace_id, claim_id)
    if found is None:  # never asked for review, or an account this workspace does not work with
        raise not_found("Claim request")
    claim, user, account = found
    if claim.status != "review":
        raise conflict("claim", _decided(claim.status, claim.method, account.handle))
    if not repo.take_for_decision(db, claim.id, ctx.actor_id, ctx.workspace_id, utcnow()):
        raise conflict("claim", "this request was just decided by someone else; reload")
    return claim, user, account


def _decided(status: str, method: str, handle: str) -> str:
    """Why a request is no longer open to a decision, in words."""
    if status == "verified":
        how = "by the code in its bio" if method == "code" else "by a brand"
        return f"@{handle} is already confirmed as the creator's ({how}); there is nothing left to decide"
    if status == "rejected":
        return f"this request for @{handle} was already declined; the creator may ask again"
    return f"this request for @{handle} is no longer open ({status})"


def approve(db: Session, ctx: WorkspaceContext, claim_id: int) -> str:
    """Confirm the account is the creator's; returns what happened, in words."""
    claim, user, account = _undecided(db, ctx, claim_id)
    complete_claim(db, claim, account, "admin")
    notifications.notify(db, user.id, user.email, "claim", f"A brand confirmed @{account.handle} is yours",
                         "/portal#accounts")
    return f"@{account.handle} is now {user.name or user.email}'s"


def reject(db: Session, ctx: WorkspaceContext, claim_id: int, reason: str) -> str:
    """Say no, with the reason the creator will read."""
    reason = reason.strip()
    if not reason:
        raise invalid("reason", "tell the creator why, e.g. 'we know this account's owner by another name'")
    if len(reason) > 1000:
        raise invalid("reason", "at most 1,000 characters")
    claim, user, account = _undecided(db, ctx, claim_id)
    claim.status, claim.rejection_reason = "rejected", reason
    db.flush()
    notifications.notify(db, user.id, user.email, "claim", f"A brand could not confirm @{account.handle}: {reason}",
                         "/portal#accounts")
    return f"Request for @{account.handle} declined"
