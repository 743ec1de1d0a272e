"""A large client register checked in a worker process while this one writes (``import_worker``), at
thresholds lowered for the test, against the same file imported in this process: the same report, the
same stored rows (sealed values opened, blind indexes, pinyin keys), the same refusal, and a cancel that
leaves nothing behind, not even the worker."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from bulk_testing import CLIENT_HEADER, Value, client_rows, write_sheet
from client_testing import demo_client
from desktop.services import client_io, import_worker, imports
from desktop.services.guard import vault
from desktop.services.imports import ImportRefused, ImportSpec, Table
from desktop.storage.audit import verify_chain
from desktop.storage.database import Database
from desktop.storage.models import Client
from volunteer_testing import signed_in
from wushe_testing import DemoTemplate, open_copy

SPEC = client_io.IMPORT
ROWS = 60
REGISTERED = date(2024, 3, 1)
SEALED = ("id_number", "phone", "address", "guardian_phone", "notes")
PLAIN = ("name", "name_sort", "name_search", "gender", "birth_date", "id_type", "id_blind", "id_tail", "community_id",
         "target_groups", "registered_on", "consent_on", "consent_method", "consent_by", "guardian_name")


def grid() -> list[list[Value]]:
    """``ROWS`` clients, with bad rows and rows that warn spread over several of the worker's chunks."""
    rows = list(client_rows(ROWS, REGISTERED))
    wrong = rows[5][4]
    assert isinstance(wrong, str)
    rows[5][4] = wrong[:-1] + ("0" if wrong[-1] != "0" else "1")  # a wrong check digit
    rows[12] = list(rows[3])  # repeats the fourth client: neither comes in
    rows[23][4] = demo_client("曾建华")[1]  # already a client of the station
    rows[31][8] = "贫困户"  # no target group
    rows[38][4], rows[38][2] = "500110580312024", None  # an old 15-digit number: upgraded, with a warning
    rows[38][1] = "女"
    rows[44][5] = "139****7788"  # a masked phone: left out, with a warning
    rows[50] = [f"合计：{ROWS}人", *[None] * (len(CLIENT_HEADER) - 1)]  # the sheet's total
    rows[57][3] = "驾照"  # no document type
    return rows


@pytest.fixture
def table(tmp_path: Path) -> Table:
    path = write_sheet(tmp_path / "服务对象.xlsx", CLIENT_HEADER, iter(grid()))
    return imports.load_table(path, SPEC)


@pytest.fixture
def stations(demo_template: DemoTemplate, tmp_path: Path) -> Iterator[tuple[Database, Database]]:
    """Two copies of the demo station: one imports in this process, the other through the worker."""
    here, apart = (signed_in(open_copy(demo_template.path, tmp_path / name)) for name in ("here", "apart"))
    yield here, apart
    here.close()
    apart.close()


@pytest.fixture
def lowered(monkeypatch: pytest.MonkeyPatch) -> Callable[[bool], None]:
    """Choose the path: the worker from 10 rows, chunks of 7, batches and progress reports of 20 (so writing
    overlaps the checks); or this process only."""
    monkeypatch.setattr(imports, "PROGRESS_STEP", 20)
    monkeypatch.setattr(imports, "CHECK_STEP", 20)
    monkeypatch.setattr(import_worker, "CHUNK_ROWS", 7)
    monkeypatch.setattr(import_worker, "PROCESS_FROM_CPUS", 1)  # this machine may have two

    def choose(worker: bool) -> None:
        monkeypatch.setattr(import_worker, "PROCESS_FROM_ROWS", 10 if worker else 10 ** 9)

    return choose


def stored(db: Database, before: set[str]) -> list[tuple[Any, ...]]:
    """Every client the import added, as stored (its sealed fields opened), in name and number order."""
    with db.read() as session:
        keys = vault(session)
        rows = session.scalars(select(Client).where(Client.id.not_in(before))).all()
        return sorted(tuple(getattr(row, key) for key in PLAIN) + tuple(
            keys.open("client", row.id, field, getattr(row, f"{field}_sealed")) for field in SEALED) for row in rows)


def client_ids(db: Database) -> set[str]:
    with db.read() as session:
        return set(session.scalars(select(Client.id)))


def run(db: Database, table: Table, *, valid_only: bool = True, progress: Callable[[int, int, str], None] | None = None,
        spec: ImportSpec[Any, Any] = SPEC) -> imports.ImportResult:
    with db.write() as session:
        return imports.import_rows(session, spec, table, imports.guess_mapping(spec, table), valid_only=valid_only,
                                   progress=progress)


def broken(_values: dict[str, Any], _lookups: Any) -> Any:
    """A register's ``build`` with a bug (at module level: the worker is sent it by name)."""
    raise KeyError("a bug in the build")


def test_the_worker_stores_what_this_process_stores(stations: tuple[Database, Database], table: Table,
                                                    lowered: Callable[[bool], None]) -> None:
    here, apart = stations
    lowered(True)
    with apart.read() as session:  # the check alone (the import dialog's first step), which needs no worker
        alone = imports.validate(session, SPEC, table, imports.guess_mapping(SPEC, table))
    results, rows, said = [], [], []
    for db, worker in ((here, False), (apart, True)):
        lowered(worker)
        before = client_ids(db)
        texts: list[tuple[int, str]] = []
        results.append(run(db, table, progress=lambda done, _total, text: texts.append((done, text.split()[0]))))
        rows.append(stored(db, before))
        said.append(texts)
        with db.read() as session:
            assert verify_chain(session).ok
    assert results[0] == results[1] and results[0].added == ROWS - 7
    report = results[0].report
    assert (report.rows, report.valid, report.skipped) == (ROWS - 1, ROWS - 7, 1)
    assert {p.row for p in report.problems if p.severity == imports.ERROR} == {5, 7, 14, 25, 33, 59}
    assert {p.row for p in report.problems if p.severity == imports.WARNING} == {40, 46, 52}
    assert alone == report
    assert rows[0] == rows[1] and len(rows[0]) == ROWS - 7
    assert all(row[PLAIN.index("id_blind")] for row in rows[0])
    # Every row is checked before any is written (the count is of the rows written), with the worker too:
    # with only the valid rows asked for, a row accepted may yet be refused by a later one sharing its number.
    assert said[0] == said[1] == [(0, "Checking"), (20, "Checking"), (40, "Checking"), (0, "Importing"),
                                  (20, "Importing"), (40, "Importing")]


def test_the_worker_writes_a_sound_file_as_its_rows_come_back(stations: tuple[Database, Database], tmp_path: Path,
                                                              lowered: Callable[[bool], None]) -> None:
    """All or nothing, the rows are written as they come back, the first batch when only some are checked:
    a problem found later refuses the whole import."""
    table = imports.load_table(write_sheet(tmp_path / "无误.xlsx", CLIENT_HEADER, client_rows(ROWS, REGISTERED)), SPEC)
    _here, apart = stations
    lowered(True)
    said: list[tuple[int, str]] = []
    result = run(apart, table, valid_only=False, progress=lambda done, _total, text: said.append((done, text)))
    assert result.added == ROWS
    first = next(done for done, text in said if text.startswith("Importing"))
    assert 20 <= first < ROWS


def test_the_worker_refuses_a_file_with_errors_and_writes_nothing(stations: tuple[Database, Database], table: Table,
                                                                  lowered: Callable[[bool], None]) -> None:
    here, apart = stations
    refused = []
    for db, worker in ((here, False), (apart, True)):
        lowered(worker)
        before = client_ids(db)
        with pytest.raises(ImportRefused) as caught:
            run(db, table, valid_only=False)
        refused.append(caught.value.report)
        assert client_ids(db) == before
    assert refused[0] == refused[1]


def test_cancelling_the_worker_part_way_writes_nothing_and_ends_it(stations: tuple[Database, Database], table: Table,
                                                                   lowered: Callable[[bool], None]) -> None:
    _here, apart = stations
    lowered(True)

    class Stop(Exception):
        pass

    def progress(_done: int, _total: int, text: str) -> None:
        if text.startswith("Importing"):
            raise Stop

    with apart.read() as session:
        before = session.scalar(select(func.count()).select_from(Client))
    with pytest.raises(Stop):
        run(apart, table, progress=progress)
    with apart.read() as session:
        assert session.scalar(select(func.count()).select_from(Client)) == before
    assert multiprocessing.active_children() == []


def test_a_failure_in_the_worker_fails_the_import(stations: tuple[Database, Database], table: Table,
                                                  lowered: Callable[[bool], None]) -> None:
    _here, apart = stations
    lowered(True)
    before = client_ids(apart)
    with pytest.raises(RuntimeError, match="(?s)worker process failed.*KeyError: 'a bug in the build'"):
        run(apart, table, spec=replace(SPEC, build=broken))
    assert client_ids(apart) == before and multiprocessing.active_children() == []


@pytest.mark.parametrize(("cpus", "rows", "worker"), [(2, 20_000, False), (4, 20_000, True), (4, 19_999, False)])
def test_the_worker_is_used_for_a_large_file_on_a_pc_with_a_core_to_spare(monkeypatch: pytest.MonkeyPatch, cpus: int,
                                                                          rows: int, worker: bool) -> None:
    monkeypatch.setattr(import_worker, "_usable_cpus", lambda: cpus)
    table = Table("Sheet1", 1, ("姓名",), [(n, ("张三",)) for n in range(rows)], False)
    assert import_worker.wanted(SPEC, table) is worker
