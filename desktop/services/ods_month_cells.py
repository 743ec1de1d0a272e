"""Date cells an .ods shows as a year and month only: the cells ``xlsx_month_cells`` finds in an .xlsx, found in
an OpenDocument spreadsheet (LibreOffice, WPS), for the same ``MonthDate`` marking.

A cell names its style (``table:style-name``), or takes its row's or column's default cell style; the style
(or one it inherits from) names a ``number:date-style``, which shows a year and a month and no day or time.
The styles are read first, from styles.xml and the head of content.xml (parsed as a stream up to the body);
only when a cell style shows a month is the sheet's XML scanned, a block of rows at a time, and only its date
cells looked at (a cell's place is counted from the tags before it in its row, repeats included). A full XML
parse of every cell would cost twice calamine's whole read; this scan costs about as much as calamine's read
when every row holds a month cell, and nothing when no style shows a month.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from typing import IO
from xml.etree import ElementTree

OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
NUMBER = "urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0"
# What a date style may show besides a year and a month that makes it more than a month.
_FINER = frozenset({"day", "day-of-week", "hours", "minutes", "seconds", "am-pm"})
BLOCK = 1 << 20  # bytes of content.xml read at a time
REPEATED = b"-repeated="
DEFAULT = b"default-cell-style-name"
MAX_COLUMNS = 16_384  # as many as LibreOffice gives a sheet: the columns' default styles are listed up to here


def is_month_style(date_style: ElementTree.Element) -> bool:
    """Whether a ``number:date-style`` shows a year and a month, and no day or time."""
    parts = {child.tag.removeprefix(f"{{{NUMBER}}}") for child in date_style}
    return {"year", "month"} <= parts and not parts & _FINER


def _collect(root: ElementTree.Element, months: set[str], cells: dict[str, tuple[str | None, str | None]]) -> None:
    for element in root.iter(f"{{{NUMBER}}}date-style"):
        if is_month_style(element):
            months.add(element.get(f"{{{STYLE}}}name", ""))
    for element in root.iter(f"{{{STYLE}}}style"):
        if element.get(f"{{{STYLE}}}family") == "table-cell":
            cells[element.get(f"{{{STYLE}}}name", "")] = (element.get(f"{{{STYLE}}}data-style-name"),
                                                          element.get(f"{{{STYLE}}}parent-style-name"))


def _month_styles(book: zipfile.ZipFile) -> tuple[frozenset[str], dict[str, str]]:
    """The names of the cell styles that show dates as year and month, and content.xml's namespace prefixes
    by URI. content.xml is parsed up to its body only: its automatic styles come first."""
    months: set[str] = set()
    cells: dict[str, tuple[str | None, str | None]] = {}
    if "styles.xml" in book.namelist():
        _collect(ElementTree.fromstring(book.read("styles.xml")), months, cells)
    prefixes: dict[str, str] = {}
    head = ElementTree.Element("head")
    with book.open("content.xml") as stream:
        for event, item in ElementTree.iterparse(stream, events=("start-ns", "start", "end")):
            if event == "start-ns":
                prefix, uri = item
                prefixes.setdefault(uri, prefix)
            elif event == "start" and item.tag == f"{{{OFFICE}}}body":
                break
            elif event == "end" and item.tag == f"{{{OFFICE}}}automatic-styles":
                head.append(item)

    _collect(head, months, cells)

    def month(name: str | None, seen: frozenset[str] = frozenset()) -> bool:
        if name is None or name in seen or name not in cells:
            return False
        data, parent = cells[name]
        return data in months if data is not None else month(parent, seen | {name})

    return frozenset(name for name in cells if month(name)), prefixes


class _Tags:
    """The byte patterns of content.xml's tags, with its own namespace prefixes."""

    def __init__(self, prefixes: dict[str, str]) -> None:
        table, office = (re.escape(prefixes[uri].encode()) for uri in (TABLE, OFFICE))
        self.sheet = re.compile(rb"<" + table + rb":table\s[^>]*>")
        self.name = re.compile(rb"\s" + table + rb':name="([^"]*)"')
        self.sheet_end = b"</" + prefixes[TABLE].encode() + b":table>"
        self.row = b"<" + prefixes[TABLE].encode() + b":table-row"
        self.not_rows = (self.row + b"s", self.row + b"-group")  # table-rows, table-row-group
        self.row_end = b"</" + prefixes[TABLE].encode() + b":table-row>"
        self.cell = b"<" + prefixes[TABLE].encode() + b":table-cell"
        self.covered = b"<" + prefixes[TABLE].encode() + b":covered-table-cell"
        self.column = re.compile(rb"<" + table + rb":table-column[\s/>][^>]*")
        self.repeated_rows = re.compile(rb"<" + table + rb':table-row\s[^>]*?number-rows-repeated="(\d+)"')
        self.repeated_cells = re.compile(rb"<" + table +
                                         rb':(?:covered-)?table-cell\s[^>]*?number-columns-repeated="(\d+)"')
        self.rows_attribute = re.compile(rb"\s" + table + rb':number-rows-repeated="(\d+)"')
        self.columns_attribute = re.compile(rb"\s" + table + rb':number-columns-repeated="(\d+)"')
        self.style = b" " + prefixes[TABLE].encode() + b':style-name="'
        self.default = re.compile(rb"\s" + table + rb':default-cell-style-name="([^"]*)"')
        self.date = b" " + prefixes[OFFICE].encode() + b':value-type="date"'
        self.grouped = self.merged = True

    def rows(self, block: bytes, start: int, end: int) -> int:
        """The rows between ``start`` and ``end``, repeats included."""
        tags = block.count(self.row, start, end)
        if self.grouped:
            tags -= block.count(self.not_rows[0], start, end) + block.count(self.not_rows[1], start, end)
        if block.find(REPEATED, start, end) == -1:  # the findall below costs more than the counts
            return tags
        return tags + sum(int(n) - 1 for n in self.repeated_rows.findall(block, start, end))

    def cells(self, block: bytes, start: int, end: int) -> int:
        """The cells (covered ones too) between ``start`` and ``end``, repeats included."""
        tags = block.count(self.cell, start, end)
        if self.merged:
            tags += block.count(self.covered, start, end)
        if block.find(REPEATED, start, end) == -1:
            return tags
        return tags + sum(int(n) - 1 for n in self.repeated_cells.findall(block, start, end))

    def look_at(self, block: bytes) -> None:
        """Note whether ``block`` groups its rows or merges cells (when not, rows and cells cost one count)."""
        self.grouped = self.not_rows[0] in block or self.not_rows[1] in block
        self.merged = self.covered in block

    def row_start(self, block: bytes, before: int) -> int:
        """Where the tag of the row holding ``before`` starts, or -1."""
        at = block.rfind(self.row, 0, before)
        while at != -1 and block.startswith(self.not_rows, at):
            at = block.rfind(self.row, 0, at)
        return at

    def own_style(self, tag: bytes) -> bytes | None:
        """The style a cell's tag names (a find costs less than a regular expression, for every date cell)."""
        at = tag.find(self.style)
        if at == -1:
            return None
        at += len(self.style)
        return tag[at:tag.find(b'"', at)]

    def repeats(self, pattern: re.Pattern[bytes], tag: bytes) -> int:
        """How many times the row or cell of ``tag`` stands (``pattern``: its rows or columns repeated)."""
        found = pattern.search(tag) if REPEATED in tag else None
        return int(found[1]) if found else 1


def _sheet_blocks(stream: IO[bytes], name: str, tags: _Tags) -> Iterator[bytes]:
    """The sheet ``name`` of content.xml, in blocks that each end at the end of a row (the first one begins with
    the sheet's tag and its columns; the last one ends where the sheet does)."""
    data = b""
    while True:
        more = stream.read(BLOCK)
        data += more
        found = next((match.start() for match in tags.sheet.finditer(data)
                      if (at := tags.name.search(match[0])) and unescape(at[1].decode()) == name), -1)
        if found != -1:
            break
        if not more:
            return
        data = data[max(data.rfind(b"<"), 0):]  # a tag cut by the block's end is read whole with the next block
    data = data[found:]
    while (end := data.find(tags.sheet_end)) == -1:
        more = stream.read(BLOCK)
        if not more:
            break
        cut = data.rfind(tags.row_end)
        if cut != -1:
            cut += len(tags.row_end)
            yield data[:cut]
            data = data[cut:]
        data += more
    yield data if end == -1 else data[:end]


def _column_defaults(block: bytes, tags: _Tags) -> list[bytes | None]:
    """The default cell style of each of the sheet's columns, defined before its rows (the last one stands for
    the columns after it)."""
    styles: list[bytes | None] = []
    rows = block.find(tags.row)
    for column in tags.column.finditer(block, 0, len(block) if rows == -1 else rows):
        default = tags.default.search(column[0])
        count = min(tags.repeats(tags.columns_attribute, column[0]), MAX_COLUMNS - len(styles))
        styles += [default[1] if default else None] * count
    return styles


def _sheet_month_cells(stream: IO[bytes], name: str, months: frozenset[bytes],
                       tags: _Tags) -> Iterator[tuple[int, int]]:
    columns: list[bytes | None] | None = None
    row = 0  # the index of the next row
    for block in _sheet_blocks(stream, name, tags):
        if columns is None:
            columns = _column_defaults(block, tags)
        tags.look_at(block)
        for part in block.split(tags.row_end):  # a row each, after what comes between rows
            line = tags.row_start(part, len(part))
            if line == -1:
                continue  # the sheet's end
            if line and part.find(tags.row, 0, line) != -1:
                row += tags.rows(part, 0, line)  # empty rows written as one tag (<table:table-row/>)
            row_tag = part[line:part.find(b">", line)]
            repeat = tags.repeats(tags.rows_attribute, row_tag)
            found = part.find(tags.date, line)
            while found != -1:
                start = part.rfind(b"<", 0, found)
                tag = part[start:part.find(b">", found)]
                # a cell's style is its own, else its row's default, else its column's; a covered cell's value
                # is not shown
                style = tags.own_style(tag)
                if (style is None or style in months) and tag.startswith(tags.cell):
                    column = tags.cells(part, line, start)
                    if style is None and DEFAULT in row_tag and (default := tags.default.search(row_tag)):
                        style = default[1]
                    if style is None:
                        style = columns[min(column, len(columns) - 1)] if columns else None
                    if style in months and repeat == 1 and REPEATED not in tag:
                        yield row, column
                    elif style in months:
                        for down in range(repeat):
                            for across in range(tags.repeats(tags.columns_attribute, tag)):
                                yield row + down, column + across
                found = part.find(tags.date, found + 1)
            row += repeat


def month_cells(path: Path, name: str) -> Iterator[tuple[int, int]]:
    """(row, column) indexes, from 0, of the date cells of the sheet ``name`` shown as year and month."""
    try:
        with zipfile.ZipFile(path) as book:
            months, prefixes = _month_styles(book)
            if not months or TABLE not in prefixes or OFFICE not in prefixes:
                return
            with book.open("content.xml") as stream:
                yield from _sheet_month_cells(stream, name, frozenset(m.encode() for m in months), _Tags(prefixes))
    except (KeyError, ValueError, zipfile.BadZipFile, ElementTree.ParseError):
        return  # calamine read the file: what is missing or odd here leaves its values as they are
