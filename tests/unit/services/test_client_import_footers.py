"""The signature lines under a station's register (制表人：李霞  审核人：) are no record: skipped like its
合计 line, said so in the report and counted in its summary, not refused as a client without a name."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from client_testing import ID_NUMBER
from desktop.services import client_io
from desktop.services.non_records import FOOTER, TOTAL, not_a_record
from desktop.storage.database import Database
from messy_workbooks import Grid, Value, workbook
from register_io_testing import checked, import_file, messages, warnings
from volunteer_testing import signed_in
from wushe_testing import DemoTemplate, open_copy

HEADER = ["序号", "姓名", "身份证号", "所属村(社区)", "同意日期", "同意方式", "备注"]
DAY = date(2024, 3, 1)


@pytest.fixture
def clerk(demo_template: DemoTemplate, tmp_path: Path) -> Iterator[Database]:
    db = signed_in(open_copy(demo_template.path, tmp_path))
    yield db
    db.close()


def test_what_is_no_record() -> None:
    assert not_a_record(["制表人：李霞", "", "审核人："], 1) == ("制表人：李霞 审核人：", FOOTER)
    assert not_a_record(["", "填报单位: 石桥村委会"], 1) == ("填报单位: 石桥村委会", FOOTER)
    assert not_a_record(["合计", "3人"], 1) == ("合计 3人", TOTAL)
    assert not_a_record(["合  计", "1人"], 1) == ("合  计 1人", TOTAL)  # spaced out to fill a wide cell
    assert not_a_record(["", "\u3000总\u3000计：1人"], 1) == ("总\u3000计：1人", TOTAL)
    assert not_a_record(["制 表 人：李霞"], 1) == ("制 表 人：李霞", FOOTER)
    assert not_a_record(["1", "负责人"], 1) is None  # a name, or a column's word, without the colon
    assert not_a_record(["制表人：李霞"], 1, ID_NUMBER) is None  # a line with an ID number is a record


@pytest.mark.parametrize("suffix", [".xlsx", ".ods"])
def test_signature_lines_are_skipped_and_counted(clerk: Database, tmp_path: Path, suffix: str) -> None:
    blank: list[Value] = [None] * len(HEADER)
    grid = Grid([
        HEADER,
        [1, "宋德海", ID_NUMBER, "石桥村", DAY, "书面", None],  # 2
        ["合计", "1人", *blank[2:]],  # 3
        ["制表人：李霞", None, None, "审核人：", None, None, None],  # 4: 审核人 in the community column
        ["填报单位：石桥村委会", None, None, None, "联系电话：023-48612345", None, None],  # 5
    ])
    path = workbook(tmp_path, suffix, {"服务对象": grid})
    report = checked(clerk, client_io.IMPORT, path)
    assert (report.rows, report.valid, report.skipped, messages(report)) == (1, 1, 3, {})
    assert warnings(report) == {
        3: "The sheet's total (“合计 1人”), not a record: skipped.",
        4: "A signature line (“制表人：李霞 审核人：”), not a record: skipped.",
        5: "A signature line (“填报单位：石桥村委会 联系电话：023-48612345”), not a record: skipped."}
    assert report.summary() == ("Sheet 服务对象, header on row 1: 1 rows, 1 valid, 0 with problems. "
                                "3 lines of totals or signatures skipped.")
    assert import_file(clerk, client_io.IMPORT, path, valid_only=False).added == 1
