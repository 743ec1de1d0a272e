"""The unlocked station data key, and what is done with it: seal, open, blind-index, mask.

A sealed value is bound to its row and column (``table/id/field`` as associated data), so a
ciphertext copied into another record or field does not open.
"""

from __future__ import annotations

import hmac

from desktop.security import crypto


def _aad(table: str, row_id: str, field: str) -> str:
    return f"{table}/{row_id}/{field}"


class Vault:
    def __init__(self, data_key: bytes) -> None:
        if len(data_key) != crypto.KEY_BYTES:
            raise ValueError("a data key has 32 bytes")
        self._key = data_key
        self._cipher = crypto.Cipher(data_key)
        self._blind_keys: dict[str, hmac.HMAC] = {}  # derived once per purpose: an import blinds 200,000 numbers

    @property
    def data_key(self) -> bytes:
        """Only for wrapping the key again (new password, new recovery code)."""
        return self._key

    def seal(self, table: str, row_id: str, field: str, value: str | None) -> bytes | None:
        """None and the empty string stay None: there is nothing to hide."""
        if not value:
            return None
        return self._cipher.seal(value, _aad(table, row_id, field))

    def open(self, table: str, row_id: str, field: str, sealed: bytes | None) -> str:
        """"" for None, and for an empty value: a field withheld from this node (``storage.withheld``)."""
        if not sealed:
            return ""
        return self._cipher.open(sealed, _aad(table, row_id, field))

    def blind(self, purpose: str, normalized: str) -> str:
        if purpose not in self._blind_keys:
            self._blind_keys[purpose] = crypto.blind_hmac(self._key, purpose)
        return crypto.blind_digest(self._blind_keys[purpose], normalized)
