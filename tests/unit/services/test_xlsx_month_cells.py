"""Date cells an .xlsx shows as year and month (yyyy"年"m"月", yyyy-mm, mmm-yy) read as a year and month in a
出生年月 column, checked against the ID card number's year and month rather than taken as the 1st, in this
process or the import's worker process, and previewed as the sheet shows them (1990-10); and a birth date
with a two-digit year placed in its century by the ID card number, through a client import."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
import xlsxwriter

from desktop.domain.identity import make_resident_id
from desktop.services import client_io, clients, import_worker, imports
from desktop.services.birth_cells import YearMonth, birth_cell
from desktop.services.spreadsheet import read_sheet
from desktop.services.xlsx_month_cells import MonthDate, month_cells, shows_year_and_month
from desktop.storage.database import Database
from grouped_register import HEADER
from register_io_testing import by_name, checked, import_file, messages
from volunteer_testing import signed_in
from wushe_testing import DemoTemplate, open_copy

DIVISION = "420102"  # no demo record has an ID number from here
ZHAO = make_resident_id(DIVISION, date(1990, 10, 15), 31, True)
QIAN = make_resident_id(DIVISION, date(1991, 3, 20), 32, False)
SUN = make_resident_id(DIVISION, date(1988, 9, 9), 33, True)
LI = make_resident_id(DIVISION, date(1952, 7, 4), 34, False)
ZHOU = make_resident_id(DIVISION, date(1991, 3, 20), 35, False)
WANG = make_resident_id(DIVISION, date(1990, 10, 15), 36, True)
MONTHS = {"yyyy\"年\"m\"月\"": True, "yyyy-mm": True, "mmm-yy": True, "[$-804]yyyy\"年\"m\"月\";@": True,
          "yyyy-mm-dd": False, "yyyy\"年\"m\"月\"d\"日\"": False, "m/d/yyyy": False, "yyyy": False, "h:mm": False,
          "General": False, "0.00": False}


@pytest.mark.parametrize(("code", "month"), MONTHS.items())
def test_which_number_formats_show_a_year_and_month(code: str, month: bool) -> None:
    assert shows_year_and_month(code) is month


def _register(path: Path) -> Path:
    """A client register whose 出生年月 column (D) Excel formats as year and month, a day typed into it
    showing only its month; and a cell of each kind that keeps what it was."""
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("台账")
    month = book.add_format({"num_format": 'yyyy"年"m"月"'})
    other_month = book.add_format({"num_format": "yyyy-mm"})
    built_in = book.add_format({"num_format": 17})  # mmm-yy, named by its number alone
    full = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, HEADER)
    rows = [("赵一", "男", ZHAO, datetime(1990, 10, 1), month),  # 2: the number's 1990-10-15
            ("钱二", "女", QIAN, datetime(1991, 3, 1), other_month),  # 3
            ("孙三", "男", SUN, "88年9月9日", None),  # 4: the number gives the century
            ("李四", "女", LI, datetime(1952, 7, 1), built_in),  # 5
            ("周五", "女", ZHOU, datetime(1991, 4, 1), month),  # 6: a month that disagrees
            ("吴六", "男", "", datetime(1990, 10, 1), month),  # 7: no number to give the day
            ("郑七", "女", "", "88.9.9", None),  # 8: no number to give the century
            ("王八", "男", WANG, datetime(1990, 10, 1), full)]  # 9: a full date is a full date
    for r, (name, gender, number, born, shown) in enumerate(rows, start=1):
        sheet.write_row(r, 0, [name, gender, number])
        if isinstance(born, datetime):
            sheet.write_datetime(r, 3, born, shown)
        else:
            sheet.write_string(r, 3, born)
        sheet.write_row(r, 4, ["", "", "石桥村", "独居老人"])
        sheet.write_datetime(r, 8, datetime(2024, 3, 1), month)  # a consent date shown as a month stays a date
        sheet.write_row(r, 9, ["书面", "汉族"])
    sheet.write_string(1, 11, "1990-10", month)  # text under a month format stays text (a column not read)
    book.close()
    return path


def test_only_the_cells_shown_as_year_and_month_are_marked(tmp_path: Path) -> None:
    path = _register(tmp_path / "台账.xlsx")
    marked = set(month_cells(path, "台账"))
    assert {(r, 3) for r in (1, 2, 4, 5, 6)} <= marked and (8, 3) not in marked and (3, 3) not in marked
    rows = read_sheet(path, "台账").rows
    assert [type(rows[r][3]) for r in (1, 2, 4, 5, 6)] == [MonthDate] * 5
    assert [birth_cell(rows[r][3]) for r in (1, 2, 4)] == [YearMonth(1990, 10), YearMonth(1991, 3), YearMonth(1952, 7)]
    assert type(rows[8][3]) is date and birth_cell(rows[8][3]) == date(1990, 10, 1)
    assert rows[1][11] == "1990-10" and rows[1][8] == date(2024, 3, 1)


def test_a_sheet_with_no_month_format_is_left_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "plain.xlsx"
    book = xlsxwriter.Workbook(str(path))
    book.add_worksheet("表").write_datetime(0, 0, datetime(1990, 10, 1), book.add_format({"num_format": "yyyy-mm-dd"}))
    book.close()
    assert list(month_cells(path, "表")) == [] and type(read_sheet(path, "表").rows[0][0]) is date


def test_a_client_import_reads_them_against_the_id_number(demo: Database, tmp_path: Path) -> None:
    clerk = signed_in(demo)
    path = _register(tmp_path / "台账.xlsx")
    report = checked(clerk, client_io.IMPORT, path)
    assert messages(report) == {
        6: "The birth date does not agree with the ID card number (1991-03-20).",
        7: "Only the year and month of birth are given (1990-10), and no ID card number gives the day: write the "
           "full birth date.",
        8: "“88.9.9” gives the year in two digits: write it in four, as in 1988-09-09.",
        9: "The birth date does not agree with the ID card number (1990-10-15).",
    }
    assert import_file(clerk, client_io.IMPORT, path).added == 4
    found = by_name(clerk, clients)
    assert [found[name].birth_date for name in ("赵一", "钱二", "孙三", "李四")] == [
        date(1990, 10, 15), date(1991, 3, 20), date(1988, 9, 9), date(1952, 7, 4)]


def test_the_preview_shows_a_month_cell_as_the_sheet_shows_it(tmp_path: Path) -> None:
    table = imports.load_table(_register(tmp_path / "台账.xlsx"), client_io.IMPORT)
    born = [c.key for c in client_io.IMPORT.columns].index("birth_date")
    shown = [row.values[born] for row in imports.preview(client_io.IMPORT, table,
                                                         imports.guess_mapping(client_io.IMPORT, table))]
    assert shown == ["1990-10", "1991-03", "88年9月9日", "1952-07", "1991-04", "1990-10", "88.9.9", "1990-10-01"]


def test_a_worker_process_reads_month_cells_as_this_one_does(demo_template: DemoTemplate, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Through the import's worker process (thresholds lowered): the cells cross its pipe as ``MonthDate``,
    so the report and the birth dates stored are this process's."""
    monkeypatch.setattr(import_worker, "PROCESS_FROM_ROWS", 2)
    monkeypatch.setattr(import_worker, "PROCESS_FROM_CPUS", 1)
    table = imports.load_table(_register(tmp_path / "台账.xlsx"), client_io.IMPORT)
    assert import_worker.wanted(client_io.IMPORT, table)
    clerk = signed_in(open_copy(demo_template.path, tmp_path / "db"))
    with clerk.write() as session:
        result = imports.import_rows(session, client_io.IMPORT, table, imports.guess_mapping(client_io.IMPORT, table),
                                     valid_only=True)
    assert result.added == 4 and {p.row for p in result.report.problems} == {6, 7, 8, 9}
    assert "(1990-10)" in next(p.message for p in result.report.problems if p.row == 7)
    found = by_name(clerk, clients)
    assert [found[name].birth_date for name in ("赵一", "钱二", "李四")] == [
        date(1990, 10, 15), date(1991, 3, 20), date(1952, 7, 4)]
    clerk.close()
