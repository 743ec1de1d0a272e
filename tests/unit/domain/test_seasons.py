"""A resource offered only in a season (a festival, a school holiday) is out of season on the other days;
any other availability text is left alone."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.domain.seasons import out_of_season


@pytest.mark.parametrize(("text", "day", "out"), [
    ("重阳节前后", date(2026, 12, 2), True),  # 重阳 2026 is 18 October
    ("重阳节前后", date(2026, 10, 18), False),
    ("重阳节前后", date(2025, 10, 29), False),  # 重阳 2025: its latest in these years
    ("春节期间", date(2027, 2, 10), False),  # across the new year: 春节 2027 is 6 February
    ("春节期间", date(2026, 7, 1), True),
    ("腊八节", date(2027, 1, 10), False),  # a span that starts in December
    ("元旦", date(2026, 12, 25), False),  # next year's, a week away
    ("中秋、国庆", date(2026, 9, 20), False),
    ("中秋、国庆", date(2026, 12, 2), True),
    ("每年暑假", date(2026, 12, 1), True),
    ("每月第一周", date(2026, 12, 2), False),  # no season named
    ("除春节外全年", date(2026, 2, 17), False),  # says more than seasons: left alone
    ("每年重阳节前后各一次", date(2026, 12, 2), False),
    ("儿童", date(2026, 12, 1), False),  # not 儿童节
    ("", date(2026, 12, 1), False),
])
def test_only_a_text_of_seasons_is_out_of_season_away_from_them(text: str, day: date, out: bool) -> None:
    assert out_of_season(text, day) is out
