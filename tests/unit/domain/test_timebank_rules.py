"""Time-bank arithmetic in whole hundredths: points for minutes, the cap and its excess, typed amounts."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.domain.durations import hours_text, minutes_from_hours
from desktop.domain.timebank import cap_points, parse_points, points_for, points_text, split_credit
from desktop.errors import ValidationError


def test_points_for_minutes_at_a_rate() -> None:
    assert points_for(90, 100) == 150  # 1.5 h at one point an hour
    assert points_for(45, 150) == 112  # 1.125 points: the part of a hundredth is not credited
    assert cap_points(1500, 100) == 150_000
    assert points_text(150) == "1.50" and points_text(-5) == "-0.05" and points_text(0) == "0.00"


@given(st.integers(0, 200_000), st.integers(0, 200_000), st.integers(0, 200_000))
def test_a_credit_is_kept_up_to_the_cap_and_the_rest_is_donated(balance: int, amount: int, cap: int) -> None:
    kept, excess = split_credit(balance, amount, cap)
    assert kept >= 0 and excess >= 0 and kept + excess == amount
    assert balance + kept <= max(cap, balance)
    assert excess == 0 or balance + kept >= cap


@pytest.mark.parametrize(("text", "hundredths"), [("30", 3000), ("2.5", 250), (" 0.05 ", 5), (12, 1200)])
def test_typed_points(text: str | int, hundredths: int) -> None:
    assert parse_points(text, "cost") == hundredths


@pytest.mark.parametrize("text", ["abc", "1.234", "-1", "nan", "inf", ""])
def test_bad_points_are_refused(text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_points(text, "cost")
    assert caught.value.field == "cost"


def test_hours_typed_and_shown() -> None:
    assert minutes_from_hours("1.5") == 90 and minutes_from_hours("0.75") == 45 and minutes_from_hours(2) == 120
    assert [hours_text(m) for m in (90, 480, 20, -150, 0)] == ["1.5", "8", "0.33", "-2.5", "0"]
    for bad in ("1.01", "x", ""):
        with pytest.raises(ValidationError):
            minutes_from_hours(bad)
