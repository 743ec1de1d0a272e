"""Date cells an .xlsx shows as a year and month only (yyyy"年"m"月", yyyy-mm, mmm-yy).

calamine gives a cell's value, never its number format, so 1990-10 typed into a 出生年月 column that Excel
formats as year and month reads as the date 1990-10-01. The workbook's styles are read first (a few
kilobytes); only when one of its cell formats shows a year and month and no day is the sheet's XML
scanned, for the cells of those formats alone. Those of them that hold dates become ``MonthDate``: a date
to every parser, which a birth-date column reads as a year and month (``birth_cells``).
.xls and .ods keep their formats in other structures: ``xls_month_cells`` and ``ods_month_cells`` find the same
cells in them.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from xml.etree import ElementTree

if TYPE_CHECKING:
    from desktop.services.spreadsheet import Cell

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELATIONSHIP = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
PACKAGE = "{http://schemas.openxmlformats.org/package/2006/relationships}"
# Built-in formats a file names by number alone: mmm-yy, and yyyy"年"m"月" as Chinese Excel numbers it
# (ECMA-376 Part 1, 18.8.30, zh-cn); the others give a day or a time, or no date.
BUILT_IN_MONTHS = frozenset({17, 27, 36, 50, 52, 57})
# What a format code shows literally rather than as a part of a date: "年", \-, [$-804], [Red], _), *0.
_LITERALS = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.')
_CELL_TAG = re.compile(rb"<(?:\w+:)?c\s")  # a cell's tag, with or without a namespace prefix
_CELL_AT = re.compile(rb'\sr="([A-Z]{1,3})([0-9]+)"')


class MonthDate(date):
    """A date cell shown as its year and month only: the 1st of the month, as the spreadsheet keeps it. It
    pickles as itself (``date.__reduce__`` names the class), so an import's worker process reads it so too."""

    __slots__ = ()

    def shown(self) -> str:
        """The year and month as the cell shows them, 1988-09 (not the 1st it holds, 1988-09-01)."""
        return f"{self.year}-{self.month:02d}"


def shows_year_and_month(code: str) -> bool:
    """Whether a number format code (its first section, for positive numbers) shows a year and a month, and
    no day, hour or second."""
    parts = _LITERALS.sub("", code).split(";")[0].lower()
    return "y" in parts and "m" in parts and not any(c in parts for c in "dhsa")


def _month_styles(book: zipfile.ZipFile) -> set[int]:
    """The indexes of the cell formats (``s`` of a cell) that show dates as year and month."""
    styles = ElementTree.fromstring(book.read("xl/styles.xml"))
    custom = {int(f.get("numFmtId", "-1")): f.get("formatCode", "") for f in styles.iter(f"{MAIN}numFmt")}
    months = {number for number, code in custom.items() if shows_year_and_month(code)}
    months |= BUILT_IN_MONTHS - custom.keys()
    cell_formats = styles.find(f"{MAIN}cellXfs")
    return {index for index, xf in enumerate(cell_formats if cell_formats is not None else ())
            if int(xf.get("numFmtId", "0")) in months}


def _sheet_member(book: zipfile.ZipFile, name: str) -> str | None:
    """The zip member holding the sheet named ``name``."""
    workbook = ElementTree.fromstring(book.read("xl/workbook.xml"))
    wanted = next((s.get(RELATIONSHIP) for s in workbook.iter(f"{MAIN}sheet") if s.get("name") == name), None)
    links = ElementTree.fromstring(book.read("xl/_rels/workbook.xml.rels"))
    target = next((r.get("Target", "") for r in links.iter(f"{PACKAGE}Relationship") if r.get("Id") == wanted), "")
    if not target:
        return None
    return target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))


def _column(letters: bytes) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + letter - ord("A") + 1
    return index - 1


def month_cells(path: Path, name: str) -> Iterator[tuple[int, int]]:
    """(row, column) indexes, from 0, of the cells of the sheet ``name`` formatted as year and month."""
    try:
        with zipfile.ZipFile(path) as book:
            styles = _month_styles(book)
            member = _sheet_member(book, name) if styles else None
            xml = book.read(member) if member else b""
    except (KeyError, ValueError, zipfile.BadZipFile, ElementTree.ParseError):
        return  # calamine read the file: what is missing or odd here leaves its values as they are
    # Only the cells of those formats are looked at: each s="N" found, then the tag it is in, whatever the order
    # of its attributes (a regular expression over every cell's tag costs as much as calamine's whole read).
    for style in re.finditer(rb' s="(?:' + b"|".join(b"%d" % index for index in sorted(styles)) + rb')"', xml):
        start = xml.rfind(b"<", 0, style.start())
        tag = xml[start:style.start()]
        if _CELL_TAG.match(tag) and b">" not in tag:
            at = _CELL_AT.search(xml, start, xml.find(b">", style.end()))
            if at is not None:
                yield int(at[2]) - 1, _column(at[1])


def mark_month_cells(rows: list[list[Cell]], cells: Iterable[tuple[int, int]]) -> None:
    """The date cells of ``rows`` (a sheet as calamine read it) at ``cells`` (as a ``month_cells`` of this module,
    ``ods_month_cells`` or ``xls_month_cells`` found them in the sheet's file) made ``MonthDate``."""
    for row, column in cells:
        if row < len(rows) and column < len(rows[row]):
            value = rows[row][column]
            if isinstance(value, date):
                day = value.date() if isinstance(value, datetime) else value
                rows[row][column] = MonthDate(day.year, day.month, day.day)
