"""Importing a register from a spreadsheet: find and map the header, preview, check every row, and
import all of it in one transaction — or nothing.

A register takes part by describing itself in an ``ImportSpec`` (``import_spec``): its columns (key,
label, the header words station sheets use, a cell parser), the lookups loaded once per run (its links
by name, the keys already in the register), how one row becomes its input dataclass, and its ``add``
service (or ``add_many``, which writes a batch of rows in one statement per table).
Rows are checked with dictionaries, never a query per row, so 200,000 rows cost linear time; a
column's repeated cells (codes, places, dates) are parsed once per run (``row_checks``). A large file of
a register that allows it is checked in a second process while this one writes (``import_worker``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterator, Sequence
from contextlib import AbstractContextManager, ExitStack, nullcontext
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from desktop import collector
from desktop.domain.id_documents import mask_id_number
from desktop.domain.permissions import Action
from desktop.errors import ValidationError, WusheError
from desktop.i18n import _, ngettext
from desktop.services import import_worker
from desktop.services.batches import ItemRefused, each
from desktop.services.cell_parsers import listing
from desktop.services.guard import require
from desktop.services.header_row import best_header, chosen_header
# Re-exported: the registers and the screens name these as the import's.
from desktop.services.import_spec import (ERROR as ERROR, WARNING as WARNING, ImportColumn as ImportColumn,
                                          ImportSpec as ImportSpec, In, Mapping as Mapping, Problem as Problem,
                                          Table as Table)
from desktop.services.row_checks import FilledCells, RowChecker, RowOutcome
from desktop.services.spreadsheet import (Progress, Sheet, cell_text, column_letter, header_key, read_sheet,
                                          sheet_names, write_xlsx)
from desktop.storage.bulk import roomy_cache

PREVIEW_ROWS = 20
_FULL_ID_NUMBER = re.compile(r"(?<![0-9])(?:[0-9]{17}[0-9Xx]|[0-9]{15})(?![0-9])")
# Rows between progress reports (each may cancel), and the rows written at once: a batch pays its
# statements and its lookups (the links, the keys already taken) once, a few per cent of 1,000 rows.
PROGRESS_STEP = 5_000
# Rows checked between progress reports: each may cancel, so a check stops within about a second.
CHECK_STEP = 1_000


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


def load_sheet(path: Path, spec: ImportSpec[Any, Any], sheet: str | None = None,
               header_row: int | None = None) -> tuple[Sheet, int]:
    """The named sheet, or the first sheet with a header naming the register's columns, and the index of its
    header row: the sheet's row ``header_row`` when given (as Excel numbers it; without a sheet named, in the
    first sheet if none has a header found), else the row naming the most columns (``header_row.best_header``)."""
    words = spec.header_words()
    names = [sheet] if sheet is not None else sheet_names(path)
    for name in names:
        with collector.paused():
            found = read_sheet(path, name)
        header = best_header(found, words, spec.min_header_matches)
        if header is not None or (header_row is not None and sheet is not None):
            return found, header if header_row is None else chosen_header(found, header_row)
    if header_row is not None:  # no sheet has a header found: the row chosen is the first sheet's
        with collector.paused():
            found = read_sheet(path, names[0])
        return found, chosen_header(found, header_row)
    examples = listing(_(c.label) for c in spec.columns if c.required)
    if sheet is not None:
        raise ValidationError("sheet", _("No header row naming this register's columns (such as {examples}) was "
                                         "found in the sheet {sheet}.").format(examples=examples, sheet=sheet))
    raise ValidationError("sheet", _("No sheet of {file} has a header row naming this register's columns (such as "
                                     "{examples}).").format(file=path.name, examples=examples))


def load_table(path: Path, spec: ImportSpec[Any, Any], sheet: str | None = None,
               header_row: int | None = None) -> Table:
    """The rows under the header of the sheet ``load_sheet`` finds."""
    return table_under(*load_sheet(path, spec, sheet, header_row))


def chosen_table(sheet: Sheet, header_row: int) -> Table:
    """The sheet's rows under the header the user chose: its row ``header_row``, as Excel numbers it."""
    return table_under(sheet, chosen_header(sheet, header_row))


def table_under(sheet: Sheet, header: int) -> Table:
    """The sheet's rows under its row ``header`` (an index in ``sheet.rows``); the rows above, a title or a
    row of group cells, are not read."""
    with collector.paused():
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


def unread_columns(table: Table, mapping: Mapping) -> list[str]:
    """The sheet columns with a header that no register column is read from ("E 出生年月"): what a person
    should know the import leaves out."""
    read = set(mapping.values())
    return [table.column_name(index) for index, header in enumerate(table.headers) if header and index not in read]


def check_mapping(spec: ImportSpec[Any, Any], mapping: Mapping) -> None:
    """Every required column must be read from some sheet column."""
    missing = [c for c in spec.columns if c.required and c.key not in mapping]
    if missing:
        raise ValidationError("mapping", _("No sheet column is read for: {columns}.").format(
            columns=listing(_(c.label) for c in missing)))


def preview(spec: ImportSpec[Any, Any], table: Table, mapping: Mapping, limit: int = PREVIEW_ROWS) -> list[PreviewRow]:
    rows = []
    for number, _row, cells in FilledCells(spec, table, mapping)(table.rows):
        if len(rows) == limit:
            break
        rows.append(PreviewRow(number, tuple(cell_text(cells.get(c.key, "")) for c in spec.columns)))
    return rows


def _outcomes(spec: ImportSpec[Any, Any], lookups: Callable[[], Any], table: Table, mapping: Mapping,
              apart: bool) -> AbstractContextManager[Iterator[list[RowOutcome]]]:
    """Every row's outcome, a chunk at a time in row order: from a worker process when ``apart``, else
    checked here as they are asked for. ``lookups`` loads the register's."""
    if apart:
        return import_worker.checked_apart(spec, lookups, table, mapping)
    check = RowChecker(spec, lookups(), table, mapping)
    return nullcontext(check(table.rows[start:start + CHECK_STEP]) for start in range(0, len(table.rows), CHECK_STEP))


Write = Callable[[list[tuple[int, Any]], int], None]  # accepted rows (number, input), rows checked so far


def _check(session: Session, spec: ImportSpec[In, Any], table: Table, mapping: Mapping, progress: Progress | None,
           write: Write | None = None, valid_only: bool = False) -> tuple[Report, list[tuple[int, In]]]:
    """Every row checked against the register and the other rows: the report, and the rows accepted.
    A row repeating one above it is reported; with ``spec.id_key``, so is the first of them (also when
    it has other problems), and none is accepted. With ``write`` (a file checked in a worker process,
    written meanwhile), the rows accepted are handed to it ``PROGRESS_STEP`` at a time as they come,
    while no row has an error or ``valid_only`` was chosen; those are not returned. Rows written stay
    written, so with ``spec.id_key`` and ``valid_only`` (a later row may yet refuse an accepted one),
    none is written before every row is checked."""
    check_mapping(spec, mapping)
    problems: list[Problem] = []
    pending: list[tuple[int, In]] = []
    seen: dict[Hashable, tuple[int, bool]] = {}  # key → its first row, and whether that row was accepted
    repeated: set[int] = set()  # first rows of a key that later rows repeat
    total = len(table.rows)
    count = totals = valid = 0
    written = False  # since the last progress report: a write reports its own
    early = None if valid_only and spec.id_key is not None else write
    # A worker pays only while this process writes: a check alone would wait for it and receive its rows.
    with _outcomes(spec, partial(spec.lookups, session), table, mapping, apart=write is not None) as chunks:
        for chunk in chunks:
            for outcome in chunk:
                count += 1
                if progress is not None and count % CHECK_STEP == 1:
                    if not written:
                        progress(count - 1, total, _("Checking row {row} of {total}…").format(row=count, total=total))
                    written = False
                problems.extend(outcome.problems)
                if not outcome.record:
                    totals += 1
                    continue
                if outcome.key is None:  # a row with problems in what would tell whom it repeats
                    continue
                first, accepted = seen.setdefault(outcome.key, (outcome.number, outcome.data is not None))
                if first != outcome.number:
                    problems.append(Problem(table.sheet, outcome.number, "",
                                            _("Repeats row {row} of this sheet.").format(row=first)))
                    if spec.id_key is not None and first not in repeated:
                        repeated.add(first)
                        valid -= accepted
                        problems.append(Problem(table.sheet, first, "", _("Repeated by row {row} of this sheet.")
                                                .format(row=outcome.number)))
                    continue
                if outcome.data is None:
                    continue
                valid += 1
                problems.extend(outcome.warnings)
                pending.append((outcome.number, outcome.data))
            if early is not None and len(pending) >= PROGRESS_STEP and (valid_only or count - totals == valid):
                early(pending, count)
                pending, written = [], True
    if repeated:  # told at the row repeated, found later: the report keeps row order
        problems.sort(key=lambda problem: problem.row)
        pending = [(number, data) for number, data in pending if number not in repeated]
    return Report(table.sheet, table.header_row, count - totals, valid, problems, totals), pending


def validate(session: Session, spec: ImportSpec[Any, Any], table: Table, mapping: Mapping,
             progress: Progress | None = None) -> Report:
    """What an import would find, without writing (a read transaction is enough)."""
    require(session, Action.VIEW)
    with collector.paused():
        return _check(session, spec, table, mapping, progress)[0]


def save_problems(path: Path, problems: Sequence[Problem]) -> int:
    """The problems as a sheet a person can sort, filter and work through: the place (登记!12), the column,
    error or warning, the message. A full ID number in a message (an old one's upgrade, shown in full for the
    worker to check against the paper) is saved masked: the file may travel. Returns the rows written."""
    def masked(message: str) -> str:
        return _FULL_ID_NUMBER.sub(lambda found: mask_id_number(found.group()), message)

    return write_xlsx(path, _("Problems"), [_("Place in the sheet"), _("Column"), _("Severity"), _("Problem")],
                      ([p.place, p.column, _("Error") if p.severity == ERROR else _("Warning"),
                        masked(p.message)] for p in problems))


def _one_by_one(add: Callable[[Session, Any], object]) -> Callable[[Session, Sequence[Any]], object]:
    """A register's ``add`` over a batch, a refusal naming its input."""
    return lambda session, inputs: each(inputs, partial(add, session))


def import_rows(session: Session, spec: ImportSpec[Any, Any], table: Table, mapping: Mapping, *,
                valid_only: bool = False, progress: Progress | None = None) -> ImportResult:
    """Check every row again inside this write transaction, then add them all through the register's
    service (a file checked in a worker process: a batch at a time as they are checked). Rows with
    problems refuse the whole import unless ``valid_only`` was chosen; any error part-way (or
    ``progress`` raising to cancel) propagates, and the transaction writes nothing."""
    require(session, spec.action)
    add = spec.add_many or _one_by_one(spec.add)
    total = len(table.rows)
    done = 0

    def write(batch: list[tuple[int, Any]], at: int, of: int) -> None:
        nonlocal done
        if progress is not None:
            progress(at, of, _("Importing row {row} ({done} of {total})…").format(row=batch[0][0], done=done,
                                                                                  total=of))
        try:
            add(session, [data for _number, data in batch])
        except ItemRefused as exc:
            raise WusheError(_("{sheet}!{row}: {message} Nothing was imported.").format(
                sheet=table.sheet, row=batch[exc.index][0], message=exc.message)) from exc
        done += len(batch)

    def meanwhile(batch: list[tuple[int, Any]], checked: int) -> None:
        write(batch, checked, total)

    overlapped = import_worker.wanted(spec, table)
    with collector.paused(), ExitStack() as writing:
        def begin_writing(rows: int) -> None:
            writing.enter_context(roomy_cache(session))
            if spec.writing is not None:
                writing.enter_context(spec.writing(session, rows))

        if overlapped:  # the rows the sheet has stand for those to be written, which are not all known yet
            begin_writing(total)
        report, rest = _check(session, spec, table, mapping, progress, meanwhile if overlapped else None, valid_only)
        if report.invalid and not valid_only:
            raise ImportRefused(report)
        if not overlapped:
            begin_writing(len(rest))
        for start in range(0, len(rest), PROGRESS_STEP):
            write(rest[start:start + PROGRESS_STEP], done, report.valid)
    return ImportResult(report, report.valid, report.invalid)
