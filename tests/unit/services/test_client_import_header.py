"""Importing a client register with a two-row header (a row of group cells above the real one), a
出生年月 column and two rows sharing an ID number: the header found or chosen, the columns left out
told, a year and month of birth read against the ID number, and rows sharing a number all refused."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from desktop.errors import ValidationError
from desktop.services import client_io, clients, imports
from desktop.storage.database import Database
from grouped_register import BAD, GOOD, HEADER_ROW, LIU_YI, UNREAD, grouped_workbook
from register_io_testing import by_name, checked, import_file, places
from volunteer_testing import signed_in

SPEC = client_io.IMPORT


@pytest.fixture
def clerk(demo: Database) -> Database:
    return signed_in(demo)


@pytest.mark.parametrize("suffix", [".xlsx", ".xls", ".ods"])
def test_the_real_header_is_read_and_the_columns_left_out_are_named(tmp_path: Path, suffix: str) -> None:
    table = imports.load_table(grouped_workbook(tmp_path, suffix), SPEC)
    assert table.header_row == HEADER_ROW  # the title and the group cells above it are not read
    assert [number for number, _cells in table.rows] == sorted([*GOOD, *BAD])
    mapping = imports.guess_mapping(SPEC, table)
    assert table.column_name(mapping["birth_date"]) == "D 出生年月"
    assert imports.unread_columns(table, mapping) == UNREAD


def test_a_header_row_chosen_by_the_user_is_read_instead(tmp_path: Path) -> None:
    path = grouped_workbook(tmp_path)
    groups = imports.load_table(path, SPEC, header_row=2)
    assert groups.header_row == 2 and groups.rows[0][0] == HEADER_ROW  # the real header is now a row of data
    with pytest.raises(ValidationError, match="No sheet column is read for: Full name, Home village or community"):
        imports.check_mapping(SPEC, imports.guess_mapping(SPEC, groups))
    assert imports.load_table(path, SPEC, "台账", HEADER_ROW).header_row == HEADER_ROW
    with pytest.raises(ValidationError, match="Row 30 of the sheet 台账 is empty or past its end") as caught:
        imports.load_table(path, SPEC, header_row=30)
    assert caught.value.field == "header_row"


def test_a_year_and_month_of_birth_are_read_against_the_id_number(clerk: Database, tmp_path: Path) -> None:
    report = checked(clerk, SPEC, grouped_workbook(tmp_path, ".ods"))
    assert (report.rows, report.valid) == (len(GOOD) + len(BAD), len(GOOD))
    told = {(p.row, p.message) for p in report.problems}
    assert (5, "The birth date does not agree with the ID card number (1961-02-02).") in told
    assert (6, "Only the year and month of birth are given (1990-10), and no ID card number gives the day: write "
               "the full birth date.") in told


def test_rows_sharing_an_id_number_are_all_refused_whatever_else_is_wrong(clerk: Database, tmp_path: Path) -> None:
    """Row 7's birth date disagrees with its number; row 8, otherwise sound, has the same number."""
    path = grouped_workbook(tmp_path)
    report = checked(clerk, SPEC, path)
    assert [p.message for p in report.problems if p.row in (7, 8)] == [
        "The birth date does not agree with the ID card number (1964-05-05).", "Repeated by row 8 of this sheet.",
        "Repeats row 7 of this sheet."]
    assert places(report) == {(5, "Birth date"), (6, "Birth date"), (7, "Birth date"), (7, ""), (8, "")}
    result = import_file(clerk, SPEC, path)
    assert (result.added, result.skipped) == (len(GOOD), len(BAD))
    found = by_name(clerk, clients)
    assert set(GOOD.values()) <= set(found) and not set(BAD.values()) & set(found)
    assert found["刘一"].birth_date == date(1960, 1, 1) and found["刘一"].id_masked.endswith(LIU_YI[-4:])
