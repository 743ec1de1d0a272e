"""Encryption of a bundle's payload to the recipient's X25519 key.

A fresh ephemeral X25519 key agrees a secret with the recipient's key; HKDF-SHA256 turns it into a
ChaCha20-Poly1305 key bound to both public keys, the plaintext length and a context (the bundle's
identity), so a payload cannot be moved into another bundle. The plaintext is sealed in chunks of
64 KiB, each nonce holding the chunk index and a final flag (the STREAM construction): chunks cannot
be reordered, dropped or cut off without the tag check failing, and a large payload never has to be
in memory at once.

Layout: ``MAGIC`` | ephemeral public key (32) | recipient public key (32) | plaintext length (8,
big-endian) | chunks. Every chunk but the last holds exactly ``CHUNK`` bytes; the last holds the rest
(possibly nothing), so the ciphertext length follows from the plaintext length.
"""

from __future__ import annotations

from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

MAGIC = b"WSE1"
CHUNK = 64 * 1024
TAG = 16
KEY = 32
LENGTH = 8
HEADER = len(MAGIC) + KEY + KEY + LENGTH


class EnvelopeError(Exception):
    """The envelope does not open. ``reason``: "wrong_key" (sealed to another key), "truncated"
    (fewer bytes than its header announces) or "damaged" (anything else)."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason


def sealed_size(length: int) -> int:
    """Bytes of the envelope of ``length`` bytes of plaintext."""
    return HEADER + length + (length // CHUNK + 1) * TAG


def _aead(shared: bytes, ephemeral: bytes, recipient: bytes, length: bytes, context: bytes) -> ChaCha20Poly1305:
    info = b"wushe envelope/1\x00" + length + context
    return ChaCha20Poly1305(HKDF(hashes.SHA256(), KEY, salt=ephemeral + recipient, info=info).derive(shared))


def _nonce(index: int, final: bool) -> bytes:
    return index.to_bytes(11, "big") + (b"\x01" if final else b"\x00")


def _read_exact(source: BinaryIO, size: int) -> bytes:
    """``size`` bytes, or fewer only at the end of ``source`` (a stream may return short reads)."""
    parts, left = [], size
    while left:
        part = source.read(left)
        if not part:
            break
        parts.append(part)
        left -= len(part)
    return b"".join(parts)


def seal(source: BinaryIO, target: BinaryIO, recipient: X25519PublicKey, context: bytes) -> int:
    """Write the envelope of the rest of seekable ``source`` to ``target``; return its size."""
    start = source.tell()
    length = source.seek(0, 2) - start
    source.seek(start)
    ephemeral = X25519PrivateKey.generate()
    ephemeral_public, recipient_public = ephemeral.public_key().public_bytes_raw(), recipient.public_bytes_raw()
    length_bytes = length.to_bytes(LENGTH, "big")
    aead = _aead(ephemeral.exchange(recipient), ephemeral_public, recipient_public, length_bytes, context)
    header = MAGIC + ephemeral_public + recipient_public + length_bytes
    target.write(header)
    written, index = len(header), 0
    while True:
        piece = _read_exact(source, CHUNK)
        final = len(piece) < CHUNK
        sealed = aead.encrypt(_nonce(index, final), piece, None)
        target.write(sealed)
        written += len(sealed)
        index += 1
        if final:
            break
    return written


def open_sealed(source: BinaryIO, target: BinaryIO, key: X25519PrivateKey, context: bytes, *, limit: int) -> int:
    """Write the plaintext of the envelope in ``source`` to ``target``; return its length.

    Raises EnvelopeError; ``target`` then holds part of the plaintext and must be discarded. A
    plaintext longer than ``limit`` is refused before anything is decrypted.
    """
    header = _read_exact(source, HEADER)
    if len(header) < HEADER:
        raise EnvelopeError("truncated", "envelope header cut short")
    if header[:len(MAGIC)] != MAGIC:
        raise EnvelopeError("damaged", "not an envelope")
    ephemeral, recipient = header[len(MAGIC):len(MAGIC) + KEY], header[len(MAGIC) + KEY:HEADER - LENGTH]
    length_bytes = header[HEADER - LENGTH:]
    if recipient != key.public_key().public_bytes_raw():
        raise EnvelopeError("wrong_key", "sealed to another key")
    length = int.from_bytes(length_bytes, "big")
    if length > limit:
        raise EnvelopeError("damaged", f"plaintext of {length} bytes is over the limit of {limit}")
    try:
        shared = key.exchange(X25519PublicKey.from_public_bytes(ephemeral))
    except ValueError as exc:  # a low-order point gives an all-zero secret, which cryptography refuses
        raise EnvelopeError("damaged", "bad ephemeral key") from exc
    aead = _aead(shared, ephemeral, recipient, length_bytes, context)
    chunks = length // CHUNK + 1
    for index in range(chunks):
        final = index == chunks - 1
        expected = (length - index * CHUNK if final else CHUNK) + TAG
        sealed = _read_exact(source, expected)
        if len(sealed) < expected:
            raise EnvelopeError("truncated", f"chunk {index} cut short")
        try:
            target.write(aead.decrypt(_nonce(index, final), sealed, None))
        except InvalidTag as exc:
            raise EnvelopeError("damaged", f"chunk {index} fails its tag") from exc
    if source.read(1):
        raise EnvelopeError("damaged", "bytes after the last chunk")
    return length
