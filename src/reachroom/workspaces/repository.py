"""All SQL for workspaces, users, memberships, invitations, sessions, tokens and login attempts."""

from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session, selectinload

from reachroom.core.tenancy import WorkspaceContext
from reachroom.models import ApiToken, Invitation, LoginAttempt, Membership, User, WebSession, Workspace


def user_by_email(db: Session, email: str) -> User | None:
    return db.scalar(select(User).where(func.lower(User.email) == email.lower()))


def user_by_id(db: Session, user_id: int) -> User | None:
    return db.get(User, user_id)


def workspace_by_slug(db: Session, slug: str) -> Workspace | None:
    return db.scalar(select(Workspace).where(Workspace.slug == slug))


def workspace_by_id(db: Session, workspace_id: int) -> Workspace | None:
    return db.get(Workspace, workspace_id)


def membership(db: Session, workspace_id: int, user_id: int) -> Membership | None:
    return db.scalar(
        select(Membership).where(Membership.workspace_id == workspace_id, Membership.user_id == user_id)
    )


def memberships_of_user(db: Session, user_id: int) -> list[Membership]:
    stmt = (
        select(Membership)
        .where(Membership.user_id == user_id)
        .options(selectinload(Membership.workspace))
        .order_by(Membership.id)
    )
    return list(db.scalars(stmt))


def members(db: Session, ctx: WorkspaceContext) -> list[Membership]:
    stmt = (
        select(Membership)
        .where(Membership.workspace_id == ctx.workspace_id)
        .options(selectinload(Membership.user))
        .order_by(Membership.id)
    )
    return list(db.scalars(stmt))


def member_by_id(db: Session, ctx: WorkspaceContext, membership_id: int) -> Membership | None:
    stmt = (
        select(Membership)
        .where(Membership.workspace_id == ctx.workspace_id, Membership.id == membership_id)
        .options(selectinload(Membership.user))
    )
    return db.scalar(stmt)


def count_owners(db: Session, ctx: WorkspaceContext) -> int:
    stmt = select(func.count()).where(Membership.workspace_id == ctx.workspace_id, Membership.role == "owner")
    return db.scalar(stmt) or 0


def add(db: Session, row) -> None:
    db.add(row)
    db.flush()


def remove(db: Session, row) -> None:
    db.delete(row)
    db.flush()


def session_by_hash(db: Session, token_hash: str, now: datetime) -> WebSession | None:
    return db.scalar(
        select(WebSession).where(WebSession.token_hash == token_hash, WebSession.expires_at > now)
    )


def session_by_id(db: Session, session_id: int) -> WebSession | None:
    return db.get(WebSession, session_id)


def delete_session(db: Session, token_hash: str) -> None:
    db.execute(delete(WebSession).where(WebSession.token_hash == token_hash))


def token_by_hash(db: Session, token_hash: str) -> ApiToken | None:
    return db.scalar(select(ApiToken).where(ApiToken.token_hash == token_hash, ApiToken.revoked_at.is_(None)))


def touch_token(db: Session, token_id: int, now: datetime) -> None:
    db.execute(update(ApiToken).where(ApiToken.id == token_id).values(last_used_at=now))


def tokens(db: Session, ctx: WorkspaceContext) -> list[ApiToken]:
    stmt = select(ApiToken).where(ApiToken.workspace_id == ctx.workspace_id).order_by(ApiToken.id.desc())
    return list(db.scalars(stmt))


def token_by_id(db: Session, ctx: WorkspaceContext, token_id: int) -> ApiToken | None:
    return db.scalar(
        select(ApiToken).where(ApiToken.workspace_id == ctx.workspace_id, ApiToken.id == token_id)
    )


def failed_login_times(db: Session, since: datetime, ip: str, email: str | None = None) -> list[datetime]:
    """When the failed logins from this address (and for this email, if given) happened since `since`, oldest
    first."""
    stmt = select(LoginAttempt.created_at).where(
        LoginAttempt.created_at > since, LoginAttempt.succeeded.is_(False), LoginAttempt.ip == ip
    )
    if email is not None:
        stmt = stmt.where(LoginAttempt.email == email.lower()[:254])
    return list(db.scalars(stmt.order_by(LoginAttempt.created_at, LoginAttempt.id)))


def count_users(db: Session) -> int:
    return db.scalar(select(func.count()).select_from(User)) or 0


def all_workspaces(db: Session) -> list[Workspace]:
    return list(db.scalars(select(Workspace).order_by(Workspace.id)))


def first_owner(db: Session, workspace_id: int) -> Membership | None:
    stmt = (
        select(Membership)
        .where(Membership.workspace_id == workspace_id, Membership.role == "owner")
        .order_by(Membership.id)
        .limit(1)
    )
    return db.scalar(stmt)


def _pending(now: datetime):
    return (Invitation.accepted_at.is_(None), Invitation.revoked_at.is_(None), Invitation.expires_at > now)


def pending_invitations(
    db: Session, ctx: WorkspaceContext, now: datetime, email: str | None = None
) -> list[Invitation]:
    stmt = select(Invitation).where(Invitation.workspace_id == ctx.workspace_id, *_pending(now))
    if email is not None:
        stmt = stmt.where(Invitation.email == email)
    return list(db.scalars(stmt.order_by(Invitation.id)))


def invitation_by_id(db: Session, ctx: WorkspaceContext, invitation_id: int) -> Invitation | None:
    return db.scalar(select(Invitation).where(Invitation.workspace_id == ctx.workspace_id,
                                              Invitation.id == invitation_id))


def invitation_by_hash(db: Session, token_hash: str, now: datetime) -> Invitation | None:
    stmt = (select(Invitation).where(Invitation.token_hash == token_hash, *_pending(now))
            .options(selectinload(Invitation.workspace)))
    return db.scalar(stmt)
