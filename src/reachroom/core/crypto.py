"""Encryption of personal data at rest (Fernet: AES-128-CBC + HMAC-SHA256), keyed from the app's secret key.

The key comes from `REACHROOM_SECRET_KEY`; when that is empty, a random one is generated once into
`<data_dir>/secret.key` (mode 0600) and reused, so a laptop install encrypts without any set-up. Losing or
changing that secret makes stored ciphertext unreadable: `decrypt_text` then raises `KeyMismatch`, which callers
turn into a clear message instead of a server error.
"""

import base64
import os
import secrets
from functools import lru_cache
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from reachroom.config import get_settings

KEY_FILE = "secret.key"
# a purpose label: the same secret may key other things (cookies) without sharing the derived key
PURPOSE = b"reachroom personal data v1"


class KeyMismatch(Exception):
    """Ciphertext that this server's secret key cannot open (changed key, or not our ciphertext)."""


def secret_key() -> str:
    """The configured secret key, or the one generated into the data directory (created on first use)."""
    settings = get_settings()
    if settings.secret_key:
        return settings.secret_key
    return _key_file(Path(settings.data_dir) / KEY_FILE)


def _key_file(path: Path) -> str:
    """Read the key file, or create it with 0600 permissions; O_EXCL makes two processes agree on one key."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process wrote it first: use theirs
        else:
            with os.fdopen(fd, "w", encoding="ascii") as f:
                f.write(secrets.token_urlsafe(48) + "\n")
    key = path.read_text(encoding="ascii").strip()
    if not key:  # the other process has created the file but not yet written it
        raise KeyMismatch(f"{path} is empty; remove it to generate a new key, or set REACHROOM_SECRET_KEY")
    return key


@lru_cache(maxsize=4)
def _fernet(secret: str) -> Fernet:
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=PURPOSE).derive(secret.encode("utf-8"))
    return Fernet(base64.urlsafe_b64encode(derived))


def encrypt_text(text: str) -> str:
    """Ciphertext (ASCII) of `text`; '' stays '' so an erased value is simply empty."""
    if text == "":
        return ""
    return _fernet(secret_key()).encrypt(text.encode("utf-8")).decode("ascii")


def decrypt_text(token: str) -> str:
    """The text behind `token` ('' for ''); KeyMismatch when this server's key cannot open it."""
    if token == "":
        return ""
    try:
        return _fernet(secret_key()).decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeError):
        raise KeyMismatch("encrypted with a different secret key: restore the REACHROOM_SECRET_KEY (or "
                          "var/secret.key) this server used when the data was saved") from None
