"""Accounts, login, sessions, API tokens and members. Services flush, never commit."""

import math
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from reachroom.config import get_settings
from reachroom.core.emails import normalise_email
from reachroom.core.errors import AppError, conflict, forbidden, invalid, not_found
from reachroom.core.security import burn_verification, hash_password, hash_token, new_token, verify_password
from reachroom.core.tenancy import ROLE_RANK, WorkspaceContext
from reachroom.models import ApiToken, Invitation, LoginAttempt, Membership, User, WebSession, Workspace, utcnow
from reachroom.workspaces import repository as repo


def _slugify(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:60] or "workspace"


def create_user(db: Session, email: str, password: str, name: str = "") -> User:
    """A new user with an argon2-hashed password."""
    email = valid_email(email)
    if repo.user_by_email(db, email):
        raise conflict("email", f"a user with email {email} already exists")
    if len(password) < 10:
        raise invalid("password", "must be at least 10 characters")
    user = User(email=email.lower(), name=name, password_hash=hash_password(password))
    repo.add(db, user)
    return user


def valid_email(email: str) -> str:
    """The normalised address, or 422 on the email field (the one rule of core.emails)."""
    try:
        return normalise_email(email)
    except ValueError as err:
        raise invalid("email", str(err)) from None


def user_exists(db: Session, email: str) -> bool:
    """True when someone already logs in with this email (the CLI asks for a password only for new users)."""
    return repo.user_by_email(db, email.strip()) is not None


def create_workspace(db: Session, name: str, owner: User) -> Workspace:
    """A workspace with the given user as its owner."""
    base = _slugify(name)
    slug, n = base, 1
    while repo.workspace_by_slug(db, slug):
        n += 1
        slug = f"{base}-{n}"
    ws = Workspace(name=name, slug=slug)
    repo.add(db, ws)
    repo.add(db, Membership(workspace_id=ws.id, user_id=owner.id, role="owner"))
    return ws


@dataclass
class RateLimited(AppError):
    """429 with the seconds after which a new attempt will be counted again (the Retry-After header)."""

    retry_after: int = 1


def _retry_after(failures: list[datetime], limit: int, window: timedelta, now: datetime) -> int | None:
    """Seconds until fewer than `limit` of these failures (oldest first) are inside the window; None if already."""
    if len(failures) < limit:
        return None
    frees_at = failures[len(failures) - limit] + window
    return max(1, math.ceil((frees_at - now).total_seconds()))


def check_login_rate(db: Session, email: str, ip: str) -> None:
    """Refuse a login try after too many failures for this email from this address, or from this address.

    Not per email alone: anyone could then lock a user out by typing their email with wrong passwords. Guessing
    one account from many addresses stays bounded by the per-address limit and argon2's cost."""
    settings = get_settings()
    window = timedelta(seconds=settings.login_window_seconds)
    now = utcnow()
    waits = [
        _retry_after(repo.failed_login_times(db, now - window, ip, email), settings.login_max_failures, window, now),
        _retry_after(repo.failed_login_times(db, now - window, ip), settings.login_max_failures * 4, window, now),
    ]
    wait = max((w for w in waits if w is not None), default=None)
    if wait is not None:
        minutes = max(1, math.ceil(wait / 60))
        raise RateLimited(429, f"Too many failed logins; try again in {minutes} minute{'s' * (minutes != 1)}",
                          "rate_limited", retry_after=wait)


def authenticate(db: Session, email: str, password: str, ip: str) -> User:
    """The user for these credentials; 429 after too many failures, 401 on a mismatch.

    Known and unknown emails cost the same: one argon2 verification each (a dummy hash stands in)."""
    check_login_rate(db, email, ip)
    user = repo.user_by_email(db, email)
    if user is not None and user.is_active:
        ok = verify_password(user.password_hash, password)
    else:
        burn_verification(password)
        ok = False
    repo.add(db, LoginAttempt(email=email.lower()[:254], ip=ip[:64], succeeded=ok))
    if not ok:
        raise AppError(401, "Email or password is wrong", "unauthorized")
    assert user is not None  # ok only when the user exists
    return user


def default_workspace_id(db: Session, user: User) -> int:
    """The first workspace the user belongs to."""
    rows = repo.memberships_of_user(db, user.id)
    if not rows:
        raise AppError(403, "This user belongs to no workspace", "forbidden")
    return rows[0].workspace_id


def start_session(db: Session, user: User, workspace_id: int) -> tuple[str, WebSession]:
    """A browser session; returns the raw cookie token (only its hash is stored)."""
    raw = new_token("s_")
    row = WebSession(
        token_hash=hash_token(raw),
        user_id=user.id,
        workspace_id=workspace_id,
        csrf_token=new_token("c_"),
        expires_at=utcnow() + timedelta(days=get_settings().session_days),
    )
    repo.add(db, row)
    return raw, row


def end_session(db: Session, raw: str) -> None:
    """Log out: forget the session."""
    repo.delete_session(db, hash_token(raw))


def _context(db: Session, workspace_id: int, user_id: int) -> WorkspaceContext | None:
    member = repo.membership(db, workspace_id, user_id)
    user = repo.user_by_id(db, user_id)
    if member is None or user is None or not user.is_active:
        return None
    return WorkspaceContext(workspace_id=workspace_id, user_id=user_id, role=member.role)


def session_context(db: Session, raw: str) -> tuple[WorkspaceContext, WebSession] | None:
    """The context of a session cookie, or None when unknown, expired or no longer a member."""
    row = repo.session_by_hash(db, hash_token(raw), utcnow())
    if row is None:
        return None
    ctx = _context(db, row.workspace_id, row.user_id)
    return (ctx, row) if ctx else None


def token_context(db: Session, raw: str) -> WorkspaceContext | None:
    """The context of a bearer token, or None when unknown or revoked."""
    row = repo.token_by_hash(db, hash_token(raw))
    if row is None:
        return None
    repo.touch_token(db, row.id, utcnow())
    return _context(db, row.workspace_id, row.user_id)


def switch_workspace(db: Session, session_id: int, workspace_id: int) -> None:
    """Point a browser session at another workspace the user belongs to."""
    session = repo.session_by_id(db, session_id)
    if session is None or repo.membership(db, workspace_id, session.user_id) is None:
        raise not_found("Workspace")
    session.workspace_id = workspace_id
    db.flush()


def create_token(db: Session, ctx: WorkspaceContext, name: str) -> tuple[ApiToken, str]:
    """A new API token for the caller; the secret is returned once and stored hashed."""
    name = name.strip()
    if not name:
        raise invalid("name", "must not be empty")
    raw = new_token()
    row = ApiToken(
        workspace_id=ctx.workspace_id, user_id=ctx.user_id, name=name[:120], prefix=raw[:10],
        token_hash=hash_token(raw),
    )
    repo.add(db, row)
    return row, raw


def list_tokens(db: Session, ctx: WorkspaceContext) -> list[ApiToken]:
    """Admins see every token of the workspace; others see their own."""
    rows = repo.tokens(db, ctx)
    return rows if ctx.can("admin") else [t for t in rows if t.user_id == ctx.user_id]


def revoke_token(db: Session, ctx: WorkspaceContext, token_id: int) -> ApiToken:
    """Revoke a token: your own, or any as an admin."""
    row = repo.token_by_id(db, ctx, token_id)
    if row is None or (row.user_id != ctx.user_id and not ctx.can("admin")):
        raise not_found("Token")
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        db.flush()
    return row


def list_members(db: Session, ctx: WorkspaceContext) -> list[Membership]:
    """Everyone in the workspace with their role."""
    return repo.members(db, ctx)


def invite_member(db: Session, ctx: WorkspaceContext, email: str, role: str) -> tuple[Invitation, str]:
    """Invite an email to the workspace (admins and owners); returns the row and the raw link token, shown once.

    Nobody is added until the owner of the email accepts, and the inviter learns nothing about whether the email
    already has a Reachroom account. A new invitation to the same email replaces the pending one."""
    ctx.require("admin")
    _check_role_grant(ctx, role)
    email = email.strip().lower()
    user = repo.user_by_email(db, email)
    if user is not None and repo.membership(db, ctx.workspace_id, user.id):
        raise conflict("email", f"{email} is already a member")
    now = utcnow()
    for old in repo.pending_invitations(db, ctx, now, email):
        old.revoked_at = now
    raw = new_token("i_")
    row = Invitation(workspace_id=ctx.workspace_id, email=email, role=role, token_hash=hash_token(raw),
                     invited_by=ctx.user_id, expires_at=now + timedelta(days=get_settings().invitation_days))
    repo.add(db, row)
    return row, raw


def list_invitations(db: Session, ctx: WorkspaceContext) -> list[Invitation]:
    """Invitations not yet accepted, revoked or expired (admins and owners)."""
    ctx.require("admin")
    return repo.pending_invitations(db, ctx, utcnow())


def revoke_invitation(db: Session, ctx: WorkspaceContext, invitation_id: int) -> None:
    """Withdraw a pending invitation; its link stops working."""
    ctx.require("admin")
    row = repo.invitation_by_id(db, ctx, invitation_id)
    if row is None or row.accepted_at is not None or row.revoked_at is not None:
        raise not_found("Invitation")
    row.revoked_at = utcnow()
    db.flush()


def open_invitation(db: Session, raw: str) -> Invitation:
    """The pending invitation of a link token (with its workspace), or 404 when unknown, used, withdrawn or old."""
    row = repo.invitation_by_hash(db, hash_token(raw), utcnow()) if raw else None
    if row is None:
        raise AppError(404, "This invitation link is unknown, already used, withdrawn or expired; ask for a new one",
                       "not_found")
    return row


def invitee_has_account(db: Session, invitation: Invitation) -> bool:
    """Whether the invited email can log in already (the invitee decides between logging in and signing up)."""
    return repo.user_by_email(db, invitation.email) is not None


def accept_invitation(db: Session, raw: str, user_id: int) -> Membership:
    """The logged-in owner of the invited email joins the workspace with the invited role."""
    inv = open_invitation(db, raw)
    user = repo.user_by_id(db, user_id)
    if user is None or user.email.lower() != inv.email:
        raise forbidden(f"This invitation is for {inv.email}; log in with that email to accept it")
    row = repo.membership(db, inv.workspace_id, user.id)
    if row is None:
        row = Membership(workspace_id=inv.workspace_id, user_id=user.id, role=inv.role)
        repo.add(db, row)
    inv.accepted_at = utcnow()
    db.flush()
    member = repo.member_by_id(db, WorkspaceContext(inv.workspace_id, user.id, row.role), row.id)
    assert member is not None  # flushed just above
    return member


def accept_as_new_user(db: Session, raw: str, name: str, password: str) -> tuple[User, Membership]:
    """Create the invitee's account (the email is the invited one) and accept; 409 when it exists already."""
    inv = open_invitation(db, raw)
    if repo.user_by_email(db, inv.email):
        raise conflict("email", f"{inv.email} already has an account; log in to accept")
    user = create_user(db, inv.email, password, name.strip()[:120])
    return user, accept_invitation(db, raw, user.id)


def change_role(db: Session, ctx: WorkspaceContext, membership_id: int, role: str) -> Membership:
    """Change a member's role, keeping at least one owner."""
    ctx.require("admin")
    _check_role_grant(ctx, role)
    row = repo.member_by_id(db, ctx, membership_id)
    if row is None:
        raise not_found("Member")
    if row.role == "owner" and role != "owner":
        if ctx.role != "owner":
            raise forbidden("Only an owner can change an owner's role")
        if repo.count_owners(db, ctx) <= 1:
            raise conflict("role", "the workspace needs at least one owner")
    row.role = role
    db.flush()
    return row


def remove_member(db: Session, ctx: WorkspaceContext, membership_id: int) -> None:
    """Remove a member, keeping at least one owner."""
    ctx.require("admin")
    row = repo.member_by_id(db, ctx, membership_id)
    if row is None:
        raise not_found("Member")
    if row.role == "owner" and (ctx.role != "owner" or repo.count_owners(db, ctx) <= 1):
        raise conflict("role", "an owner can only be removed by another owner, and one must remain")
    repo.remove(db, row)


def _check_role_grant(ctx: WorkspaceContext, role: str) -> None:
    if role not in ROLE_RANK:
        raise invalid("role", f"must be one of {', '.join(ROLE_RANK)}")
    if ROLE_RANK[role] > ROLE_RANK[ctx.role]:
        raise forbidden("You cannot grant a role above your own")


def me(db: Session, ctx: WorkspaceContext) -> dict:
    """The caller's identity and workspace."""
    user = repo.user_by_id(db, ctx.user_id)
    ws = repo.workspace_by_id(db, ctx.workspace_id)
    assert user is not None and ws is not None  # the context was resolved from both rows
    return {
        "user_id": user.id, "email": user.email, "name": user.name, "workspace_id": ws.id,
        "workspace_name": ws.name, "role": ctx.role,
    }


def workspaces_of(db: Session, user_id: int) -> list[Membership]:
    """The workspaces a user can switch to."""
    return repo.memberships_of_user(db, user_id)


def operator_context(db: Session, workspace_slug: str | None) -> WorkspaceContext:
    """The CLI acts in a workspace as its first owner: --workspace, else REACHROOM_WORKSPACE, else the only one."""
    slug = workspace_slug or get_settings().workspace
    if slug:
        ws = repo.workspace_by_slug(db, slug)
        if ws is None:
            raise invalid("workspace", f"no workspace with slug {slug!r}; workspaces: {_slugs(db)}")
    else:
        spaces = repo.all_workspaces(db)
        if not spaces:
            raise invalid("workspace", "there is no workspace yet: create one with `reachroom users create`")
        if len(spaces) > 1:
            raise invalid("workspace", f"there are {len(spaces)} workspaces, so say which one: pass --workspace SLUG "
                                       f"or set REACHROOM_WORKSPACE=SLUG; workspaces: {_slugs(db)}")
        ws = spaces[0]
    owner = repo.first_owner(db, ws.id)
    if owner is None:
        raise invalid("workspace", f"workspace {ws.slug!r} has no owner")
    return WorkspaceContext(workspace_id=ws.id, user_id=owner.user_id, role="owner")


def _slugs(db: Session) -> str:
    """Every workspace as 'slug (name)', for error messages that say what to pass."""
    spaces = repo.all_workspaces(db)
    if not spaces:
        return "none yet (run `reachroom users create`)"
    return ", ".join(f"{w.slug} ({w.name})" if w.name != w.slug else w.slug for w in spaces)


def user_context(db: Session, email: str, workspace_slug: str | None) -> WorkspaceContext:
    """A user's context in a workspace (their first one when no slug is given)."""
    user = repo.user_by_email(db, email)
    if user is None:
        raise invalid("email", f"no user with email {email}")
    ws_id = default_workspace_id(db, user)
    if workspace_slug:
        ws = repo.workspace_by_slug(db, workspace_slug)
        if ws is None:
            raise invalid("workspace", f"no workspace with slug {workspace_slug!r}")
        ws_id = ws.id
    ctx = _context(db, ws_id, user.id)
    if ctx is None:
        raise invalid("workspace", f"{email} is not a member of that workspace")
    return ctx


def ensure_user_in_workspace(
    db: Session, email: str, password: str, name: str, workspace_name: str | None, role: str = "owner"
) -> tuple[User, Workspace]:
    """Create the user (or reuse), and a workspace they own (or join an existing one by name/slug)."""
    user = repo.user_by_email(db, email) or create_user(db, email, password, name)
    target = workspace_name or f"{name or email.split('@')[0]}'s workspace"
    ws = repo.workspace_by_slug(db, _slugify(target))
    if ws is None:
        ws = Workspace(name=target, slug=_slugify(target))
        repo.add(db, ws)
    if repo.membership(db, ws.id, user.id) is None:
        if role not in ROLE_RANK:
            raise invalid("role", f"must be one of {', '.join(ROLE_RANK)}")
        repo.add(db, Membership(workspace_id=ws.id, user_id=user.id, role=role))
    return user, ws
