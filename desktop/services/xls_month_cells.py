"""Date cells a legacy .xls shows as a year and month only: the cells ``xlsx_month_cells`` finds in an .xlsx,
found in a BIFF8 workbook (Excel 97–2003, WPS), for the same ``MonthDate`` marking.

xlrd opens the workbook's OLE2 container and reads its strings; the records themselves are walked here, for the
few that matter (MS-XLS 2.3): the number formats (FORMAT) and cell formats (XF) of the globals, first; only when
a cell format shows a year and month and no day are the sheet's number cells (NUMBER, RK, MULRK, FORMULA) read,
for their cell formats. xlrd's own parse would unpack every string and cell of the workbook, several times
calamine's whole read. Older workbooks (Excel 5/95) keep their cells as calamine read them.
"""

from __future__ import annotations

import io
import struct
from collections.abc import Iterator
from pathlib import Path

from desktop.services.xlsx_month_cells import BUILT_IN_MONTHS, shows_year_and_month

BOF, EOF, FORMAT, XF, SHEET = 0x0809, 0x000A, 0x041E, 0x00E0, 0x0085  # record types
NUMBER, RK, FORMULA, MULRK = 0x0203, 0x027E, 0x0006, 0x00BD  # the records of cells that may hold a date
BIFF8 = 0x0600
_RECORD = struct.Struct("<HH")  # type, size
_CELL = struct.Struct("<HHH")  # row, column, cell format
_WORD = struct.Struct("<H")


def _records(stream: bytes, at: int, end: int) -> Iterator[tuple[int, int, int]]:
    """(type, start of its data, its size) of each record from ``at`` to the end of its substream (an embedded
    chart's substream, BOF to EOF, inside it included)."""
    depth = 0
    while at + 4 <= end:
        kind, size = _RECORD.unpack_from(stream, at)
        yield kind, at + 4, size
        depth += (kind == BOF) - (kind == EOF)
        if depth <= 0 and kind == EOF:
            return
        at += 4 + size


def _globals(stream: bytes, start: int, end: int) -> tuple[set[int], dict[str, int]] | None:
    """The indexes of the cell formats (XF records, in their order) that show dates as year and month, and
    where each sheet's substream starts by its name; None for a workbook older than BIFF8."""
    from xlrd.biffh import unpack_unicode

    codes: dict[int, str] = {}  # number format → its code
    cell_formats: list[int] = []  # the number format of each cell format
    sheets: dict[str, int] = {}
    for kind, body, _size in _records(stream, start, end):
        if kind == BOF and _WORD.unpack_from(stream, body)[0] != BIFF8:
            return None
        if kind == FORMAT:
            codes[_WORD.unpack_from(stream, body)[0]] = unpack_unicode(stream, body + 2, lenlen=2)
        elif kind == XF:
            cell_formats.append(_WORD.unpack_from(stream, body + 2)[0])
        elif kind == SHEET:
            sheets[unpack_unicode(stream, body + 6, lenlen=1)] = start + struct.unpack_from("<I", stream, body)[0]
    months = {number for number, code in codes.items() if shows_year_and_month(code)}
    months |= BUILT_IN_MONTHS - codes.keys()
    return {index for index, number in enumerate(cell_formats) if number in months}, sheets


def _cells(path: Path, name: str) -> Iterator[tuple[int, int]]:
    from xlrd import compdoc

    data = path.read_bytes()
    if data[:8] != compdoc.SIGNATURE:
        return  # not an OLE2 file: a workbook older than Excel 97
    stream, start, length = compdoc.CompDoc(data, logfile=io.StringIO()).locate_named_stream("Workbook")
    found = _globals(stream, start, start + length) if stream is not None else None
    if found is None or not found[0] or name not in found[1]:
        return
    formats, sheets = found
    for kind, body, size in _records(stream, sheets[name], start + length):
        if kind in (NUMBER, RK, FORMULA):
            row, column, shown = _CELL.unpack_from(stream, body)
            if shown in formats:
                yield row, column
        elif kind == MULRK:  # row, first column, (cell format, value) for each, last column
            row, first = _RECORD.unpack_from(stream, body)
            for index in range((size - 6) // 6):
                if _WORD.unpack_from(stream, body + 4 + 6 * index)[0] in formats:
                    yield row, first + index


def month_cells(path: Path, name: str) -> Iterator[tuple[int, int]]:
    """(row, column) indexes, from 0, of the number cells of the sheet ``name`` formatted as year and month."""
    from xlrd.compdoc import CompDocError

    try:
        yield from list(_cells(path, name))
    except (CompDocError, OSError, ValueError, IndexError, struct.error):
        return  # calamine read the file: what cannot be read here leaves its values as they are
