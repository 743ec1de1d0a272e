"""Canonical JSON: the text every row digest and audit hash is taken of, so it never changes form."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.storage.digest import canonical_json, canonical_json_of


def as_first_written(data: dict[str, Any]) -> str:
    """The form the stored digests were taken of: each value made plain, then ``json.dumps``."""
    def plain(value: Any) -> Any:
        if isinstance(value, datetime | date):
            return value.isoformat()
        if isinstance(value, Decimal):
            return str(value)
        if isinstance(value, bytes):
            return value.hex()
        return value

    return json.dumps({k: plain(v) for k, v in data.items()}, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def test_a_row_has_one_canonical_text() -> None:
    row = {"name": "张三", "birth_date": date(1950, 1, 1), "notes_sealed": b"\x01\xff", "deleted_at": None,
           "created_at": datetime(2026, 3, 8, 9, 30, 15, 123456, tzinfo=UTC), "hlc": 7, "brand": True,
           "amount": Decimal("12.50"), "at": datetime(2026, 3, 8, 17, 30, tzinfo=timezone(timedelta(hours=8)))}
    assert canonical_json(row) == (
        '{"amount":"12.50","at":"2026-03-08T17:30:00+08:00","birth_date":"1950-01-01","brand":true,'
        '"created_at":"2026-03-08T09:30:15.123456+00:00","deleted_at":null,"hlc":7,"name":"张三",'
        '"notes_sealed":"01ff"}')


values = st.one_of(st.none(), st.booleans(), st.integers(), st.text(), st.binary(), st.dates(),
                   st.datetimes(timezones=st.just(UTC)), st.decimals(allow_nan=False, allow_infinity=False),
                   st.floats(allow_nan=False, allow_infinity=False))


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.text(), values))
def test_the_canonical_text_is_the_one_digests_were_first_taken_of(data: dict[str, Any]) -> None:
    assert canonical_json(data) == as_first_written(data)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.text(), values, min_size=1), st.data())
def test_the_text_of_chosen_keys_is_the_canonical_text_of_those_keys(data: dict[str, Any], draw: Any) -> None:
    keys = draw.draw(st.lists(st.sampled_from(sorted(data)), min_size=1, unique=True))
    assert canonical_json_of(keys)({**data, "not chosen": object()}) == canonical_json({k: data[k] for k in keys})


def test_a_value_json_cannot_hold_is_refused() -> None:
    with pytest.raises(TypeError):
        canonical_json({"tags": {"dibao"}})
    with pytest.raises(TypeError):
        canonical_json_of(["tags", "name"])({"tags": {"dibao"}, "name": "张三"})
