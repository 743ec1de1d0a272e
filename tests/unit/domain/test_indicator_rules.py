"""The formulas of the indicators and which target of a profile is in force."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

from desktop.domain.indicators import PolicyProfile, Target, average, compare, per_ten_thousand, percent, shown


def test_formulas_are_exact_until_shown() -> None:
    assert average(6, 3) == 2 and average(1, 0) is None
    assert percent(1, 3) == Fraction(100, 3) and percent(0, 0) is None
    assert per_ten_thousand(3, 15_000) == 2 and per_ten_thousand(1, 0) is None
    assert compare(percent(1, 3), ">=", Fraction("100/3"))  # a rounded 33.33 % would fall short of one third
    assert not compare(Fraction(1), ">", Fraction(1)) and compare(Fraction(1), "<=", Fraction(1))
    assert (shown(Fraction(1, 200)), shown(Fraction(100, 3)), shown(Fraction(-1, 200))) == (
        Decimal("0.01"), Decimal("33.33"), Decimal("-0.01"))


def test_the_target_in_force_is_the_first_whose_deadline_has_not_passed() -> None:
    profile = PolicyProfile("p", {"en": "P", "zh_CN": "甲"}, "s", (
        Target("social_work_service_share", ">=", Fraction(100), date(2023, 12, 31)),
        Target("federation", ">=", Fraction(1)),
        Target("social_work_service_share", ">=", Fraction(70), date(2022, 12, 31)),
    ))

    def value_on(day: date) -> list[tuple[str, Fraction]]:
        return [(t.indicator, t.value) for t in profile.in_force(day)]

    assert value_on(date(2022, 12, 31)) == [("social_work_service_share", 70), ("federation", 1)]
    assert value_on(date(2023, 1, 1)) == [("social_work_service_share", 100), ("federation", 1)]
    assert value_on(date(2030, 1, 1)) == [("social_work_service_share", 100), ("federation", 1)]  # stays
    assert (profile.name("zh_CN"), profile.name("fr")) == ("甲", "P")
