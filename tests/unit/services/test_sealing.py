"""Narratives sealed at rest (services.sealing): what a case or a client's file says in words is stored
as ciphertext bound to its row and field, read back in the clear through the services, and an edit
that changes no text writes no new version of the row."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import select

from case_testing import as_user, open_case
from client_testing import add, full_input
from desktop.security.crypto import DecryptionError
from desktop.services import cases, clients
from desktop.services.guard import Locked
from desktop.storage.base import Synced
from desktop.storage.database import Database
from desktop.storage.models import CaseFile, ClientMember
from wushe_testing import DemoTemplate, open_copy


@pytest.fixture
def demo(demo_template: DemoTemplate, tmp_path: Path) -> Iterator[Database]:
    """The demo station with 李霞 (a social worker) signed in."""
    db = as_user(open_copy(demo_template.path, tmp_path), "lixia")
    yield db
    db.close()


def version(db: Database, model: type[Synced], row_id: str) -> int:
    """The row's HLC stamp: it moves with every new version of the row."""
    with db.read() as session:
        found = session.scalar(select(model.hlc).where(model.id == row_id))
    assert found is not None
    return found


def test_a_narrative_is_stored_sealed_to_its_row_and_field(demo: Database) -> None:
    case = open_case(demo, problem="独居老人，做饭困难，夜里常常睡不着")
    assert case.problem == "独居老人，做饭困难，夜里常常睡不着"
    with demo.read() as session:
        raw = session.scalar(select(CaseFile.problem_sealed).where(CaseFile.id == case.id))
    assert raw and "独居老人".encode() not in raw
    assert demo.vault is not None
    assert demo.vault.open("case_file", case.id, "problem", raw) == case.problem
    other = open_case(demo)
    for table, row_id, field in (("case_file", other.id, "problem"), ("case_file", case.id, "closing_summary")):
        with pytest.raises(DecryptionError):  # copied into another case or field, it does not open
            demo.vault.open(table, row_id, field, raw)


def test_an_edit_that_changes_no_text_writes_no_new_version(demo: Database) -> None:
    case = open_case(demo)
    before = version(demo, CaseFile, case.id)
    with demo.write() as session:
        cases.update_case(session, case.id, case.as_input())
    assert version(demo, CaseFile, case.id) == before
    with demo.write() as session:
        changed = cases.update_case(session, case.id, replace(case.as_input(), problem="独居，近来摔倒过一次"))
    assert changed.problem == "独居，近来摔倒过一次" and version(demo, CaseFile, case.id) > before


def test_a_household_member_left_as_it_was_keeps_its_version(demo: Database) -> None:
    view = add(demo, full_input(demo))
    [son] = view.members
    before = version(demo, ClientMember, son.id)
    with demo.write() as session:
        after = clients.update(session, view.id, replace(view.as_input(), notes="每周电话问候"))
    assert (after.notes, after.members[0].notes) == ("每周电话问候", "在广州务工")
    assert version(demo, ClientMember, son.id) == before
    with demo.write() as session:
        after = clients.update(session, view.id, replace(after.as_input(), members=(
            replace(son.as_input(), notes="已回乡照顾父亲"),)))
    assert after.members[0].notes == "已回乡照顾父亲" and version(demo, ClientMember, son.id) > before


def test_with_the_data_key_locked_narratives_read_empty_and_are_not_written(demo: Database) -> None:
    case = open_case(demo)
    demo.sign_in(demo.principal, None)  # signed in, the key not unlocked (as after a restore)
    with demo.read() as session:
        assert cases.get(session, case.id).problem == ""
    with pytest.raises(Locked), demo.write() as session:
        cases.update_case(session, case.id, replace(case.as_input(), problem="新的问题"))
