"""The node's private keys (Ed25519 signing, X25519 encryption) sealed under the station data key.

A private key at rest is sealed like any sensitive field: AES-GCM under the data key (``Vault``), bound
to ``node_identity/<node id>/<field>`` so a sealed key copied to another node or column does not open.
So the keys open only after a sign-in has unlocked the data key, as exporting and importing bundles
already require; the public keys (fingerprint, ``wushe sync key``) stay readable without it.
"""

from __future__ import annotations

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from desktop.security.vault import Vault

TABLE = "node_identity"
SIGNING, ENCRYPTION = "signing_private", "encryption_private"
RAW_KEY_BYTES = 32


def is_sealed(stored: bytes) -> bool:
    """Whether a stored private key is sealed; a raw one (as written before sealing) has 32 bytes."""
    return len(stored) != RAW_KEY_BYTES


def _open(vault: Vault, node_id: str, field: str, stored: bytes) -> bytes:
    """Raises crypto.DecryptionError when the data key is not the one it was sealed under."""
    return bytes.fromhex(vault.open(TABLE, node_id, field, stored)) if is_sealed(stored) else stored


def seal_signing_key(vault: Vault, node_id: str, key: Ed25519PrivateKey) -> bytes:
    sealed = vault.seal(TABLE, node_id, SIGNING, key.private_bytes_raw().hex())
    assert sealed is not None  # a key is never empty
    return sealed


def open_signing_key(vault: Vault, node_id: str, stored: bytes) -> Ed25519PrivateKey:
    """The signing key from its stored form, sealed or (not yet migrated) raw."""
    return Ed25519PrivateKey.from_private_bytes(_open(vault, node_id, SIGNING, stored))


def seal_encryption_key(vault: Vault, node_id: str, key: X25519PrivateKey) -> bytes:
    sealed = vault.seal(TABLE, node_id, ENCRYPTION, key.private_bytes_raw().hex())
    assert sealed is not None
    return sealed


def open_encryption_key(vault: Vault, node_id: str, stored: bytes) -> X25519PrivateKey:
    """The encryption key from its stored form, sealed or (not yet migrated) raw."""
    return X25519PrivateKey.from_private_bytes(_open(vault, node_id, ENCRYPTION, stored))
