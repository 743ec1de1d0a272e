"""Date cells a workbook shows as year and month (yyyy"年"m"月", yyyy-mm, mmm-yy) — in an .xlsx's number formats,
an .xls's (read with xlrd) or an .ods's date styles — read as a year and month in a 出生年月 column, checked against
the ID card number's year and month rather than taken as the 1st, in this process or the import's worker process,
and previewed as the sheet shows them (1990-10); a consent date shown so refused, a consent being dated to the day;
and a birth date with a two-digit year placed in its century by the ID card number, through a client import;
any other date shown so kept as its cell holds it, with a warning."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from odf.number import DateStyle, Month, Text, Year
from odf.opendocument import OpenDocumentSpreadsheet
from odf.style import Style
from odf.table import CoveredTableCell, Table, TableCell, TableColumn, TableRow

from desktop.domain.identity import make_resident_id
from desktop.services import client_io, clients, import_worker, imports, maintenance, org_io, orgs
from desktop.services.birth_cells import YearMonth, birth_cell
from desktop.services.spreadsheet import MONTH_CELLS, read_sheet
from desktop.services.xlsx_month_cells import MonthDate, shows_year_and_month
from desktop.storage.database import Database
from grouped_register import HEADER
from messy_workbooks import Grid, workbook
from register_io_testing import by_name, checked, import_file, messages, warnings
from volunteer_testing import signed_in
from wushe_testing import DemoTemplate, open_copy

DIVISION = "420102"  # no demo record has an ID number from here
ZHAO = make_resident_id(DIVISION, date(1990, 10, 15), 31, True)
QIAN = make_resident_id(DIVISION, date(1991, 3, 20), 32, False)
SUN = make_resident_id(DIVISION, date(1988, 9, 9), 33, True)
LI = make_resident_id(DIVISION, date(1952, 7, 4), 34, False)
ZHOU = make_resident_id(DIVISION, date(1991, 3, 20), 35, False)
WANG = make_resident_id(DIVISION, date(1990, 10, 15), 36, True)
FENG = make_resident_id(DIVISION, date(1985, 6, 2), 37, False)
MONTHS = {"yyyy\"年\"m\"月\"": True, "yyyy-mm": True, "mmm-yy": True, "[$-804]yyyy\"年\"m\"月\";@": True,
          "yyyy-mm-dd": False, "yyyy\"年\"m\"月\"d\"日\"": False, "m/d/yyyy": False, "yyyy": False, "h:mm": False,
          "General": False, "0.00": False}
MONTH = 'yyyy"年"m"月"'
FORMATS = (".xlsx", ".xls", ".ods")
BORN, CONSENT = 3, 8  # columns D and I


@pytest.mark.parametrize(("code", "month"), MONTHS.items())
def test_which_number_formats_show_a_year_and_month(code: str, month: bool) -> None:
    assert shows_year_and_month(code) is month


def _register(folder: Path, suffix: str = ".xlsx") -> Path:
    """A client register whose 出生年月 column (D) shows year and month, a day typed into it showing only its
    month; a consent date shown so (row 10); and a cell of each kind that keeps what it was."""
    people = [("赵一", "男", ZHAO, date(1990, 10, 1), MONTH),  # 2: the number's 1990-10-15
              ("钱二", "女", QIAN, date(1991, 3, 1), "yyyy-mm"),  # 3
              ("孙三", "男", SUN, "88年9月9日", None),  # 4: the number gives the century
              ("李四", "女", LI, date(1952, 7, 1), 17),  # 5: mmm-yy, an .xlsx names it by its number alone
              ("周五", "女", ZHOU, date(1991, 4, 1), MONTH),  # 6: a month that disagrees
              ("吴六", "男", "", date(1990, 10, 1), MONTH),  # 7: no number to give the day
              ("郑七", "女", "", "88.9.9", None),  # 8: no number to give the century
              ("王八", "男", WANG, date(1990, 10, 1), None),  # 9: a full date is a full date
              ("冯九", "女", FENG, date(1985, 6, 2), None)]  # 10: its consent date shown as a month
    grid = Grid([list(HEADER)])
    for r, (name, gender, number, born, shown) in enumerate(people, start=1):
        grid.rows.append([name, gender, number, born, "", "", "石桥村", "独居老人", date(2024, 3, 8), "书面", "汉族"])
        if shown is not None:
            grid.formats[r, BORN] = shown
    grid.rows[-1][CONSENT] = date(2024, 3, 1)
    grid.formats[len(people), CONSENT] = MONTH
    grid.rows[1].append("1990-10")  # text under a month format stays text (a column not read)
    grid.formats[1, len(HEADER)] = MONTH
    return workbook(folder, suffix, {"台账": grid}, stem="台账")


@pytest.mark.parametrize("suffix", FORMATS)
def test_only_the_cells_shown_as_year_and_month_are_marked(tmp_path: Path, suffix: str) -> None:
    path = _register(tmp_path, suffix)
    marked = set(MONTH_CELLS[suffix](path, "台账"))
    assert {(r, BORN) for r in (1, 2, 4, 5, 6)} | {(9, CONSENT)} <= marked
    assert not marked & {(8, BORN), (3, BORN), (1, CONSENT)}
    rows = read_sheet(path, "台账").rows
    assert [type(rows[r][BORN]) for r in (1, 2, 4, 5, 6)] == [MonthDate] * 5
    assert [birth_cell(rows[r][BORN]) for r in (1, 2, 4)] == [YearMonth(1990, 10), YearMonth(1991, 3), YearMonth(1952, 7)]
    assert type(rows[8][BORN]) is date and birth_cell(rows[8][BORN]) == date(1990, 10, 1)
    assert rows[1][len(HEADER)] == "1990-10" and type(rows[1][CONSENT]) is date


@pytest.mark.parametrize("suffix", FORMATS)
def test_a_sheet_with_no_month_format_is_left_as_it_was(tmp_path: Path, suffix: str) -> None:
    path = workbook(tmp_path, suffix, {"表": Grid([[date(1990, 10, 1)]])})
    assert list(MONTH_CELLS[suffix](path, "表")) == [] and type(read_sheet(path, "表").rows[0][0]) is date


def test_an_ods_column_formatted_as_months_marks_its_dates(tmp_path: Path) -> None:
    """As LibreOffice saves a column formatted as a whole: the column's default style, which its cells do not
    repeat; cells and rows written once with a repeat count, a merged range, and a sheet before this one."""
    document = OpenDocumentSpreadsheet()
    month = DateStyle(name="N1")
    for part in (Year(style="long"), Text(text="年"), Month(), Text(text="月")):
        month.addElement(part)
    document.automaticstyles.addElement(month)
    document.automaticstyles.addElement(Style(name="ce1", family="table-cell", datastylename="N1"))
    document.spreadsheet.addElement(Table(name="说明"))
    sheet = Table(name="台账")
    sheet.addElement(TableColumn(numbercolumnsrepeated=2))
    sheet.addElement(TableColumn(defaultcellstylename="ce1", numbercolumnsrepeated=2))  # C and D
    sheet.addElement(TableColumn(numbercolumnsrepeated=1020))

    def dated(day: date, **more: object) -> TableCell:
        return TableCell(valuetype="date", datevalue=day.isoformat(), **more)

    rows = [[TableCell(numbercolumnsspanned=2), CoveredTableCell(), dated(date(1990, 10, 1)), TableCell()],  # 1
            [TableCell(numbercolumnsrepeated=2), dated(date(1991, 3, 1), numbercolumnsrepeated=2)],  # 2: C and D
            [dated(date(2024, 3, 8)), TableCell(), TableCell(), dated(date(1952, 7, 1))]]  # 3, 4, 5: repeated
    for number, cells in enumerate(rows):
        line = TableRow(numberrowsrepeated=3) if number == 2 else TableRow()
        for cell in cells:
            line.addElement(cell)
        sheet.addElement(line)
    document.spreadsheet.addElement(sheet)
    path = tmp_path / "台账.ods"
    document.save(str(path))
    assert sorted(MONTH_CELLS[".ods"](path, "台账")) == [(0, 2), (1, 2), (1, 3), (2, 3), (3, 3), (4, 3)]
    read = read_sheet(path, "台账").rows
    assert type(read[2][0]) is date and [type(read[r][3]) for r in (1, 2, 3, 4)] == [MonthDate] * 4


@pytest.mark.parametrize("suffix", FORMATS)
def test_a_client_import_reads_them_against_the_id_number(demo: Database, tmp_path: Path, suffix: str) -> None:
    clerk = signed_in(demo)
    path = _register(tmp_path, suffix)
    report = checked(clerk, client_io.IMPORT, path)
    assert messages(report) == {
        6: "The birth date does not agree with the ID card number (1991-03-20).",
        7: "Only the year and month of birth are given (1990-10), and no ID card number gives the day: write the "
           "full birth date.",
        8: "“88.9.9” gives the year in two digits: write it in four, as in 1988-09-09.",
        9: "The birth date does not agree with the ID card number (1990-10-15).",
        10: "The consent date gives the year and month only (2024-03): a consent is dated to the day; write the "
            "full date, as in 2024-03-08.",
    }
    assert import_file(clerk, client_io.IMPORT, path).added == 4
    found = by_name(clerk, clients)
    assert [found[name].birth_date for name in ("赵一", "钱二", "孙三", "李四")] == [
        date(1990, 10, 15), date(1991, 3, 20), date(1988, 9, 9), date(1952, 7, 4)]
    assert {found[name].consent.given_on for name in ("赵一", "钱二", "孙三", "李四")} == {date(2024, 3, 8)}


@pytest.mark.parametrize("suffix", FORMATS)
def test_the_preview_shows_a_month_cell_as_the_sheet_shows_it(tmp_path: Path, suffix: str) -> None:
    table = imports.load_table(_register(tmp_path, suffix), client_io.IMPORT)
    keys = [c.key for c in client_io.IMPORT.columns]
    shown = [(row.values[keys.index("birth_date")], row.values[keys.index("consent_on")])
             for row in imports.preview(client_io.IMPORT, table, imports.guess_mapping(client_io.IMPORT, table))]
    assert [born for born, _consent in shown] == [
        "1990-10", "1991-03", "88年9月9日", "1952-07", "1991-04", "1990-10", "88.9.9", "1990-10-01", "1985-06-02"]
    assert [consent for _born, consent in shown] == ["2024-03-08"] * 8 + ["2024-03"]


def test_a_worker_process_reads_month_cells_as_this_one_does(demo_template: DemoTemplate, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Through the import's worker process (thresholds lowered): the cells cross its pipe as ``MonthDate``,
    so the report and the birth dates stored are this process's."""
    monkeypatch.setattr(import_worker, "PROCESS_FROM_ROWS", 2)
    monkeypatch.setattr(import_worker, "PROCESS_FROM_CPUS", 1)
    table = imports.load_table(_register(tmp_path), client_io.IMPORT)
    assert import_worker.wanted(client_io.IMPORT, table)
    clerk = signed_in(open_copy(demo_template.path, tmp_path / "db"))
    with clerk.write() as session:
        result = imports.import_rows(session, client_io.IMPORT, table, imports.guess_mapping(client_io.IMPORT, table),
                                     valid_only=True)
    assert result.added == 4 and {p.row for p in result.report.problems} == {6, 7, 8, 9, 10}
    assert "(1990-10)" in next(p.message for p in result.report.problems if p.row == 7)
    found = by_name(clerk, clients)
    assert [found[name].birth_date for name in ("赵一", "钱二", "李四")] == [
        date(1990, 10, 15), date(1991, 3, 20), date(1952, 7, 4)]
    clerk.close()


@pytest.mark.parametrize("suffix", FORMATS)
def test_another_date_shown_as_a_month_is_kept_as_held_and_warned_of(demo: Database, tmp_path: Path,
                                                                      suffix: str) -> None:
    """A 成立时间 column shown as year and month: each date is recorded as its cell holds it (the 1st, or a day
    the format hides), with a warning naming the month shown and the day recorded; a full date is not warned of."""
    clerk = signed_in(demo)
    header = ["组织名称", "所属社区", "类别", "状态", "成立时间"]
    grid = Grid([header, ["石桥村夕阳红互助会", "石桥村", "互助", "备案", date(2019, 5, 1)],
                 ["石桥村邻里调解会", "石桥村", "互助", "备案", date(2019, 5, 20)],
                 ["石桥村书香读书会", "石桥村", "互助", "备案", date(2018, 4, 9)]])
    grid.formats[1, 4] = grid.formats[2, 4] = "yyyy-mm"
    path = workbook(tmp_path, suffix, {"组织": grid}, stem="组织")
    assert warnings(checked(clerk, org_io.IMPORT, path)) == {
        2: "The sheet shows the year and month only (2019-05); the date the cell holds, 2019-05-01, is recorded: "
           "check the day.",
        3: "The sheet shows the year and month only (2019-05); the date the cell holds, 2019-05-20, is recorded: "
           "check the day."}
    assert import_file(clerk, org_io.IMPORT, path, valid_only=False).added == 3
    with clerk.read() as session:
        founded = {org.name: org.founded_on for org in orgs.list_all(session)}
    assert [founded[name] for name in ("石桥村夕阳红互助会", "石桥村邻里调解会", "石桥村书香读书会")] == [
        date(2019, 5, 1), date(2019, 5, 20), date(2018, 4, 9)]
    assert maintenance.check(clerk).ok
