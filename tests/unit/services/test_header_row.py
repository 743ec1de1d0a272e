"""Which row of a sheet is its header: the row, among the first ten with anything in them, naming the
most of the register's columns (each counted once), so a title and a row of group cells above the real
header are passed over; or the row the user chose."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.errors import ValidationError
from desktop.services import client_io, org_io
from desktop.services.header_row import HEADER_CANDIDATES, best_header, chosen_header
from desktop.services.spreadsheet import Cell, Sheet, read_sheet
from grouped_register import HEADER_ROW, grouped_workbook
from messy_workbooks import org_workbook

CLIENT_WORDS = client_io.IMPORT.header_words()


def sheet(*rows: list[Cell]) -> Sheet:
    return Sheet("表", [list(row) for row in rows], True)


@pytest.mark.parametrize("suffix", [".xlsx", ".xls", ".ods"])
def test_the_header_is_found_under_a_title_and_group_cells(tmp_path: Path, suffix: str) -> None:
    """联系方式, a phone header word, merged over two cells of the group row (filled in .xlsx and .xls)
    names one column: the real header under it names eight."""
    found = read_sheet(grouped_workbook(tmp_path, suffix), "台账")
    assert best_header(found, CLIENT_WORDS, 2) == HEADER_ROW - 1


@pytest.mark.parametrize("suffix", [".xlsx", ".xls", ".ods"])
def test_the_header_is_found_under_title_rows(tmp_path: Path, suffix: str) -> None:
    found = read_sheet(org_workbook(tmp_path, suffix), "社会组织")
    assert best_header(found, org_io.IMPORT.header_words(), 2) == 3


def test_each_column_counts_once_and_the_first_row_wins_a_tie() -> None:
    grouped = sheet(["联系方式", "联系方式", "联系方式"],  # one column named three times
                    ["姓名", "电话", ""],
                    ["姓名", "手机", "备注"],
                    ["姓名", "手机", "备注"])
    assert best_header(grouped, CLIENT_WORDS, 2) == 2
    assert best_header(grouped, CLIENT_WORDS, 4) is None  # no row names four


def test_only_the_first_rows_with_anything_in_them_are_looked_at() -> None:
    notes = [[f"填表说明第{n}条"] for n in range(HEADER_CANDIDATES - 1)]
    header = ["姓名", "性别", "社区"]
    assert best_header(sheet(*notes, [], [], header), CLIENT_WORDS, 2) == HEADER_CANDIDATES + 1  # blank lines pass
    assert best_header(sheet(*notes, ["又一条说明"], header), CLIENT_WORDS, 2) is None


def test_a_chosen_header_must_be_a_row_with_something_in_it() -> None:
    found = sheet(["标题"], [], ["姓名", "社区"])
    assert chosen_header(found, 1) == 0 and chosen_header(found, 3) == 2
    for row in (0, 2, 4):
        with pytest.raises(ValidationError, match=f"Row {row} of the sheet 表 is empty or past its end") as caught:
            chosen_header(found, row)
        assert caught.value.field == "header_row"
