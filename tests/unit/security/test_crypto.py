"""The cryptographic primitives: sealing, associated data, blind indexes, recovery codes, KDF parameters."""

from __future__ import annotations

import hashlib
import hmac
import re

import pytest
from argon2 import Type, extract_parameters
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.security import crypto
from desktop.security.crypto import DecryptionError, KdfParams
from desktop.security.vault import Vault
from desktop.services import keys

KEY = bytes(range(32))
OTHER_KEY = bytes(range(1, 33))
AAD = "user_account/0190a4c2-aaaa-7bbb-8ccc-000000000001/phone"


# --- sealing -----------------------------------------------------------------------------------

@settings(max_examples=200, deadline=None)
@given(st.text())
def test_seal_then_open_gives_the_text_back(text: str) -> None:
    sealed = crypto.seal(KEY, text, AAD)
    assert crypto.open_sealed(KEY, sealed, AAD) == text


@settings(max_examples=50, deadline=None)
@given(st.text(min_size=4))
def test_the_sealed_bytes_do_not_contain_the_plaintext(text: str) -> None:
    assert text.encode("utf-8") not in crypto.seal(KEY, text, AAD)


def test_a_cipher_made_once_seals_and_opens_as_the_key_does() -> None:
    cipher = crypto.Cipher(KEY)
    sealed = [cipher.seal("13908317265", AAD) for _ in range(3)]
    assert len(set(sealed)) == 3  # a fresh nonce each time, the context reused
    assert [crypto.open_sealed(KEY, s, AAD) for s in sealed] == ["13908317265"] * 3
    assert cipher.open(crypto.seal(KEY, "石秀芬", AAD), AAD) == "石秀芬"
    with pytest.raises(DecryptionError):
        crypto.Cipher(OTHER_KEY).open(sealed[0], AAD)


def test_sealed_value_layout() -> None:
    sealed = crypto.seal(KEY, "13908317265", AAD)
    assert sealed[:1] == crypto.FORMAT
    assert len(sealed) == 1 + crypto.NONCE_BYTES + len("13908317265") + 16  # GCM tag


def test_every_seal_uses_a_fresh_nonce() -> None:
    first, second = crypto.seal(KEY, "13908317265", AAD), crypto.seal(KEY, "13908317265", AAD)
    assert first != second
    nonce = slice(1, 1 + crypto.NONCE_BYTES)
    assert first[nonce] != second[nonce]
    nonces = {crypto.seal(KEY, "same", AAD)[nonce] for _ in range(200)}
    assert len(nonces) == 200
    assert crypto.open_sealed(KEY, first, AAD) == crypto.open_sealed(KEY, second, AAD) == "13908317265"


@pytest.mark.parametrize(
    "other_aad",
    [
        "user_account/0190a4c2-aaaa-7bbb-8ccc-000000000002/phone",  # another row
        "user_account/0190a4c2-aaaa-7bbb-8ccc-000000000001/id_number",  # another field
        "person/0190a4c2-aaaa-7bbb-8ccc-000000000001/phone",  # another table
        "",
    ],
)
def test_associated_data_binds_the_value_to_its_place(other_aad: str) -> None:
    sealed = crypto.seal(KEY, "13908317265", AAD)
    with pytest.raises(DecryptionError):
        crypto.open_sealed(KEY, sealed, other_aad)


def test_vault_binds_table_row_and_field() -> None:
    vault = Vault(KEY)
    sealed = vault.seal("user_account", "row-a", "phone", "13908317265")
    assert sealed is not None
    assert vault.open("user_account", "row-a", "phone", sealed) == "13908317265"
    for table, row, field in (("user_account", "row-b", "phone"), ("user_account", "row-a", "id_number"),
                              ("person", "row-a", "phone")):
        with pytest.raises(DecryptionError):
            vault.open(table, row, field, sealed)


def test_vault_keeps_nothing_for_empty_values() -> None:
    vault = Vault(KEY)
    assert vault.seal("user_account", "row-a", "phone", "") is None
    assert vault.seal("user_account", "row-a", "phone", None) is None
    assert vault.open("user_account", "row-a", "phone", None) == ""


def test_vault_needs_a_32_byte_key() -> None:
    with pytest.raises(ValueError):
        Vault(b"short")


def test_any_flipped_byte_is_detected() -> None:
    sealed = crypto.seal(KEY, "110101199003077777", AAD)
    for i in range(len(sealed)):
        for bit in (0x01, 0x80):
            damaged = bytearray(sealed)
            damaged[i] ^= bit
            with pytest.raises(DecryptionError):
                crypto.open_sealed(KEY, bytes(damaged), AAD)


@pytest.mark.parametrize("cut", [0, 1, 13, 28])
def test_truncated_values_are_refused(cut: int) -> None:
    sealed = crypto.seal(KEY, "13908317265", AAD)
    with pytest.raises(DecryptionError):
        crypto.open_sealed(KEY, sealed[:cut], AAD)
    with pytest.raises(DecryptionError):
        crypto.open_sealed(KEY, sealed[:-1], AAD)


def test_a_wrong_key_does_not_open() -> None:
    sealed = crypto.seal(KEY, "13908317265", AAD)
    with pytest.raises(DecryptionError):
        crypto.open_sealed(OTHER_KEY, sealed, AAD)
    with pytest.raises(DecryptionError):
        crypto.open_sealed(crypto.new_key(), sealed, AAD)


def test_new_keys_and_salts_are_random_and_sized() -> None:
    assert len(crypto.new_key()) == crypto.KEY_BYTES == 32
    assert len(crypto.new_salt()) == crypto.SALT_BYTES == 16
    assert crypto.new_key() != crypto.new_key()
    assert crypto.new_salt() != crypto.new_salt()


# --- blind indexes -----------------------------------------------------------------------------

def test_blind_index_is_deterministic_per_key_and_purpose() -> None:
    first = crypto.blind_index(KEY, "phone", "13908317265")
    assert first == crypto.blind_index(KEY, "phone", "13908317265")
    assert re.fullmatch(r"[0-9a-f]{64}", first)
    assert Vault(KEY).blind("phone", "13908317265") == first


def test_blind_indexes_are_hmac_sha256_under_the_purposes_subkey_however_often_reused() -> None:
    vault = Vault(KEY)
    values = ["13908317265", "resident_id:110101199003077777", "13908317265"]
    subkey = crypto.blind_subkey(KEY, "phone")
    expected = [hmac.new(subkey, value.encode(), hashlib.sha256).hexdigest() for value in values]
    assert [vault.blind("phone", value) for value in values] == expected  # as stored before the keyed HMAC was kept
    assert expected[0] == expected[2] != expected[1]


def test_blind_index_differs_by_key_purpose_and_value() -> None:
    base = crypto.blind_index(KEY, "phone", "13908317265")
    assert crypto.blind_index(OTHER_KEY, "phone", "13908317265") != base
    assert crypto.blind_index(KEY, "id_number", "13908317265") != base
    assert crypto.blind_index(KEY, "phone", "13908317266") != base


@settings(max_examples=100, deadline=None)
@given(st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True))
def test_blind_index_does_not_reveal_the_plaintext(phone: str) -> None:
    index = crypto.blind_index(KEY, "phone", phone)
    assert phone not in index
    # keyed: neither a plain digest of the value nor one keyed by the data key itself
    assert index != hashlib.sha256(phone.encode()).hexdigest()
    assert index != hmac.new(KEY, phone.encode(), hashlib.sha256).hexdigest()


# --- recovery codes ----------------------------------------------------------------------------

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE = re.compile(rf"[{CROCKFORD}]{{5}}(-[{CROCKFORD}]{{5}}){{5}}")


def test_recovery_code_format() -> None:
    codes = {crypto.new_recovery_code() for _ in range(100)}
    assert len(codes) == 100
    for code in codes:
        assert CODE.fullmatch(code), code
        assert not set(code) & set("ILOU")


def test_normalize_accepts_what_people_type() -> None:
    code = "7QF2K-10ABC-D0E1F-GH01J-KMNPQ-RSTVW"
    assert crypto.normalize_recovery_code(code) == code
    assert crypto.normalize_recovery_code(code.lower()) == code
    assert crypto.normalize_recovery_code(code.replace("-", "")) == code
    assert crypto.normalize_recovery_code(code.replace("-", " ")) == code
    assert crypto.normalize_recovery_code("  7qf2k 1oabc - dOeIf ghOlj kmnpq rstvw ") == code
    assert crypto.normalize_recovery_code("7QF2K-LOABC-D0EiF-GHo1J-KMNPQ-RSTVW") == code


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=CROCKFORD, min_size=30, max_size=30), st.data())
def test_normalize_undoes_confusions(chars: str, data: st.DataObject) -> None:
    code = "-".join(chars[i:i + 5] for i in range(0, 30, 5))
    assert CODE.fullmatch(code)
    confusions = {"0": ["0", "O", "o"], "1": ["1", "I", "i", "L", "l"]}
    typed = []
    for ch in code.replace("-", ""):
        options = confusions.get(ch, [ch, ch.lower()])
        typed.append(data.draw(st.sampled_from(options)))
        typed.append(data.draw(st.sampled_from(["", "", " ", "-"])))
    assert crypto.normalize_recovery_code("".join(typed)) == code


def test_a_normalized_code_unwraps_what_the_printed_code_wrapped() -> None:
    code = crypto.new_recovery_code()
    data_key = crypto.new_key()
    wrapped = keys.wrap(data_key, code, "recovery")
    mistyped = code.lower().replace("-", " ").replace("0", "o").replace("1", "l")
    assert keys.unwrap(wrapped, crypto.normalize_recovery_code(mistyped), "recovery") == data_key
    with pytest.raises(DecryptionError):
        keys.unwrap(wrapped, crypto.new_recovery_code(), "recovery")
    with pytest.raises(DecryptionError):  # bound to its purpose
        keys.unwrap(wrapped, code, "user_account/x/data_key")


# --- key derivation parameters -----------------------------------------------------------------

@pytest.mark.usefixtures("production_argon2")
def test_kdf_defaults_meet_the_owasp_floor() -> None:
    params = KdfParams()
    assert params.memory_kib >= 19 * 1024
    assert params.time_cost >= 2
    assert params.parallelism >= 1


@pytest.mark.parametrize("params", [KdfParams(), KdfParams(3, 65536, 4), KdfParams(2, 19456, 1)])
def test_kdf_params_round_trip(params: KdfParams) -> None:
    text = params.encode()
    assert text.startswith("argon2id$")
    assert KdfParams.decode(text) == params


def test_unknown_kdf_is_refused() -> None:
    with pytest.raises(ValueError):
        KdfParams.decode("scrypt$t=2,m=19456,p=1")


def test_derive_key_depends_on_secret_salt_and_params() -> None:
    cheap = KdfParams(1, 8, 1)  # only for this test: the parameters' effect, not their strength
    salt = b"\x00" * 16
    key = crypto.derive_key("Qingshan-2026", salt, cheap)
    assert len(key) == 32
    assert key == crypto.derive_key("Qingshan-2026", salt, cheap)
    assert key != crypto.derive_key("Qingshan-2027", salt, cheap)
    assert key != crypto.derive_key("Qingshan-2026", b"\x01" * 16, cheap)
    assert key != crypto.derive_key("Qingshan-2026", salt, KdfParams(2, 8, 1))


@pytest.mark.usefixtures("production_argon2")
def test_wraps_record_the_default_parameters() -> None:
    wrapped = keys.wrap(crypto.new_key(), "Qingshan-2026", "aad")
    assert KdfParams.decode(wrapped.params) == KdfParams()
    assert len(wrapped.salt) == crypto.SALT_BYTES


@pytest.mark.usefixtures("production_argon2")
def test_password_hasher_parameters() -> None:
    assert keys.HASHER.type is Type.ID
    assert keys.HASHER.memory_cost >= 19 * 1024
    assert keys.HASHER.time_cost >= 2
    encoded = keys.hash_password("Qingshan-2026")
    params = extract_parameters(encoded)
    assert params.type is Type.ID and params.memory_cost >= 19 * 1024 and params.time_cost >= 2
    assert "Qingshan-2026" not in encoded
    assert keys.password_matches(encoded, "Qingshan-2026")
    assert not keys.password_matches(encoded, "Qingshan-2027")
    assert not keys.password_matches("not a hash", "Qingshan-2026")
