"""A register's rows checked one after the other, each on its own: its cells filled down where the sheet
hid its merges, parsed (a column's repeated cells once per run), built, validated, made ready to write
(``ImportSpec.prepare``) and checked against the register as loaded once. A row repeating one above it is
left to whoever gathers the outcomes (``imports``), as is everything that needs the database: the same
code runs in this process or in an import's second process (``import_worker``), for the same report.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator, Sequence
from typing import Any, Generic, NamedTuple

from desktop.errors import ValidationError, each_problem
from desktop.i18n import _
from desktop.services.import_spec import WARNING, ImportColumn, ImportSpec, In, Lookups, Mapping, Problem, Table
from desktop.services.non_records import TOTAL, not_a_record
from desktop.services.spreadsheet import Cell, cell_text
from desktop.services.xlsx_month_cells import MonthDate

REMEMBERED_CELLS = 10_000  # distinct cells of a column whose parsed values a run keeps
_UNSEEN = object()  # what a cell not parsed before is remembered as

Rows = Sequence[tuple[int, Sequence[Cell]]]  # (row number as Excel shows it, its cells)


class RowOutcome(NamedTuple):
    number: int  # the row, as Excel shows it
    problems: tuple[Problem, ...]  # its errors; for a line that is no record, the warning saying so
    data: Any  # the checked input (as ``prepare`` made it, if given); None after an error or for no record
    key: Hashable  # ``spec.key(data)`` (or ``spec.id_key``): a later row with the same key repeats this one
    warnings: tuple[Problem, ...]  # what to tell about the row if it is imported
    record: bool = True  # False for a total or a signature line, which is skipped


class FilledCells:
    """Each row as the sheet has it and its mapped cells by column key, blanks filled down where the sheet
    hid its merges. A merge never spans an empty line, so none is filled from a row above one. Rows come
    in order, in as many calls as the caller likes: what is filled down carries from one to the next."""

    def __init__(self, spec: ImportSpec[Any, Any], table: Table, mapping: Mapping) -> None:
        self._spec, self._mapping = spec, mapping
        self._fill = [c.key for c in spec.columns if c.fill_down and c.key in mapping and not table.merges_reported]
        self._above: dict[str, Cell] = {}
        self._last = table.header_row

    def __call__(self, rows: Rows) -> Iterator[tuple[int, Sequence[Cell], dict[str, Cell]]]:
        fill, above = self._fill, self._above
        for number, row in rows:
            if number != self._last + 1:  # Table.rows leaves the empty lines out: a gap in the numbers is one
                above.clear()
            self._last = number
            cells = {key: row[index] if index < len(row) else "" for key, index in self._mapping.items()}
            if not any(cell_text(cell) for key, cell in cells.items() if key not in fill) \
                    and row_not_a_record(self._spec, self._mapping, row, cells) is None:
                continue  # only a merged cell runs through it: a blank row (a signature there is reported)
            for key in fill:
                if cell_text(cells[key]):
                    above[key] = cells[key]
                else:
                    cells[key] = above.get(key, "")
            yield number, row, cells


def row_not_a_record(spec: ImportSpec[Any, Any], mapping: Mapping, row: Sequence[Cell],
                     cells: dict[str, Cell]) -> tuple[str, str] | None:
    """``non_records.not_a_record`` of a row, its first column the register's first (the name)."""
    return not_a_record(row, mapping.get(spec.columns[0].key, 0), cell_text(cells.get("id_number", "")))


def _remembering(parse: Callable[[Cell], Any]) -> Callable[[Cell], Any]:
    """``parse`` giving a cell seen before what it gave then: a column's codes, places and dates repeat
    down a sheet (its names and numbers do not, hence the limit). A refused cell is not kept."""
    known: dict[tuple[type, Cell], Any] = {}
    recall = known.get

    def parsed(cell: Cell) -> Any:
        key = (type(cell), cell)  # 1, 1.0 and True are one key, but not one cell
        value = recall(key, _UNSEEN)
        if value is _UNSEEN:
            value = parse(cell)
            if len(known) < REMEMBERED_CELLS:
                known[key] = value
        return value

    return parsed


def _blank_values(columns: list[tuple[ImportColumn, Callable[[Cell], Any]]]) -> dict[str, Any] | None:
    """What ``columns`` (those the sheet lacks) read as: their parsers' blank values; None when one refuses
    a blank, which every row then reports."""
    try:
        return {column.key: parse("") for column, parse in columns}
    except ValidationError:
        return None


def _month_shown(values: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """A warning for each date kept as its cell holds it while the sheet (and the preview) shows its year and
    month only: the day recorded is one nobody saw. A birth date or a consent date reads such a cell otherwise."""
    for key, value in values.items():
        if isinstance(value, MonthDate):
            yield key, _("The sheet shows the year and month only ({month}); the date the cell holds, {date}, is "
                         "recorded: check the day.").format(month=value.shown(), date=value.isoformat())


def _unlinked(error: BaseException) -> None:
    """``error``, and those it was raised from or during, without their tracebacks: each holds the frames that
    hold the error, a cycle only the collector frees (some fifty objects a refused row), and the collector
    runs on the GUI thread alone (``desktop.collector``), while rows are checked on a worker."""
    seen: BaseException | None = error
    while seen is not None:
        seen.__traceback__ = None
        for each in each_problem(seen) if isinstance(seen, ValidationError) else ():
            if each is not seen:  # one of several found at once
                _unlinked(each)
        seen = seen.__cause__ or seen.__context__


class RowChecker(Generic[In, Lookups]):
    """The outcome of each row of ``table`` given to it, in order (``FilledCells``)."""

    def __init__(self, spec: ImportSpec[In, Lookups], lookups: Lookups, table: Table, mapping: Mapping) -> None:
        self._spec, self._lookups, self._sheet = spec, lookups, table.sheet
        self._cells = FilledCells(spec, table, mapping)
        self._mapping = mapping
        self._parsers = [(column, _remembering(column.parse)) for column in spec.columns]
        self._by_field = {name: column for column in spec.columns for name in (column.key, *column.fields)}
        self._parse_of = {column.key: parse for column, parse in self._parsers}
        # The columns the sheet has, parsed row by row, and what those it lacks read as blank: the same
        # for every row, so read once (when a blank is refused, each row reports it, every column read).
        self._blank = _blank_values([(column, parse) for column, parse in self._parsers if column.key not in mapping])
        self._read = [(column.key, column, parse) for column, parse in self._parsers
                      if column.key in mapping or self._blank is None]

    def __call__(self, rows: Rows) -> list[RowOutcome]:
        return [self._row(number, row, cells) for number, row, cells in self._cells(rows)]

    def _row(self, number: int, row: Sequence[Cell], cells: dict[str, Cell]) -> RowOutcome:
        spec, sheet = self._spec, self._sheet
        problems: list[Problem] = []

        def problem(column: ImportColumn | None, message: str) -> None:
            problems.append(Problem(sheet, number, _(column.label) if column else "", message))

        if (not_record := row_not_a_record(spec, self._mapping, row, cells)) is not None:
            said, kind = not_record
            return RowOutcome(number, (Problem(sheet, number, "", (
                _("The sheet's total (“{text}”), not a record: skipped.") if kind == TOTAL else
                _("A signature line (“{text}”), not a record: skipped.")).format(text=said), WARNING),), None, None,
                (), False)
        failed: set[str] = set()  # columns with a problem reported, read as blank from then on
        values = self._parsed(cells, problem, failed)
        checked = self._every_problem(values, failed, problem)
        if checked is None or failed:  # its key all the same, if its cells tell it: the rows sharing it repeat it
            key = spec.id_key(values) if spec.id_key is not None else None
            # What its other cells would be warned of (an old ID number upgraded, a month shown) is told with
            # its errors, not only once they are fixed; the register's checks wait for a row without errors.
            told = self._warnings(number, values, checked[0], (), failed) if checked is not None else ()
            return RowOutcome(number, (*problems, *told), None, key, ())
        data, noted = checked
        return RowOutcome(number, (), data, spec.key(data), self._warnings(number, values, data, noted, failed))

    def _warnings(self, number: int, values: dict[str, Any], data: Any, noted: Sequence[tuple[str, str]],
                  failed: set[str]) -> tuple[Problem, ...]:
        """The row's warnings, each at its column; none of a column in ``failed`` (read as blank)."""
        spec, column_of = self._spec, self._by_field.get
        warned = [*(spec.warnings(values, data, self._lookups) if spec.warnings else ()), *noted, *_month_shown(values)]
        found = [(column_of(name), message) for name, message in warned]
        return tuple(Problem(self._sheet, number, _(column.label) if column else "", message, WARNING)
                     for column, message in found if column is None or column.key not in failed)

    def _parsed(self, cells: dict[str, Cell], problem: Callable[[ImportColumn | None, str], None],
                failed: set[str]) -> dict[str, Any]:
        """The row's values by column key; each cell a parser refuses is reported and added to ``failed``."""
        values = dict(self._blank) if self._blank is not None else {}
        for key, column, parse in self._read:
            try:
                values[key] = parse(cells.get(key, ""))
            except ValidationError as exc:
                problem(column, exc.message)
                failed.add(key)
                _unlinked(exc)
        return values

    def _every_problem(self, values: dict[str, Any], failed: set[str],
                       problem: Callable[[ImportColumn | None, str], None]) -> tuple[Any, list[tuple[str, str]]] | None:
        """The row built, validated, prepared and checked, with what to warn of (``failed``'s columns read as
        blank, if any); or None when no blank reading gets that far. A row's input stops at its first problem,
        so the column at fault is read as blank and the row tried again, until no new column is at fault: a
        person correcting the sheet sees them all."""
        spec, lookups, by_field = self._spec, self._lookups, self._by_field
        for _attempt in range(len(spec.columns) + 1):
            for key in failed:
                try:
                    values[key] = self._parse_of[key]("")
                except ValidationError:
                    return None  # no blank reading to go on with
            try:
                data: Any = spec.build(values, lookups).validated()
                if spec.prepare is not None:
                    data = spec.prepare(data, lookups)
                noted = list(spec.check(data, lookups) or ())
            except ValidationError as exc:  # one problem, or several found at once (ValidationErrors)
                found = [(by_field.get(each.field), each.message) for each in each_problem(exc)]
                _unlinked(exc)
                found = [(column, message) for column, message in found if column is None or column.key not in failed]
                if not found:
                    return None  # only what was reported already, or what blanking it caused
                for column, message in found:
                    problem(column, message)
                if any(column is None for column, _message in found):
                    return None  # the row as a whole: nothing to blank
                failed.update(column.key for column, _message in found if column is not None)
                continue
            return data, noted  # with ``failed`` read as blank, once their problems are reported
        return None
