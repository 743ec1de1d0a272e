"""Time-ordered UUIDs (RFC 9562 version 7) as primary keys: sortable by creation, unique across nodes."""

from __future__ import annotations

import os
import time

_MS = (1 << 48) - 1
_FIXED = 0x7 << 76 | 0b10 << 62  # the version (7) and the RFC 4122 variant
# Where 80 random bits, as one integer, leave random ones: 12 after the version, 62 after the variant.
_RANDOM = 0xFFF << 64 | (1 << 62) - 1
_RANDOM_BYTES = 10


def _text(ms: int, random: bytes) -> str:
    """The UUIDv7 of Unix milliseconds ``ms`` and 10 random bytes, as ``str(uuid.UUID(...))`` writes it."""
    digits = f"{(ms & _MS) << 80 | _FIXED | int.from_bytes(random, 'big') & _RANDOM:032x}"
    return f"{digits[:8]}-{digits[8:12]}-{digits[12:16]}-{digits[16:20]}-{digits[20:]}"


def new_id() -> str:
    """A UUIDv7 as 36-character text: 48 bits of Unix milliseconds, then random bits."""
    return _text(time.time_ns() // 1_000_000, os.urandom(_RANDOM_BYTES))


def new_ids(count: int) -> list[str]:
    """``count`` of ``new_id``, each taking the time it is made: the random bits of all of them come
    from one read of the system's generator, which costs about as much as the rest of an id."""
    pool = os.urandom(_RANDOM_BYTES * count)
    return [_text(time.time_ns() // 1_000_000, pool[start:start + _RANDOM_BYTES])
            for start in range(0, len(pool), _RANDOM_BYTES)]
