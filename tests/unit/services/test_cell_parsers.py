"""Cells as station spreadsheets write them: dates every which way, Chinese yes/no, labels for codes."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from desktop.domain.codes import ORG_STATUSES
from desktop.errors import ValidationError
from desktop.i18n import set_locale
from desktop.services.cell_parsers import Choice, day, plain, whole_number, yes_no


@pytest.mark.parametrize("cell", [
    date(2023, 3, 8), datetime(2023, 3, 8, 14, 30), "2023-03-08", "2023.3.8", "2023/3/8", "2023年3月8日",
    " 2023 年 3 月 8 日 ", "２０２３年３月８日", "20230308", 20230308, 20230308.0, 44993, 44993.0, "2023-03-08 00:00:00",
])
def test_dates_in_every_form_stations_write_them(cell: object) -> None:
    assert day(cell) == date(2023, 3, 8)  # type: ignore[arg-type]


@pytest.mark.parametrize("cell", ["2023.13.1", "2023-02-30", "2023.3", "三月八日", "2019", 2019, True, "8/3/2023"])
def test_what_is_not_a_date_is_reported_as_written(cell: object) -> None:
    with pytest.raises(ValidationError) as caught:
        day(cell)  # type: ignore[arg-type]
    assert "is not a date" in caught.value.message and str(cell).upper() in caught.value.message.upper()


def test_a_blank_date_is_unknown() -> None:
    assert day("") is None and day("  ") is None


@pytest.mark.parametrize(("cell", "expected"), [
    ("是", True), ("有", True), ("√", True), ("✔", True), ("Yes", True), (" Y ", True), (1, True), (1.0, True),
    (True, True), ("否", False), ("无", False), ("×", False), ("no", False), ("", False), (0, False), (False, False),
])
def test_yes_and_no(cell: object, expected: bool) -> None:
    assert yes_no(cell) is expected  # type: ignore[arg-type]


def test_neither_yes_nor_no() -> None:
    with pytest.raises(ValidationError, match="neither yes nor no"):
        yes_no("待定")


def test_counts_and_full_width_text() -> None:
    assert (whole_number(12.0), whole_number(7), whole_number("１５"), whole_number("")) == (12, 7, "15", None)
    assert plain("ＡＢ１２　") == "AB12"
    for bad in (12.5, True):
        with pytest.raises(ValidationError):
            whole_number(bad)


def test_codes_by_code_english_label_translated_label_or_station_word() -> None:
    status = Choice(ORG_STATUSES, {"已备案": "filed"})
    set_locale("zh_CN")
    assert [status(w) for w in ("filed", "Filed (备案)", "备案", "已备案", "FILED ", "")] == ["filed"] * 5 + [""]
    set_locale("en")
    assert status("备案") == "filed"  # the Chinese label still reads in English
    with pytest.raises(ValidationError) as caught:
        status("暂停")
    assert caught.value.message == "“暂停” is not one of: Registered (登记), Filed (备案), Incubating (培育中)."
