"""Imports through the registers' ``add_many``: the same register as one ``add`` per row, with the
same refusals (also between the rows of one batch), in a few statements per thousand rows."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import asdict, replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from bulk_testing import (ORG_HEADER, VOLUNTEER_HEADER, org_rows, statements_run, volunteer_rows, volunteer_workbook,
                          write_sheet)
from desktop.domain.consent import Consent
from desktop.domain.identity import make_resident_id
from desktop.domain.pinyin import search_key
from desktop.errors import WusheError
from desktop.services import imports, maintenance, org_io, orgs, volunteer_io, volunteers
from desktop.services.batches import ItemRefused
from desktop.services.guard import PermissionDenied
from desktop.services.orgs import OrgInput
from desktop.services.volunteers import VolunteerInput, VolunteerQuery
from desktop.storage.audit import verify_chain
from desktop.storage.database import Database
from desktop.storage.models import AuditEntry, ChangeLogEntry, SocialOrg, SocialOrgStatusChange, Volunteer
from desktop.storage.opening import open_database
from messy_workbooks import org_workbook, workbook
from people_workbooks import volunteer_grid
from register_io_testing import import_file, register_fixtures
from volunteer_testing import signed_in
from wushe_testing import DemoTemplate, community_ids, open_copy

REGISTERED = date(2024, 3, 1)


clerk = register_fixtures(volunteers)[0]  # the demo station, signed in as a clerk who keeps the registers


@pytest.fixture
def one_by_one(demo_template: DemoTemplate, tmp_path: Path) -> Iterator[Database]:
    """A second copy of the demo station, for the same import through ``add``, one row at a time."""
    db = signed_in(open_copy(demo_template.path, tmp_path / "one-by-one"))
    yield db
    db.close()


def written(db: Database) -> tuple[int, ...]:
    with db.read() as session:
        return tuple(session.scalar(select(func.count()).select_from(t)) or 0
                     for t in (SocialOrg, SocialOrgStatusChange, Volunteer, AuditEntry, ChangeLogEntry))


def views(db: Database, register: Any, query: Any) -> list[dict[str, Any]]:
    """The register as its list shows it, without the ids (made afresh on each side), in name order."""
    with db.read() as session:
        return [{k: v for k, v in asdict(view).items() if k not in ("id", "federation_id")}
                for view in register.list_all(session, query)]


def histories(db: Database) -> list[tuple[str, list[orgs.StatusChange]]]:
    with db.read() as session:
        return [(view.name, orgs.history(session, view.id)) for view in orgs.list_all(session)]


def test_an_org_import_through_add_many_writes_the_register_add_writes(clerk: Database, one_by_one: Database,
                                                                      tmp_path: Path) -> None:
    sheets = [org_workbook(tmp_path), write_sheet(tmp_path / "plain.xlsx", ORG_HEADER, org_rows(60))]
    for db, spec in ((clerk, org_io.IMPORT), (one_by_one, replace(org_io.IMPORT, add_many=None))):
        assert [import_file(db, spec, sheet).added for sheet in sheets] == [5, 60]
    assert views(clerk, orgs, orgs.OrgQuery()) == views(one_by_one, orgs, orgs.OrgQuery())
    assert histories(clerk) == histories(one_by_one)
    assert written(clerk) == written(one_by_one)


def test_a_volunteer_import_through_add_many_writes_the_register_add_writes(clerk: Database, one_by_one: Database,
                                                                           tmp_path: Path) -> None:
    sheets = [workbook(tmp_path, ".xlsx", {"志愿者": volunteer_grid()}, "花名册"),
              write_sheet(tmp_path / "plain.xlsx", VOLUNTEER_HEADER, volunteer_rows(60, REGISTERED))]
    for db, spec in ((clerk, volunteer_io.IMPORT), (one_by_one, replace(volunteer_io.IMPORT, add_many=None))):
        assert [import_file(db, spec, sheet).added for sheet in sheets] == [5, 60]
    query = VolunteerQuery(include_deleted=True)
    assert views(clerk, volunteers, query) == views(one_by_one, volunteers, query)  # numbers, sealed fields, consent
    assert written(clerk) == written(one_by_one)
    with clerk.read() as session:
        assert verify_chain(session).ok


@pytest.fixture
def statements(clerk: Database) -> Iterator[list[str]]:
    with statements_run(clerk) as executed:
        yield executed


def test_2000_volunteers_are_imported_in_a_few_statements_per_thousand(clerk: Database, tmp_path: Path,
                                                                       statements: list[str]) -> None:
    with clerk.read() as session:
        held = session.scalar(select(func.count()).select_from(Volunteer).where(Volunteer.number.startswith("V-2024-")))
    path = volunteer_workbook(tmp_path, 2000, REGISTERED)
    started = time.perf_counter()
    assert import_file(clerk, volunteer_io.IMPORT, path, valid_only=False).added == 2000
    print(f"\n2,000 volunteers read, checked and imported in {time.perf_counter() - started:.2f} s")
    assert len(statements) < 50  # about 20 per batch of 1,000 rows (one per community named), none per row

    with clerk.read() as session:
        numbers = list(session.scalars(select(Volunteer.number).where(Volunteer.number.startswith("V-2024-"))
                                       .order_by(Volunteer.number)))
        assert numbers[held:] == [f"V-2024-{serial:04d}" for serial in range(held + 1, held + 2001)]
        assert verify_chain(session).ok
        row = list(volunteer_rows(2000, REGISTERED))[49]  # 单…, a surname with two readings
        found = volunteers.list_all(session, VolunteerQuery(id_number=str(row[4])))
        assert [(v.name, v.phone, v.community, v.consent) for v in found] == [
            (row[0], row[5], row[7], Consent(REGISTERED, "written"))]  # the clerk may see phones in full
        for initials in search_key(str(row[0])).split()[:-1]:  # shan… and dan…
            assert found[0].id in volunteers.list_ids(session, VolunteerQuery(text=initials))
    assert maintenance.check(clerk).ok


def org(db: Database, name: str, community: str = "石桥村", **changes: Any) -> OrgInput:
    return replace(OrgInput(name, community_ids(db)[community], "service", "filed"), **changes)


def test_add_many_refuses_a_repeat_within_the_batch_or_of_the_register_and_writes_nothing(clerk: Database) -> None:
    before = written(clerk)
    cases = [
        ([org(clerk, "石桥村读书会"), org(clerk, "石桥村护河队"), org(clerk, "石桥村读书会")], 2,
         "石桥村读书会 is already registered in this community."),
        ([org(clerk, "石桥村读书会"), org(clerk, "青山社区广场舞队", "青山社区")], 1,
         "青山社区广场舞队 is already registered in this community."),
        ([org(clerk, "石桥村读书会"), replace(org(clerk, "无处可去"), community_id="no-such-id")], 1,
         "Choose a village or community from the list."),
        ([org(clerk, "石桥村读书会", status="registered")], 0,
         "A registered organisation has a unified social credit code."),  # not validated yet: checked here
    ]
    for inputs, index, message in cases:
        with pytest.raises(ItemRefused) as caught, clerk.write() as session:
            orgs.add_many(session, inputs)
        assert (caught.value.index, caught.value.message) == (index, message)
    assert written(clerk) == before
    with clerk.write() as session:  # the same name in another community is another organisation
        assert len(orgs.add_many(session, [org(clerk, "读书会"), org(clerk, "读书会", "白云村")])) == 2


def person(db: Database, name: str, id_number: str, registered: date = REGISTERED) -> VolunteerInput:
    return VolunteerInput(name, community_ids(db)["白云村"], id_number=id_number, registered_on=registered,
                          consent=Consent(registered, "written") if id_number else None)


def test_add_many_refuses_an_id_number_given_twice_or_held_and_numbers_a_block_per_year(clerk: Database) -> None:
    first, second = (make_resident_id("420102", date(1980, 1, 2), n, True) for n in (1, 2))
    with pytest.raises(ItemRefused) as caught, clerk.write() as session:
        volunteers.add_many(session, [person(clerk, "甲", first), person(clerk, "乙", second),
                                      person(clerk, "丙", first)])
    assert caught.value.index == 2 and caught.value.message.startswith("This ID number is already registered: 甲 (V-")
    with clerk.write() as session:
        ids = volunteers.add_many(session, [person(clerk, "甲", first, date(2025, 5, 1)),
                                            person(clerk, "乙", second, date(2024, 5, 1))])
        held = volunteers.get(session, ids[0]).number
        third = make_resident_id("420102", date(1980, 1, 2), 3, True)
        more = volunteers.add_many(session, [person(clerk, "丙", third, date(2025, 6, 1)),
                                             person(clerk, "丁", "", date(2025, 6, 1))])
        assert [v.number for v in volunteers.get_many(session, more)] == [
            f"V-2025-{int(held[-4:]) + 1:04d}", f"V-2025-{int(held[-4:]) + 2:04d}"]
        assert volunteers.get(session, ids[1]).number.startswith("V-2024-")
    with pytest.raises(ItemRefused) as caught, clerk.write() as session:
        volunteers.add_many(session, [person(clerk, "戊", make_resident_id("420102", date(1980, 1, 2), 4, True)),
                                      person(clerk, "甲二", first)])
    assert (caught.value.index, caught.value.field) == (1, "id_number") and f"甲 ({held})" in caught.value.message


def test_numbers_follow_on_within_a_transaction_and_after_what_another_handle_wrote(clerk: Database) -> None:
    assert clerk.path is not None
    other = signed_in(open_database(clerk.path))
    day = date(2019, 3, 1)
    ids: list[str] = []
    with clerk.write() as session:
        ids += volunteers.add_many(session, [person(clerk, "甲", "", day), person(clerk, "乙", "", day)])
        ids.append(volunteers.add(session, person(clerk, "丙", "", day)).id)
        ids += volunteers.add_many(session, [person(clerk, "丁", "", day)])
    with other.write() as session:
        ids.append(volunteers.add(session, person(other, "戊", "", day)).id)
    with clerk.write() as session:
        ids += volunteers.add_many(session, [person(clerk, "己", "", day)])
        serials = [int(v.number.removeprefix("V-2019-")) for v in volunteers.get_many(session, ids)]
    other.close()
    assert serials == list(range(serials[0], serials[0] + 6))


def test_only_those_who_keep_the_registers_add_many(demo: Database) -> None:
    viewer = signed_in(demo, "zhaolei")
    with pytest.raises(PermissionDenied), viewer.write() as session:
        orgs.add_many(session, [org(viewer, "石桥村读书会")])
    with pytest.raises(PermissionDenied), viewer.write() as session:
        volunteers.add_many(session, [person(viewer, "甲", "")])


def test_a_repeat_the_sheet_check_missed_is_refused_at_its_row(clerk: Database, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(imports, "PROGRESS_STEP", 2)
    rows = list(org_rows(4))
    path = write_sheet(tmp_path / "repeat.xlsx", ORG_HEADER, iter([*rows, rows[1]]))
    blind = replace(org_io.IMPORT, key=lambda data: object())  # no row repeats another, as far as the check knows
    before = written(clerk)
    message = f"登记表!6: {rows[1][0]} is already registered in this community. Nothing was imported."
    with pytest.raises(WusheError, match=f"^{re.escape(message)}$"):
        import_file(clerk, blind, path)
    assert written(clerk) == before


def test_cancelling_a_bulk_import_part_way_writes_nothing(clerk: Database, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(imports, "PROGRESS_STEP", 10)
    table = imports.load_table(volunteer_workbook(tmp_path, 35, REGISTERED), volunteer_io.IMPORT)
    seen: list[int] = []

    class Cancelled(Exception):
        pass

    def progress(done: int, _total: int, text: str) -> None:
        if text.startswith("Importing"):
            seen.append(done)
            if done == 30:
                raise Cancelled

    before = written(clerk)
    with pytest.raises(Cancelled), clerk.write() as session:
        imports.import_rows(session, volunteer_io.IMPORT, table, imports.guess_mapping(volunteer_io.IMPORT, table),
                            progress=progress)
    assert seen == [0, 10, 20, 30] and written(clerk) == before


@pytest.mark.slow
def test_200000_volunteers_import_whole_and_sound(clerk: Database, tmp_path: Path) -> None:
    count = 200_000
    result = import_file(clerk, volunteer_io.IMPORT, volunteer_workbook(tmp_path, count, REGISTERED),
                         valid_only=False)
    assert result.added == count
    with clerk.read() as session:
        rows, numbers = session.execute(select(func.count(), func.count(func.distinct(Volunteer.number)))).one()
        assert rows == numbers > count
        assert verify_chain(session).ok
        *_, last = volunteer_rows(count, REGISTERED)
        found = volunteers.list_all(session, VolunteerQuery(id_number=str(last[4])))
        assert [(v.name, v.community) for v in found] == [(last[0], last[7])]
        assert found[0].id in volunteers.list_ids(session, VolunteerQuery(text=str(last[0])))
    assert maintenance.check(clerk).ok
