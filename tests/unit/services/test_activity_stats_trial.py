"""What a fresh-clone trial found in the period statistics (issue 9): a long period is split by quarter or
by year, worked out in SQL as a month is (a person once in a quarter, a project once while it ran); a
period over ten years is refused."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.errors import ValidationError
from desktop.services.activity_stats import (
    MONTH, QUARTER, YEAR, bucket_of, check_period, month_text, period_stats,
)
from desktop.storage.database import Database
from test_activity_stats import EXPECTED, TODAY, _station


def test_the_bucket_follows_the_length_of_the_period() -> None:
    assert bucket_of(date(2025, 1, 1), date(2026, 12, 31)) == MONTH  # 24 months
    assert bucket_of(date(2025, 1, 1), date(2027, 1, 1)) == QUARTER  # 25
    assert bucket_of(date(2022, 1, 1), date(2026, 12, 31)) == QUARTER  # the trial's five years: 20 quarters
    assert bucket_of(date(2019, 1, 1), date(2026, 12, 31)) == QUARTER  # 96 months
    assert bucket_of(date(2018, 12, 1), date(2026, 12, 31)) == YEAR


def test_a_period_over_ten_years_is_refused() -> None:
    check_period(date(2017, 1, 1), date(2026, 12, 31))
    check_period(date(2016, 2, 29), date(2026, 2, 27))
    for start, end in ((date(2017, 1, 1), date(2027, 1, 1)), (date(1926, 1, 1), date(2026, 12, 31)),
                       (date(2016, 2, 29), date(2026, 2, 28))):
        with pytest.raises(ValidationError) as caught:
            check_period(start, end)
        assert caught.value.field == "end" and "10 years" in caught.value.message


def test_a_long_period_counts_by_quarter_or_year_as_by_month(initialized_db: Database) -> None:
    """Summed figures add up over a quarter or a year; a person counts once in it however many of its
    months they appear in (v1 served in March and April: twice by month, once in 2026)."""
    _station(initialized_db)
    with initialized_db.read() as session:
        quarters = period_stats(session, date(2024, 1, 1), date(2026, 6, 30), TODAY)
        years = period_stats(session, date(2017, 1, 1), date(2026, 12, 31), TODAY)
    assert quarters.bucket == QUARTER and len(quarters.by_month) == 10
    assert [m.month for m in quarters.by_month][-2:] == ["2026-01", "2026-04"]
    spring, summer = quarters.by_month[-2:]
    assert (spring.values["volunteers_serving"], summer.values["volunteers_serving"]) == (1, 2)  # v1 · v1, v2
    assert summer.values["money_raised_fen"] == EXPECTED["money_raised_fen"][2][1]
    assert years.bucket == YEAR and [m.month for m in years.by_month] == [f"{y}-01" for y in range(2017, 2027)]
    this_year = years.by_month[-1].values
    assert this_year["volunteers_serving"] == 2 < sum(EXPECTED["volunteers_serving"][2])
    for stats in (quarters, years):
        assert sum(m.values["person_times_served"] for m in stats.by_month) == \
            stats.figure("person_times_served").value
    # p1, p2, p3 and p4 ran in 2026; p3 and p1 in its first quarter (p1 from February, p3 until February).
    assert this_year["projects_running"] == 4 and spring.values["projects_running"] == 2


def test_a_quarter_and_a_year_as_the_locale_writes_them() -> None:
    assert month_text("2026-04", QUARTER) == "Q2 2026"
    assert month_text("2026-01", YEAR) == "2026"
    assert month_text("2026-03") == "Mar 2026"
