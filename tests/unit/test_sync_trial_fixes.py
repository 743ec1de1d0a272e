"""What a station and county trial found in the exchange (issue 8, S8): sequence gaps recomputed from what
arrived, a full bundle closing the gaps before it; refusals that say whose bundle it is; a sequence number
reused after a station restored a backup."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.sync import conflicts, exchange, peers
from desktop.sync.conflict_fields import field_pairs
from desktop.domain.consent import Consent
from desktop.services import clients, maintenance, volunteers
from desktop.services.volunteers import VolunteerInput
from desktop.storage.models import AuditEntry, Volunteer
from desktop.sync.conflict_text import conflict_text, resolution_text, value_text, written
from desktop.sync.import_text import imported_lines
from desktop.sync.refusals import BundleRefused
from sync_testing import Node, add_client, add_community, community as community_row, edit_community, exchanged, \
    make_conflict, make_node, pair_by_keys


@pytest.fixture
def a(tmp_path: Path) -> Node:
    return make_node(tmp_path / "a", "甲站")


@pytest.fixture
def c(tmp_path: Path) -> Node:
    node = make_node(tmp_path / "c", "县民政局", kind="county")
    return node


@pytest.fixture
def paired(a: Node, c: Node) -> tuple[Node, Node]:
    pair_by_keys(a, c)
    return a, c


def _gaps(node: Node, sender: Node) -> tuple[int, ...]:
    with node.db.read() as session:
        return next(p for p in peers.list_peers(session) if p.node_id == sender.node_id).missing_sequences


def test_a_gap_closes_when_the_bundle_arrives_or_a_full_bundle_covers_it(paired: tuple[Node, Node],
                                                                         tmp_path: Path) -> None:
    a, c = paired
    bundles = []
    for number in range(4):
        add_community(a, f"村{number}")
        bundles.append(exchange.export_to_peer(a.db, c.node_id, tmp_path / f"{number}.wsb").path)
    assert exchange.import_file(c.db, bundles[0]).missing_sequences == ()
    assert exchange.import_file(c.db, bundles[3]).missing_sequences == (2, 3)
    assert exchange.import_file(c.db, bundles[1]).missing_sequences == (3,)  # bundle 2 arrived: its gap closes
    assert _gaps(c, a) == (3,)
    full = exchange.export_to_peer(a.db, c.node_id, tmp_path / "full.wsb", full=True)
    assert exchange.import_file(c.db, full.path).missing_sequences == ()  # bundle 5 held every record
    assert _gaps(c, a) == ()


def test_a_nodes_own_bundle_and_one_for_another_peer_are_refused_saying_whose(paired: tuple[Node, Node],
                                                                              tmp_path: Path) -> None:
    a, c = paired
    b = make_node(tmp_path / "b", "乙站")
    pair_by_keys(a, b)
    pair_by_keys(c, b)
    add_community(a, "石门村", 800)
    to_county = exchange.export_to_peer(a.db, c.node_id, tmp_path / "c.wsb").path
    to_b = exchange.export_to_peer(a.db, b.node_id, tmp_path / "b.wsb").path
    before = a.dump(), c.dump()
    with pytest.raises(BundleRefused) as own:
        exchange.import_file(a.db, to_county)
    assert (own.value.reason, own.value.message) == (
        "own_bundle", "This bundle was written by this node; import it at the node it is addressed to.")
    with pytest.raises(BundleRefused) as elsewhere:
        exchange.import_file(c.db, to_b)
    assert (elsewhere.value.reason, elsewhere.value.message) == (
        "wrong_recipient", "This bundle is addressed to 乙站 (Township social-work station), not to this node; import it there.")
    assert (a.dump(), c.dump()) == before


def test_a_conflicts_current_version_is_the_record_as_it_is_now(paired: tuple[Node, Node], tmp_path: Path) -> None:
    a, c = paired
    row_id = make_conflict(a, c, tmp_path)
    edit_community(a, row_id, population=900)  # the record moves on after the conflict was found
    with a.db.read() as session:
        [view] = conflicts.list_conflicts(session)
        text = conflict_text(session, view)
        pairs = {p.field: (p.current, p.other) for p in field_pairs(session, view.id)}
    assert {f.label: (f.current, f.other) for f in text.fields} == {
        "Notes": ("甲站", "乙站"), "Resident population": ("900", "802")}  # live, and the loser as stored
    assert pairs["population"] == (900, 802)


def test_a_conflict_reads_as_the_forms_do_and_its_resolution_says_what_replaced_what(
        paired: tuple[Node, Node], tmp_path: Path) -> None:
    a, c = paired
    row_id = make_conflict(a, c, tmp_path)
    with a.db.read() as session:
        [view] = conflicts.list_conflicts(session)
        assert [d.field for d in view.differences] == ["population", "notes"]  # the form's order, not a-z
        compared = [p.field for p in field_pairs(session, view.id)]
        assert compared[0] == "name" and compared.index("setting") < compared.index("population") < compared.index("notes")
        assert value_text(session, "fund", "opened_on", "2026-03-01") == "Mar 1, 2026"
        assert value_text(session, "project", "requested_fen", 1_234_567) == "CN¥12,345.67"
        assert value_text(session, "community", "population", 12_000) == "12,000"
        before = conflict_text(session, view)
        current, other = written(session, view)
    assert (current.by, other.by) == ("甲站 (Township social-work station) · 甲站-clerk",
                                      "县民政局 (County civil-affairs office)")  # no account: no audit of it here
    with a.db.write() as session:
        conflicts.resolve(session, view.id, conflicts.TAKE_OTHER)
    assert resolution_text(before, conflicts.TAKE_OTHER) == (
        "The other version of 石门村 (from 县民政局 (County civil-affairs office)) replaced the current one (from 甲站 "
        "(Township social-work station)): Resident population: 801 → 802; Notes: 甲站 → 乙站.")
    with a.db.read() as session:
        detail = session.scalars(select(AuditEntry.detail).where(AuditEntry.action == "sync.conflict")).one()
    assert json.loads(detail)["replaced"] == {"population": [801, 802], "notes": ["甲站", "乙站"]}
    assert community_row(a, row_id).population == 802


def test_a_person_registered_on_two_nodes_still_saves_and_check_names_the_pair(paired: tuple[Node, Node],
                                                                                tmp_path: Path) -> None:
    a, c = paired
    consent = Consent(date(2026, 3, 1), "written")
    add_client(a, add_community(a, "石门村"), "张秀英", "110101195001011239")
    place = add_community(c, "县城社区")
    own = add_client(c, place, "张秀英", "110101195001011239")
    exchanged(a, c, tmp_path)
    with c.db.write() as session:
        helper = volunteers.add(session, VolunteerInput("石秀芬", place, "resident_id", "110101195001011239",
                                                         registered_on=date(2026, 3, 1), consent=consent))
        # Her twin as a merge writes one (a bundle's volunteer arrives with its blind index worked out here).
        session.add(Volunteer(name="石秀芬", number="V-2026-0999", community_id=place, registered_on=date(2026, 3, 1),
                              status=helper.status,
                              id_blind=session.get(Volunteer, helper.id).id_blind))
    with c.db.write() as session:  # the node's own edits of its own records save
        changed = replace(clients.get(session, own).as_input(), address="县城社区 3 号", consent=consent)
        assert clients.update(session, own, changed).address == "县城社区 3 号"
        moved = replace(volunteers.get(session, helper.id).as_input(), residence="县城社区 5 号")
        assert volunteers.update(session, helper.id, moved).residence == "县城社区 5 号"
    faults = maintenance.check(c.db).faults
    assert (f"Volunteers 石秀芬 ({helper.number}, 县民政局) and 石秀芬 (V-2026-0999, 县民政局) have one ID number: the same "
            "person registered twice, on two nodes and then synced. Keep one record and delete the other.") in faults
    assert ("Clients 张秀英 (ID ending 1239, 甲站) and 张秀英 (ID ending 1239, 县民政局) have one ID number: the same "
            "person registered twice, on two nodes and then synced. Keep one record: close or refer the other's cases, "
            "then delete it.") in faults  # in the order they were registered


def test_a_number_reused_after_a_restored_backup_is_flagged_and_numbering_goes_on(paired: tuple[Node, Node],
                                                                                  tmp_path: Path) -> None:
    a, c = paired
    add_community(a, "石门村")
    exchanged(a, c, tmp_path)  # bundle 1
    backup = maintenance.backup(a.db, tmp_path / "a-backup.db")
    add_community(a, "青山村")
    assert exchanged(a, c, tmp_path)[0].sequence == 2
    principal, vault = a.db.principal, a.db.vault
    maintenance.restore(a.db, backup)  # 甲站 goes back to before bundle 2
    a.db.sign_in(principal, vault)
    add_community(a, "白岩村")
    again = exchange.export_to_peer(a.db, c.node_id, tmp_path / "again.wsb")
    assert again.sequence == 2  # nothing here says bundle 2 was sent
    done = exchange.import_file(c.db, again.path, ack_out=tmp_path / "again-ack.wsb")
    assert done.sequence_reused and done.inserted == 1
    assert ("Bundle 2 from 甲站 was already received with different content: the sender may have restored a backup. "
            "Both are kept on record.") in imported_lines(done)
    with c.db.read() as session:
        assert sorted(peers.received_sequences(session, a.node_id)) == [1, 2, 2]  # both bundles 2 on record
    exchange.import_file(a.db, tmp_path / "again-ack.wsb")  # the county says it has 2: 甲站 goes on from there
    add_community(a, "三河村")
    assert exchange.export_to_peer(a.db, c.node_id, tmp_path / "next.wsb").sequence == 3
