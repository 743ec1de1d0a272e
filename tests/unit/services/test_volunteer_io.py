"""The volunteer register in spreadsheets: ID numbers checked, upgraded and de-duplicated, consent never
assumed (from the row, or stated by the user for the whole file), minors' guardians; exports with every
ID number masked, read back into another station."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from desktop.domain.consent import Consent
from desktop.domain.id_documents import mask_id_number
from desktop.domain.identity import upgrade_legacy_id
from desktop.errors import ValidationError
from desktop.i18n import _, set_locale
from desktop.services import volunteer_io, volunteers
from desktop.services.imports import ImportRefused
from desktop.services.volunteers import VolunteerQuery, VolunteerView
from desktop.storage.database import Database
from messy_workbooks import Grid, workbook
from people_workbooks import (CHILD_ID, FULL_WIDTH_ID, LEGACY_ID, LIN_ID, SISTER_ID, VOLUNTEER_BAD, VOLUNTEER_GOOD,
                              VOLUNTEER_REPEATED, WANG_ID, consentless_grid, volunteer_grid)
from register_io_testing import (by_name, checked, errors_at, exported, header_notes, import_file, messages,
                                 places, register_fixtures, warnings)
from volunteer_testing import new_volunteer, signed_in

SPEC = volunteer_io.IMPORT
MASKED_ID = re.compile(r"\d{4}\*{10}[\dX]{4}")
MOBILE = re.compile(r"1[3-9]\d{9}")
clerk, empty_register = register_fixtures(volunteers)


def sheet(folder: Path, grid: Grid, suffix: str = ".xlsx") -> Path:
    return workbook(folder, suffix, {"志愿者": grid}, "志愿者花名册")


def holder(db: Database, id_number: str) -> VolunteerView:
    """The one volunteer with this ID number, found through the blind index."""
    with db.read() as session:
        found = volunteers.list_all(session, VolunteerQuery(id_number=id_number))
    assert len(found) == 1
    return found[0]


@pytest.mark.parametrize("suffix", [".xlsx", ".xls", ".ods"])
def test_bad_ids_duplicates_and_missing_consent_are_reported_at_their_rows(clerk: Database, tmp_path: Path,
                                                                          suffix: str) -> None:
    report, found = errors_at(clerk, SPEC, sheet(tmp_path, volunteer_grid(), suffix), 3, VOLUNTEER_GOOD,
                              VOLUNTEER_BAD, VOLUNTEER_REPEATED)
    assert "check digit" in found[7] and "this one has 17" in found[8]
    assert [p.message for p in report.problems if p.row == 9] == [
        "The birth date does not agree with the ID card number (1985-01-01).", "Repeated by row 10 of this sheet."]
    assert found[10] == "Repeats row 9 of this sheet."
    wang = holder(clerk, WANG_ID)
    assert found[11] == f"This ID number is already registered: 王秀兰 ({wang.number})."
    assert found[12].startswith("An ID number or phone needs the person's consent")
    assert found[13] == "The person was under 14 on the consent date: the guardian must give the consent."
    assert "lost its last digits" in found[17] and found[18].startswith("“跳舞” is not one of")
    assert warnings(report) == {5: "An old 15-digit ID card number, upgraded to the 18-character number "
                                   f"{upgrade_legacy_id(LEGACY_ID)}."}
    assert str(next(p for p in report.problems if p.row == 5)).startswith("志愿者!5 ID number: Warning: An old")


def test_good_rows_arrive_with_their_consent(clerk: Database, tmp_path: Path) -> None:
    result = import_file(clerk, SPEC, sheet(tmp_path, volunteer_grid(), ".ods"))
    assert (result.added, result.skipped) == (len(VOLUNTEER_GOOD), len(VOLUNTEER_BAD))
    lin, legacy, sister, full_width = (holder(clerk, number) for number in (
        LIN_ID, upgrade_legacy_id(LEGACY_ID), SISTER_ID, FULL_WIDTH_ID))
    plain = by_name(clerk, volunteers)["郝红"]
    assert (lin.name, lin.gender, lin.birth_date, lin.id_masked, lin.phone, lin.residence, lin.community, lin.skills,
            lin.categories, lin.teams, lin.registered_on, lin.status, lin.consent) == (
        "林晓", "female", date(1990, 5, 6), mask_id_number(LIN_ID), "13923015501", "青山镇石桥村二组", "石桥村", "烹饪",
        ("elderly_disabled", "children"), ("石桥村党员先锋队",), date(2024, 3, 1), "active",
        Consent(date(2024, 3, 1), "written"))
    assert (legacy.name, legacy.community, legacy.gender, legacy.birth_date, legacy.registered_on, legacy.consent) == (
        "邱建军", "石桥村", "male", date(1965, 3, 12), date(2024, 3, 8), Consent(date(2024, 3, 8), "oral"))
    assert sister.consent == Consent(date(2024, 6, 1), "written", "guardian", "宋梅")
    assert (plain.consent, plain.status, plain.categories, plain.id_masked) == (None, "paused", ("culture_sports",), "")
    assert (full_width.name, full_width.phone, full_width.consent.method if full_width.consent else "") == (
        "雷鸣", "13923015516", "electronic")
    assert set(by_name(clerk, volunteers)) >= set(VOLUNTEER_GOOD.values())


def test_nothing_is_imported_while_a_row_has_an_error_but_a_warning_does_not_stop_it(clerk: Database,
                                                                                     tmp_path: Path) -> None:
    before = set(by_name(clerk, volunteers))
    with pytest.raises(ImportRefused, match="9 rows have problems"):
        import_file(clerk, SPEC, sheet(tmp_path, volunteer_grid()), valid_only=False)
    assert set(by_name(clerk, volunteers)) == before
    legacy_only = Grid([["姓名", "身份证号", "所属社区", "同意日期", "同意方式"], ["邱建军", LEGACY_ID, "双河村", "2024-03-08", "书面"]])
    result = import_file(clerk, SPEC, sheet(tmp_path, legacy_only), valid_only=False)
    assert (result.added, result.report.invalid, len(result.report.problems)) == (1, 0, 1)


def test_an_old_and_a_new_number_of_one_person_repeat_each_other(clerk: Database, tmp_path: Path) -> None:
    grid = Grid([["姓名", "身份证号", "所属社区", "同意日期", "同意方式"],
                 ["邱建军", LEGACY_ID, "双河村", "2024-03-08", "书面"],
                 ["邱建军", upgrade_legacy_id(LEGACY_ID), "双河村", "2024-03-08", "书面"]])
    assert messages(checked(clerk, SPEC, sheet(tmp_path, grid))) == {
        2: "Repeated by row 3 of this sheet.", 3: "Repeats row 2 of this sheet."}


def test_a_sheet_without_consent_columns_needs_the_consent_stated_for_the_whole_file(clerk: Database,
                                                                                    tmp_path: Path) -> None:
    path = sheet(tmp_path, consentless_grid(), ".xls")
    refused = checked(clerk, SPEC, path)
    assert places(refused) == {(2, "Consent date"), (3, "Consent date")}
    assert messages(refused)[3].startswith("A guardian is named but no consent is recorded")
    stated = Consent(date(2024, 5, 1), "written")
    result = import_file(clerk, volunteer_io.with_consent(stated), path, valid_only=False)
    assert result.added == 3
    found = by_name(clerk, volunteers)
    assert found["林晓"].consent == stated
    assert found["宋小雨"].consent == Consent(date(2024, 5, 1), "written", "guardian", "宋梅")
    assert found["郝红"].consent is None  # no ID number or phone: no consent is recorded for her


def test_the_consent_stated_for_a_file_is_checked_like_a_rows(clerk: Database, tmp_path: Path) -> None:
    with pytest.raises(ValidationError) as caught:
        volunteer_io.with_consent(Consent(date.today() + timedelta(days=1), "written"))
    assert caught.value.field == "consent_on"
    grid = Grid([["姓名", "身份证号", "所属社区"], ["宋小宝", CHILD_ID, "青山社区"]])
    report = checked(clerk, volunteer_io.with_consent(Consent(date(2024, 5, 1), "oral")), sheet(tmp_path, grid))
    assert places(report) == {(2, "Guardian")}  # a child's own consent is not enough


@pytest.mark.parametrize("user", ["admin", "lixia", "wangfang", "zhaolei"])
def test_every_role_exports_id_numbers_masked(demo: Database, tmp_path: Path, user: str) -> None:
    rows = exported(signed_in(demo, user), volunteer_io.EXPORT, tmp_path / "v.xlsx", VolunteerQuery())
    header = rows[0]
    ids = [row[header.index("ID number")] for row in rows[1:]]
    phones = [row[header.index("Phone")] for row in rows[1:] if row[header.index("Phone")]]
    assert ids and all(MASKED_ID.fullmatch(str(number)) for number in ids)
    # With the exact birth date beside it, a masked number could be worked out again: the year only.
    assert "Birth date" not in header
    column = header.index("Year of birth")
    assert list(header_notes(tmp_path / "v.xlsx").values()) == [
        "The exact birth date is left out: beside the masked ID number it would give the number away."]
    years = [row[column] for row in rows[1:] if row[column] is not None]
    assert years and all(year == int(year) and 1900 < year <= 2026 for year in years)  # read back as numbers
    revealed = user in ("admin", "lixia")
    assert phones and all(bool(MOBILE.fullmatch(str(phone))) == revealed for phone in phones)


@pytest.mark.parametrize("locale", ["en", "zh_CN"])
def test_an_export_read_back_refuses_its_masked_ids(clerk: Database, empty_register: Database, tmp_path: Path,
                                                   locale: str) -> None:
    """The app's own export, imported again: a row read without its masked ID number would register the
    volunteer a second time, so each is refused at its cell, as the client import does; the volunteers
    without an ID number come in as they were."""
    set_locale(locale)

    def fields(v: VolunteerView) -> tuple[object, ...]:  # all but ids, numbers, the ID number and the birth date
        return (v.gender, v.id_type, v.phone, v.residence, v.community, v.skills, v.categories, v.teams,
                v.registered_on, v.status, v.consent, v.notes)

    new_volunteer(clerk, "无证件号志愿者")  # registered without an ID number: nothing masked on its row
    path = tmp_path / "志愿者.xlsx"
    rows = exported(clerk, volunteer_io.EXPORT, path, VolunteerQuery())
    column = _(volunteer_io.ID_NUMBER)
    masked = [n for n, r in enumerate(rows[1:], start=2) if MASKED_ID.fullmatch(str(r[rows[0].index(column)] or ""))]
    report = checked(empty_register, SPEC, path)
    assert masked and places(report) == {(n, column) for n in masked}
    assert set(messages(report).values()) == {
        _("The ID number is masked (an exported file cannot be imported again); write the full number.")}
    assert not warnings(report)  # no longer a warning: the row is refused
    with pytest.raises(ImportRefused):
        import_file(empty_register, SPEC, path, valid_only=False)
    result = import_file(empty_register, SPEC, path)
    originals = {name: fields(v) for name, v in by_name(clerk, volunteers).items() if not v.id_masked}
    assert result.added == len(rows) - 1 - len(masked) == len(originals) == 1
    assert {name: fields(v) for name, v in by_name(empty_register, volunteers).items()} == originals
