"""Password hashing (argon2) and random tokens stored only as SHA-256 hashes."""

import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()
TOKEN_PREFIX = "rr_"


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
