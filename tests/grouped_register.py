"""A client register as stations keep it: a title, a row of group cells (基本信息 / 联系方式 / 归属, each
merged over its columns, 联系方式 itself a phone header word) above the real header, a 出生年月 column
written as year and month, a column the register has no place for (民族), and two rows sharing an ID
number, the first with a birth date that disagrees with it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from desktop.domain.identity import make_resident_id
from messy_workbooks import Grid, Value, workbook

DIVISION = "420102"  # no demo record has an ID number from here
LIU_YI = make_resident_id(DIVISION, date(1960, 1, 1), 11, True)
LIU_ER = make_resident_id(DIVISION, date(1961, 2, 2), 12, False)
LIU_WU = make_resident_id(DIVISION, date(1964, 5, 5), 13, True)
LIU_QI = make_resident_id(DIVISION, date(1975, 6, 7), 14, False)
HEADER = ["姓名", "性别", "身份证号", "出生年月", "联系电话", "家庭住址", "所属村社区", "服务对象类别", "同意日期", "同意方式",
          "民族"]
UNREAD = ["K 民族"]
HEADER_ROW = 3
GOOD = {4: "刘一", 9: "刘七"}
BAD = {5: "刘二", 6: "何芳", 7: "刘五", 8: "刘六"}


def _row(name: str, gender: str, number: str, born: Value, community: str = "石桥村") -> list[Value]:
    return [name, gender, number, born, "", "", community, "独居老人", date(2024, 3, 1), "书面", "汉族"]


def grouped_grid() -> Grid:
    blank: list[Value] = [None] * len(HEADER)
    rows: list[list[Value]] = [
        ["青山镇社工站服务对象台账（2026年）", *blank[1:]],  # 1: title, merged across
        ["基本信息", None, None, None, "联系方式", None, "归属", None, "其他", None, None],  # 2: groups, merged
        HEADER,  # 3
        _row("刘一", "男", LIU_YI, "1960-01"),  # 4: the year and month agree with the number
        _row("刘二", "女", LIU_ER, "1961.03"),  # 5: they do not
        _row("何芳", "女", "", "1990-10", "双河村"),  # 6: no number to give the day
        _row("刘五", "男", LIU_WU, date(1970, 1, 1)),  # 7: the date disagrees with the number
        _row("刘六", "男", LIU_WU, "1964年5月"),  # 8: the number of row 7 again
        _row("刘七", "女", LIU_QI, "197506"),  # 9
    ]
    return Grid(rows, merges=[(0, 0, 0, len(HEADER) - 1), (1, 0, 1, 3), (1, 4, 1, 5), (1, 6, 1, 7), (1, 8, 1, 9)])


def grouped_workbook(folder: Path, suffix: str = ".xlsx") -> Path:
    return workbook(folder, suffix, {"台账": grouped_grid()}, "服务对象台账")
