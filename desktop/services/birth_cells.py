"""A birth date read from a register's spreadsheet, where a 出生年月 column may give the year and month
only (1990-10, 1990.10, 1990年10月, 199010). The registers keep the full date: an ID card number gives
the day (and must agree with the year and month, as it must with a full date); without one, a year and
month alone are refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from desktop.domain.id_documents import checked_identity
from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.services.cell_parsers import day, plain
from desktop.services.spreadsheet import Cell

# 1990-10, 1990.10, 1990/10, 1990年10月; 199010 (two digits of month when nothing separates them)
_YEAR_MONTH = re.compile(r"((?:19|20)\d{2})(?:\s*[-./年]\s*(0?[1-9]|1[0-2])\s*月?|(0[1-9]|1[0-2]))")


@dataclass(frozen=True)
class YearMonth:
    year: int
    month: int

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d}"


def birth_cell(cell: Cell) -> date | YearMonth | None:
    """A date as ``day`` reads it, or text giving the year and month only. A number cell is a year and month
    only as 199010: 1990.10 typed into one is kept as 1990.1, which ``day`` refuses."""
    if isinstance(cell, str) or (isinstance(cell, int | float) and not isinstance(cell, bool) and cell == int(cell)):
        match = _YEAR_MONTH.fullmatch(plain(cell))
        if match is not None:
            return YearMonth(int(match[1]), int(match[2] or match[3]))
    return day(cell)


def birth_date(born: date | YearMonth | None, id_type: str, number: str) -> date | None:
    """The birth date a row gives (``born``, as ``birth_cell`` read it) beside its ID document. A year and
    month alone stand for the ID card number's date: None, which validation fills from the number."""
    if not isinstance(born, YearMonth):
        return born
    try:
        found = checked_identity(id_type, number, "", None, date.today())
    except ValidationError:
        return None  # the number's own problem is reported by the row's validation
    if found.birth_date is None:
        raise ValidationError("birth_date", _("Only the year and month of birth are given ({month}), and no ID card "
                                              "number gives the day: write the full birth date.").format(month=born))
    if (found.birth_date.year, found.birth_date.month) != (born.year, born.month):
        raise ValidationError("birth_date", _("The birth date does not agree with the ID card number "
                                              "({date}).").format(date=found.birth_date.isoformat()))
    return None
