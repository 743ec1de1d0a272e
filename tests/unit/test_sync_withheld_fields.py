"""Sealed fields a plain bundle left out (issue 8): the receiver marks them as not received rather than show
blanks that read as "never recorded"; editing such a record there and sending it back leaves the sender's
values alone; a later bundle that carries the fields fills them, counted, and one that says a field is empty
clears its mark. By real bundle files between two stations."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop.domain.consent import Consent
from desktop.domain.permissions import Role
from desktop.services import case_summary, cases, clients
from desktop.services.cases import CaseInput
from desktop.services.clients import ClientInput
from desktop.services.received import NOT_RECEIVED
from desktop.storage.models import ChangeLogEntry, Client
from desktop.storage.withheld import WITHHELD
from desktop.sync import exchange
from client_testing import ID_NUMBER, REGISTERED
from county_testing import OPENED, sign_in_account
from sync_testing import Node, a, add_community, b, pair_by_keys, send

__all__ = ["a", "b"]  # the fixtures

PHONE, ADDRESS, NOTES, PROBLEM = "13923017788", "青山镇石桥村七组 41 号", "独居，耳背", "独居老人，做饭困难"
SENT_WITHOUT = ("address", "guardian_phone", "id_number", "notes", "phone")  # every sealed field of a client


def bundle(source: Node, target: Node, path: Path, sensitive: str = "encrypted", full: bool = False) -> Path:
    return exchange.export_to_peer(source.db, target.node_id, path, sensitive=sensitive, full=full).path


def view(node: Node, client_id: str) -> clients.ClientView:
    with node.db.read() as session:
        return clients.get(session, client_id)


@pytest.fixture
def plain(a: Node, b: Node, tmp_path: Path) -> tuple[str, str]:
    """甲站's client (ID number, phone, address, notes; no guardian) and case, at 乙站 from a plain bundle."""
    pair_by_keys(a, b)
    for node, name in ((a, "jia"), (b, "yi")):
        sign_in_account(node, name, f"{node.name}站长", Role.ADMIN)
    village = add_community(a, "石桥村", 800)
    with a.db.write() as session:
        client = clients.add(session, ClientInput("宋德海", village, "resident_id", ID_NUMBER, phone=PHONE,
                                                  address=ADDRESS, notes=NOTES, registered_on=REGISTERED,
                                                  consent=Consent(REGISTERED, "written"))).id
        case = cases.open_case(session, CaseInput(client, PROBLEM, opened_on=OPENED)).id
    exchange.import_file(b.db, bundle(a, b, tmp_path / "plain.wsb", "left_out"))
    return client, case


def test_fields_left_out_are_marked_not_blank(b: Node, plain: tuple[str, str]) -> None:
    client, case = plain
    got = view(b, client)
    assert got.withheld == SENT_WITHOUT
    assert (got.id_masked, got.phone, got.address, got.notes) == ("", "", "", "")  # a flag, never a made-up value
    with b.db.read() as session:
        assert cases.get(session, case).withheld == ("closing_summary", "problem")
        paper = case_summary.case_summary(session, case)
    mark = str(NOT_RECEIVED)
    assert paper.problem == mark and paper.client.phone == mark and paper.client.id_masked == mark


def test_an_edit_there_sent_back_leaves_the_senders_values(a: Node, b: Node, plain: tuple[str, str],
                                                           tmp_path: Path) -> None:
    client, _case = plain
    with b.db.write() as session:  # the form: what it showed, another field changed
        clients.update(session, client, replace(clients.get(session, client).as_input(), guardian_name="宋军"))
    with b.db.read() as session:
        row = session.get(Client, client)
        assert row is not None
        # The last four left out with the number (issue 8 #8), kept so by the edit.
        assert (row.phone_sealed, row.id_number_sealed, row.id_tail) == (WITHHELD, WITHHELD, "")
    assert view(b, client).withheld == SENT_WITHOUT
    done = exchange.import_file(a.db, bundle(b, a, tmp_path / "back.wsb"))
    assert done.updated == 1  # the edit arrived, encrypted, without the fields it never had
    got = view(a, client)
    assert got.guardian_name == "宋军" and got.withheld == ()
    with a.db.read() as session:
        row = session.get(Client, client)
        assert row is not None and row.id_tail == ID_NUMBER[-4:]
        assert clients.find(session, ID_NUMBER[-4:]) == client
    assert (got.phone, got.address, got.notes) == (PHONE, ADDRESS, NOTES)
    assert got.id_masked.endswith(ID_NUMBER[-4:]) and got.id_masked != ""


def test_saving_without_a_change_writes_no_new_version(b: Node, plain: tuple[str, str]) -> None:
    client, _case = plain
    with b.db.read() as session:
        before = session.scalar(select(func.count()).select_from(ChangeLogEntry).where(ChangeLogEntry.row_id == client))
    with b.db.write() as session:
        clients.update(session, client, clients.get(session, client).as_input())
    with b.db.read() as session:
        after = session.scalar(select(func.count()).select_from(ChangeLogEntry).where(ChangeLogEntry.row_id == client))
    assert after == before


def test_a_bundle_carrying_the_fields_fills_them_and_counts_it(a: Node, b: Node, plain: tuple[str, str]) -> None:
    """The empty guardian's phone, now said to be empty, loses its mark too."""
    client, case = plain
    done = send(a, b)  # what the next bundle, encrypted, carries: the same versions, now with the fields
    # The client, the case and its opening stage change (its reason, empty, now said to be: 0029).
    assert done.filled == 3 and done.updated == 0
    got = view(b, client)
    assert got.withheld == () and (got.phone, got.address, got.notes) == (PHONE, ADDRESS, NOTES)
    with b.db.read() as session:
        assert cases.get(session, case).problem == PROBLEM
    assert send(a, b, full=True).filled == 0
