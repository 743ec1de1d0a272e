"""The client register in spreadsheets: a station's messy register (title rows, a merged community cell,
an old 15-digit ID number, repeats within the file and of clients already registered, bad rows) checked
row by row; all or nothing unless only the valid rows are asked for; consent stated for a whole file;
exports with every ID number masked, read back into another station."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.domain.consent import Consent
from desktop.domain.id_documents import mask_id_number
from desktop.domain.identity import make_resident_id, upgrade_legacy_id
from desktop.i18n import _, set_locale
from desktop.services import client_io, clients, records
from desktop.services.clients import ClientQuery, ClientView
from desktop.services.guard import PermissionDenied
from desktop.services.imports import ImportRefused
from desktop.services.spreadsheet import column_letter
from desktop.storage.database import Database
from desktop.storage.models import Client
from client_testing import BIRTH, CHILD_ID, ID_NUMBER, TODAY, demo_client
from messy_workbooks import Grid, Value, workbook
from register_io_testing import (by_name, checked, exported, header_notes, import_file, messages, places,
                                 warnings)
from volunteer_testing import signed_in
from wushe_testing import DemoTemplate, open_copy

SPEC = client_io.IMPORT
MASKED_ID = re.compile(r"\d{4}\*{10}[\dX]{4}")
MASKED_MOBILE = re.compile(r"1[3-9]\d\*{4}\d{4}")
LEGACY_ID = "500110580312024"  # first-generation: born 1958-03-12, a woman (even sequence)
SISTER_ID = make_resident_id("510105", date(TODAY.year - 9, 1, 1), 15, False)
SU_ID = make_resident_id("510105", date(1965, 1, 1), 16, False)
RELATION = "Guardian's relation to the client"
HEADER = ["序号", "姓名", "性别", "身份证号", "出生日期", "联系电话", "家庭住址", "所属村(社区)", "服务对象类别",
          "监护人", "监护人关系", "监护人电话", "登记日期", "同意日期", "同意方式", "备注"]


@pytest.fixture
def clerk(demo: Database) -> Database:
    return signed_in(demo)


@pytest.fixture
def empty_register(demo_template: DemoTemplate, tmp_path: Path) -> Iterator[Database]:
    """Another copy of the demo station with every client tombstoned (their demo cases left as they are)."""
    db = signed_in(open_copy(demo_template.path, tmp_path / "other"))
    with db.write() as session:
        for row in session.scalars(select(Client)):
            records.tombstone(session, row)
    yield db
    db.close()


def row(number: int, name: str, id_number: Value, community: str | None = "青山社区", *, gender: str = "",
        birth: Value = None, phone: Value = "", address: str = "", groups: str = "", guardian: str = "",
        relation: str = "", guardian_phone: str = "", registered: Value = date(2024, 3, 1),
        consent: Value = date(2024, 3, 1), method: str = "书面", notes: str = "") -> list[Value]:
    return [number, name, gender, id_number, birth, phone, address, community, groups, guardian, relation,
            guardian_phone, registered, consent, method, notes]


def client_grid() -> Grid:
    blank: list[Value] = [None] * len(HEADER)
    wrong_check = ID_NUMBER[:-1] + ("0" if ID_NUMBER[-1] != "0" else "1")
    zeng, zeng_id = demo_client("曾建华")
    wang, _id = demo_client("王桂英")
    yang, _id = demo_client("杨淑华")
    rows: list[list[Value]] = [
        ["青山镇社会工作服务站服务对象花名册", *blank[1:]],  # 1: title, merged across
        ["填报单位：青山镇社会工作服务站", *blank[1:]],  # 2
        HEADER,  # 3
        row(1, "宋德海", ID_NUMBER, "石桥村", gender="男", birth=BIRTH, phone="139 2301 7788",
            address="青山镇石桥村七组 41 号", groups="独居老人、低保"),  # 4: community merged over 4–5
        row(2, "邱桂兰", LEGACY_ID, None, gender="女", groups="空巢老人/残疾人", consent="2024年3月8日", method="口头",
            registered="2024/3/8"),  # 5: an old 15-digit number
        list(blank),  # 6
        row(3, "宋小花", CHILD_ID, groups="留守儿童"),  # 7: a child without a guardian
        row(4, "宋小兰", SISTER_ID, "桂花村", groups="留守儿童", guardian="宋秀兰", relation="祖母",
            guardian_phone="13923017799"),  # 8
        row(5, "宋德江", wrong_check),  # 9: wrong check digit
        row(6, "苏芳", SU_ID, birth=date(1965, 2, 1)),  # 10: the birth date disagrees with the number
        row(7, "苏芳", SU_ID, birth=date(1965, 1, 1)),  # 11: the number of row 10 again; neither comes in
        row(8, "曾建华", zeng_id, "双河村"),  # 12: already a client
        row(9, "钟磊", "", phone="13923015512", consent=None, method=""),  # 13: a phone without consent
        row(10, "马秀", "", groups="贫困户"),  # 14: not a target group
        row(11, wang.name, "", "河滨社区", birth=wang.birth(TODAY)),  # 15: a namesake born the same day, elsewhere
        row(12, yang.name, "", yang.community, birth=yang.birth(TODAY)),  # 16: the same person, no ID to tell
        row(13, "郝红", "", phone="139****7788"),  # 17: a masked phone, as an export writes it
    ]
    assert zeng.community == "双河村"
    return Grid(rows, merges=[(0, 0, 0, len(HEADER) - 1), (3, 7, 4, 7)])


GOOD = {4: "宋德海", 5: "邱桂兰", 8: "宋小兰", 15: "王桂英", 17: "郝红"}
BAD = {7: "Guardian", 9: "ID card number", 10: "Birth date", 11: "", 12: "ID card number", 13: "Consent date",
       14: "Target groups", 16: "Full name"}  # and row 10, repeated by row 11, as a whole


def sheet(folder: Path, grid: Grid, suffix: str = ".xlsx") -> Path:
    return workbook(folder, suffix, {"服务对象": grid}, "服务对象花名册")


def holder(db: Database, id_number: str) -> ClientView:
    """The one live client with this ID number (its masked form and tail are unique in these tests)."""
    with db.read() as session:
        found = [v for v in clients.list_all(session, ClientQuery(text=id_number[-4:]))
                 if v.id_masked == mask_id_number(id_number)]
    assert len(found) == 1
    return found[0]


@pytest.mark.parametrize("suffix", [".xlsx", ".xls", ".ods"])
def test_bad_rows_and_repeats_are_reported_at_their_rows(clerk: Database, tmp_path: Path, suffix: str) -> None:
    report = checked(clerk, SPEC, sheet(tmp_path, client_grid(), suffix))
    assert (report.header_row, report.rows, report.valid) == (3, len(GOOD) + len(BAD), len(GOOD))
    # A row's problems all at once: the child's missing guardian, its relation and the consent they must give.
    assert places(report) == set(BAD.items()) | {(7, RELATION), (10, "")}
    assert [p.message for p in report.problems if p.row == 7] == [
        "The client is under 18: enter the guardian's name.", "Enter how the guardian is related to the client.",
        "The person was under 14 on the consent date: the guardian must give the consent."]
    found = messages(report)
    assert "check digit" in found[9]
    assert [p.message for p in report.problems if p.row == 10] == [
        "The birth date does not agree with the ID card number (1965-01-01).", "Repeated by row 11 of this sheet."]
    assert found[11] == "Repeats row 10 of this sheet."
    _zeng, zeng_id = demo_client("曾建华")
    assert found[12] == f"This ID number is already registered to the client 曾建华 ({mask_id_number(zeng_id)})."
    assert found[13].startswith("Sensitive personal information (Phone) needs the person's consent")
    assert found[14].startswith("“贫困户” is not one of")
    assert found[16].startswith("杨淑华, born ") and "give the ID number if this is another person" in found[16]
    assert warnings(report) == {
        5: f"An old 15-digit ID card number, upgraded to the 18-character number "
           f"{upgrade_legacy_id(LEGACY_ID)}.",
        15: "王桂英, born the same day, is already a client (青山社区); check that this is another person.",
        17: "“139****7788” is masked, so it was left out; write it in full to import it."}


def test_a_row_refused_tells_its_warnings_with_its_errors(clerk: Database, tmp_path: Path) -> None:
    """An old ID number's upgrade and a masked phone were told only once the row's error was fixed."""
    rows: list[list[Value]] = [HEADER, row(1, "邱桂兰", LEGACY_ID, gender="女", groups="贫困户", phone="139****7788")]
    report = checked(clerk, SPEC, sheet(tmp_path, Grid(rows)))
    assert report.valid == 0
    assert [(p.column, p.severity, p.message[:30]) for p in report.problems] == [
        ("Target groups", "error", "“贫困户” is not one of: Elderly l"),
        ("Contact phone", "warning", "“139****7788” is masked, so it"),
        ("ID card number", "warning", "An old 15-digit ID card number"),
    ]


def test_a_minor_without_guardian_or_consent_hears_of_both_at_once(clerk: Database, tmp_path: Path) -> None:
    """The consent missing used to hide the guardian missing until the consent was put in."""
    rows: list[list[Value]] = [HEADER, row(1, "宋小花", CHILD_ID, groups="留守儿童", consent=None, method="")]
    report = checked(clerk, SPEC, sheet(tmp_path, Grid(rows)))
    assert [(p.column, p.message) for p in report.problems] == [
        ("Consent date", "Sensitive personal information (ID number) needs the person's consent: give its date and "
                         "method in the sheet, or state one consent for the whole file."),
        ("Guardian", "The client is under 18: enter the guardian's name."),
        (RELATION, "Enter how the guardian is related to the client.")]


def test_nothing_is_imported_while_a_row_has_an_error(clerk: Database, tmp_path: Path) -> None:
    before = set(by_name(clerk, clients))
    with pytest.raises(ImportRefused, match="8 rows have problems"):
        import_file(clerk, SPEC, sheet(tmp_path, client_grid()), valid_only=False)
    assert set(by_name(clerk, clients)) == before and "宋德海" not in before


def test_only_the_valid_rows_when_asked(clerk: Database, tmp_path: Path) -> None:
    result = import_file(clerk, SPEC, sheet(tmp_path, client_grid(), ".ods"))
    assert (result.added, result.skipped) == (len(GOOD), len(BAD))
    song, legacy, sister = (holder(clerk, n) for n in (ID_NUMBER, upgrade_legacy_id(LEGACY_ID), SISTER_ID))
    assert (song.name, song.gender, song.birth_date, song.phone, song.address, song.community, song.target_groups,
            song.registered_on, song.consent) == (
        "宋德海", "male", BIRTH, "13923017788", "青山镇石桥村七组 41 号", "石桥村", ("elderly_alone", "dibao"),
        date(2024, 3, 1), Consent(date(2024, 3, 1), "written"))
    assert (legacy.name, legacy.community, legacy.gender, legacy.birth_date, legacy.target_groups, legacy.consent) == (
        "邱桂兰", "石桥村", "female", date(1958, 3, 12), ("elderly_alone", "disabled"),
        Consent(date(2024, 3, 8), "oral"))
    assert (sister.guardian_name, sister.guardian_relation, sister.guardian_phone, sister.consent) == (
        "宋秀兰", "祖母", "13923017799", Consent(date(2024, 3, 1), "written", "guardian", "宋秀兰", "祖母"))
    masked = by_name(clerk, clients)["郝红"]
    assert (masked.phone, masked.consent) == ("", Consent(date(2024, 3, 1), "written"))
    with clerk.read() as session:
        assert len(clients.list_ids(session, ClientQuery(text="王桂英"))) == 2  # the namesake came in, warned about


def test_a_sheet_without_consent_columns_needs_the_consent_stated_for_the_whole_file(clerk: Database,
                                                                                    tmp_path: Path) -> None:
    grid = Grid([["姓名", "身份证号码", "手机", "社区", "监护人", "监护人关系"],
                 ["宋德海", ID_NUMBER, "13923017788", "石桥村", "", ""],
                 ["宋小兰", SISTER_ID, "", "桂花村", "宋秀兰", "祖母"],
                 ["郝红", "", "", "青山社区", "", ""]])
    path = sheet(tmp_path, grid, ".xls")
    assert places(checked(clerk, SPEC, path)) == {(2, "Consent date"), (3, "Consent date")}
    assert messages(checked(clerk, SPEC, path))[3].startswith("A guardian is named but no consent is recorded")
    stated = Consent(date(2024, 5, 1), "written")
    assert import_file(clerk, client_io.with_consent(stated), path, valid_only=False).added == 3
    found = by_name(clerk, clients)
    assert found["宋德海"].consent == stated and found["郝红"].consent is None
    assert found["宋小兰"].consent == Consent(date(2024, 5, 1), "written", "guardian", "宋秀兰", "祖母")


def test_target_groups_in_one_cell_however_they_are_written() -> None:
    assert client_io.target_groups("独居/空巢老人、低保；残疾人") == ("elderly_alone", "dibao", "disabled")
    assert client_io.target_groups("低保/特困, 优抚对象") == ("dibao", "tekun", "youfu")
    assert client_io.target_groups("Elderly living alone or empty-nest (独居/空巢老人)") == ("elderly_alone",)
    assert client_io.target_groups("") == ()


@pytest.mark.parametrize("user", ["admin", "lixia"])
def test_exports_mask_every_id_number(demo: Database, tmp_path: Path, user: str) -> None:
    rows = exported(signed_in(demo, user), client_io.EXPORT, tmp_path / "c.xlsx", ClientQuery())
    header = rows[0]
    ids = [r[header.index("ID card number")] for r in rows[1:] if r[header.index("ID card number")]]
    phones = [r[header.index("Contact phone")] for r in rows[1:] if r[header.index("Contact phone")]]
    assert len(ids) == len(rows) - 2 and all(MASKED_ID.fullmatch(str(number)) for number in ids)
    # masked as the screen's list shows them, for the roles that may reveal them too (client_listing)
    assert phones and all(MASKED_MOBILE.fullmatch(str(phone)) for phone in phones)


def test_an_export_with_masked_ids_gives_only_the_year_of_birth(clerk: Database, tmp_path: Path) -> None:
    """The masked number's four digits, the birth date and the station's division code would give the
    whole number back."""
    rows = exported(clerk, client_io.EXPORT, tmp_path / "c.xlsx", ClientQuery())
    header, views = rows[0], by_name(clerk, clients)
    assert "Birth date" not in header
    year = header.index("Year of birth")
    assert header_notes(tmp_path / "c.xlsx") == {f"{column_letter(year)}1": (
        "The exact birth date is left out: beside the masked ID number it would give the number away.")}
    born = {r[header.index("Full name")]: r[year] for r in rows[1:]}
    assert {name: int(value) for name, value in born.items() if value} == {
        name: v.birth_date.year for name, v in views.items() if v.birth_date}
    births = {v.birth_date for v in views.values()}
    assert not any(isinstance(value, date) and value in births for r in rows[1:] for value in r)


@pytest.mark.parametrize("user", ["wangfang", "zhaolei"])
def test_finance_and_viewers_export_no_client(demo: Database, tmp_path: Path, user: str) -> None:
    with pytest.raises(PermissionDenied):
        exported(signed_in(demo, user), client_io.EXPORT, tmp_path / "c.xlsx", ClientQuery())
    assert not (tmp_path / "c.xlsx").exists()


@pytest.mark.parametrize("locale", ["en", "zh_CN"])
def test_an_export_read_back_refuses_its_masked_ids(clerk: Database, empty_register: Database, tmp_path: Path,
                                                   locale: str) -> None:
    """The app's own export, imported again: a row read without its masked ID number would register the
    person a second time (no birth date either to warn of a namesake), so each is refused at its cell;
    the one client without an ID number comes in."""
    set_locale(locale)
    path = tmp_path / "服务对象.xlsx"
    rows = exported(clerk, client_io.EXPORT, path, ClientQuery())
    column = _(client_io.ID_NUMBER)
    masked = [n for n, r in enumerate(rows[1:], start=2) if MASKED_ID.fullmatch(str(r[rows[0].index(column)] or ""))]
    report = checked(empty_register, SPEC, path)
    assert masked and places(report) == {(n, column) for n in masked}
    assert set(messages(report).values()) == {
        _("The ID number is masked (an exported file cannot be imported again); write the full number.")}
    result = import_file(empty_register, SPEC, path)
    assert result.added == len(rows) - 1 - len(masked) == 1
    with pytest.raises(ImportRefused):
        import_file(clerk, SPEC, path, valid_only=False)  # nor into the station it came from


@pytest.mark.parametrize("suffix", [".xlsx", ".ods"])
def test_a_total_under_the_serial_number_and_no_merge_across_an_empty_line(clerk: Database, tmp_path: Path,
                                                                            suffix: str) -> None:
    """合计 under 序号 with the count under 姓名 is the sheet's total; a blank community is filled from
    the row above only within a block of rows (in .ods, whose merges the reader cannot see), never
    from a row above an empty line."""
    blank: list[Value] = [None] * len(HEADER)
    grid = Grid([
        HEADER,
        row(1, "王秀兰", ID_NUMBER, "石桥村", gender="男", birth=BIRTH),  # 2
        row(2, "宋小兰", SISTER_ID, None, groups="留守儿童", guardian="宋秀兰", relation="祖母"),  # 3: under 石桥村
        list(blank),  # 4
        row(3, "宋德江", "", None),  # 5: after the empty line, no community
        ["合计", "3人", None, None, None, None, None, "石桥村", *blank[8:]],  # 6: the sheet's total
        ["", "小计", *blank[2:]],  # 7
    ])
    report = checked(clerk, SPEC, sheet(tmp_path, grid, suffix))
    community = "Home village or community"
    merged_hidden = suffix == ".ods"  # .xlsx keeps its merges: a blank there is a blank
    assert places(report) == {(5, community)} | (set() if merged_hidden else {(3, community)})
    assert (report.rows, report.valid) == (3, 2 if merged_hidden else 1)
    assert {row: text for row, text in warnings(report).items() if row >= 6} == {
        6: "The sheet's total (“合计 3人”), not a record: skipped.",
        7: "The sheet's total (“小计”), not a record: skipped."}


def test_padded_names_every_problem_of_a_row_and_a_total_row(clerk: Database, tmp_path: Path) -> None:
    blank: list[Value] = [None] * len(HEADER)
    grid = Grid([
        HEADER,
        row(1, " 王 秀 兰 ", ID_NUMBER, "石桥村", gender="男", birth=BIRTH),  # 2: padded to line up the names
        row(2, "Maria   Chen", SISTER_ID, "桂花村", groups="留守儿童", guardian="宋秀兰", relation="祖母"),  # 3
        row(3, "宋德江", 500112196001014444, "不存在村"),  # 4: a number stored as one, and no such village
        ["", "合计：3人", *blank[2:]],  # 5: the sheet's total, not a client
    ])
    report = checked(clerk, SPEC, sheet(tmp_path, grid))
    assert (report.rows, report.valid) == (3, 2)  # the total row is no row of the register
    found = {p.column: p.message for p in report.problems if p.row == 4}  # both problems of the row, not the first
    assert set(found) == {"ID card number", "Home village or community"} and "as a number" in found["ID card number"]
    assert found["Home village or community"] == "There is no village or community named 不存在村 in the station's list."
    assert warnings(report)[5] == "The sheet's total (“合计：3人”), not a record: skipped."
    result = import_file(clerk, SPEC, sheet(tmp_path, grid))
    assert (result.added, result.skipped) == (2, 1)
    names = by_name(clerk, clients)
    assert "王秀兰" in names and " 王 秀 兰 " not in names and "王 秀 兰" not in names
    assert "Maria Chen" in names and not any(name.startswith("合计") for name in names)
