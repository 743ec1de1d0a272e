"""One ID number in one form, whatever way it came: a check digit typed x, full-width digits and spaces
are the same number to the duplicate guard, the search by the last four, the blind index and an
import; rows stored before that rule are brought into line by ``normalise_stored_ids``."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from client_testing import REGISTERED, add, full_input
from desktop.domain.id_documents import blind_key, tidy_id_text
from desktop.domain.identity import make_resident_id
from desktop.errors import ValidationError
from desktop.services import client_io, clients, volunteers
from desktop.services.clients import ClientQuery, DuplicateClient
from desktop.services.id_numbers import BLIND, TIDIED_SETTING, ensure_ids_tidy, normalise_stored_ids
from desktop.storage.database import Database
from desktop.storage.models import AppSetting, Client
from messy_workbooks import Grid, workbook
from register_io_testing import checked, messages
from volunteer_testing import full_input as volunteer_input, signed_in
from wushe_testing import DemoTemplate, open_copy, refusal


def _x_number() -> str:
    """A valid number whose check digit is X (about one in eleven are)."""
    return next(n for seq in range(100) if (n := make_resident_id("510105", date(1962, 7, 3), seq, True))[-1] == "X")


X_NUMBER = _x_number()
FULL_WIDTH = "".join(chr(ord(c) + 0xFEE0) for c in X_NUMBER[:-1].lower()) + "ｘ"  # ５１０１…ｘ


@pytest.fixture
def clerk(demo_template: DemoTemplate, tmp_path: Path) -> Iterator[Database]:
    db = signed_in(open_copy(demo_template.path, tmp_path))
    yield db
    db.close()


def found(db: Database, text: str) -> list[str]:
    with db.read() as session:
        return [view.id for view in clients.list_all(session, ClientQuery(text=text))]


def test_tidy_form() -> None:
    assert tidy_id_text(f" {X_NUMBER[:6]} {X_NUMBER[6:14]}-{X_NUMBER[14:].lower()} ") == X_NUMBER
    assert tidy_id_text(FULL_WIDTH) == X_NUMBER


@pytest.mark.parametrize("typed", [X_NUMBER[:-1] + "x", FULL_WIDTH, f"{X_NUMBER[:6]} {X_NUMBER[6:]}"])
def test_a_number_typed_another_way_is_the_same_person(clerk: Database, typed: str) -> None:
    first = add(clerk, full_input(clerk, id_number=typed))
    with clerk.read() as session:
        row = session.get(Client, first.id)
        assert row is not None and row.id_tail == X_NUMBER[-4:]
        assert clients.stored_number(session, clients.TABLE, row) == X_NUMBER
    refused = refusal(clerk, lambda s: clients.add(s, full_input(clerk, name="宋德海二", id_number=X_NUMBER)))
    assert isinstance(refused, DuplicateClient) and refused.existing_id == first.id
    # The last four, typed either way, find the client.
    assert found(clerk, X_NUMBER[-4:].lower()) == found(clerk, X_NUMBER[-4:]) == [first.id]


def test_a_volunteer_number_with_a_small_x_is_one_number(clerk: Database) -> None:
    with clerk.write() as session:
        volunteers.add(session, volunteer_input(clerk, id_number=X_NUMBER[:-1] + "x"))
    refused = refusal(clerk, lambda s: volunteers.add(s, volunteer_input(clerk, name="石秀芳", id_number=X_NUMBER)))
    assert refused.field == "id_number"


def test_an_import_refuses_a_second_row_with_the_number_typed_otherwise(clerk: Database, tmp_path: Path) -> None:
    header = ["姓名", "身份证号", "所属村(社区)", "同意日期", "同意方式"]
    grid = Grid([header, ["宋德海", X_NUMBER[:-1] + "x", "石桥村", REGISTERED, "书面"],
                 ["宋德海", FULL_WIDTH, "石桥村", REGISTERED, "书面"]])
    path = workbook(tmp_path, ".xlsx", {"服务对象": grid})
    report = checked(clerk, client_io.IMPORT, path)
    assert (report.rows, report.valid) == (2, 0)  # rows sharing a number: neither is taken
    assert messages(report) == {2: "Repeated by row 3 of this sheet.", 3: "Repeats row 2 of this sheet."}
    add(clerk, full_input(clerk, id_number=X_NUMBER))
    report = checked(clerk, client_io.IMPORT, path)
    assert report.valid == 0 and any("already registered" in p.message for p in report.problems if p.row == 2)


def _stored_lower(db: Database, name: str) -> str:
    """A client as the version before this rule stored one: the number, its blind index and its tail with x."""
    lower = X_NUMBER[:-1] + "x"
    with db.write() as session:
        keys = session.info["vault"]
        view = clients.add(session, full_input(db, name=name, id_number=X_NUMBER))
        row = session.get(Client, view.id)
        assert row is not None
        row.id_number_sealed = keys.seal(clients.TABLE, row.id, "id_number", lower)
        row.id_blind = keys.blind(BLIND, blind_key("resident_id", lower))
        row.id_tail = lower[-4:]
        return row.id


def test_stored_numbers_with_a_small_x_are_normalised(clerk: Database) -> None:
    old = _stored_lower(clerk, "宋德海")
    assert found(clerk, X_NUMBER[-4:]) == []  # what the trial saw: the search by the last four missed them
    with clerk.write() as session:
        done = normalise_stored_ids(session, session.info["vault"])
    assert done.changed == {"client": 1} and done.clashes == []
    assert found(clerk, X_NUMBER[-4:]) == [old]
    refused = refusal(clerk, lambda s: clients.add(s, full_input(clerk, name="宋德海二", id_number=X_NUMBER)))
    assert isinstance(refused, DuplicateClient) and refused.existing_id == old
    with clerk.write() as session:  # a second run finds nothing to do
        assert normalise_stored_ids(session, session.info["vault"]).changed == {}


def test_a_person_registered_twice_by_the_old_rule_is_reported(clerk: Database) -> None:
    old = _stored_lower(clerk, "宋德海")
    twin = add(clerk, full_input(clerk, name="宋德海", id_number=X_NUMBER)).id  # 338X beside 338x: two people
    with clerk.write() as session:
        done = normalise_stored_ids(session, session.info["vault"])
        rows = {row.id: row.id_blind for row in session.scalars(select(Client).where(Client.id.in_([old, twin])))}
    assert done.clashes == [("client", old, twin)]
    assert rows[old] == rows[twin]  # one number now: a person to merge by hand


def test_a_malformed_number_is_still_refused(clerk: Database) -> None:
    with pytest.raises(ValidationError):
        full_input(clerk, id_number=X_NUMBER[:-1] + "y").validated()


def test_the_first_sign_in_with_the_keys_tidies_stored_numbers_once(clerk: Database) -> None:
    old = _stored_lower(clerk, "宋德海")
    with clerk.write() as session:  # as in a database from before the rule, whose sign-in has not tidied yet
        if (done_before := session.get(AppSetting, TIDIED_SETTING)) is not None:
            session.delete(done_before)
    done = ensure_ids_tidy(clerk)
    assert done is not None and done.changed == {"client": 1}
    assert found(clerk, X_NUMBER[-4:]) == [old]
    assert ensure_ids_tidy(clerk) is None  # once
