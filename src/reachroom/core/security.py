"""Password hashing (argon2) and random tokens stored only as SHA-256 hashes."""

import hashlib
import secrets
import threading
from functools import lru_cache
from typing import Any, Literal

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError


class CountingHasher(PasswordHasher):
    """argon2's hasher, counting verifications: the expensive step whose presence or absence would reveal
    whether an email has an account, so tests check every login path does the same number of them."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._lock = threading.Lock()
        self.verifications = 0

    def verify(self, hash: str | bytes, password: str | bytes) -> Literal[True]:  # noqa: A002 - argon2's own parameter name
        with self._lock:
            self.verifications += 1
        return super().verify(hash, password)


_hasher = CountingHasher()
TOKEN_PREFIX = "rr_"


def password_verifications() -> int:
    """How many argon2 verifications this process has run (monotonic)."""
    return _hasher.verifications


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """A hash of a random secret with the current parameters, made once per process."""
    return _hasher.hash(secrets.token_urlsafe(32))


def burn_verification(password: str) -> None:
    """Verify against a dummy hash: an unknown or inactive account costs the same work as a known one."""
    verify_password(_dummy_hash(), password)


def hash_password(password: str) -> str:
    """An argon2id hash of the password."""
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """True when the password matches the stored hash."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def new_token(prefix: str = TOKEN_PREFIX) -> str:
    """A fresh random secret (256 bits), shown once to its owner."""
    return prefix + secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    """SHA-256 of a high-entropy token: enough, since tokens are not guessable like passwords."""
    return hashlib.sha256(token.encode()).hexdigest()


def same_secret(a: str, b: str) -> bool:
    """Constant-time comparison."""
    return secrets.compare_digest(a.encode(), b.encode())
