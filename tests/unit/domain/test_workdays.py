"""Working days by the State Council's holiday notices: 调休 weekends count, holidays do not."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.domain.workdays import (
    FIRST_YEAR, LAST_YEAR, add_working_days, is_late, is_working_day, working_days_between,
)


@pytest.mark.parametrize(("day", "working"), [
    (date(2025, 9, 28), True),  # Sunday worked before the 2025 National Day week
    (date(2025, 10, 1), False),
    (date(2025, 10, 8), False),  # the eighth day: 中秋 joined the week
    (date(2025, 10, 9), True),
    (date(2025, 10, 11), True),  # Saturday worked after it
    (date(2025, 10, 12), False),
    (date(2025, 1, 28), False),  # 除夕, a holiday since the 2025 revision
    (date(2025, 1, 26), True),
    (date(2025, 5, 2), False),
    (date(2024, 2, 9), True),  # 除夕 2024 was only "encouraged" off
    (date(2024, 2, 18), True),  # a Sunday worked
    (date(2023, 1, 2), False),  # 元旦 that began on 2022-12-31
    (date(2023, 6, 25), True),
    (date(2022, 4, 2), True),
    (date(2021, 9, 18), True),
    (date(2026, 2, 23), False),  # the nine-day 2026 Spring Festival ends on a Monday
    (date(2026, 2, 28), True),
    (date(2026, 1, 4), True),
    (date(2026, 10, 10), True),
])
def test_days_from_the_notices(day: date, working: bool) -> None:
    assert is_working_day(day) is working


def test_a_year_outside_the_table_is_monday_to_friday() -> None:
    assert is_working_day(date(2030, 10, 1))  # a Tuesday: no notice for 2030 here
    assert not is_working_day(date(2030, 10, 5))


def test_national_day_2025_and_the_ten_working_day_limit() -> None:
    # From Tuesday 30 September: 9 and 10 October, the Saturday 11th, 13–17, then 20 and 21 October.
    assert add_working_days(date(2025, 9, 30), 1) == date(2025, 10, 9)
    assert add_working_days(date(2025, 9, 30), 3) == date(2025, 10, 11)
    assert add_working_days(date(2025, 9, 30), 10) == date(2025, 10, 21)
    assert not is_late(date(2025, 9, 30), date(2025, 10, 21))
    assert is_late(date(2025, 9, 30), date(2025, 10, 22))
    assert working_days_between(date(2025, 9, 30), date(2025, 10, 21)) == 10


def test_an_activity_on_a_holiday_counts_from_the_next_working_day() -> None:
    assert add_working_days(date(2026, 2, 17), 1) == date(2026, 2, 24)
    assert add_working_days(date(2026, 2, 24), -1) == date(2026, 2, 14)  # the Saturday worked before
    assert add_working_days(date(2026, 2, 17), 0) == date(2026, 2, 17)


@given(st.dates(min_value=date(FIRST_YEAR - 1, 1, 1), max_value=date(LAST_YEAR + 1, 12, 31)),
       st.integers(min_value=0, max_value=40))
def test_adding_and_counting_agree(day: date, n: int) -> None:
    later = add_working_days(day, n)
    assert working_days_between(day, later) == n
    assert n == 0 or is_working_day(later)
    back = add_working_days(later, -n)
    assert back == day if n == 0 or is_working_day(day) else back < day
    assert later - day <= timedelta(days=3 * n + 10)
