"""A birth date cell as a 出生年月 column writes it: a full date, or the year and month only, or the year in two
digits, which stand for the ID card number's date (and must agree with it) and are refused without one."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from desktop.domain.identity import make_resident_id
from desktop.errors import ValidationError
from desktop.services.birth_cells import ShortYearDay, YearMonth, birth_cell, birth_date
from desktop.services.cell_parsers import day
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


SHORT_NUMBER = make_resident_id("420102", date(1988, 9, 9), 21, True)


@pytest.mark.parametrize(("cell", "read"), [
    ("88年9月9日", ShortYearDay("88年9月9日", 88, 9, 9)), ("88.9.9", ShortYearDay("88.9.9", 88, 9, 9)),
    ("88/9/9", ShortYearDay("88/9/9", 88, 9, 9)), (" 88-09-09 ", ShortYearDay("88-09-09", 88, 9, 9)),
    ("８８．９．９", ShortYearDay("８８．９．９", 88, 9, 9)), ("05年12月1日", ShortYearDay("05年12月1日", 5, 12, 1)),
])
def test_a_two_digit_year_is_kept_for_the_id_number_to_place(cell: Cell, read: object) -> None:
    assert birth_cell(cell) == read


def test_the_id_number_gives_a_two_digit_years_century() -> None:
    assert birth_date(birth_cell("88年9月9日"), "resident_id", SHORT_NUMBER) is None  # the number's 1988-09-09
    for written in ("88.9.10", "87.9.9", "88/10/9"):
        with pytest.raises(ValidationError, match=r"“.+” does not agree with the ID card number \(1988-09-09\); "
                                                   "write the year in four digits") as caught:
            birth_date(birth_cell(written), "resident_id", SHORT_NUMBER)
        assert caught.value.field == "birth_date"
    born_2005 = make_resident_id("420102", date(2005, 12, 1), 3, False)
    assert birth_date(birth_cell("05年12月1日"), "resident_id", born_2005) is None
    with pytest.raises(ValidationError, match="does not agree"):  # 1905 or 2005: only the number tells
        birth_date(birth_cell("05年12月1日"), "resident_id", SHORT_NUMBER)


@pytest.mark.parametrize(("id_type", "number"), [("resident_id", ""), ("passport", "E12345678")])
def test_a_two_digit_year_without_an_id_card_number_is_refused(id_type: str, number: str) -> None:
    with pytest.raises(ValidationError, match="“88.9.9” gives the year in two digits: write it in four, as in "
                                              "1988-09-09.") as caught:
        birth_date(birth_cell("88.9.9"), id_type, number)
    assert caught.value.field == "birth_date"


@pytest.mark.parametrize("cell", ["88年9月9日", "88.9.9", "88/9/9"])
def test_other_date_columns_ask_for_the_four_digit_year(cell: str) -> None:
    with pytest.raises(ValidationError, match=f"“{cell}” gives the year in two digits: write it in four"):
        day(cell)
