"""A birth date cell as a 出生年月 column writes it: a full date, or the year and month only, which stand for
the ID card number's date (and must agree with it) and are refused without one."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from desktop.domain.identity import make_resident_id
from desktop.errors import ValidationError
from desktop.services.birth_cells import YearMonth, birth_cell, birth_date
from desktop.services.spreadsheet import Cell

NUMBER = make_resident_id("420102", date(1990, 10, 15), 21, False)


@pytest.mark.parametrize(("cell", "read"), [
    ("1990-10", YearMonth(1990, 10)), ("1990.10", YearMonth(1990, 10)), ("1990/10", YearMonth(1990, 10)),
    ("1990年10月", YearMonth(1990, 10)), ("1990年1月", YearMonth(1990, 1)), ("199010", YearMonth(1990, 10)),
    (199010, YearMonth(1990, 10)), (199010.0, YearMonth(1990, 10)), ("１９９０－１０", YearMonth(1990, 10)),
    ("1990-10-15", date(1990, 10, 15)), ("19901015", date(1990, 10, 15)), (datetime(1990, 10, 1), date(1990, 10, 1)),
    ("", None),
])
def test_a_birth_cell_gives_a_date_or_a_year_and_month(cell: Cell, read: object) -> None:
    assert birth_cell(cell) == read


@pytest.mark.parametrize("cell", ["1990-13", "19901", "2001", 1990.1, "90年10月"])
def test_what_is_neither_is_refused_as_a_date(cell: Cell) -> None:
    """1990.10 typed into a number cell is kept as 1990.1: October or January, nothing tells."""
    with pytest.raises(ValidationError, match="is not a date"):
        birth_cell(cell)


def test_a_year_and_month_stand_for_the_id_numbers_date() -> None:
    assert birth_date(YearMonth(1990, 10), "resident_id", NUMBER) is None  # validation takes the number's date
    wrong_check = NUMBER[:-1] + ("0" if NUMBER[-1] != "0" else "1")
    assert birth_date(YearMonth(1990, 10), "resident_id", wrong_check) is None  # the number's own error is told
    assert birth_date(date(1990, 10, 1), "resident_id", NUMBER) == date(1990, 10, 1)  # checked by validation
    with pytest.raises(ValidationError, match=r"does not agree with the ID card number \(1990-10-15\)") as caught:
        birth_date(YearMonth(1990, 11), "resident_id", NUMBER)
    assert caught.value.field == "birth_date"


@pytest.mark.parametrize(("id_type", "number"), [("resident_id", ""), ("passport", "E12345678")])
def test_a_year_and_month_without_an_id_card_number_are_refused(id_type: str, number: str) -> None:
    with pytest.raises(ValidationError, match=r"Only the year and month of birth are given \(1990-10\)") as caught:
        birth_date(YearMonth(1990, 10), id_type, number)
    assert caught.value.field == "birth_date"
