"""Wrapping the station data key under passwords and the recovery code.

The data key never touches the disk in the clear. Each account keeps it wrapped (AES-GCM) under
a key derived with argon2id from the password; the recovery code wraps it once more. Any of
these unwraps the same key, so any user's sign-in unlocks the station's sensitive fields.
"""

from __future__ import annotations

from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from desktop.security import crypto

HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)


@dataclass(frozen=True)
class Wrapped:
    salt: bytes
    params: str
    key: bytes


def wrap(data_key: bytes, secret: str, aad: str) -> Wrapped:
    salt, params = crypto.new_salt(), crypto.KdfParams()
    kek = crypto.derive_key(secret, salt, params)
    return Wrapped(salt, params.encode(), crypto.seal_bytes(kek, data_key, aad.encode()))


def unwrap(wrapped: Wrapped, secret: str, aad: str) -> bytes:
    """Raises crypto.DecryptionError when ``secret`` is not the one it was wrapped under."""
    kek = crypto.derive_key(secret, wrapped.salt, crypto.KdfParams.decode(wrapped.params))
    return crypto.open_bytes(kek, wrapped.key, aad.encode())


def hash_password(password: str) -> str:
    return HASHER.hash(password)


def password_matches(encoded: str, password: str) -> bool:
    try:
        return HASHER.verify(encoded, password)
    except (VerificationError, InvalidHashError):
        return False
