"""Accounts, login, sessions, API tokens and members. Services flush, never commit."""

import re
from datetime import timedelta

from sqlalchemy.orm import Session

from reachroom.config import get_settings
from reachroom.core.emails import normalise_email
from reachroom.core.errors import AppError, conflict, forbidden, invalid, not_found
from reachroom.core.security import hash_password, hash_token, new_token, verify_password
from reachroom.core.tenancy import ROLE_RANK, WorkspaceContext
from reachroom.models import ApiToken, LoginAttempt, Membership, User, WebSession, Workspace, utcnow
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


def authenticate(db: Session, email: str, password: str, ip: str) -> User:
    """The user for these credentials; 429 after too many failures, 401 on a mismatch."""
    settings = get_settings()
    since = utcnow() - timedelta(seconds=settings.login_window_seconds)
    too_many = (
        repo.failed_logins_for_email(db, email, since) >= settings.login_max_failures
        or repo.failed_logins_for_ip(db, ip, since) >= settings.login_max_failures * 4
    )
    if too_many:
        raise AppError(429, "Too many failed logins; wait 15 minutes and try again", "rate_limited")
    user = repo.user_by_email(db, email)
    ok = user is not None and user.is_active and verify_password(user.password_hash, password)
    repo.add(db, LoginAttempt(email=email.lower(), ip=ip, succeeded=ok))
    if not ok:
        raise AppError(401, "Email or password is wrong", "unauthorized")
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


def add_member(db: Session, ctx: WorkspaceContext, email: str, role: str, password: str, name: str = "") -> Membership:
    """Add a person (creating the user if new); admins and owners only."""
    ctx.require("admin")
    _check_role_grant(ctx, role)
    user = repo.user_by_email(db, email) or create_user(db, email, password, name)
    if repo.membership(db, ctx.workspace_id, user.id):
        raise conflict("email", f"{email} is already a member")
    row = Membership(workspace_id=ctx.workspace_id, user_id=user.id, role=role)
    repo.add(db, row)
    return repo.member_by_id(db, ctx, row.id)


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
