"""Importing a register from a spreadsheet: find and map the header, preview, check every row, and
import all of it in one transaction — or nothing.

A register takes part by describing itself in an ``ImportSpec``: its columns (key, label, the header
words station sheets use, a cell parser), the lookups loaded once per run (its links by name, the
keys already in the register), how one row becomes its input dataclass, and its ``add`` service (or
``add_many``, which writes a batch of rows in one statement per table).
Rows are checked with dictionaries, never a query per row, so 200,000 rows cost linear time; a
column's repeated cells (codes, places, dates) are parsed once per run.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, Generic, Protocol, Self, TypeVar

from sqlalchemy.orm import Session

from desktop.domain.permissions import Action
from desktop.errors import ValidationError, WusheError, each_problem
from desktop.i18n import _, ngettext
from desktop.services.batches import ItemRefused, each
from desktop.services.cell_parsers import every_translation, listing, text
from desktop.services.guard import require
from desktop.services.non_records import TOTAL, not_a_record
from desktop.services.spreadsheet import (Cell, Progress, Sheet, cell_text, column_letter, find_header, header_key,
                                          read_sheet, sheet_names)
from desktop.storage.bulk import roomy_cache

PREVIEW_ROWS = 20
# Rows between progress reports (each may cancel), and the rows written at once: a batch pays its
# statements and its lookups (the links, the keys already taken) once, a few per cent of 1,000 rows.
PROGRESS_STEP = 5_000
REMEMBERED_CELLS = 10_000  # distinct cells of a column whose parsed values a run keeps

Mapping = dict[str, int]  # column key → index of the sheet column it is read from


class Validated(Protocol):
    def validated(self) -> Self: ...


In = TypeVar("In", bound=Validated)  # the register's input dataclass
Lookups = TypeVar("Lookups")  # what the register loads once per run


@dataclass(frozen=True)
class ImportColumn:
    key: str  # stable English id, used by ``--map KEY=COLUMN``
    label: str  # marked with N_, translated when shown
    aliases: tuple[str, ...]  # header words station sheets use for it
    parse: Callable[[Cell], Any] = text  # pure, to an immutable value: a run parses each distinct cell once
    required: bool = False
    fill_down: bool = False  # a blank under a value repeats it (merged cells in formats that hide merges)
    fields: tuple[str, ...] = ()  # input fields, besides ``key``, whose errors belong to this column


@dataclass(frozen=True)
class ImportSpec(Generic[In, Lookups]):
    title: str  # the register, marked with N_
    columns: tuple[ImportColumn, ...]
    lookups: Callable[[Session], Lookups]
    build: Callable[[dict[str, Any], Lookups], In]  # parsed values by column key → input; resolves links
    # Against the register as loaded: duplicates, links. It raises for an error, and may return what a
    # person should know about a row that is imported all the same, as ``warnings`` does.
    check: Callable[[In, Lookups], Iterable[tuple[str, str]] | None]
    key: Callable[[In], Hashable]  # two rows with the same key are the same record
    add: Callable[[Session, In], object]
    action: Action = Action.EDIT_REGISTERS
    min_header_matches: int = 2
    # What a person should know about a row that is imported all the same (an old ID number upgraded):
    # (input field, message) pairs from its parsed values and its checked input.
    warnings: Callable[[dict[str, Any], In], Iterable[tuple[str, str]]] | None = None
    # ``add`` for a batch of checked inputs (as ``validated()`` returned them) in one statement per
    # table, used when given; it refuses with a ``batches.ItemRefused`` that names the input.
    add_many: Callable[[Session, Sequence[In]], object] | None = None
    # Around the whole write of so many rows (every batch), when given: what makes a large write
    # cheaper as a whole (the register's indexes rebuilt once rather than maintained row by row).
    writing: Callable[[Session, int], AbstractContextManager[object]] | None = None

    def header_words(self) -> dict[str, str]:
        """Header key → column key: the aliases, and the label in each of the app's languages."""
        words: dict[str, str] = {}
        for column in self.columns:
            for word in (*column.aliases, *every_translation(column.label)):
                words.setdefault(header_key(word), column.key)
        return words


@dataclass(frozen=True)
class Table:
    """One sheet's data under its header row; blank rows are left out, row numbers are Excel's."""

    sheet: str
    header_row: int
    headers: tuple[str, ...]  # the header cells as written, by sheet column
    rows: list[tuple[int, Sequence[Cell]]]
    merges_reported: bool

    def column_name(self, index: int) -> str:
        """How a person finds a sheet column: "C 组织名称"."""
        header = self.headers[index] if index < len(self.headers) else ""
        return f"{column_letter(index)} {header}".rstrip()


ERROR, WARNING = "error", "warning"  # an error keeps its row out; a warning does not


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int  # as Excel shows it
    column: str  # the register column's label, translated; "" when the row as a whole is wrong
    message: str
    severity: str = ERROR

    @property
    def text(self) -> str:
        """The message, marked when it is only a warning."""
        return self.message if self.severity == ERROR else _("Warning: {message}").format(message=self.message)

    def __str__(self) -> str:
        where = f"{self.sheet}!{self.row}"
        return f"{where} {self.column}: {self.text}" if self.column else f"{where}: {self.text}"


@dataclass(frozen=True)
class Report:
    sheet: str
    header_row: int
    rows: int  # data rows read
    valid: int  # rows that can be imported
    problems: list[Problem] = field(default_factory=list)  # errors and warnings, in row order
    skipped: int = 0  # lines that are no record (a total, a signature line), not counted in ``rows``

    @property
    def invalid(self) -> int:
        return self.rows - self.valid

    def summary(self) -> str:
        text = _("Sheet {sheet}, header on row {header}: {rows} rows, {valid} valid, {invalid} with problems.").format(
            sheet=self.sheet, header=self.header_row, rows=self.rows, valid=self.valid, invalid=self.invalid)
        if not self.skipped:
            return text
        skipped = ngettext("{n} line of totals or signatures skipped.", "{n} lines of totals or signatures skipped.",
                           self.skipped).format(n=self.skipped)
        return _("{first} {second}").format(first=text, second=skipped)


@dataclass(frozen=True)
class ImportResult:
    report: Report
    added: int
    skipped: int  # rows with problems, left out because only the valid rows were asked for


class ImportRefused(WusheError):
    """Rows have problems and importing only the valid ones was not chosen: nothing was written."""

    def __init__(self, report: Report) -> None:
        super().__init__(ngettext(
            "{n} row has problems, so nothing was imported. Correct it, or choose to import only the valid rows.",
            "{n} rows have problems, so nothing was imported. Correct them, or choose to import only the valid rows.",
            report.invalid).format(n=report.invalid))
        self.report = report


@dataclass(frozen=True)
class PreviewRow:
    row: int
    values: tuple[str, ...]  # one per register column, as read from the sheet (after filling down)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector paused while a run reads, checks or writes a sheet's rows: it would walk
    every cell and row the run holds, again and again as they pile up (seconds in a sheet of 200,000
    rows). Reference counting still frees what the run lets go of; a later collection takes any cycle."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_table(path: Path, spec: ImportSpec[Any, Any], sheet: str | None = None) -> Table:
    """The named sheet, or the first sheet with a header naming the register's columns."""
    words = set(spec.header_words())
    names = [sheet] if sheet is not None else sheet_names(path)
    for name in names:
        with _collector_paused():
            found = read_sheet(path, name)
            header = find_header(found, words, spec.min_header_matches)
            if header is not None:
                return _table(found, header)
    examples = listing(_(c.label) for c in spec.columns if c.required)
    if sheet is not None:
        raise ValidationError("sheet", _("No header row naming this register's columns (such as {examples}) was "
                                         "found in the sheet {sheet}.").format(examples=examples, sheet=sheet))
    raise ValidationError("sheet", _("No sheet of {file} has a header row naming this register's columns (such as "
                                     "{examples}).").format(file=path.name, examples=examples))


def _table(sheet: Sheet, header: int) -> Table:
    rows = [(number, cells) for number, cells in enumerate(sheet.rows[header + 1:], start=header + 2)
            if any(cell_text(cell) for cell in cells)]
    return Table(sheet.name, header + 1, tuple(cell_text(c) for c in sheet.rows[header]), rows,
                 sheet.merges_reported)


def guess_mapping(spec: ImportSpec[Any, Any], table: Table) -> Mapping:
    """Each register column read from the first sheet column whose header names it."""
    words = spec.header_words()
    mapping: Mapping = {}
    for index, header in enumerate(table.headers):
        key = words.get(header_key(header))
        if key is not None and key not in mapping:
            mapping[key] = index
    return mapping


def sheet_column(table: Table, reference: str) -> int:
    """A sheet column named by its letter (C), its number (3) or its header text (组织名称)."""
    wanted = reference.strip()
    if wanted.isdigit() and 1 <= int(wanted) <= max(len(table.headers), 1):
        return int(wanted) - 1
    for index in range(len(table.headers)):
        if wanted.upper() == column_letter(index) or header_key(wanted) == header_key(table.headers[index]):
            return index
    raise ValidationError("mapping", _("The sheet has no column {column}; its columns are: {columns}.").format(
        column=reference, columns=listing(table.column_name(i) for i in range(len(table.headers)))))


def check_mapping(spec: ImportSpec[Any, Any], mapping: Mapping) -> None:
    """Every required column must be read from some sheet column."""
    missing = [c for c in spec.columns if c.required and c.key not in mapping]
    if missing:
        raise ValidationError("mapping", _("No sheet column is read for: {columns}.").format(
            columns=listing(_(c.label) for c in missing)))


def _cells(spec: ImportSpec[Any, Any], table: Table,
           mapping: Mapping) -> Iterator[tuple[int, Sequence[Cell], dict[str, Cell]]]:
    """Each row as the sheet has it and its mapped cells by column key, blanks filled down where the sheet
    hid its merges. A merge never spans an empty line, so none is filled from a row above one."""
    fill = [c.key for c in spec.columns if c.fill_down and c.key in mapping and not table.merges_reported]
    above: dict[str, Cell] = {}
    last = table.header_row
    for number, row in table.rows:
        if number != last + 1:  # Table.rows leaves the empty lines out: a gap in the numbers is one
            above.clear()
        last = number
        cells = {key: row[index] if index < len(row) else "" for key, index in mapping.items()}
        if not any(cell_text(cell) for key, cell in cells.items() if key not in fill) \
                and _not_a_record(spec, mapping, row, cells) is None:
            continue  # only a merged cell runs through it: a blank row (a signature there is reported)
        for key in fill:
            if cell_text(cells[key]):
                above[key] = cells[key]
            else:
                cells[key] = above.get(key, "")
        yield number, row, cells


def preview(spec: ImportSpec[Any, Any], table: Table, mapping: Mapping, limit: int = PREVIEW_ROWS) -> list[PreviewRow]:
    rows = []
    for number, _row, cells in _cells(spec, table, mapping):
        if len(rows) == limit:
            break
        rows.append(PreviewRow(number, tuple(cell_text(cells.get(c.key, "")) for c in spec.columns)))
    return rows


def _remembering(parse: Callable[[Cell], Any]) -> Callable[[Cell], Any]:
    """``parse`` giving a cell seen before what it gave then: a column's codes, places and dates repeat
    down a sheet (its names and numbers do not, hence the limit). A refused cell is not kept."""
    known: dict[tuple[type, Cell], Any] = {}

    def parsed(cell: Cell) -> Any:
        key = (type(cell), cell)  # 1, 1.0 and True are one key, but not one cell
        if key in known:
            return known[key]
        value = parse(cell)
        if len(known) < REMEMBERED_CELLS:
            known[key] = value
        return value

    return parsed


def _check(session: Session, spec: ImportSpec[In, Lookups], table: Table, mapping: Mapping,
           progress: Progress | None) -> tuple[Report, list[tuple[int, In]]]:
    """Every row parsed, built, validated and checked against the register and the rows above it."""
    check_mapping(spec, mapping)
    lookups = spec.lookups(session)
    parsers = [(column, _remembering(column.parse)) for column in spec.columns]
    by_field = {name: column for column in spec.columns for name in (column.key, *column.fields)}
    parse_of = {column.key: parse for column, parse in parsers}
    problems: list[Problem] = []
    accepted: list[tuple[int, In]] = []
    seen: dict[Hashable, int] = {}
    total = len(table.rows)

    def problem(number: int, column: ImportColumn | None, message: str, severity: str = ERROR) -> None:
        problems.append(Problem(table.sheet, number, _(column.label) if column else "", message, severity))

    count = totals = 0
    for count, (number, row, cells) in enumerate(_cells(spec, table, mapping), start=1):
        if progress is not None and count % PROGRESS_STEP == 1:
            progress(count - 1, total, _("Checking row {row} of {total}…").format(row=count, total=total))
        if (not_record := _not_a_record(spec, mapping, row, cells)) is not None:
            totals += 1
            said, kind = not_record
            problem(number, None, (_("The sheet's total (“{text}”), not a record: skipped.") if kind == TOTAL else
                                   _("A signature line (“{text}”), not a record: skipped.")).format(text=said),
                    WARNING)
            continue
        values: dict[str, Any] = {}
        failed: set[str] = set()  # columns with a problem reported, read as blank from then on
        for column, parse in parsers:
            try:
                values[column.key] = parse(cells.get(column.key, ""))
            except ValidationError as exc:
                problem(number, column, exc.message)
                failed.add(column.key)
        checked = _every_problem(spec, lookups, values, failed, parse_of, by_field,
                                 lambda column, message: problem(number, column, message))
        if checked is None:
            continue
        data, noted = checked
        first = seen.setdefault(spec.key(data), number)
        if first != number:
            problem(number, None, _("Repeats row {row} of this sheet.").format(row=first))
            continue
        accepted.append((number, data))
        for name, message in [*(spec.warnings(values, data) if spec.warnings else ()), *noted]:
            problem(number, by_field.get(name), message, WARNING)
    return Report(table.sheet, table.header_row, count - totals, len(accepted), problems, totals), accepted


def _every_problem(spec: ImportSpec[In, Lookups], lookups: Lookups, values: dict[str, Any], failed: set[str],
                   parse_of: dict[str, Callable[[Cell], Any]], by_field: dict[str, ImportColumn],
                   problem: Callable[[ImportColumn | None, str], None],
                   ) -> tuple[In, list[tuple[str, str]]] | None:
    """The row built, validated and checked, with what to warn of; or None once its problems are
    reported. A row's input stops at its first problem, so the column at fault is read as blank and the
    row tried again, until no new column is at fault: a person correcting the sheet sees them all."""
    for _attempt in range(len(spec.columns) + 1):
        for key in failed:
            try:
                values[key] = parse_of[key]("")
            except ValidationError:
                return None  # no blank reading to go on with
        try:
            data = spec.build(values, lookups).validated()
            noted = list(spec.check(data, lookups) or ())
        except ValidationError as exc:  # one problem, or several found at once (ValidationErrors)
            found = [(by_field.get(each.field), each.message) for each in each_problem(exc)]
            found = [(column, message) for column, message in found if column is None or column.key not in failed]
            if not found:
                return None  # only what was reported already, or what blanking it caused
            for column, message in found:
                problem(column, message)
            if any(column is None for column, _message in found):
                return None  # the row as a whole: nothing to blank
            failed.update(column.key for column, _message in found if column is not None)
            continue
        return None if failed else (data, noted)
    return None


def _not_a_record(spec: ImportSpec[Any, Any], mapping: Mapping, row: Sequence[Cell],
                  cells: dict[str, Cell]) -> tuple[str, str] | None:
    """``non_records.not_a_record`` of a row, its first column the register's first (the name)."""
    return not_a_record(row, mapping.get(spec.columns[0].key, 0), cell_text(cells.get("id_number", "")))


def validate(session: Session, spec: ImportSpec[Any, Any], table: Table, mapping: Mapping,
             progress: Progress | None = None) -> Report:
    """What an import would find, without writing (a read transaction is enough)."""
    require(session, Action.VIEW)
    with _collector_paused():
        return _check(session, spec, table, mapping, progress)[0]


def _one_by_one(add: Callable[[Session, In], object]) -> Callable[[Session, Sequence[In]], object]:
    """A register's ``add`` over a batch, a refusal naming its input."""
    return lambda session, inputs: each(inputs, partial(add, session))


def import_rows(session: Session, spec: ImportSpec[Any, Any], table: Table, mapping: Mapping, *,
                valid_only: bool = False, progress: Progress | None = None) -> ImportResult:
    """Check every row again inside this write transaction, then add them all through the register's
    service. Rows with problems refuse the whole import unless ``valid_only`` was chosen; any error
    part-way (or ``progress`` raising to cancel) propagates, and the transaction writes nothing."""
    require(session, spec.action)
    with _collector_paused():
        report, accepted = _check(session, spec, table, mapping, progress)
        if report.invalid and not valid_only:
            raise ImportRefused(report)
        write = spec.add_many or _one_by_one(spec.add)
        writing = spec.writing(session, len(accepted)) if spec.writing else nullcontext()
        with roomy_cache(session), writing:
            for done in range(0, len(accepted), PROGRESS_STEP):
                batch = accepted[done:done + PROGRESS_STEP]
                if progress is not None:
                    progress(done, len(accepted), _("Importing row {row} ({done} of {total})…").format(
                        row=batch[0][0], done=done, total=len(accepted)))
                try:
                    write(session, [data for _number, data in batch])
                except ItemRefused as exc:
                    raise WusheError(_("{sheet}!{row}: {message} Nothing was imported.").format(
                        sheet=table.sheet, row=batch[exc.index][0], message=exc.message)) from exc
    return ImportResult(report, len(accepted), report.invalid)
