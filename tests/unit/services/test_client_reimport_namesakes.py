"""A client register exported and imported again (issue 5, trial finding): the ID numbers come back masked and
refuse their rows, and a client without one is refused too, since nothing on file tells the row from her — the
import would register her twice. Namesakes elsewhere are told of once each, by the name on file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from case_testing import as_user
from desktop.services import client_io, clients
from desktop.services.clients import ClientInput, ClientQuery
from desktop.storage.database import Database
from messy_workbooks import Grid, workbook
from register_io_testing import checked, exported, messages, warnings
from wushe_testing import community_ids

BORN = date(1950, 6, 1)


def _add(db: Database, name: str, village: str, birth: date | None = None) -> None:
    with db.write() as session:
        clients.add(session, ClientInput(name, community_ids(db)[village], "resident_id", "", "female", birth,
                                         target_groups=("elderly_alone",), registered_on=date(2024, 1, 5)))


def test_an_export_imported_again_registers_nobody_twice(demo: Database, tmp_path: Path) -> None:
    head = as_user(demo, "admin")
    _add(head, "空巢测试", "石桥村")
    rows = exported(head, client_io.EXPORT, tmp_path / "出.xlsx", ClientQuery(community_id=community_ids(head)["石桥村"]))
    report = checked(head, client_io.IMPORT, tmp_path / "出.xlsx")
    assert report.valid == 0 and report.rows == len(rows) - 1
    row = next(number for number, line in enumerate(rows[1:], start=2) if line[0] == "空巢测试")
    assert messages(report)[row] == ("空巢测试 is already a client of this village or community; give the ID number "
                                     "or the birth date if this is another person.")


def test_namesakes_are_told_of_by_the_name_on_file_and_once_each(demo: Database, tmp_path: Path) -> None:
    head = as_user(demo, "admin")
    for name in ("歐陽曉雯", "欧阳晓雯"):
        _add(head, name, "石桥村", BORN)
    _add(head, "钱无号", "河滨社区")  # no ID number, no birth date on file
    header = ["姓名", "性别", "出生日期", "村(社区)", "类别"]
    grid = Grid([header, ["欧阳晓雯", "女", BORN, "双河村", "独居老人"],  # 2: namesakes elsewhere
                 ["欧阳晓雯", "女", BORN, "石桥村", "独居老人"],  # 3: nothing tells her from them
                 ["钱无号", "女", BORN, "河滨社区", "独居老人"]])  # 4: her birth date may tell her apart
    report = checked(head, client_io.IMPORT, workbook(tmp_path, ".xlsx", {"表": grid}))
    assert messages(report) == {3: "欧阳晓雯, born 1950-06-01, is already a client of this village or community; "
                                   "give the ID number if this is another person."}
    assert [p.message for p in report.problems if p.row == 2] == [
        "歐陽曉雯, born the same day, is already a client (石桥村); check that this is another person.",
        "欧阳晓雯, born the same day, is already a client (石桥村); check that this is another person."]
    assert warnings(report)[4] == ("钱无号 is already a client of this village or community with no ID number on "
                                   "file; check that this is another person.")
