"""Working days in mainland China: Monday to Friday, less the public holidays, plus the weekend days
worked in exchange (调休), as the State Council's General Office announces them each year.

The 2020 volunteer-record rules (民政部令第67号) ask for service and evaluation to be recorded within
10 working days after the activity; this module says which days count. A year the table does not
hold falls back to plain Monday to Friday.
"""

from __future__ import annotations

from datetime import date, timedelta

# Per year: the days off (ranges as the notice writes them, weekends included) and the weekend
# days that are worked instead. Copied from each notice's seven articles.
_NOTICES: dict[int, tuple[str, str]] = {
    # 国务院办公厅关于2021年部分节假日安排的通知, 2020-11-25
    # (www.gov.cn/zhengce/content/2020-11/25/content_5564127.htm)
    2021: ("01-01..01-03 02-11..02-17 04-03..04-05 05-01..05-05 06-12..06-14 09-19..09-21 10-01..10-07",
           "02-07 02-20 04-25 05-08 09-18 09-26 10-09"),
    # 国务院办公厅关于2022年部分节假日安排的通知, 2021-10-25
    # (www.gov.cn/zhengce/content/2021-10/25/content_5644835.htm)
    2022: ("01-01..01-03 01-31..02-06 04-03..04-05 04-30..05-04 06-03..06-05 09-10..09-12 10-01..10-07",
           "01-29 01-30 04-02 04-24 05-07 10-08 10-09"),
    # 国务院办公厅关于2023年部分节假日安排的通知, 2022-12-08 (元旦 began on 2022-12-31, a Saturday)
    # (www.gov.cn/zhengce/content/2022-12/08/content_5730844.htm)
    2023: ("01-01..01-02 01-21..01-27 04-05 04-29..05-03 06-22..06-24 09-29..10-06",
           "01-28 01-29 04-23 05-06 06-25 10-07 10-08"),
    # 国务院办公厅关于2024年部分节假日安排的通知, 2023-10-25
    # (www.gov.cn/zhengce/content/202310/content_6911527.htm); 除夕 (02-09) only "encouraged" off
    2024: ("01-01 02-10..02-17 04-04..04-06 05-01..05-05 06-10 09-15..09-17 10-01..10-07",
           "02-04 02-18 04-07 04-28 05-11 09-14 09-29 10-12"),
    # 国务院办公厅关于2025年部分节假日安排的通知, 2024-11-12, the first under the revised
    # 全国年节及纪念日放假办法 (除夕 and 5月2日 added) (www.gov.cn/zhengce/content/202411/content_6986382.htm)
    2025: ("01-01 01-28..02-04 04-04..04-06 05-01..05-05 05-31..06-02 10-01..10-08",
           "01-26 02-08 04-27 09-28 10-11"),
    # 国务院办公厅关于2026年部分节假日安排的通知, 2025-11-04
    2026: ("01-01..01-03 02-15..02-23 04-04..04-06 05-01..05-05 06-19..06-21 09-25..09-27 10-01..10-07",
           "01-04 02-14 02-28 05-09 09-20 10-10"),
}


def _day(year: int, text: str) -> date:
    month, day = text.split("-")
    return date(year, int(month), int(day))


def _expand(year: int, spans: str) -> frozenset[date]:
    days: set[date] = set()
    for span in spans.split():
        first, _sep, last = span.partition("..")
        start, end = _day(year, first), _day(year, last or first)
        days.update(start + timedelta(days=i) for i in range((end - start).days + 1))
    return frozenset(days)


_OFF = {year: _expand(year, off) for year, (off, _on) in _NOTICES.items()}
_WORKED = {year: _expand(year, on) for year, (_off, on) in _NOTICES.items()}
FIRST_YEAR, LAST_YEAR = min(_NOTICES), max(_NOTICES)


def is_working_day(day: date) -> bool:
    if day in _WORKED.get(day.year, ()):
        return True
    return day.weekday() < 5 and day not in _OFF.get(day.year, ())


def add_working_days(day: date, n: int) -> date:
    """The ``n``-th working day after ``day`` (before it when ``n`` is negative); ``day`` itself for 0."""
    step = timedelta(days=1 if n >= 0 else -1)
    remaining = abs(n)
    while remaining:
        day += step
        remaining -= is_working_day(day)
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when ``end`` is not later)."""
    return sum(is_working_day(start + timedelta(days=i)) for i in range(1, (end - start).days + 1))


def is_late(activity_day: date, recorded_day: date, limit: int = 10) -> bool:
    """Recorded after the ``limit``-th working day following the activity."""
    return recorded_day > add_working_days(activity_day, limit)
