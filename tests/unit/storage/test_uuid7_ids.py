"""Primary keys: UUIDv7 text, valid, unique, and sorting by creation time."""

from __future__ import annotations

import time
import uuid

from desktop.domain.ids import new_id


def test_is_a_valid_uuid7() -> None:
    value = new_id()
    assert len(value) == 36 and value == value.lower()
    parsed = uuid.UUID(value)
    assert str(parsed) == value
    assert parsed.version == 7
    assert parsed.variant == uuid.RFC_4122


def test_carries_the_creation_time_in_milliseconds() -> None:
    before = time.time_ns() // 1_000_000
    value = new_id()
    after = time.time_ns() // 1_000_000
    ms = uuid.UUID(value).int >> 80
    assert before <= ms <= after


def test_sorts_by_creation_time() -> None:
    made = []
    for _ in range(15):
        made.append(new_id())
        time.sleep(0.0015)  # at least one millisecond apart
    assert sorted(made) == made
    assert sorted(made, key=lambda v: uuid.UUID(v).int) == made


def test_unique_and_random_within_a_millisecond() -> None:
    values = [new_id() for _ in range(5000)]
    assert len(set(values)) == len(values)
    assert all(uuid.UUID(v).version == 7 for v in values)
    # the random part varies: the 74 random bits are not all equal
    assert len({uuid.UUID(v).int & ((1 << 62) - 1) for v in values}) == len(values)
