"""Names written in traditional characters, as old paper registers have them (issue 5, T5c): a search in
either script finds them, an import takes a village written in the other script (with a warning) and folds
namesakes, and 0032 refolds the keys of the names already on file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from case_testing import add_client, as_user
from desktop.errors import ValidationError
from desktop.services import client_io, clients, communities
from desktop.services.clients import ClientInput, ClientQuery
from desktop.services.communities import CommunityInput
from desktop.services.import_links import community_id, community_ids, script_warnings
from desktop.services.imports import WARNING
from desktop.storage.database import Database, make_engine, sqlite_url
from desktop.storage.migrate import upgrade
from desktop.storage.naming import name_keys
from messy_workbooks import Grid, workbook
from register_io_testing import checked, import_file, messages
from wushe_testing import DemoTemplate, community_ids as villages, open_copy
from migration_testing import downgrade_to


def names(db: Database, search: str) -> list[str]:
    with db.read() as session:
        return [view.name for view in clients.list_all(session, ClientQuery(text=search))]


def test_a_search_folds_traditional_characters_on_both_sides(demo: Database) -> None:
    as_user(demo, "admin")
    add_client(demo, "陳麗華")
    add_client(demo, "张丽华")
    assert names(demo, "陈丽华") == ["陳麗華"]
    assert names(demo, "丽华") == ["陳麗華", "张丽华"]
    assert names(demo, "張麗華") == ["张丽华"]  # a query typed in traditional characters finds the simplified name
    assert names(demo, "陳麗") == ["陳麗華"]
    assert names(demo, "clh") == ["陳麗華"]
    with demo.read() as session:  # the full name, as ``wushe report client --client`` takes it
        assert clients.find(session, "陈丽华") == clients.find(session, "陳麗華")
        assert clients.get(session, clients.find(session, "張麗華")).name == "张丽华"


def test_simplified_names_keep_their_pinyin_keys() -> None:
    assert name_keys("张三", True)[1] == "zs zhangsan"
    assert name_keys("曾建华", True)[1].split()[-1] == "zengjianhua"
    assert "zjh" in name_keys("曾建华", True)[1].split()
    assert name_keys("陳麗華", True)[1] == "陈丽华\x1fclh chenlihua"
    assert name_keys("曾建華", True)[0] == name_keys("曾建华", True)[0]  # sorted as its simplified spelling


def test_an_import_takes_the_village_written_in_the_other_script(demo: Database) -> None:
    """石橋村 in an old register is the list's 石桥村; a spelling two listed names share is refused, naming both."""
    with as_user(demo, "admin").write() as session:
        for name in ("陳家灣", "陈家湾"):
            communities.add(session, CommunityInput(name, "rural", 800))
    with demo.read() as session:
        listed = community_ids(session)
    assert community_id(listed, "石橋村", "community") == community_id(listed, "石桥村", "community")
    assert script_warnings(listed, {"community": " 石橋村"}, "community") == [
        ("community", "“ 石橋村” is recorded as the station's 石桥村: the same name in traditional or simplified "
                      "characters.")]
    assert script_warnings(listed, {"community": "石桥村"}, "community") == []
    assert community_id(listed, "陳家灣", "community") != community_id(listed, "陈家湾", "community")
    with pytest.raises(ValidationError) as refused:
        community_id(listed, "陳家湾", "community")
    assert refused.value.message == ("There is no village or community named 陳家湾 in the station's list. "
                                     "The list has 陳家灣, 陈家湾: write the name as the list does.")


def test_a_client_import_folds_scripts_in_villages_and_namesakes(demo: Database, tmp_path: Path) -> None:
    """A row of 龍泉村 is imported into 龙泉村 with a warning; 陳麗華 born the day 陈丽华 was is her namesake, and
    two such rows without ID numbers in one village repeat each other."""
    clerk = as_user(demo, "admin")
    born = date(1951, 3, 8)
    with clerk.write() as session:
        clients.add(session, ClientInput("陈丽华", villages(clerk)["石桥村"], "resident_id", "", "female", born,
                                         target_groups=("elderly_alone",), registered_on=date(2024, 1, 5)))
    header = ["姓名", "性别", "出生日期", "村(社区)", "类别", "登记日期"]
    grid = Grid([header, ["陳麗華", "女", born, "龍泉村", "独居老人", date(2024, 3, 8)],
                 ["張秀英", "女", date(1948, 2, 29), "石橋村", "低保", date(2024, 3, 8)],
                 ["张秀英", "女", date(1948, 2, 29), "石桥村", "低保", date(2024, 3, 8)]])
    path = workbook(tmp_path, ".xlsx", {"登记": grid})
    report = checked(clerk, client_io.IMPORT, path)
    assert messages(report) == {3: "Repeated by row 4 of this sheet.", 4: "Repeats row 3 of this sheet."}
    said = [p.message for p in report.problems if p.row == 2 and p.severity == WARNING]
    assert said == ["“龍泉村” is recorded as the station's 龙泉村: the same name in traditional or simplified characters.",
                    "陈丽华, born the same day, is already a client (石桥村); check that this is another person."]
    assert import_file(clerk, client_io.IMPORT, path).added == 1
    with clerk.read() as session:
        assert [view.community for view in clients.list_all(session, ClientQuery(text="陈丽华"))] == ["石桥村", "龙泉村"]
        assert len(clients.similar(session, "陳麗華", born)) == 2
        assert len(clients.similar(session, " 陈 丽华 ", born)) == 2  # spaced as typed, stored without them


def test_0032_refolds_the_keys_already_on_file(demo_template: DemoTemplate, tmp_path: Path) -> None:
    db = as_user(open_copy(demo_template.path, tmp_path), "admin")
    client = add_client(db, "陳麗華")
    path = db.path
    with db.write() as session:  # as the keys were before 0032
        session.execute(text("UPDATE client SET name_search = 'clh chenlihua' WHERE id = :id"), {"id": client})
    db.close()
    downgrade_to(path, "0031")
    upgrade(path)
    engine = make_engine(sqlite_url(path))
    try:
        with engine.connect() as conn:
            assert conn.execute(text("SELECT name_search FROM client WHERE id = :id"), {"id": client}).scalar() == (
                "陈丽华\x1fclh chenlihua")
    finally:
        engine.dispose()
