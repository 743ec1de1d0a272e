"""Hybrid logical clock: wall-clock milliseconds with a logical counter, packed into one integer.

Stamps order every change across nodes even when their clocks disagree; ties are broken by the
origin node id, so ``(hlc, origin_node)`` is a total order (DESIGN.md §7).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

COUNTER_BITS = 16
COUNTER_MAX = (1 << COUNTER_BITS) - 1


def pack(ms: int, counter: int) -> int:
    return (ms << COUNTER_BITS) | counter


def unpack(stamp: int) -> tuple[int, int]:
    return stamp >> COUNTER_BITS, stamp & COUNTER_MAX


def wall_ms() -> int:
    return time.time_ns() // 1_000_000


class HybridClock:
    """Thread-safe; ``now`` never returns the same or a smaller stamp twice."""

    def __init__(self, last: int = 0, wall: Callable[[], int] = wall_ms) -> None:
        self._last = last
        self._wall = wall
        self._lock = threading.Lock()

    @property
    def last(self) -> int:
        return self._last

    def wall(self) -> int:
        """The wall clock this clock reads, in milliseconds (what a node's stamps are compared against)."""
        return self._wall()

    def now(self) -> int:
        with self._lock:
            self._last = self._advance(self._last)
            return self._last

    def observe(self, remote: int) -> int:
        """Move past a stamp received from another node, so our next change sorts after it."""
        with self._lock:
            self._last = self._advance(max(self._last, remote))
            return self._last

    def _advance(self, floor: int) -> int:
        physical = self._wall()
        floor_ms, floor_counter = unpack(floor)
        if physical > floor_ms:
            return pack(physical, 0)
        if floor_counter == COUNTER_MAX:
            return pack(floor_ms + 1, 0)
        return pack(floor_ms, floor_counter + 1)
