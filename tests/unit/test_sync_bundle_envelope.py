"""The payload envelope: X25519 + HKDF + chunked ChaCha20-Poly1305 whose nonces carry the chunk index
and a final flag, so reordered, dropped, cut or altered chunks never decrypt."""

from __future__ import annotations

import hashlib
import io

import pytest

from bundle_testing import encryption_key
from desktop.sync import envelope
from desktop.sync.envelope import CHUNK, HEADER, TAG, EnvelopeError, open_sealed, seal, sealed_size

KEY = encryption_key("county")
CONTEXT = b"wushe-bundle/1\nbundle\nsender\nrecipient"


def _plain(size: int) -> bytes:
    return hashlib.shake_256(b"plain").digest(size) if size else b""


def _sealed(plain: bytes, context: bytes = CONTEXT) -> bytes:
    target = io.BytesIO()
    assert seal(io.BytesIO(plain), target, KEY.public_key(), context) == len(target.getvalue())
    return target.getvalue()


def _open(sealed: bytes, key=KEY, context: bytes = CONTEXT, limit: int = 1 << 30) -> bytes:
    target = io.BytesIO()
    assert open_sealed(io.BytesIO(sealed), target, key, context, limit=limit) == len(target.getvalue())
    return target.getvalue()


def _reason(sealed: bytes, **options) -> str:
    with pytest.raises(EnvelopeError) as caught:
        _open(sealed, **options)
    return caught.value.reason


@pytest.mark.parametrize("size", [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK])
def test_round_trip_at_chunk_edges(size: int) -> None:
    plain = _plain(size)
    sealed = _sealed(plain)
    assert len(sealed) == sealed_size(size)
    assert _open(sealed) == plain
    assert _sealed(plain) != sealed  # a fresh ephemeral key each time


def test_cut_anywhere_is_truncated() -> None:
    sealed = _sealed(_plain(2 * CHUNK + 100))
    for size in (0, HEADER - 1, HEADER, HEADER + 10, HEADER + CHUNK + TAG, HEADER + 2 * (CHUNK + TAG), len(sealed) - 1):
        assert _reason(sealed[:size]) == "truncated", size


def test_dropped_or_reordered_chunks_and_flipped_bits_are_damage() -> None:
    sealed = _sealed(_plain(3 * CHUNK + 5))
    body = sealed[HEADER:]
    first, second = body[:CHUNK + TAG], body[CHUNK + TAG:2 * (CHUNK + TAG)]
    assert _reason(sealed[:HEADER] + second + first + body[2 * (CHUNK + TAG):]) == "damaged"
    for offset in (HEADER + 5, HEADER + CHUNK + TAG + 1, len(sealed) - 3):
        flipped = bytearray(sealed)
        flipped[offset] ^= 1
        assert _reason(bytes(flipped)) == "damaged", offset
    assert _reason(sealed + b"\0") == "damaged"
    assert _reason(b"XXXX" + sealed[4:]) == "damaged"


def test_a_payload_cut_at_a_chunk_boundary_with_its_length_rewritten_is_damage() -> None:
    """The announced length is part of the key, and the last whole chunk was not sealed as final."""
    plain = _plain(2 * CHUNK)
    sealed = _sealed(plain)
    shorter = (CHUNK).to_bytes(envelope.LENGTH, "big")
    forged = sealed[:HEADER - envelope.LENGTH] + shorter + sealed[HEADER:HEADER + CHUNK + TAG]
    assert _reason(forged) == "damaged"


def test_wrong_key_context_or_limit() -> None:
    sealed = _sealed(_plain(1000))
    assert _reason(sealed, key=encryption_key("another county")) == "wrong_key"
    assert _reason(sealed, context=b"another bundle") == "damaged"
    assert _reason(sealed, limit=999) == "damaged"
    assert _open(sealed, limit=1000) == _plain(1000)
