"""A birth date read from a register's spreadsheet, where a 出生年月 column may give the year and month
only (1990-10, 1990.10, 1990年10月, 199010, or a date cell Excel shows as year and month), or the year in two
digits (88年9月9日, 88.9.9). The registers keep the full date: an ID card number gives the day, or the century
(and must agree with what the cell gives, as it must with a full date); without one, such a cell is refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from desktop.domain.id_documents import checked_identity
from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.services.cell_parsers import SHORT_YEAR_DAY, day, plain, two_digit_year
from desktop.services.spreadsheet import Cell
from desktop.services.xlsx_month_cells import MonthDate

# 1990-10, 1990.10, 1990/10, 1990年10月; 199010 (two digits of month when nothing separates them)
_YEAR_MONTH = re.compile(r"((?:19|20)\d{2})(?:\s*[-./年]\s*(0?[1-9]|1[0-2])\s*月?|(0[1-9]|1[0-2]))")


@dataclass(frozen=True)
class YearMonth:
    year: int
    month: int

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d}"

    def agrees(self, born: date) -> bool:
        return (born.year, born.month) == (self.year, self.month)

    def refusal(self, born: date | None) -> str:
        """Why the cell is refused beside an ID card number's date ``born``, or beside no such number."""
        if born is None:
            return _("Only the year and month of birth are given ({month}), and no ID card number gives the day: "
                     "write the full birth date.").format(month=self)
        return _("The birth date does not agree with the ID card number ({date}).").format(date=born.isoformat())


@dataclass(frozen=True)
class ShortYearDay:
    """A day written with two digits of year (88年9月9日): the ID card number's date gives the century."""

    written: str
    year: int  # 0–99
    month: int
    day: int

    def agrees(self, born: date) -> bool:
        return (born.year % 100, born.month, born.day) == (self.year, self.month, self.day)

    def refusal(self, born: date | None) -> str:
        if born is None:
            return two_digit_year(self.written)
        return _("“{text}” does not agree with the ID card number ({date}); write the year in four digits.").format(
            text=self.written, date=born.isoformat())


def birth_cell(cell: Cell) -> date | YearMonth | ShortYearDay | None:
    """A date as ``day`` reads it, text giving the year and month only, or a date cell shown as year and
    month (``MonthDate``); or a day with two digits of year. A number cell is a year and month only as 199010:
    1990.10 typed into one is kept as 1990.1, which ``day`` refuses."""
    if isinstance(cell, MonthDate):
        return YearMonth(cell.year, cell.month)
    if isinstance(cell, str) or (isinstance(cell, int | float) and not isinstance(cell, bool) and cell == int(cell)):
        written = plain(cell)
        match = _YEAR_MONTH.fullmatch(written)
        if match is not None:
            return YearMonth(int(match[1]), int(match[2] or match[3]))
        short = SHORT_YEAR_DAY.fullmatch(written) if isinstance(cell, str) else None
        if short is not None:
            return ShortYearDay(str(cell).strip(), *(int(part) for part in short.groups()))
    return day(cell)


def birth_date(born: date | YearMonth | ShortYearDay | None, id_type: str, number: str) -> date | None:
    """The birth date a row gives (``born``, as ``birth_cell`` read it) beside its ID document. A year and
    month alone, or a day with two digits of year, stand for the ID card number's date when they agree with
    it: None, which validation fills from the number."""
    if not isinstance(born, YearMonth | ShortYearDay):
        return born
    try:
        found = checked_identity(id_type, number, "", None, date.today())
    except ValidationError:
        return None  # the number's own problem is reported by the row's validation
    if found.birth_date is None or not born.agrees(found.birth_date):
        raise ValidationError("birth_date", born.refusal(found.birth_date))
    return None
