"""Spreadsheets as stations keep them, generated in .xlsx (XlsxWriter), .xls (xlwt) and .ods (odfpy):
title rows above the header, header variants, merged community cells, blank rows, dates written
every which way (and shown in a format of their own, as a year and month), full-width digits, trailing
spaces, Chinese yes/no, and rows that must fail."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import xlsxwriter
import xlwt
from odf.number import DateStyle, Day, Month, Text, Year
from odf.opendocument import OpenDocumentSpreadsheet
from odf.style import Style
from odf.table import CoveredTableCell, Table, TableCell, TableRow
from odf.text import P

from desktop.domain.credit_code import make_credit_code

Value = str | int | float | bool | date | None
Merge = tuple[int, int, int, int]  # first row, first column, last row, last column (0-based, inclusive)
Shown = str | int  # a number format code, or a built-in format's number (17: mmm-yy)
DAY = "yyyy-mm-dd"  # how a date cell is shown unless the grid says otherwise
BUILT_IN = {17: "mmm-yy"}  # the built-in formats a grid names by number, for the writers that need their code


@dataclass
class Grid:
    rows: list[list[Value]]
    merges: list[Merge] = field(default_factory=list)
    formats: dict[tuple[int, int], Shown] = field(default_factory=dict)  # (row, column) → its format, not DAY

    def shown(self, row: int, column: int, value: Value) -> Shown | None:
        """The number format of a cell: its own, DAY for another date, None for the rest."""
        return self.formats.get((row, column), DAY if isinstance(value, date) else None)

    def covered(self, row: int, column: int) -> bool:
        """Inside a merged range but not its top-left cell."""
        return any(r1 <= row <= r2 and c1 <= column <= c2 and (row, column) != (r1, c1)
                   for r1, c1, r2, c2 in self.merges)

    def merge_at(self, row: int, column: int) -> Merge | None:
        return next((m for m in self.merges if m[:2] == (row, column)), None)


REGISTERED_CODE = make_credit_code("51500110MJP999999")
HEADER = ["序号", "组织名称", "村（社区）", "类型", "登记状态", "信用代码", "成立日期", "负责人", "负责人电话", "人数",
          "党支部", "品牌", "备注"]


def org_grid() -> Grid:
    """The township's register: 6 good rows and 6 bad ones, each bad row wrong in one way."""
    blank = [None] * len(HEADER)
    rows: list[list[Value]] = [
        ["青山镇社区社会组织登记表", *blank[1:]],  # 1: title, merged across
        ["填报单位：青山镇社会工作服务站　　填报日期：2026年1月", *blank[1:]],  # 2
        list(blank),  # 3
        HEADER,  # 4
        [1, "石桥村巾帼志愿服务队 ", "石桥村", "服务类", "备案", "", date(2023, 3, 8), "石秀英", "139 2301 4455", 12, "是",
         "否", ""],  # 5: community merged over 5–6
        [2, "石桥村老年互助会", None, "互助", "已备案", "", "2023.3.8", "石大勇", 13923014456, "１５", "有", "无", "　"],
        list(blank),  # 7: a blank row inside the data
        [3, "青山社区书画协会", "青山社区", "文体类", "登记", REGISTERED_CODE, "2023年3月8日", "陈墨", "", 30, "√", "",
         "每周三活动"],  # 8
        [4, "河滨社区读书会", "河滨社区", "文体", "备案", "", "2023.13.1", "", "", "", "", "", ""],  # 9: bad date
        [5, "新华社区调解会", "新华社区", "治理类", "登记", "51500110MJP1234567", "", "", "", "", "", "", ""],  # 10: code
        [6, "幸福村志愿队", "幸福村", "服务类", "备案", "", "", "", "", "", "", "", ""],  # 11: unknown community
        [7, "桂花村篮球队", "桂花村", "体育类", "备案", "", "", "", "", "", "", "", ""],  # 12: unknown category
        [8, "石桥村巾帼志愿服务队", "石桥村", "服务类", "备案", "", "", "", "", "", "", "", ""],  # 13: repeats row 5
        [9, "青山社区广场舞队", "青山社区", "文体类", "备案", "", "", "", "", "", "", "", ""],  # 14: already registered
        [10, "白云村护河队", "白云村", "公益慈善类", "培育中", "", 45000, "", "", "", "", "", ""],  # 15: Excel serial
        [11, "龙泉村夕阳红合唱团", "龙泉村", "culture_sports", "filed", "", "2023/3/8", "", "", "", "否", "√", ""],
    ]
    return Grid(rows, merges=[(0, 0, 0, len(HEADER) - 1), (4, 2, 5, 2)])


GOOD_ROWS = {5: "石桥村巾帼志愿服务队", 6: "石桥村老年互助会", 8: "青山社区书画协会", 15: "白云村护河队",
             16: "龙泉村夕阳红合唱团"}
BAD_ROWS = {9: "Founded", 10: "Credit code", 11: "Community", 12: "Category", 13: "", 14: "Name"}


def write_xlsx(path: Path, sheets: dict[str, Grid]) -> Path:
    book = xlsxwriter.Workbook(str(path))
    formats: dict[Shown, xlsxwriter.format.Format] = {}
    for name, grid in sheets.items():
        page = book.add_worksheet(name)
        for r, row in enumerate(grid.rows):
            for c, value in enumerate(row):
                shown = grid.shown(r, c, value)
                if shown is not None and shown not in formats:
                    formats[shown] = book.add_format({"num_format": shown})
                style = formats.get(shown) if shown is not None else None
                merge = grid.merge_at(r, c)
                if merge:
                    page.merge_range(*merge, "" if value is None else value, style)
                elif value is None or grid.covered(r, c):
                    continue
                elif isinstance(value, date):
                    page.write_datetime(r, c, value, style)
                else:
                    page.write(r, c, value, style)
    book.close()
    return path


def write_xls(path: Path, sheets: dict[str, Grid]) -> Path:
    book = xlwt.Workbook(encoding="utf-8")
    formats: dict[Shown, xlwt.XFStyle] = {}
    for name, grid in sheets.items():
        page = book.add_sheet(name)
        for r, row in enumerate(grid.rows):
            for c, value in enumerate(row):
                merge = grid.merge_at(r, c)
                shown = grid.shown(r, c, value)
                if shown is not None and shown not in formats:
                    formats[shown] = xlwt.easyxf(num_format_str=BUILT_IN[shown] if isinstance(shown, int) else shown)
                style = formats[shown] if shown is not None else xlwt.Style.default_style
                if merge:
                    page.write_merge(merge[0], merge[2], merge[1], merge[3], value, style)
                elif value is not None and not grid.covered(r, c):
                    page.write(r, c, value, style)
    book.save(str(path))
    return path


# The parts of a number format code, as an .ods date style writes them: "text", years, months, days, a character
_CODE_PARTS = re.compile(r'"([^"]*)"|(y+)|(m+)|(d+)|(.)')


def _ods_date_style(document: OpenDocumentSpreadsheet, shown: Shown) -> str:
    """The cell style showing a date as the number format ``shown`` does, added to ``document``; its name."""
    name = f"ce{len(document.automaticstyles.childNodes) + 1}"
    code = BUILT_IN[shown] if isinstance(shown, int) else shown
    data = DateStyle(name=f"N{name}")
    for text, year, month, day, other in _CODE_PARTS.findall(code.lower()):
        if year or month or day:
            length = "long" if len(year or month or day) in (2, 4) else "short"
            data.addElement(Year(style=length) if year else Day(style=length) if day else
                            Month(textual="true") if len(month) == 3 else Month(style=length))
        else:
            data.addElement(Text(text=text or other))
    document.automaticstyles.addElement(data)
    document.automaticstyles.addElement(Style(name=name, family="table-cell", datastylename=f"N{name}"))
    return name


def _ods_cell(value: Value, style: str | None = None, **span: int) -> TableCell:
    if style is not None:
        span = {**span, "stylename": style}  # type: ignore[dict-item]
    if value is None or value == "":
        return TableCell(**span)
    if isinstance(value, bool):
        cell = TableCell(valuetype="boolean", booleanvalue=str(value).lower(), **span)
    elif isinstance(value, date):
        cell = TableCell(valuetype="date", datevalue=value.isoformat(), **span)
    elif isinstance(value, int | float):
        cell = TableCell(valuetype="float", value=value, **span)
    else:
        cell = TableCell(valuetype="string", **span)
    cell.addElement(P(text=str(value)))
    return cell


def write_ods(path: Path, sheets: dict[str, Grid]) -> Path:
    """Merged ranges as spanned cells over covered ones (calamine does not report them for .ods)."""
    document = OpenDocumentSpreadsheet()
    styles: dict[Shown, str] = {}
    for name, grid in sheets.items():
        table = Table(name=name)
        for r, row in enumerate(grid.rows):
            line = TableRow()
            for c, value in enumerate(row):
                merge = grid.merge_at(r, c)
                shown = grid.formats.get((r, c))  # another date as calamine reads any: with no style
                if shown is not None and shown not in styles:
                    styles[shown] = _ods_date_style(document, shown)
                style = styles[shown] if shown is not None else None
                if grid.covered(r, c):
                    line.addElement(CoveredTableCell())
                elif merge:
                    line.addElement(_ods_cell(value, style, numberrowsspanned=merge[2] - merge[0] + 1,
                                              numbercolumnsspanned=merge[3] - merge[1] + 1))
                else:
                    line.addElement(_ods_cell(value, style))
            table.addElement(line)
        document.spreadsheet.addElement(table)
    document.save(str(path))
    return path


WRITERS: dict[str, Callable[[Path, dict[str, Grid]], Path]] = {
    ".xlsx": write_xlsx, ".xls": write_xls, ".ods": write_ods}


def workbook(folder: Path, suffix: str, sheets: dict[str, Grid], stem: str = "登记表") -> Path:
    return WRITERS[suffix](folder / f"{stem}{suffix}", sheets)


def org_workbook(folder: Path, suffix: str = ".xlsx") -> Path:
    """The messy register as the second sheet, after a sheet of notes with no header."""
    notes = Grid([["说明：本表由各村（社区）填报，汇总后报镇社工站。"], [datetime(2026, 1, 5, 9, 30)]])
    return workbook(folder, suffix, {"填表说明": notes, "社会组织": org_grid()})


def plain_org_grid(count: int) -> Grid:
    """``count`` valid organisations under a one-line header, spread over the demo communities."""
    communities = ["青山社区", "河滨社区", "新华社区", "石桥村", "双河村", "桂花村", "白云村", "龙泉村", "红岩村", "柏林村"]
    rows: list[list[Value]] = [["名称", "社区", "类别", "状态", "成立时间"]]
    rows += [[f"互助小组{i:06d}", communities[i % len(communities)], "互助", "备案", date(2020, 1, 1 + i % 28)]
             for i in range(count)]
    return Grid(rows)
