"""Importing a 200,000-row register from .xlsx with full validation, as a ratio to raw sqlite3.

Run with ``make bench``. For the volunteer register, the register of organisations and the clients
(``register_io``'s "clients"), a workbook of 200,000 valid rows is written with XlsxWriter; a copy of
the demo station then reads it, checks every row and imports all of it in one transaction
(``imports.import_rows``, the register's ``add_many``).
The baseline, timed in the same run, is Python's sqlite3 inserting the same register rows as they were
stored (the register table alone: no change log, audit chain or status history) with one
``executemany`` in one transaction into another copy of the station, with the app's pragmas. Only the
figures are printed; nothing about timing is asserted, only that every row was imported. Beside the
seconds on the clock, the CPU seconds of the import, this process's and its worker's (``import_worker``:
the clients' rows are checked in a second process while this one writes, so "check" runs until the first
batch is written and "write" from then on, both overlapping): on a shared machine the clock counts other
people's work. "clients-one-process" imports the clients with the worker turned off, in the same run.
WUSHE_BENCH_SCALE=0.1 imports a tenth of the rows, for a quick run (the goal is for the full count);
``-k clients`` runs the clients both ways.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from bulk_testing import client_workbook, org_workbook, volunteer_workbook
from desktop.services import import_worker, imports, org_io, register_io, volunteer_io
from desktop.services.imports import ImportSpec
from desktop.storage.database import Database
from volunteer_testing import signed_in
from wushe_testing import DemoTemplate, open_copy

ROWS = round(200_000 * float(os.environ.get("WUSHE_BENCH_SCALE", "1")))
GOAL = 10.0  # seconds for the whole import, on an ordinary PC (the case-files issue)
# register: its import, then every table it writes (the register table first) and the column that
# tells the import's rows from those already there
REGISTERS: dict[str, tuple[ImportSpec[Any, Any], Callable[[Path, int], Path], tuple[tuple[str, str], ...]]] = {
    "volunteers": (volunteer_io.IMPORT, lambda folder, n: volunteer_workbook(folder, n, date(2024, 3, 1)),
                   (("volunteer", "hlc"), ("change_log", "hlc"), ("audit_log", "seq"))),
    "organisations": (org_io.IMPORT, org_workbook, (("social_org", "hlc"), ("social_org_status", "hlc"),
                                                    ("change_log", "hlc"), ("audit_log", "seq"))),
    "clients": (register_io.REGISTERS["clients"].importer,
                lambda folder, n: client_workbook(folder, n, date(2024, 3, 1)),
                (("client", "hlc"), ("change_log", "hlc"), ("audit_log", "seq"))),
}
REGISTERS["clients-one-process"] = REGISTERS["clients"]


def cpu_seconds() -> float:
    """CPU seconds of this process and of its children that have ended (the import's worker)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def timed_import(db: Database, spec: ImportSpec[Any, Any], path: Path) -> tuple[dict[str, float], float]:
    """Seconds to read the sheet, check its rows, write them, and commit; and the CPU seconds of it all,
    the worker's included."""
    cpu = cpu_seconds()
    marks = {"start": time.perf_counter()}
    table = imports.load_table(path, spec)
    marks["read"] = time.perf_counter()

    def progress(_done: int, _total: int, text: str) -> None:
        if text.startswith("Importing"):
            marks.setdefault("check", time.perf_counter())

    with db.write() as session:
        result = imports.import_rows(session, spec, table, imports.guess_mapping(spec, table), progress=progress)
        marks["write"] = time.perf_counter()
    marks["commit"] = time.perf_counter()
    assert result.added == ROWS, result.report.summary()
    cpu = cpu_seconds() - cpu
    steps = list(marks)
    return {step: marks[step] - marks[before] for before, step in zip(steps, steps[1:])}, cpu


def highest(path: Path, tables: tuple[tuple[str, str], ...]) -> dict[str, int]:
    """Each table's highest value of its column, before the import."""
    with sqlite3.connect(path) as db:
        return {table: db.execute(f"SELECT coalesce(max({column}), 0) FROM {table}").fetchone()[0]
                for table, column in tables}


def raw_insert(source: Path, station: Path, tables: tuple[tuple[str, str], ...], before: dict[str, int]) -> float:
    """Seconds for sqlite3 to insert the rows the import added to ``tables`` of ``source`` into a copy of
    ``station``, with one executemany per table in one transaction."""
    with sqlite3.connect(source) as read:
        selected = []
        for table, column in tables:
            cursor = read.execute(f"SELECT * FROM {table} WHERE {column} > ?", (before[table],))
            columns = [c[0] for c in cursor.description]
            selected.append((f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                             cursor.fetchall()))
    assert len(selected[0][1]) == ROWS
    target = source.with_name(f"raw-{len(tables)}.db")
    shutil.copy(station, target)
    write = sqlite3.connect(target, isolation_level=None)
    for pragma in ("journal_mode = WAL", "synchronous = FULL", "foreign_keys = ON"):
        write.execute(f"PRAGMA {pragma}")
    started = time.perf_counter()
    write.execute("BEGIN IMMEDIATE")
    for statement, rows in selected:
        write.executemany(statement, rows)
    write.execute("COMMIT")
    seconds = time.perf_counter() - started
    write.close()
    return seconds


@pytest.mark.bench
@pytest.mark.parametrize("name", list(REGISTERS))
def test_import_speed_ratio_to_raw_sqlite(name: str, demo_template: DemoTemplate, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    spec, make, tables = REGISTERS[name]
    if name.endswith("one-process"):
        monkeypatch.setattr(import_worker, "PROCESS_FROM_ROWS", ROWS + 1)
    else:  # measured here too, although the app leaves the worker out on fewer CPUs than this one may have
        monkeypatch.setattr(import_worker, "PROCESS_FROM_CPUS", 1)
    print(f"\nimport of a {ROWS:,}-row .xlsx register with full validation, one transaction (seconds); sqlite3:")
    print("the same register rows (A) and every row the import wrote (B) inserted raw, in the same run")
    print(f"{'register':20}{'read':>7}{'check':>7}{'write':>7}{'commit':>7}{'total':>7}{'cpu':>7}{'A':>7}{'B':>7}"
          f"{'total/A':>9}{'write/B':>9}")
    path = make(tmp_path, ROWS)
    db = signed_in(open_copy(demo_template.path, tmp_path / "app"))
    before = highest(tmp_path / "app" / "wushe.db", tables)
    phases, cpu = timed_import(db, spec, path)
    db.close()
    stored = tmp_path / "app" / "wushe.db"
    register, everything = (raw_insert(stored, demo_template.path, tables[:n], before) for n in (1, len(tables)))
    total = sum(phases.values())
    print(f"{name:20}{phases['read']:7.1f}{phases['check']:7.1f}{phases['write']:7.1f}{phases['commit']:7.1f}"
          f"{total:7.1f}{cpu:7.1f}{register:7.2f}{everything:7.2f}{total / register:8.1f}x"
          f"{phases['write'] / everything:8.1f}x")
    print(f"  {name}: {total:.1f} s in all ({cpu:.1f} s of CPU, load {os.getloadavg()[0]:.1f}); "
          f"goal <= {GOAL:.0f} s: {'met' if total <= GOAL else 'NOT met'} here")
