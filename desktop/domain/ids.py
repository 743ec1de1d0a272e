"""Time-ordered UUIDs (RFC 9562 version 7) as primary keys: sortable by creation, unique across nodes."""

from __future__ import annotations

import os
import time


def new_id() -> str:
    """A UUIDv7 as 36-character text: 48 bits of Unix milliseconds, then random bits."""
    ms = time.time_ns() // 1_000_000
    rand = int.from_bytes(os.urandom(10), "big")
    value = (ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76  # version
    value |= ((rand >> 68) & 0xFFF) << 64  # 12 random bits
    value |= 0b10 << 62  # RFC 4122 variant
    value |= rand & ((1 << 62) - 1)
    digits = f"{value:032x}"  # as str(uuid.UUID(int=value)) writes it, without building the UUID
    return f"{digits[:8]}-{digits[8:12]}-{digits[12:16]}-{digits[16:20]}-{digits[20:]}"
