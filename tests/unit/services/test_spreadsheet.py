"""Reading .xlsx, .xls and .ods workbooks (rows as Excel numbers them, merged ranges filled) and writing
.xlsx (bold frozen header, widths for Chinese, real dates)."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from desktop.errors import ValidationError
from desktop.services.spreadsheet import (Value, cell_text, column_letter, header_key, read_sheet,
                                          sheet_names, write_xlsx)
from messy_workbooks import HEADER, org_workbook

FORMATS = [".xlsx", ".xls", ".ods"]
COMMUNITY = HEADER.index("村（社区）")


@pytest.mark.parametrize("suffix", FORMATS)
def test_each_format_reads_every_row_from_the_top(tmp_path: Path, suffix: str) -> None:
    path = org_workbook(tmp_path, suffix)
    assert sheet_names(path) == ["填表说明", "社会组织"]
    sheet = read_sheet(path, "社会组织")
    assert sheet.rows[0][0] == "青山镇社区社会组织登记表"  # row 1 is rows[0]
    assert [cell_text(c) for c in sheet.rows[3]] == HEADER  # row 4
    assert sheet.rows[4][6] == date(2023, 3, 8)  # a date cell comes back a date
    assert cell_text(sheet.rows[5][8]) == "13923014456"  # a number cell reads without ".0"
    assert sheet.rows[14][6] == 45000


@pytest.mark.parametrize(("suffix", "reported"), [(".xlsx", True), (".xls", True), (".ods", False)])
def test_merged_cells_are_filled_where_the_format_reports_them(tmp_path: Path, suffix: str, reported: bool) -> None:
    sheet = read_sheet(org_workbook(tmp_path, suffix), "社会组织")
    assert sheet.merges_reported is reported
    assert sheet.rows[4][COMMUNITY] == "石桥村"
    assert cell_text(sheet.rows[5][COMMUNITY]) == ("石桥村" if reported else "")  # .ods: the importer fills down
    if reported:
        assert sheet.rows[0][5] == "青山镇社区社会组织登记表"  # the title merged across


def test_header_words_compare_loosely() -> None:
    assert header_key("组织名称（全称）*") == header_key(" 组织名称 ") == "组织名称"
    assert header_key("村（社区）") == header_key("村(社区)")
    assert header_key("Credit Code") == header_key("credit code") == "creditcode"
    assert header_key("（备注）") == "(备注)"  # a header that is all remark keeps it


def test_cells_read_as_people_read_them() -> None:
    assert [cell_text(c) for c in (None, " 石桥村 ", 12.0, 12.5, True, datetime(2023, 3, 8), datetime(2023, 3, 8, 9, 5),
                                   date(2023, 3, 8))] == [
        "", "石桥村", "12", "12.5", "TRUE", "2023-03-08", "2023-03-08 09:05:00", "2023-03-08"]
    assert [column_letter(i) for i in (0, 25, 26, 701, 702)] == ["A", "Z", "AA", "ZZ", "AAA"]


def test_files_that_cannot_be_read_say_so(tmp_path: Path) -> None:
    broken = tmp_path / "登记表.xlsx"
    broken.write_bytes(b"not a workbook")
    for path, words in ((tmp_path / "missing.xlsx", "No such file"), (broken, "登记表.xlsx is not a readable")):
        with pytest.raises(ValidationError) as caught:
            sheet_names(path)
        assert caught.value.field == "file" and words in caught.value.message
    with pytest.raises(ValidationError, match="no sheet named 汇总; it has: 填表说明, 社会组织") as caught:
        read_sheet(org_workbook(tmp_path), "汇总")
    assert caught.value.field == "sheet"


def test_write_xlsx_bold_frozen_header_dates_and_widths(tmp_path: Path) -> None:
    path = tmp_path / "导出.xlsx"
    rows = [["石桥村巾帼志愿服务队", date(2023, 3, 8), 12, None], ["=1+1", None, "", "备注"]]
    assert write_xlsx(path, "社会组织/汇总", ["名称", "成立日期", "成员数", "备注"], rows) == 2
    book = CalamineWorkbook.from_path(str(path))
    assert book.sheet_names == ["社会组织 汇总"]  # "/" cannot be in a sheet name
    assert book.get_sheet_by_index(0).to_python() == [
        ["名称", "成立日期", "成员数", "备注"], ["石桥村巾帼志愿服务队", date(2023, 3, 8), 12.0, ""], ["=1+1", "", "", "备注"]]
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
        styles = archive.read("xl/styles.xml").decode()
    assert 'state="frozen"' in xml and "<f>" not in xml  # text starting with "=" stays text
    assert '<col min="1" max="1" width="22.' in xml  # ten Chinese characters are twenty columns wide, plus room
    assert "<b/>" in styles
    assert list(tmp_path.iterdir()) == [path]  # nothing left beside it


def test_write_xlsx_fails_whole(tmp_path: Path) -> None:
    path = tmp_path / "missing-folder" / "导出.xlsx"
    with pytest.raises(ValidationError) as caught:
        write_xlsx(path, "表", ["名称"], [["甲"]])
    assert caught.value.field == "out" and not path.parent.exists()
    # The file asked for, not the temporary one it is written as first.
    assert caught.value.message == f"Cannot write {path}: No such file or directory"


def test_rows_that_fail_part_way_leave_no_file(tmp_path: Path) -> None:
    def rows() -> Iterator[list[Value]]:
        yield ["甲"]
        raise KeyboardInterrupt  # as a cancelled export stops

    with pytest.raises(KeyboardInterrupt):
        write_xlsx(tmp_path / "导出.xlsx", "表", ["名称"], rows())
    assert list(tmp_path.iterdir()) == []
