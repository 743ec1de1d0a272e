"""The node's private keys sealed under the station data key: they open with that key only, for that
node and that field, and a raw (not yet sealed) key still opens so a migration can seal it later."""

from __future__ import annotations

import pytest

from bundle_testing import RECIPIENT, SENDER, encryption_key, signing_key
from desktop.security import crypto
from desktop.security.vault import Vault
from desktop.sync.key_storage import (is_sealed, open_encryption_key, open_signing_key, seal_encryption_key,
                                      seal_signing_key)


def _same(a, b) -> bool:
    return a.public_key().public_bytes_raw() == b.public_key().public_bytes_raw()


def test_sealed_keys_open_with_the_data_key() -> None:
    vault = Vault(crypto.new_key())
    signing, encryption = signing_key("station"), encryption_key("station")
    sealed_signing = seal_signing_key(vault, SENDER, signing)
    sealed_encryption = seal_encryption_key(vault, SENDER, encryption)
    assert is_sealed(sealed_signing) and is_sealed(sealed_encryption)
    assert signing.private_bytes_raw() not in sealed_signing
    assert _same(open_signing_key(vault, SENDER, sealed_signing), signing)
    assert _same(open_encryption_key(vault, SENDER, sealed_encryption), encryption)


def test_a_raw_key_still_opens_until_it_is_sealed() -> None:
    signing = signing_key("station")
    raw = signing.private_bytes_raw()
    assert not is_sealed(raw)
    assert _same(open_signing_key(Vault(crypto.new_key()), SENDER, raw), signing)


def test_a_sealed_key_is_bound_to_its_data_key_node_and_field() -> None:
    vault = Vault(crypto.new_key())
    sealed = seal_signing_key(vault, SENDER, signing_key("station"))
    with pytest.raises(crypto.DecryptionError):
        open_signing_key(Vault(crypto.new_key()), SENDER, sealed)
    with pytest.raises(crypto.DecryptionError):
        open_signing_key(vault, RECIPIENT, sealed)
    with pytest.raises(crypto.DecryptionError):
        open_encryption_key(vault, SENDER, sealed)
