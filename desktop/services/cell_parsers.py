"""From a spreadsheet cell to an input value, the way station spreadsheets write them.

Each parser takes a cell as calamine gives it (text, number, date, boolean) and returns what the
register's input dataclass expects, or raises ``ValidationError`` saying what is wrong with the
cell; the import engine reports it at the cell's row and column.
"""

from __future__ import annotations

import gettext
import re
import unicodedata
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from functools import cache

from desktop.domain.codes import label
from desktop.errors import ValidationError
from desktop.i18n import DOMAIN, LOCALES, _
from desktop.paths import catalogs_dir
from desktop.services.spreadsheet import Cell, cell_text, header_key

_DAY = re.compile(r"(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?")
_COMPACT_DAY = re.compile(r"(\d{4})(\d{2})(\d{2})")
# 88年9月9日, 88.9.9, 88/9/9: a day with two digits of year, read only where an ID card number gives the century
SHORT_YEAR_DAY = re.compile(r"(\d{2})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?")
EXCEL_EPOCH = date(1899, 12, 30)  # serial day 1 is 1900-01-01 (Excel's 1900 leap-year bug included)
# Smaller numbers in a date column are far more often a bare year (2019) than a day before 1927.
MIN_SERIAL, MAX_SERIAL = 10_000, 2_958_465
YES = frozenset({"是", "有", "√", "✓", "✔", "y", "yes", "true", "1", "已建", "已建立", "对"})
NO = frozenset({"否", "无", "没有", "×", "✗", "✘", "x", "n", "no", "false", "0", "未建", "未建立", ""})


def listing(items: Iterable[str]) -> str:
    return _(", ").join(items)


def text(cell: Cell) -> str:
    """Free text (names, notes): as written, without the spaces around it."""
    return cell_text(cell)


def plain(cell: Cell) -> str:
    """Codes and numbers typed in full-width forms (１３９…, ＡＢ) folded to ASCII."""
    return unicodedata.normalize("NFKC", cell_text(cell)).strip()


def whole_number(cell: Cell) -> int | str | None:
    """A count: a number cell, or text the register's own check reads ("12", "1,200")."""
    if isinstance(cell, bool):
        raise ValidationError("", _("Enter a whole number."))
    if isinstance(cell, float):
        if not cell.is_integer():
            raise ValidationError("", _("Enter a whole number."))
        return int(cell)
    if isinstance(cell, int):
        return cell
    return plain(cell) or None


def day(cell: Cell) -> date | None:
    """A date cell, an Excel serial number, 20230308, or text as 2023-03-08, 2023/3/8, 2023.3.8 or 2023年3月8日."""
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    written = plain(cell)
    if not written:
        return None
    try:
        if isinstance(cell, int | float) and not isinstance(cell, bool):
            if _COMPACT_DAY.fullmatch(written):
                return date(int(written[:4]), int(written[4:6]), int(written[6:]))
            if MIN_SERIAL <= cell <= MAX_SERIAL:
                return EXCEL_EPOCH + timedelta(days=int(cell))
        elif match := _DAY.fullmatch(written) or _COMPACT_DAY.fullmatch(written):
            return date(*(int(part) for part in match.groups()))
    except ValueError:
        pass  # a month 13 or a 30 February: reported below like any other bad date
    if isinstance(cell, str) and SHORT_YEAR_DAY.fullmatch(written):
        raise ValidationError("", two_digit_year(cell_text(cell)))
    raise ValidationError("", _("“{text}” is not a date; write it as 2023-03-08.").format(text=cell_text(cell)))


def two_digit_year(written: str) -> str:
    """The refusal of a date written with two digits of year, which nothing tells the century of."""
    return _("“{text}” gives the year in two digits: write it in four, as in 1988-09-09.").format(text=written)


def yes_no(cell: Cell) -> bool:
    """是/否, 有/无, √/×, yes/no, 1/0 or a TRUE/FALSE cell; blank is no."""
    if isinstance(cell, bool):
        return cell
    written = cell_text(cell)
    word = header_key(written) if written else ""
    if word in YES:
        return True
    if word in NO:
        return False
    raise ValidationError("", _("“{text}” is neither yes nor no; write 是 or 否.").format(text=written))


@cache
def _catalogs() -> tuple[gettext.NullTranslations, ...]:
    return tuple(gettext.translation(DOMAIN, localedir=str(catalogs_dir()), languages=[locale], fallback=True)
                 for locale in LOCALES)


def every_translation(message: str) -> list[str]:
    """``message`` (an English msgid) and its translation in each of the app's languages: a sheet
    written while the app ran in Chinese is read the same while it runs in English."""
    return [message, *(catalog.gettext(message) for catalog in _catalogs())]


class Choice:
    """A stable code, given as the code itself, as its label in any of the app's languages (a Chinese
    sheet read while the app runs in English), or as one of the words station spreadsheets use for it
    (``aliases``: word → code)."""

    def __init__(self, codes: dict[str, str], aliases: dict[str, str] | None = None) -> None:
        self._codes = codes
        self._aliases = aliases or {}
        self._accepted: dict[str, str] = {}  # folded word → code, filled on first use

    def _words(self) -> dict[str, str]:
        if not self._accepted:
            words = {header_key(word): code for word, code in self._aliases.items()}
            for code, english in self._codes.items():
                words.update({header_key(word): code for word in (code, *every_translation(english))})
            self._accepted = words
        return self._accepted

    def __call__(self, cell: Cell) -> str:
        """The code, or "" for a blank cell (the register says whether one is required)."""
        written = cell_text(cell)
        if not written:
            return ""
        code = self._words().get(header_key(written))
        if code is None:
            raise ValidationError("", _("“{text}” is not one of: {choices}.").format(
                text=written, choices=listing(label(self._codes, c) for c in self._codes)))
        return code
