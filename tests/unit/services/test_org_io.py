"""The organisations register in spreadsheets: a messy station workbook in each format, reported row
by row and imported cell by cell; exports with labels, real dates and masked phones, read back in."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from desktop.domain.credit_code import make_credit_code
from desktop.i18n import set_locale
from desktop.services import exports, imports, org_io, orgs, signin
from desktop.services.demo import DEMO_ORG_DETAILS
from desktop.services.orgs import OrgQuery, OrgView
from desktop.storage.database import Database
from messy_workbooks import BAD_ROWS, GOOD_ROWS, REGISTERED_CODE, Grid, org_workbook, workbook
from wushe_testing import DEMO_PASSWORD, DemoTemplate, open_copy

SPEC = org_io.IMPORT
MASKED = re.compile(r"1[3-9]\d\*{4}\d{4}")


def signed_in(db: Database, user: str) -> Database:
    signin.sign_in(db, user, DEMO_PASSWORD)
    return db


@pytest.fixture
def clerk(demo: Database) -> Database:
    return signed_in(demo, "lixia")


@pytest.fixture
def empty_register(demo_template: DemoTemplate, tmp_path: Path) -> Iterator[Database]:
    """Another copy of the demo station, its organisations all deleted."""
    folder = tmp_path / "other"
    folder.mkdir()
    db = signed_in(open_copy(demo_template.path, folder), "lixia")
    with db.write() as session:
        for org_id in orgs.list_ids(session):
            orgs.delete(session, org_id)
    yield db
    db.close()


def import_file(db: Database, path: Path, *, valid_only: bool = True) -> imports.ImportResult:
    table = imports.load_table(path, SPEC)
    with db.write() as session:
        return imports.import_rows(session, SPEC, table, imports.guess_mapping(SPEC, table), valid_only=valid_only)


def by_name(db: Database) -> dict[str, OrgView]:
    with db.read() as session:
        return {o.name: o for o in orgs.list_all(session)}


@pytest.mark.parametrize("suffix", [".xlsx", ".xls", ".ods"])
def test_a_messy_workbook_is_reported_at_its_rows(clerk: Database, tmp_path: Path, suffix: str) -> None:
    table = imports.load_table(org_workbook(tmp_path, suffix), SPEC)
    with clerk.read() as session:
        report = imports.validate(session, SPEC, table, imports.guess_mapping(SPEC, table))
    assert (report.sheet, report.header_row, report.rows, report.valid) == ("社会组织", 4, 11, 5)
    assert {(p.row, p.column) for p in report.problems} == set(BAD_ROWS.items())
    messages = {p.row: p.message for p in report.problems}
    assert messages[9] == "“2023.13.1” is not a date; write it as 2023-03-08."
    assert "check character" in messages[10]
    assert messages[11] == "There is no village or community named 幸福村 in the station's list."
    assert messages[12].startswith("“体育类” is not one of: Community service, Charity and public welfare")
    assert messages[13] == "Repeats row 5 of this sheet."  # its name had a trailing space
    assert messages[14] == "青山社区广场舞队 is already registered in this community."
    assert str(report.problems[0]) == "社会组织!9 Founded: “2023.13.1” is not a date; write it as 2023-03-08."


@pytest.mark.parametrize("suffix", [".xlsx", ".xls", ".ods"])
def test_good_rows_arrive_cell_by_cell(clerk: Database, tmp_path: Path, suffix: str) -> None:
    result = import_file(clerk, org_workbook(tmp_path, suffix))
    assert (result.added, result.skipped) == (5, 6)
    found = by_name(clerk)
    first, second, registered, serial, coded = (found[GOOD_ROWS[row]] for row in (5, 6, 8, 15, 16))
    assert (first.community, first.category, first.status, first.founded_on, first.leader, first.leader_phone,
            first.members, first.party_branch, first.brand) == (
        "石桥村", "service", "filed", date(2023, 3, 8), "石秀英", "13923014455", 12, True, False)
    assert (second.community, second.category, second.members, second.leader_phone, second.founded_on,
            second.notes) == ("石桥村", "mutual_aid", 15, "13923014456", date(2023, 3, 8), "")  # merged, full-width
    assert (registered.status, registered.credit_code, registered.party_branch, registered.notes) == (
        "registered", REGISTERED_CODE, True, "每周三活动")
    assert (serial.category, serial.status, serial.founded_on) == ("charity", "incubating", date(2023, 3, 15))
    assert (coded.category, coded.status, coded.founded_on, coded.brand) == (
        "culture_sports", "filed", date(2023, 3, 8), True)


def test_header_variants_and_english_headers_are_recognised(clerk: Database, tmp_path: Path) -> None:
    variants = ["名称", "所属社区", "类别", "状态", "统一社会信用代码", "成立时间", "负责人", "联系电话", "成员数",
                "是否有党组织", "品牌", "备注", "办公地址", "邮编", "年检", "等级", "机构简介"]
    english = ["Name", "Community", "Category", "Status", "Credit code", "Founded", "Leader", "Leader's phone",
               "Members", "Party branch", "Brand organisation", "Notes", "Mailing address", "Postcode",
               "Annual inspection", "Evaluation rating", "Organisation profile"]
    for header in (variants, english):
        path = workbook(tmp_path, ".xlsx", {"表": Grid([header, ["石桥村书法社", "石桥村", "文体类", "备案"]])}, "v")
        table = imports.load_table(path, SPEC)
        assert imports.guess_mapping(SPEC, table) == {c.key: i for i, c in enumerate(SPEC.columns)}


PROPOSAL_HEADER = ["组织名称", "社区", "类别", "登记状态", "通讯地址", "邮政编码", "年度年检结论", "评估等级", "单位简介"]


def test_what_a_proposal_asks_is_read_in_the_words_sheets_use(clerk: Database, tmp_path: Path) -> None:
    rows = [PROPOSAL_HEADER,
            ["石桥村书法社", "石桥村", "文体类", "备案", "青山镇石桥村村委会", 401420, "年检合格", "AAAAA", "每周练字。"],
            ["石桥村舞龙队", "石桥村", "文体类", "备案", "", "０１００１０", "基本合格", "4A级", ""],
            ["石桥村护林队", "石桥村", "公益类", "备案", "", 10010, "未参检", "三A", ""],  # the 0 the sheet dropped
            ["石桥村腰鼓队", "石桥村", "文体类", "备案", "", "", "Unqualified (不合格)", "未评估", ""],
            ["石桥村读书会", "石桥村", "文体类", "备案", "", "", "", "1a", ""],
            ["石桥村象棋社", "石桥村", "文体类", "备案", "", "4014", "", "", ""],  # 9: too short
            ["石桥村钓鱼协会", "石桥村", "文体类", "备案", "", "", "优秀", "", ""],  # 10: not an inspection result
            ["石桥村太极队", "石桥村", "文体类", "备案", "", "", "", "6A", ""]]  # 11: no such grade
    path = workbook(tmp_path, ".xlsx", {"表": Grid(rows)}, "proposal")
    table = imports.load_table(path, SPEC)
    with clerk.read() as session:
        report = imports.validate(session, SPEC, table, imports.guess_mapping(SPEC, table))
    assert {(p.row, p.column) for p in report.problems} == {
        (7, "Postcode"), (8, "Annual inspection"), (9, "Evaluation rating")}
    assert [p.message for p in report.problems][0] == "A postcode has 6 digits."
    expected = {
        "石桥村书法社": ("青山镇石桥村村委会", "401420", "qualified", "5A", "每周练字。"),
        "石桥村舞龙队": ("", "010010", "basically_qualified", "4A", ""),
        "石桥村护林队": ("", "010010", "not_inspected", "3A", ""),
        "石桥村腰鼓队": ("", "", "unqualified", "none", ""),
        "石桥村读书会": ("", "", "", "1A", ""),
    }
    assert import_file(clerk, path).added == len(expected)
    found = by_name(clerk)
    assert {name: (o.address, o.postcode, o.inspection, o.rating, o.profile) for name, o in found.items()
            if name in expected} == expected


def exported(db: Database, path: Path, query: OrgQuery = OrgQuery()) -> list[list[object]]:
    with db.read() as session:
        count = exports.export_xlsx(session, org_io.EXPORT, query, path)
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    assert len(rows) == count + 1
    return rows


def test_export_writes_labels_real_dates_and_yes_no(clerk: Database, tmp_path: Path) -> None:
    rows = exported(clerk, tmp_path / "orgs.xlsx", OrgQuery(status="registered"))
    assert rows[0] == ["Name", "Community", "Category", "Status", "Credit code", "Founded", "Mailing address",
                       "Postcode", "Annual inspection", "Evaluation rating", "Leader", "Leader's phone", "Members",
                       "Party branch", "Brand organisation", "Notes", "Organisation profile"]
    profiles = {name: profile for name, (_address, _inspection, _rating, profile) in DEMO_ORG_DETAILS.items()}
    assert rows[1:] == [
        ["青山镇社区社会组织联合会", "青山社区", "Community governance", "Registered (登记)", make_credit_code("51500110MJP123456"),
         date(2019, 6, 18), "清河县青山镇人民路 18 号便民服务中心三楼", "401420", "Qualified (合格)", "Grade 3A (3A级)",
         "刘桂芳", "13996231108", 23.0, "Yes", "Yes", "", profiles["青山镇社区社会组织联合会"]],
        ["新华社区老年协会", "新华社区", "Mutual aid", "Registered (登记)", make_credit_code("51500110MJP654321"), date(2012, 10, 9),
         "清河县青山镇新华街 57 号新华社区老年活动中心", "401420", "Qualified (合格)", "Grade 4A (4A级)", "黄国平",
         "13883476520", 120.0, "Yes", "No", "", profiles["新华社区老年协会"]]]


@pytest.mark.parametrize("user", ["wangfang", "zhaolei"])
def test_finance_and_viewers_get_masked_phones(demo: Database, tmp_path: Path, user: str) -> None:
    rows = exported(signed_in(demo, user), tmp_path / "orgs.xlsx")
    phones = [row[rows[0].index("Leader's phone")] for row in rows[1:]]
    assert phones and all(MASKED.fullmatch(str(p)) for p in phones)


def test_deleted_ones_are_marked_when_asked_for(clerk: Database, tmp_path: Path) -> None:
    with clerk.write() as session:
        orgs.delete(session, orgs.list_ids(session, OrgQuery(text="广场舞"))[0])
    assert "青山社区广场舞队" not in {r[0] for r in exported(clerk, tmp_path / "live.xlsx")}
    assert "青山社区广场舞队 (deleted)" in {r[0] for r in exported(clerk, tmp_path / "all.xlsx",
                                                                  OrgQuery(include_deleted=True))}


@pytest.mark.parametrize("locale", ["en", "zh_CN"])
def test_an_export_imports_back_into_another_station(clerk: Database, empty_register: Database, tmp_path: Path,
                                                     locale: str) -> None:
    set_locale(locale)
    path = tmp_path / "orgs.xlsx"
    header = exported(clerk, path)[0]
    if locale == "zh_CN":
        assert header[:5] == ["名称", "村（社区）", "类别", "状态", "统一社会信用代码"]
    result = import_file(empty_register, path, valid_only=False)
    assert result.added == len(by_name(clerk))

    def fields(o: OrgView) -> tuple[object, ...]:  # all but ids and the federation, which a sheet cannot link
        return (o.community, o.category, o.status, o.credit_code, o.founded_on, o.leader, o.leader_phone, o.members,
                o.party_branch, o.brand, o.notes, o.address, o.postcode, o.inspection, o.rating, o.profile)

    assert {n: fields(o) for n, o in by_name(empty_register).items()} == {
        n: fields(o) for n, o in by_name(clerk).items()}
