"""Creators' API tokens: `rrc_` + 256 random bits, shown once, stored as a SHA-256 hash in their own table (a
workspace token never resolves here, nor a creator token on the brand side), revocable, last use recorded."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from reachroom.core.errors import invalid, not_found
from reachroom.core.security import hash_token, new_token
from reachroom.models import CreatorApiToken, utcnow
from reachroom.portal import repository as repo
from reachroom.portal.service import CreatorAuth

TOKEN_PREFIX = "rrc_"
MAX_TOKEN_LENGTH = 200  # longer is not one of ours: no hashing of arbitrary input


@dataclass(frozen=True)
class TokenOut:
    """A token as its owner sees it: never the secret again, only its first characters."""

    id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


def _out(t: CreatorApiToken) -> TokenOut:
    return TokenOut(t.id, t.name, t.prefix, t.created_at, t.last_used_at, t.revoked_at)


def create(db: Session, auth: CreatorAuth, name: str) -> tuple[TokenOut, str]:
    """A new token for the creator: (its listing, the secret — returned this once)."""
    name = name.strip()
    if not name:
        raise invalid("name", "give the token a name, e.g. the tool that will use it")
    if len(name) > 120:
        raise invalid("name", "at most 120 characters")
    raw = new_token(TOKEN_PREFIX)
    row = CreatorApiToken(creator_user_id=auth.creator_user_id, name=name, prefix=raw[:10],
                          token_hash=hash_token(raw))
    repo.add(db, row)
    return _out(row), raw


def listing(db: Session, auth: CreatorAuth) -> list[TokenOut]:
    """The creator's tokens, newest first."""
    return [_out(t) for t in repo.tokens_of(db, auth.creator_user_id)]


def revoke(db: Session, auth: CreatorAuth, token_id: int) -> TokenOut:
    """Revoke one of the creator's tokens (another creator's: 404)."""
    row = repo.token_of(db, auth.creator_user_id, token_id)
    if row is None:
        raise not_found("Token")
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        db.flush()
    return _out(row)


def token_auth(db: Session, raw: str) -> CreatorAuth | None:
    """The creator behind a bearer token, or None (unknown, revoked, not a creator token)."""
    if not raw.startswith(TOKEN_PREFIX) or len(raw) > MAX_TOKEN_LENGTH:
        return None
    found = repo.token_by_hash(db, hash_token(raw))
    if found is None:
        return None
    token, user = found
    repo.touch_token(db, token.id, utcnow())
    # No CSRF secret: a bearer token is not sent by browsers on their own.
    return CreatorAuth(user.id, user.email, user.name, "", user.email_verified_at is not None)
