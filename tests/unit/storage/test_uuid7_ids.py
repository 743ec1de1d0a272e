"""Primary keys: UUIDv7 text, valid, unique, and sorting by creation time."""

from __future__ import annotations

import time
import uuid

from desktop.domain.ids import new_id, new_ids


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


def test_many_at_once_are_valid_unique_and_in_creation_order() -> None:
    before = time.time_ns() // 1_000_000
    values = new_ids(5000)
    after = time.time_ns() // 1_000_000
    assert len(set(values)) == 5000 and new_ids(0) == []
    parsed = [uuid.UUID(v) for v in values]
    assert all(str(p) == v and p.version == 7 and p.variant == uuid.RFC_4122 for p, v in zip(parsed, values))
    stamps = [p.int >> 80 for p in parsed]
    assert stamps == sorted(stamps) and before <= stamps[0] and stamps[-1] <= after
    assert len({p.int & ((1 << 62) - 1) for p in parsed}) == 5000
