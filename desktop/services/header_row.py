"""Which row of a sheet is its header. A station's register often has a title, a line of notes and a row of
group cells (基本信息 / 联系方式 / 归属, each merged over the columns it groups) above the real header, and a
group word may itself be a column's header word (联系方式 over the phone and address columns). So the header
is the row, among the first few with anything in them, naming the most of the register's columns, each
column counted once however many cells name it; the first such row on a tie.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.services.spreadsheet import Cell, Sheet, cell_text, header_key

HEADER_CANDIDATES = 10  # rows with anything in them, from the top: titles, notes and group rows above the header


def columns_named(row: Sequence[Cell], words: Mapping[str, str]) -> int:
    """How many register columns the cells of ``row`` name (``words``: header key → column key)."""
    return len({key for cell in row if (key := words.get(header_key(cell_text(cell)))) is not None})


def best_header(sheet: Sheet, words: Mapping[str, str], minimum: int) -> int | None:
    """The index in ``sheet.rows`` of its header: of its first ``HEADER_CANDIDATES`` rows that are not blank,
    the first naming the most register columns, if it names at least ``minimum``."""
    best, best_count = None, minimum - 1
    candidates = 0
    for index, row in enumerate(sheet.rows):
        if not any(cell_text(cell) for cell in row):
            continue
        count = columns_named(row, words)
        if count > best_count:
            best, best_count = index, count
        candidates += 1
        if candidates == HEADER_CANDIDATES:
            break
    return best


def chosen_header(sheet: Sheet, header_row: int) -> int:
    """The index of the header the user chose as ``header_row``, the sheet's row as Excel numbers it."""
    if not 1 <= header_row <= len(sheet.rows) or not any(cell_text(c) for c in sheet.rows[header_row - 1]):
        raise ValidationError("header_row", _("Row {row} of the sheet {sheet} is empty or past its end: choose the "
                                              "row with the column headers.").format(row=header_row, sheet=sheet.name))
    return header_row - 1
