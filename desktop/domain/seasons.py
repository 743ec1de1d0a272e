"""Whether a resource offered only around a festival or a school holiday ("重阳节前后", "春节期间", "暑假")
can be had today, from its availability text alone (services.matching).

A resource's dates are the reliable answer; many are typed only as such a season, though. A lunar festival
moves by a month across years, so each season is the span of days it can fall on (from the years 2000–2050)
widened by a fortnight either side for 前后. Only a text that names nothing but seasons is read: "除春节外全年"
or "每年重阳节前后各一次" say more than this can, and are left alone.
"""

from __future__ import annotations

import re
from datetime import date

_MARGIN = 14  # days either side: 前后, 期间 and the preparations before a festival

# (first month, day), (last month, day) of the days each season can fall on.
SEASONS: dict[str, tuple[tuple[int, int], tuple[int, int]]] = {
    "元旦": ((1, 1), (1, 1)),
    "春节": ((1, 21), (2, 20)),  # 正月初一
    "过年": ((1, 21), (2, 20)),
    "除夕": ((1, 20), (2, 19)),
    "元宵": ((2, 4), (3, 6)),  # 正月十五
    "妇女节": ((3, 8), (3, 8)),
    "三八": ((3, 8), (3, 8)),
    "学雷锋": ((3, 5), (3, 5)),
    "清明": ((4, 4), (4, 6)),
    "劳动节": ((5, 1), (5, 5)),
    "五一": ((5, 1), (5, 5)),
    "端午": ((5, 28), (6, 25)),  # 五月初五
    "儿童节": ((6, 1), (6, 1)),
    "六一": ((6, 1), (6, 1)),
    "七一": ((7, 1), (7, 1)),
    "建党节": ((7, 1), (7, 1)),
    "八一": ((8, 1), (8, 1)),
    "建军节": ((8, 1), (8, 1)),
    "七夕": ((7, 31), (8, 29)),  # 七月初七
    "教师节": ((9, 10), (9, 10)),
    "中秋": ((9, 7), (10, 8)),  # 八月十五
    "国庆": ((10, 1), (10, 7)),
    "重阳": ((9, 30), (11, 1)),  # 九月初九
    "敬老节": ((9, 30), (11, 1)),  # 敬老节 is 重阳
    "腊八": ((12, 30), (1, 28)),  # 腊月初八, across the new year
    "暑假": ((7, 1), (8, 31)),
    "寒假": ((1, 10), (2, 28)),
}
_NAME = "(?:" + "|".join(sorted(SEASONS, key=len, reverse=True)) + ")(?:节|日)?"
_ONLY_SEASONS = re.compile(rf"(?:每年)?({_NAME}(?:[、和及与/]{_NAME})*)(?:前后|期间|前夕|前|当天|当日|左右)?")


def _within(today: date, start: tuple[int, int], end: tuple[int, int]) -> bool:
    year = today.year
    for first_year in (year - 1, year, year + 1):  # last year's span may reach into this one, and so on
        first = date(first_year, *start)
        last = date(first_year + (end < start), *end)
        if (first - today).days <= _MARGIN and (today - last).days <= _MARGIN:
            return True
    return False


def out_of_season(availability: str, today: date) -> bool:
    """True when ``availability`` names only seasons (festivals, school holidays) and today is in none of them."""
    found = _ONLY_SEASONS.fullmatch(re.sub(r"\s+", "", availability))
    if found is None:
        return False
    names = [name for name in sorted(SEASONS, key=len, reverse=True) if name in found.group(1)]
    return not any(_within(today, *SEASONS[name]) for name in names)
