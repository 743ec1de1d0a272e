"""What of a client leaves the screen, and what needs a consent (trial 5, items 4 and 5).

A list, wherever it goes (the screen, ``wushe clients list`` and its ``--json``, the export), shows phones
and addresses masked for every role and no notes; every sealed field (ID number, phones, address, notes on
the client and the household) needs a recorded consent, in the service, the import and the demo alike."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from client_testing import BIRTH, TODAY, full_input
from desktop.domain.consent import Consent
from desktop.services import client_io, client_listing, clients
from desktop.services.clients import ClientInput, ClientQuery, MemberInput
from desktop.services.contacts import masked_address, masked_phone
from desktop.services.demo_clients import DEMO_CLIENTS
from desktop.storage.database import Database
from messy_workbooks import Grid, workbook
from register_io_testing import checked, exported
from volunteer_testing import signed_in
from wushe_testing import DemoTemplate, open_copy, refusal


@pytest.fixture
def demo(demo_template: DemoTemplate, tmp_path: Path) -> Iterator[Database]:
    db = signed_in(open_copy(demo_template.path, tmp_path), "lixia")
    yield db
    db.close()


def demo_secrets() -> set[str]:
    """Every phone, address and note of the demo clients and their households, in full."""
    found: set[str] = set()
    for d in DEMO_CLIENTS:
        found |= {d.phone, d.guardian[2], d.address(), d.notes, *(m.notes for m in d.members)}
    return found - {""}


@pytest.mark.parametrize("user", ["admin", "lixia"])
def test_lists_show_clients_as_the_screen_list_does(demo: Database, user: str) -> None:
    db = signed_in(demo, user)  # both roles may reveal: the screen masks for them all the same
    with db.read() as session:
        full = {v.id: v for v in clients.list_all(session)}
        listed = client_listing.list_all(session)
    assert {v.id for v in listed} == set(full)
    for view in listed:
        opened = full[view.id]
        assert (view.phone, view.guardian_phone, view.address) == (
            masked_phone(opened.phone), masked_phone(opened.guardian_phone), masked_address(opened.address))
        assert view.notes == "" and all(m.notes == "" for m in view.members)
    deng = next(v for v in listed if v.name == "邓永强")
    assert (deng.phone, full[deng.id].phone) == ("133****1825", "13340691825")
    assert any(v.notes for v in full.values()) and any(v.guardian_phone for v in listed)


def test_the_export_holds_no_full_phone_address_or_note(demo: Database, tmp_path: Path) -> None:
    rows = exported(signed_in(demo, "admin"), client_io.EXPORT, tmp_path / "c.xlsx", ClientQuery())
    assert "Notes" not in rows[0] and len(rows) == len(DEMO_CLIENTS) + 1
    cells = {str(cell) for row in rows[1:] for cell in row if cell}
    assert not cells & demo_secrets()
    phones = rows[0].index("Contact phone"), rows[0].index("Guardian's phone")
    assert "133****1825" in {row[phones[0]] for row in rows} and any("****" in row[phones[1]] for row in rows[1:])


def without_sealed(db: Database) -> ClientInput:
    """柏秀英 of the demo as the trial found her: nothing sealed, and no consent."""
    return full_input(db, name="柏秀英", id_number=None, phone="", address="", consent=None, birth_date=BIRTH,
                      gender="female", members=())


@pytest.mark.parametrize(("change", "named"), [
    ({"notes": "外地嫁入"}, "Notes"),
    ({"address": "青山镇柏林村二组 3 号"}, "Address"),
    ({"guardian_name": "柏军", "guardian_relation": "儿子", "guardian_phone": "13923017799"}, "Guardian's phone"),
    ({"members": (MemberInput("柏军", "child", 1985, False, "在广州务工"),)}, "Notes on household members"),
    ({"phone": "13923017788", "notes": "独居"}, "Phone, Notes"),
])
def test_every_sealed_field_needs_a_consent(demo: Database, change: dict[str, object], named: str) -> None:
    data = replace(without_sealed(demo), **change)  # type: ignore[arg-type]
    error = refusal(demo, lambda s: clients.add(s, data))
    assert error.field == "consent_on" and f"({named}) needs the person's consent" in error.message
    with demo.write() as session:  # the same with a consent recorded
        assert clients.add(session, replace(data, consent=Consent(TODAY, "oral"))).consent == Consent(TODAY, "oral")


def test_an_edit_cannot_add_notes_to_a_client_who_gave_no_consent(demo: Database) -> None:
    with demo.write() as session:
        view = clients.add(session, without_sealed(demo))
    for change in ({"notes": "外地嫁入，身份证号待补录"}, {"address": "青山镇柏林村二组 3 号"}):
        assert refusal(demo, lambda s: clients.update(s, view.id, replace(view.as_input(), **change))).field == \
            "consent_on"
    with demo.read() as session:
        kept = clients.get(session, view.id)
    assert (kept.notes, kept.address, kept.consent) == ("", "", None)


def test_the_demo_keeps_the_rule(demo: Database) -> None:
    with demo.read() as session:
        views = clients.list_all(session)
    unconsented = [v for v in views if v.consent is None]
    assert [v.name for v in unconsented] == ["柏秀英"]
    assert all(not (v.id_masked or v.phone or v.address or v.guardian_phone or v.notes
                    or any(m.notes for m in v.members)) for v in unconsented)


def test_an_imported_row_with_notes_needs_its_consent(demo: Database, tmp_path: Path) -> None:
    path = workbook(tmp_path, ".xlsx", {"服务对象": Grid([
        ["姓名", "所属社区", "出生日期", "备注", "同意日期", "同意方式"],
        ["柏秀英", "柏林村", date(1960, 7, 2), "外地嫁入", None, ""],
        ["柏秀兰", "柏林村", date(1962, 3, 2), "外地嫁入", date(2024, 3, 1), "口头"],
        ["柏秀芳", "柏林村", date(1964, 3, 2), "", None, ""],
    ])})
    report = checked(demo, client_io.IMPORT, path)
    assert [(p.row, p.column, p.message) for p in report.problems] == [
        (2, "Consent date", "Sensitive personal information (Notes) needs the person's consent: give its date and "
                            "method in the sheet, or state one consent for the whole file.")]
