"""The cryptographic primitives, in one place so their parameters are chosen once.

- Keys from passwords and recovery codes: argon2id (memory 19 MiB, 2 passes: OWASP's floor).
- Sealed values: AES-256-GCM with a fresh 96-bit nonce each time, bound to associated data
  (the record id and field), so a ciphertext cannot be moved to another row or column.
- Blind indexes: HMAC-SHA256 under a key derived from the data key, for exact lookups and
  duplicate checks without storing the plaintext.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

KEY_BYTES = 32
NONCE_BYTES = 12
SALT_BYTES = 16
FORMAT = b"\x01"  # first byte of every sealed value, so the format can change later


class DecryptionError(Exception):
    """A sealed value or wrapped key does not open with this key (wrong key or tampered)."""


@dataclass(frozen=True)
class KdfParams:
    """Stored beside each wrapped key, so parameters can be raised later without breaking old wraps."""

    time_cost: int = 2
    memory_kib: int = 19 * 1024
    parallelism: int = 1

    def encode(self) -> str:
        return f"argon2id$t={self.time_cost},m={self.memory_kib},p={self.parallelism}"

    @classmethod
    def decode(cls, text: str) -> KdfParams:
        name, _, rest = text.partition("$")
        if name != "argon2id":
            raise ValueError(f"unknown key derivation {name!r}")
        values = dict(item.split("=") for item in rest.split(","))
        return cls(int(values["t"]), int(values["m"]), int(values["p"]))


def new_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def new_salt() -> bytes:
    return secrets.token_bytes(SALT_BYTES)


def derive_key(secret: str, salt: bytes, params: KdfParams = KdfParams()) -> bytes:
    return hash_secret_raw(
        secret.encode("utf-8"), salt, time_cost=params.time_cost, memory_cost=params.memory_kib,
        parallelism=params.parallelism, hash_len=KEY_BYTES, type=Type.ID,
    )


class Cipher:
    """Sealing and opening under one key, its AES-GCM context set up once: an import of 200,000 people
    seals most of a million values."""

    def __init__(self, key: bytes) -> None:
        self._aead = AESGCM(key)

    def seal_bytes(self, plaintext: bytes, aad: bytes) -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        return FORMAT + nonce + self._aead.encrypt(nonce, plaintext, aad)

    def open_bytes(self, sealed: bytes, aad: bytes) -> bytes:
        if len(sealed) < 1 + NONCE_BYTES + 16 or sealed[:1] != FORMAT:
            raise DecryptionError("not a sealed value")
        nonce, body = sealed[1:1 + NONCE_BYTES], sealed[1 + NONCE_BYTES:]
        try:
            return self._aead.decrypt(nonce, body, aad)
        except InvalidTag as exc:
            raise DecryptionError("wrong key or damaged value") from exc

    def seal(self, plaintext: str, aad: str) -> bytes:
        return self.seal_bytes(plaintext.encode("utf-8"), aad.encode("utf-8"))

    def open(self, sealed: bytes, aad: str) -> str:
        return self.open_bytes(sealed, aad.encode("utf-8")).decode("utf-8")


def seal_bytes(key: bytes, plaintext: bytes, aad: bytes) -> bytes:
    return Cipher(key).seal_bytes(plaintext, aad)


def open_bytes(key: bytes, sealed: bytes, aad: bytes) -> bytes:
    return Cipher(key).open_bytes(sealed, aad)


def seal(key: bytes, plaintext: str, aad: str) -> bytes:
    return Cipher(key).seal(plaintext, aad)


def open_sealed(key: bytes, sealed: bytes, aad: str) -> str:
    return Cipher(key).open(sealed, aad)


def blind_subkey(data_key: bytes, purpose: str) -> bytes:
    """The HMAC key of one blind index, derived from the data key (one per purpose)."""
    return HKDF(hashes.SHA256(), KEY_BYTES, salt=None, info=b"wushe blind index " + purpose.encode()).derive(data_key)


def blind_hmac(data_key: bytes, purpose: str) -> hmac.HMAC:
    """The keyed HMAC of one blind index, ready for values: each is hashed on a copy, which skips
    keying the HMAC again (an import blinds 200,000 numbers)."""
    return hmac.new(blind_subkey(data_key, purpose), digestmod=hashlib.sha256)


def blind_digest(keyed: hmac.HMAC, normalized: str) -> str:
    digest = keyed.copy()
    digest.update(normalized.encode("utf-8"))
    return digest.hexdigest()


def blind_index(data_key: bytes, purpose: str, normalized: str) -> str:
    """A keyed digest of an already-normalized value; equal values give equal indexes."""
    return blind_digest(blind_hmac(data_key, purpose), normalized)


# Crockford's base32 alphabet: no I, L, O or U, so a printed code is read back without mistakes.
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
RECOVERY_GROUPS = 6
RECOVERY_GROUP_LENGTH = 5


def new_recovery_code() -> str:
    """150 random bits as six groups of five characters: ``7QF2K-…``."""
    chars = "".join(secrets.choice(_ALPHABET) for _ in range(RECOVERY_GROUPS * RECOVERY_GROUP_LENGTH))
    return "-".join(chars[i:i + RECOVERY_GROUP_LENGTH] for i in range(0, len(chars), RECOVERY_GROUP_LENGTH))


def normalize_recovery_code(text: str) -> str:
    """Upper-case, drop spaces and dashes, read O as 0 and I/L as 1 — what people mistype."""
    cleaned = "".join(text.split()).replace("-", "").upper()
    cleaned = cleaned.translate(str.maketrans({"O": "0", "I": "1", "L": "1"}))
    return "-".join(cleaned[i:i + RECOVERY_GROUP_LENGTH] for i in range(0, len(cleaned), RECOVERY_GROUP_LENGTH))
