"""Addresses in outreach: the do-not-contact key, the masked form people see, and the app's public address."""

import hashlib

from reachroom.config import get_settings


def address_hash(address: str) -> str:
    """The key an address is kept under on the do-not-contact list (never the address itself)."""
    return hashlib.sha256(b"reachroom-do-not-contact\0" + address.strip().lower().encode()).hexdigest()


def mask(address: str) -> str:
    """"anna.berg@gmail.com" → "a***g@gmail.com": enough to recognise, not enough to reuse."""
    local, _, domain = address.partition("@")
    shown = local[0] + "***" + (local[-1] if len(local) > 2 else "")
    return f"{shown}@{domain}"


def mail_server_configured() -> bool:
    """True when SMTP is set; otherwise every email stays in the outbox."""
    return bool(get_settings().smtp_host)


def public_url() -> str:
    """The app's address for links in emails."""
    settings = get_settings()
    return (settings.public_url or f"http://{settings.host}:{settings.port}").rstrip("/")
