"""The canonical text of datetimes when one object is written several times in a row (a bulk-inserted
row's created and stamped times and its audit entry's), and when equal instants of two time zones follow
each other: each is written as itself."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.storage.digest import canonical_json, canonical_json_of

BEIJING = timezone(timedelta(hours=8))


def test_equal_instants_of_two_zones_are_each_written_as_themselves() -> None:
    utc = datetime(2026, 3, 8, 1, 30, tzinfo=UTC)
    beijing = utc.astimezone(BEIJING)
    assert utc == beijing and hash(utc) == hash(beijing)  # what a cache by equality would confuse
    written = canonical_json_of(["at"])
    assert written({"at": utc}) == '{"at":"2026-03-08T01:30:00+00:00"}'
    assert written({"at": beijing}) == '{"at":"2026-03-08T09:30:00+08:00"}'
    assert written({"at": utc}) == '{"at":"2026-03-08T01:30:00+00:00"}'


def test_one_instant_written_thrice_in_a_row_is_the_same_text_each_time() -> None:
    at = datetime(2026, 3, 8, 9, 30, 15, 123456, tzinfo=UTC)
    row = canonical_json_of(["created_at", "updated_at", "deleted_at"])
    entry = canonical_json_of(["at", "row_id"])
    assert row({"created_at": at, "updated_at": at, "deleted_at": None}) == (
        '{"created_at":"2026-03-08T09:30:15.123456+00:00","deleted_at":null,'
        '"updated_at":"2026-03-08T09:30:15.123456+00:00"}')
    assert entry({"at": at, "row_id": "x"}) == '{"at":"2026-03-08T09:30:15.123456+00:00","row_id":"x"}'


@settings(max_examples=200, deadline=None)
@given(st.lists(st.datetimes(timezones=st.sampled_from([UTC, BEIJING, timezone(timedelta(hours=-5))])),
                min_size=1, max_size=6), st.data())
def test_datetimes_in_any_order_and_repetition_are_written_as_canonical_json_writes_them(
        instants: list[datetime], draw: st.DataObject) -> None:
    written = canonical_json_of(["a", "b"])
    for _ in range(len(instants) * 2):
        data = {"a": draw.draw(st.sampled_from(instants)), "b": draw.draw(st.sampled_from(instants))}
        assert written(data) == canonical_json(data)


def test_a_key_with_a_percent_sign_is_written_as_it_is() -> None:
    assert canonical_json_of(["100%", "a%sb"])({"100%": 1, "a%sb": "%s"}) == '{"100%":1,"a%sb":"%s"}'
