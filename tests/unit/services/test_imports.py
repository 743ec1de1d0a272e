"""The import engine, with the register of organisations as its user: finding the sheet and header,
the column mapping, the preview, and an import that is all or nothing unless told otherwise."""

from __future__ import annotations

import gc
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from desktop.errors import ValidationError, WusheError
from desktop.services import imports, org_io, orgs, signin
from desktop.services.cell_parsers import whole_number
from desktop.services.guard import PermissionDenied
from desktop.services.imports import ImportRefused, Table
from desktop.services.orgs import OrgInput
from desktop.storage.database import Database
from desktop.storage.models import AuditEntry, ChangeLogEntry, SocialOrg
from bulk_testing import statements_run
from messy_workbooks import GOOD_ROWS, HEADER, org_workbook, plain_org_grid, workbook
from wushe_testing import DEMO_PASSWORD

SPEC = org_io.IMPORT


@pytest.fixture
def clerk(demo: Database) -> Database:
    signin.sign_in(demo, "lixia", DEMO_PASSWORD)  # a caseworker keeps the registers
    return demo


@pytest.fixture
def messy(tmp_path: Path) -> Table:
    return imports.load_table(org_workbook(tmp_path), SPEC)


def written(db: Database) -> tuple[int, int, int]:
    """Organisations, audit entries and change-log rows: what any write would add to."""
    with db.read() as session:
        return tuple(session.scalar(select(func.count()).select_from(t)) or 0  # type: ignore[return-value]
                     for t in (SocialOrg, AuditEntry, ChangeLogEntry))


def names(db: Database) -> set[str]:
    with db.read() as session:
        return {o.name for o in orgs.list_all(session)}


def test_the_sheet_with_a_header_is_found_below_its_title(messy: Table) -> None:
    assert (messy.sheet, messy.header_row) == ("社会组织", 4)  # the notes sheet before it has no header
    assert [number for number, _cells in messy.rows] == [5, 6, *range(8, 17)]  # the blank row 7 is left out
    assert messy.column_name(2) == "C 村（社区）"


def test_a_named_sheet_without_a_header_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="found in the sheet 填表说明") as caught:
        imports.load_table(org_workbook(tmp_path), SPEC, "填表说明")
    assert caught.value.field == "sheet"
    with pytest.raises(ValidationError, match="No sheet of 登记表.xlsx has a header"):
        imports.load_table(workbook(tmp_path, ".xlsx", {"空表": plain_org_grid(0)}, "登记表"), replace(
            SPEC, min_header_matches=6))


def test_columns_are_mapped_from_header_variants_and_can_be_overridden(messy: Table) -> None:
    mapping = imports.guess_mapping(SPEC, messy)
    # 序号 in column A is not read; the sheet has no columns for what a proposal asks (address…), the last ones.
    assert mapping == {c.key: i for i, c in enumerate(SPEC.columns[:len(HEADER) - 1], start=1)}
    assert [imports.sheet_column(messy, ref) for ref in ("C", "c", "3", "村(社区)", "负责人电话")] == [2, 2, 2, 2, 8]
    with pytest.raises(ValidationError, match="no column 联系人; its columns are: A 序号, B 组织名称"):
        imports.sheet_column(messy, "联系人")
    with pytest.raises(ValidationError, match="No sheet column is read for: Name, Status") as caught:
        imports.check_mapping(SPEC, {k: v for k, v in mapping.items() if k not in ("name", "status")})
    assert caught.value.field == "mapping"


@pytest.mark.parametrize("suffix", [".xlsx", ".ods"])
def test_preview_shows_the_first_rows_with_merged_cells_filled_down(tmp_path: Path, suffix: str) -> None:
    table = imports.load_table(org_workbook(tmp_path, suffix), SPEC)
    rows = imports.preview(SPEC, table, imports.guess_mapping(SPEC, table), limit=3)
    assert [(r.row, r.values[0], r.values[1]) for r in rows] == [
        (5, "石桥村巾帼志愿服务队", "石桥村"), (6, "石桥村老年互助会", "石桥村"), (8, "青山社区书画协会", "青山社区")]
    assert rows[0].values[5] == "2023-03-08"


def test_rows_with_problems_refuse_the_whole_import(clerk: Database, messy: Table) -> None:
    before = written(clerk)
    with pytest.raises(ImportRefused) as caught, clerk.write() as session:
        imports.import_rows(session, SPEC, messy, imports.guess_mapping(SPEC, messy))
    assert caught.value.report.invalid == 6
    assert caught.value.message.startswith("6 rows have problems, so nothing was imported.")
    assert written(clerk) == before


def test_valid_only_imports_just_the_good_rows(clerk: Database, messy: Table) -> None:
    with clerk.write() as session:
        result = imports.import_rows(session, SPEC, messy, imports.guess_mapping(SPEC, messy), valid_only=True)
    assert (result.added, result.skipped, result.report.rows) == (5, 6, 11)
    assert set(GOOD_ROWS.values()) <= names(clerk)
    assert "河滨社区读书会" not in names(clerk)


def test_a_failure_part_way_writes_nothing(clerk: Database, messy: Table) -> None:
    added: list[str] = []

    def add_then_fail(session: Any, data: OrgInput) -> object:
        if len(added) == 2:
            raise ValidationError("name", "the disk is full")
        added.append(data.name)
        return orgs.add(session, data)

    before = written(clerk)
    with pytest.raises(WusheError, match="社会组织!8: the disk is full Nothing was imported"), clerk.write() as s:
        imports.import_rows(s, replace(SPEC, add=add_then_fail, add_many=None), messy,
                            imports.guess_mapping(SPEC, messy), valid_only=True)
    assert len(added) == 2 and written(clerk) == before


def test_cancelling_part_way_writes_nothing(clerk: Database, messy: Table, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(imports, "PROGRESS_STEP", 2)
    seen: list[str] = []

    class Stop(Exception):
        pass

    def progress(done: int, total: int, text: str) -> None:
        seen.append(text)
        if text.startswith("Importing") and done:
            raise Stop

    before = written(clerk)
    with pytest.raises(Stop), clerk.write() as session:
        imports.import_rows(session, SPEC, messy, imports.guess_mapping(SPEC, messy), valid_only=True,
                            progress=progress)
    assert seen[0] == "Checking row 1 of 11…" and seen[-1] == "Importing row 8 (2 of 5)…"
    assert written(clerk) == before


def test_a_run_parses_each_cell_once_and_keeps_equal_numbers_of_other_types_apart(clerk: Database) -> None:
    parsed: list[object] = []

    def counted(cell: Any) -> object:
        parsed.append(cell)
        return whole_number(cell)

    spec = replace(SPEC, columns=tuple(replace(c, parse=counted) if c.key == "members" else c for c in SPEC.columns))
    cells: list[Any] = [1, 1.0, True, 1, 1.0, True, "12"]
    rows = [(i + 2, [f"测试互助会{i}", "石桥村", "互助", "备案", cell]) for i, cell in enumerate(cells)]
    table = Table("表", 1, ("组织名称", "所属社区", "类别", "状态", "成员数"), rows, True)
    with clerk.read() as session:
        report = imports.validate(session, spec, table, imports.guess_mapping(spec, table))
    # A refused cell is not kept: each is refused in turn; the blank read in its place is parsed once.
    assert parsed == [1, 1.0, True, "", True, "12"]
    assert [p.row for p in report.problems] == [4, 7]  # TRUE is no count


def test_the_cycle_collector_rests_while_rows_are_checked_and_wakes_after(clerk: Database, messy: Table) -> None:
    collecting: list[bool] = []

    def build(values: dict[str, Any], lookups: Any) -> OrgInput:
        collecting.append(gc.isenabled())
        return SPEC.build(values, lookups)

    with pytest.raises(ImportRefused), clerk.write() as session:
        imports.import_rows(session, replace(SPEC, build=build), messy, imports.guess_mapping(SPEC, messy))
    assert collecting and not any(collecting)
    assert gc.isenabled()


def test_only_those_who_keep_the_registers_import(demo: Database, messy: Table) -> None:
    signin.sign_in(demo, "zhaolei", DEMO_PASSWORD)  # viewer
    with demo.read() as session:
        assert imports.validate(session, SPEC, messy, imports.guess_mapping(SPEC, messy)).valid == 5
    with pytest.raises(PermissionDenied), demo.write() as session:
        imports.import_rows(session, SPEC, messy, imports.guess_mapping(SPEC, messy), valid_only=True)


@pytest.fixture
def statements(clerk: Database) -> Iterator[list[str]]:
    with statements_run(clerk) as executed:
        yield executed


def test_checking_costs_the_same_queries_for_20_rows_or_400(clerk: Database, tmp_path: Path,
                                                            statements: list[str]) -> None:
    counts = []
    for size in (20, 400):
        table = imports.load_table(workbook(tmp_path, ".xlsx", {"表": plain_org_grid(size)}, f"n{size}"), SPEC)
        statements.clear()
        with clerk.read() as session:
            assert imports.validate(session, SPEC, table, imports.guess_mapping(SPEC, table)).valid == size
        counts.append(len(statements))
    assert counts[0] == counts[1] <= 5


@pytest.mark.slow
def test_200000_rows_are_read_and_checked_in_linear_time(clerk: Database, tmp_path: Path) -> None:
    timings = []
    for size in (20_000, 200_000):
        table = imports.load_table(workbook(tmp_path, ".xlsx", {"表": plain_org_grid(size)}, f"n{size}"), SPEC)
        started = time.perf_counter()
        with clerk.read() as session:
            report = imports.validate(session, SPEC, table, imports.guess_mapping(SPEC, table))
        timings.append(time.perf_counter() - started)
        assert (report.rows, report.valid) == (size, size)
    assert timings[1] < timings[0] * 10 * 2  # ten times the rows, well under twenty times the time
