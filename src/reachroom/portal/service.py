"""The creator realm behind the portal's pages: sign up (the address verified by a one-time link sent through the
app's mail), log in and out, reset a forgotten password, keep a profile (address and payout details encrypted,
payout shown masked only), export and delete one's data.

A creator session is not a workspace session: brand routes never accept it, and portal routes never accept a
brand session (`portal/deps.py`).
"""

import json
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from reachroom.campaigns.gifting.schemas import Address
from reachroom.campaigns.schemas import from_minor, to_minor
from reachroom.config import get_settings
from reachroom.core.crypto import KeyMismatch, decrypt_text, encrypt_text
from reachroom.core.errors import AppError, conflict
from reachroom.core.security import burn_verification, hash_password, hash_token, new_token, verify_password
from reachroom.models import CreatorEmailLink, CreatorSession, CreatorUser, LoginAttempt, utcnow
from reachroom.outreach import service as mail
from reachroom.portal import repository as repo
from reachroom.portal.schemas import PasswordIn, ProfileIn, ProfileOut, RateIn, SignupIn
from reachroom.workspaces.service import check_login_rate

LINK_HOURS = {"verify": 72, "reset": 1}


@dataclass(frozen=True)
class CreatorAuth:
    """A logged-in creator: who, and the session's CSRF token for their forms."""

    creator_user_id: int
    email: str
    name: str
    csrf_token: str
    verified: bool


def _send_link(db: Session, user: CreatorUser, purpose: str) -> str:
    """Store a one-time link's hash and email the link; returns the raw token (for the caller's tests only)."""
    raw = new_token("e_")
    repo.add(db, CreatorEmailLink(creator_user_id=user.id, purpose=purpose, token_hash=hash_token(raw),
                                  expires_at=utcnow() + timedelta(hours=LINK_HOURS[purpose])))
    url = f"{mail.public_url()}/portal/{'verify' if purpose == 'verify' else 'reset'}/{raw}"
    if purpose == "verify":
        subject, body = "Confirm your email for Reachroom", (
            f"Hi {user.name},\n\nConfirm this address to finish setting up your creator account:\n{url}\n\n"
            f"The link works for {LINK_HOURS['verify']} hours. If you did not sign up, ignore this email.")
    else:
        subject, body = "Reset your Reachroom password", (
            f"Hi {user.name},\n\nChoose a new password here:\n{url}\n\nThe link works for one hour and once. "
            "If you did not ask for it, ignore this email: your password stays as it is.")
    mail.queue_system_email(db, user.email, user.name, subject, body)
    return raw


def signup(db: Session, data: SignupIn) -> CreatorUser:
    """A new creator account (not yet verified) and the verification email; 409 when the email is taken."""
    if repo.by_email(db, data.email) is not None:
        raise conflict("email", "an account with this email exists; log in or reset the password")
    user = CreatorUser(email=data.email.lower(), name=data.name, password_hash=hash_password(data.password))
    try:
        with db.begin_nested():
            repo.add(db, user)
    except IntegrityError:
        raise conflict("email", "an account with this email exists; log in or reset the password") from None
    _send_link(db, user, "verify")
    return user


def _open_link(db: Session, raw: str, purpose: str) -> CreatorEmailLink:
    link = repo.link_by_hash(db, hash_token(raw), purpose) if 0 < len(raw) < 200 else None
    if link is None or link.used_at is not None or link.expires_at < utcnow():
        raise AppError(404, "This link is unknown, used or expired; ask for a new one", "not_found")
    return link


def check_reset_link(db: Session, raw: str) -> None:
    """404 unless the reset link can still be used (the page asks for a password only then)."""
    _open_link(db, raw, "reset")


def _use_link(db: Session, raw: str, purpose: str) -> CreatorUser:
    link = _open_link(db, raw, purpose)
    user = repo.by_id(db, link.creator_user_id)
    if user is None:
        raise AppError(404, "This link is unknown, used or expired; ask for a new one", "not_found")
    link.used_at = utcnow()
    return user


def verify_email(db: Session, raw: str) -> CreatorUser:
    """Mark the address verified (a one-time link)."""
    user = _use_link(db, raw, "verify")
    user.email_verified_at = user.email_verified_at or utcnow()
    db.flush()
    return user


def resend_verification(db: Session, auth: CreatorAuth) -> None:
    """Send the verification link again."""
    user = repo.by_id(db, auth.creator_user_id)
    if user is not None and user.email_verified_at is None:
        _send_link(db, user, "verify")


def authenticate(db: Session, email: str, password: str, ip: str) -> CreatorUser:
    """The creator for these credentials; 429 after too many failures (the same limits as the brand side), 401 on
    a mismatch; known and unknown emails cost the same."""
    key = f"creator:{email.strip().lower()}"[:254]  # attempts are counted apart from brand logins
    check_login_rate(db, key, ip)
    user = repo.by_email(db, email.strip())
    ok = verify_password(user.password_hash, password) if user is not None and user.is_active else False
    if user is None:
        burn_verification(password)
    repo.add(db, LoginAttempt(email=key, ip=ip[:64], succeeded=ok))
    if not ok or user is None:
        raise AppError(401, "Email or password is wrong", "unauthorized")
    return user


def start_session(db: Session, user: CreatorUser) -> str:
    """A browser session for the creator; returns the raw cookie token (only its hash is stored)."""
    raw = new_token("cs_")
    repo.add(db, CreatorSession(token_hash=hash_token(raw), creator_user_id=user.id, csrf_token=new_token("c_"),
                                expires_at=utcnow() + timedelta(days=get_settings().session_days)))
    return raw


def session_auth(db: Session, raw: str) -> CreatorAuth | None:
    """The creator behind a session cookie, or None."""
    found = repo.session_by_hash(db, hash_token(raw), utcnow()) if raw and len(raw) < 200 else None
    if found is None:
        return None
    session, user = found
    return CreatorAuth(user.id, user.email, user.name, session.csrf_token, user.email_verified_at is not None)


def end_session(db: Session, raw: str) -> None:
    """Log out."""
    if raw:
        repo.end_session(db, hash_token(raw))


def request_reset(db: Session, email: str) -> None:
    """Email a reset link when the address has an account; the same answer either way (no account probing)."""
    user = repo.by_email(db, email.strip())
    if user is not None and user.is_active:
        _send_link(db, user, "reset")


def reset_password(db: Session, raw: str, data: PasswordIn) -> CreatorUser:
    """Set a new password from a reset link; every session of the account ends."""
    user = _use_link(db, raw, "reset")
    user.password_hash = hash_password(data.password)
    user.email_verified_at = user.email_verified_at or utcnow()  # the link proved the address
    repo.end_all_sessions(db, user.id)
    db.flush()
    return user


def _user(db: Session, auth: CreatorAuth) -> CreatorUser:
    user = repo.by_id(db, auth.creator_user_id)
    if user is None:
        raise AppError(404, "Account not found", "not_found")
    return user


def _address(user: CreatorUser) -> Address | None:
    try:
        text = decrypt_text(user.address_encrypted or "")
    except KeyMismatch:
        return None
    return Address(**json.loads(text)) if text else None


def mask_payout(value: str) -> str:
    """"GB29 NWBK 6016 1331 9268 19" → "•••• 6819": enough to recognise, never enough to pay."""
    digits = "".join(ch for ch in value if ch.isalnum())
    return f"•••• {digits[-4:]}" if len(digits) >= 4 else "••••"


def profile(db: Session, auth: CreatorAuth) -> ProfileOut:
    """The creator's own profile."""
    user = _user(db, auth)
    rates = [RateIn(format=r["format"], amount=from_minor(r["amount_minor"]), currency=r["currency"])
             for r in user.rates or []]
    return ProfileOut(email=user.email, name=user.name, email_verified=user.email_verified_at is not None,
                      handles=user.handles or [], niches=user.niches or [], country=user.country or "",
                      languages=user.languages or [], rates=rates, address=_address(user),
                      payout_masked=user.payout_masked or "")


def update_profile(db: Session, auth: CreatorAuth, data: ProfileIn) -> ProfileOut:
    """Save the profile; the address and payout details are encrypted, the payout kept masked for display."""
    user = _user(db, auth)
    user.name, user.handles, user.niches = data.name, data.handles, data.niches
    user.country, user.languages = data.country, data.languages
    user.rates = [{"format": r.format, "amount_minor": to_minor(r.amount), "currency": r.currency}
                  for r in data.rates]
    if data.address is not None:
        user.address_encrypted = encrypt_text(data.address.model_dump_json())
    if data.payout:
        user.payout_encrypted, user.payout_masked = encrypt_text(data.payout), mask_payout(data.payout)
    db.flush()
    return profile(db, auth)


def export_account(db: Session, auth: CreatorAuth) -> dict:
    """The account, profile and API token names of the creator's export (payout details masked, as they are shown;
    the rest of the export, their claims, bids and campaigns, is put together in `portal/export.py`)."""
    user = _user(db, auth)
    return {"account": {"email": user.email, "name": user.name, "created_at": user.created_at.isoformat(),
                        "email_verified_at": user.email_verified_at.isoformat() if user.email_verified_at else None},
            "profile": profile(db, auth).model_dump(mode="json"),
            "api_tokens": [{"name": t.name, "starts_with": t.prefix, "created_at": t.created_at.isoformat(),
                            "revoked": t.revoked_at is not None} for t in repo.tokens_of(db, user.id)]}


def delete_account(db: Session, auth: CreatorAuth, password: str) -> None:
    """Delete the account and everything kept with it, after the password is confirmed."""
    user = _user(db, auth)
    if not verify_password(user.password_hash, password):
        raise AppError(403, "password: that is not your password; nothing was deleted", "forbidden")
    repo.delete_user(db, user)
