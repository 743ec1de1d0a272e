"""Workbooks in and out: .xlsx, legacy .xls and .ods read with python-calamine, .xlsx written with XlsxWriter.

Reading gives every row of a sheet from the top, so a row's position is the number Excel shows,
with merged ranges filled from their top-left cell (calamine reports them for .xlsx and .xls only).
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from python_calamine import CalamineError, CalamineWorkbook, PasswordError

from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.services import ods_month_cells, xls_month_cells, xlsx_month_cells
from desktop.services.xlsx_month_cells import MonthDate, mark_month_cells

if TYPE_CHECKING:
    from xlsxwriter import Workbook
    from xlsxwriter.worksheet import Worksheet

Cell = str | int | float | bool | date | datetime | time | timedelta
Value = str | int | float | Decimal | date | None  # what an export writes into a cell; Decimal: two places
# done, total, what is happening; a caller may raise from it to cancel
Progress = Callable[[int, int, str], None]

_BRACKETED = re.compile(r"\(.*?\)|\[.*?\]|【.*?】")
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
MAX_COLUMN_WIDTH = 50
ALL_FORMATS = (".xlsx", ".xls", ".ods")
# calamine gives no number formats: each format's reader finds the date cells shown as year and month only
MONTH_CELLS = {".xlsx": xlsx_month_cells.month_cells, ".xls": xls_month_cells.month_cells,
               ".ods": ods_month_cells.month_cells}
CHART_WIDTH, CHART_HEIGHT, CHART_BAR = 640, 320, 56  # pixels: a chart's least width and its height; a bar's room


@dataclass(frozen=True)
class Sheet:
    name: str
    rows: list[list[Cell]]  # rows[i] is the sheet's row i + 1; merged ranges already filled
    merges_reported: bool  # False for .ods: callers fill blanks down in the columns they know are merged


def _unreadable(path: Path, message: str) -> ValidationError:
    return ValidationError("file", message.format(file=path.name))


def _open(path: Path) -> CalamineWorkbook:
    if not path.is_file():
        raise ValidationError("file", _("No such file: {path}").format(path=path))
    try:
        return CalamineWorkbook.from_path(str(path))
    except PasswordError as exc:
        raise _unreadable(path, _("{file} is protected by a password; save a copy without one and import that.")) \
            from exc
    except (CalamineError, OSError) as exc:
        raise _unreadable(path, _("{file} is not a readable .xlsx, .xls or .ods workbook.")) from exc


def sheet_names(path: Path) -> list[str]:
    with _open(path) as book:
        return list(book.sheet_names)


def read_sheet(path: Path, name: str) -> Sheet:
    with _open(path) as book:
        if name not in book.sheet_names:
            raise ValidationError("sheet", _("The workbook has no sheet named {sheet}; it has: {names}.").format(
                sheet=name, names=", ".join(book.sheet_names)))
        try:
            sheet = book.get_sheet_by_name(name)
            rows = sheet.to_python(skip_empty_area=False)
            merges = sheet.merged_cell_ranges
        except CalamineError as exc:
            raise _unreadable(path, _("{file} is not a readable .xlsx, .xls or .ods workbook.")) from exc
    if (month_cells := MONTH_CELLS.get(path.suffix.lower())) is not None:
        mark_month_cells(rows, month_cells(path, name))
    for (top, left), (bottom, right) in merges or ():
        _fill_range(rows, top, left, bottom, right)
    return Sheet(name, rows, merges is not None)


def _fill_range(rows: list[list[Cell]], top: int, left: int, bottom: int, right: int) -> None:
    """Give every cell of a merged range its top-left value; the range may reach past the data."""
    if top >= len(rows) or left >= len(rows[top]):
        return
    value = rows[top][left]
    for row in rows[top:bottom + 1]:
        for column in range(left, min(right + 1, len(row))):
            row[column] = value


def cell_text(cell: Cell | None) -> str:
    """A cell as a person reads it: whole numbers without ".0", dates as 2023-03-08 (one shown as a year and month
    as 2023-03), text stripped."""
    if isinstance(cell, str):  # most cells: checked first, as this runs for every cell of an import
        return cell.strip()
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "TRUE" if cell else "FALSE"
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime):
        return cell.date().isoformat() if cell.time() == time() else cell.isoformat(" ")
    if isinstance(cell, MonthDate):  # 1988-09 as the sheet shows it, not the 1st of the month it holds
        return cell.shown()
    if isinstance(cell, date | time):
        return cell.isoformat()
    return str(cell)


@lru_cache(maxsize=4096)  # an import folds a row's village up to three times (its id, a warning): few distinct names
def fold(text: str) -> str:
    """How words in a sheet are compared: full-width forms folded (ＡＢ１ → ab1), case and spaces ignored."""
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


def header_key(text: str) -> str:
    """How headers and labels are compared: folded, required marks (*) and bracketed remarks dropped,
    so "组织名称（全称）*" matches "组织名称"."""
    plain = fold(text).replace("*", "").rstrip(":")
    return _BRACKETED.sub("", plain) or plain


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA: how Excel names a column."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


@dataclass(frozen=True)
class ColumnChart:
    """A native column chart of one column of a sheet's cells against its first column, from the first data
    row on, drawn by the spreadsheet program itself (it follows a corrected cell; nothing is installed to make
    it), placed under the table. The charted cells are given again, as the chart's cache: rows stream to
    disk, and a viewer that does not recalculate (a preview, a phone) draws the chart from the cache."""

    title: str
    column: int  # the charted column; its header names the series
    categories: Sequence[str]  # the first column's cells, a row charted each, so the rows below (totals) stay out
    values: Sequence[int | float]
    x_title: str
    y_title: str


@dataclass(frozen=True)
class SheetData:
    """One sheet to write: its name, header row and data rows, and a chart of them if any; ``heading``, lines
    written above the header (whose report, which period), a line a row, then an empty row."""

    name: str
    headers: Sequence[str]
    rows: Iterable[Sequence[Value]]
    chart: ColumnChart | None = None
    heading: Sequence[str] = ()
    notes: Sequence[str] = ()  # a comment on each header cell, by column ("" for none): why a column is as it is


def write_xlsx(path: Path, sheet: str, headers: Sequence[str], rows: Iterable[Sequence[Value]],
               notes: Sequence[str] = ()) -> int:
    """Write one sheet (see ``write_workbook``). Returns the number of data rows."""
    return write_workbook(path, [SheetData(sheet, headers, rows, notes=notes)])[0]


def write_workbook(path: Path, sheets: Sequence[SheetData]) -> list[int]:
    """Write sheets in order: bold frozen header, widths that fit Chinese text, dates as real dates,
    Decimals as numbers shown with two places.

    The file appears complete or not at all (written beside it, synced, then renamed), also when
    ``rows`` raises part-way. Returns the number of data rows of each sheet.
    """
    # Loaded here: every command-line run loads this module, few of them write a workbook.
    import xlsxwriter
    from xlsxwriter.exceptions import FileCreateError

    partial = path.with_name(f".{path.name}.part")
    try:
        # Rows stream to disk; leaving the block closes the book even when ``rows`` raised.
        with xlsxwriter.Workbook(str(partial), {"constant_memory": True}) as book:
            counts = [_write_sheet(book, sheet.name, sheet.headers, sheet.rows, sheet.chart, sheet.heading, sheet.notes)
                      for sheet in sheets]
        with partial.open("rb") as written:
            os.fsync(written.fileno())
        os.replace(partial, path)
    except (OSError, FileCreateError) as exc:
        # xlsxwriter wraps the OSError; its text names the temporary file, so only the cause is told.
        cause = exc.args[0] if isinstance(exc, FileCreateError) and exc.args else exc
        reason = cause.strerror if isinstance(cause, OSError) and cause.strerror else cause
        raise ValidationError("out", _("Cannot write {file}: {reason}").format(file=path, reason=reason)) from exc
    finally:
        partial.unlink(missing_ok=True)
    return counts


def _write_sheet(book: Workbook, sheet: str, headers: Sequence[str], rows: Iterable[Sequence[Value]],
                 chart: ColumnChart | None = None, heading: Sequence[str] = (), notes: Sequence[str] = ()) -> int:
    page = book.add_worksheet(_SHEET_NAME_FORBIDDEN.sub(" ", sheet)[:31])
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    moment = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    hundredths = book.add_format({"num_format": "#,##0.00"})
    widths = [_display_width(h) for h in headers]
    top = len(heading) + 1 if heading else 0  # the header's row; the heading's lines overflow to the right
    title = book.add_format({"bold": True})
    for line, text in enumerate(heading):
        page.write_string(line, 0, text, title if line == 0 else None)
    page.freeze_panes(top + 1, 0)
    page.write_row(top, 0, headers, book.add_format({"bold": True, "text_wrap": True, "valign": "vcenter"}))
    for column, note in enumerate(notes):
        if note:
            page.write_comment(top, column, note)
    count = 0
    for count, values in enumerate(rows, start=1):
        row = top + count
        for column, value in enumerate(values):
            if value is None or value == "":
                continue
            if isinstance(value, date):
                page.write_datetime(row, column, value, moment if isinstance(value, datetime) else day)
                width = 12
            elif isinstance(value, Decimal):  # a cell holds a binary double; the value stays exact to here
                page.write_number(row, column, float(value), hundredths)
                width = len(f"{value:,.2f}")
            elif isinstance(value, int | float):
                page.write_number(row, column, value)
                width = len(str(value))
            else:  # always as text: a name starting with "=" must not become a formula
                page.write_string(row, column, value)
                width = _display_width(value)
            widths[column] = max(widths[column], width)
    for column, width in enumerate(widths):
        page.set_column(column, column, min(width + 2, MAX_COLUMN_WIDTH))
    if chart is not None:
        _add_chart(book, page, headers[chart.column], chart, count, top)
    return count


def _add_chart(book: Workbook, page: Worksheet, header: str, chart: ColumnChart, count: int, top: int = 0) -> None:
    """``chart`` under the sheet's ``count`` data rows (their header in row ``top``) with an empty row between,
    each bar wide enough for its label."""
    drawn = book.add_chart({"type": "column"})
    last = top + len(chart.values)
    drawn.add_series({"name": [page.name, top, chart.column], "name_data": [header],
                      "categories": [page.name, top + 1, 0, last, 0], "categories_data": list(chart.categories),
                      "values": [page.name, top + 1, chart.column, last, chart.column],
                      "values_data": list(chart.values),
                      "data_labels": {"value": True}, "gap": 60})
    drawn.set_title({"name": chart.title})
    drawn.set_x_axis({"name": chart.x_title})
    drawn.set_y_axis({"name": chart.y_title, "min": 0, "major_gridlines": {"visible": True}})
    drawn.set_legend({"none": True})
    drawn.set_size({"width": max(CHART_WIDTH, CHART_BAR * len(chart.values)), "height": CHART_HEIGHT})
    page.insert_chart(top + count + 2, 0, drawn)
