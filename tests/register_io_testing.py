"""Helpers for the registers' spreadsheet tests: their fixtures, checking or importing a workbook
through a register's spec, and exporting and reading the rows back."""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any
from xml.etree import ElementTree

import pytest
from python_calamine import CalamineWorkbook

from desktop.services import exports, imports
from desktop.services.exports import ExportSpec
from desktop.services.imports import ERROR, WARNING, ImportResult, ImportSpec, Report
from desktop.services.register_io import RegisterIO
from desktop.storage.database import Database
from volunteer_testing import signed_in
from wushe_testing import DemoTemplate, open_copy


def register_fixtures(register: ModuleType) -> tuple[Any, Any]:
    """``clerk``, the demo station signed in as 李霞 (a caseworker keeps the registers), and
    ``empty_register``, another copy of it with every record of ``register`` (a service module with
    ``list_ids`` and ``delete``) deleted: bind them to those names in a test module."""

    @pytest.fixture
    def clerk(demo: Database) -> Database:
        return signed_in(demo)

    @pytest.fixture
    def empty_register(demo_template: DemoTemplate, tmp_path: Path) -> Iterator[Database]:
        db = signed_in(open_copy(demo_template.path, tmp_path / "other"))
        with db.write() as session:
            for record_id in register.list_ids(session):
                register.delete(session, record_id)
        yield db
        db.close()

    return clerk, empty_register


def checked(db: Database, spec: ImportSpec[Any, Any], path: Path) -> Report:
    table = imports.load_table(path, spec)
    with db.read() as session:
        return imports.validate(session, spec, table, imports.guess_mapping(spec, table))


def import_file(db: Database, spec: ImportSpec[Any, Any], path: Path, *, valid_only: bool = True) -> ImportResult:
    table = imports.load_table(path, spec)
    with db.write() as session:
        return imports.import_rows(session, spec, table, imports.guess_mapping(spec, table), valid_only=valid_only)


def errors_at(db: Database, spec: ImportSpec[Any, Any], path: Path, header_row: int, good: dict[int, str],
              bad: dict[int, str], also: frozenset[tuple[int, str]] = frozenset()) -> tuple[Report, dict[int, str]]:
    """The check of ``path``, which must find the header on ``header_row``, the ``good`` rows valid and an
    error at each of the ``bad`` rows in the column named, and those ``also`` (row, column) of them; with
    the error messages by row (a row's last)."""
    report = checked(db, spec, path)
    assert (report.header_row, report.rows, report.valid) == (header_row, len(good) + len(bad), len(good))
    assert places(report) == set(bad.items()) | also
    return report, messages(report)


def by_name(db: Database, register: ModuleType) -> dict[str, Any]:
    """The live records of ``register`` (a service module with ``list_all``) by name."""
    with db.read() as session:
        return {record.name: record for record in register.list_all(session)}


def places(report: Report, severity: str = ERROR) -> set[tuple[int, str]]:
    """(row, column) of each problem of ``severity``."""
    return {(p.row, p.column) for p in report.problems if p.severity == severity}


def messages(report: Report, severity: str = ERROR) -> dict[int, str]:
    return {p.row: p.message for p in report.problems if p.severity == severity}


def warnings(report: Report) -> dict[int, str]:
    return messages(report, WARNING)


def exported(db: Database, spec: ExportSpec[Any, Any], path: Path, query: object) -> list[list[object]]:
    """The rows of the written sheet, the header first."""
    with db.read() as session:
        count = exports.export_xlsx(session, spec, query, path)
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    assert len(rows) == count + 1
    return rows


def header_notes(path: Path) -> dict[str, str]:
    """The comments on the first sheet's cells of a written .xlsx file, by cell ("E1"): the notes on its header."""
    with zipfile.ZipFile(path) as book:
        if "xl/comments1.xml" not in book.namelist():
            return {}
        root = ElementTree.fromstring(book.read("xl/comments1.xml"))
    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    return {c.attrib["ref"]: "".join(t.text or "" for t in c.iter(f"{main}t")) for c in root.iter(f"{main}comment")}


def round_trip(source: Database, target: Database, register: ModuleType, io: RegisterIO, query: object,
               path: Path, fields: Callable[[Any], tuple[object, ...]]) -> ImportResult:
    """Export what ``query`` selects of ``source``'s ``register`` to ``path`` with ``io``, and import it
    into ``target``'s: every record must arrive with the same ``fields``."""
    exported(source, io.exporter, path, query)
    result = import_file(target, io.importer, path, valid_only=False)
    originals = by_name(source, register)
    assert result.added == len(originals)
    assert {n: fields(r) for n, r in by_name(target, register).items()} == {n: fields(r) for n, r in originals.items()}
    return result
