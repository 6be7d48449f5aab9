"""All SQL for the creator portal. Every query is by the creator's own id: a creator reaches only their rows."""

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from reachroom.models import CreatorEmailLink, CreatorSession, CreatorUser


def add(db: Session, *rows: object) -> None:
    db.add_all(rows)
    db.flush()


def by_email(db: Session, email: str) -> CreatorUser | None:
    return db.scalar(select(CreatorUser).where(CreatorUser.email == email.lower()))


def by_id(db: Session, creator_user_id: int) -> CreatorUser | None:
    return db.get(CreatorUser, creator_user_id)


def session_by_hash(db: Session, token_hash: str, now: datetime) -> tuple[CreatorSession, CreatorUser] | None:
    stmt = (select(CreatorSession, CreatorUser).join(CreatorUser, CreatorUser.id == CreatorSession.creator_user_id)
            .where(CreatorSession.token_hash == token_hash, CreatorSession.expires_at > now,
                   CreatorUser.is_active.is_(True)))
    row = db.execute(stmt).first()
    return (row[0], row[1]) if row else None


def end_session(db: Session, token_hash: str) -> None:
    db.execute(delete(CreatorSession).where(CreatorSession.token_hash == token_hash))


def end_all_sessions(db: Session, creator_user_id: int) -> None:
    db.execute(delete(CreatorSession).where(CreatorSession.creator_user_id == creator_user_id))


def link_by_hash(db: Session, token_hash: str, purpose: str) -> CreatorEmailLink | None:
    return db.scalar(select(CreatorEmailLink).where(CreatorEmailLink.token_hash == token_hash,
                                                    CreatorEmailLink.purpose == purpose))


def delete_user(db: Session, user: CreatorUser) -> None:
    db.delete(user)
    db.flush()
