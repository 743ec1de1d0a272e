"""A version names the one it replaced (issue 8): a row on the wire carries its base, the stamps of the
newest version before it, by another writer, at the node that sends it, so a receiver holding exactly that
version takes the row as a later edit of it, not as a concurrent one, however the acknowledgements between
the two nodes stand. Two stations and a county, by real bundle files."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.storage.models import SyncConflict
from desktop.sync import bundle_write, exchange
from desktop.sync.bundle import CHANGES, FORMAT
from desktop.sync.peers import signing_key
from desktop.sync.pruning import prune
from desktop.sync.refusals import BundleRefused
from bundle_testing import is_whole, make_bundle, manifest_of, read, rezip
from sync_testing import Node, a, add_community, b, c, carry, community, edit_community, pair_by_keys

__all__ = ["a", "b", "c"]  # the fixtures


def conflicts(node: Node) -> list[tuple[dict, dict]]:
    """The conflicts kept at ``node``: (winner, loser) as wire rows."""
    with node.db.read() as session:
        return [(json.loads(found.winner), json.loads(found.loser)) for found in session.scalars(select(SyncConflict))]


def changes_of(path: Path) -> list[dict]:
    with zipfile.ZipFile(path) as archive:
        return [json.loads(line) for line in archive.read(CHANGES).splitlines()]


@pytest.fixture
def everyone(a: Node, b: Node, c: Node) -> tuple[Node, Node, Node]:
    """甲站, 乙站 and the county, each trusting the other two."""
    for one, other in ((a, b), (a, c), (b, c)):
        pair_by_keys(one, other)
    return a, b, c


@pytest.fixture
def village(everyone: tuple[Node, Node, Node], tmp_path: Path) -> str:
    """甲站's village at the county and, directly, at 乙站, which has heard nothing from the county yet."""
    a, b, c = everyone
    row = add_community(a, "石门村", 800)
    carry(a, c, tmp_path)
    carry(a, b, tmp_path)
    return row


def test_an_edit_on_the_very_version_the_county_holds_is_no_conflict(
        everyone: tuple[Node, Node, Node], village: str, tmp_path: Path) -> None:
    """乙站's acknowledgements of the county's log cover nothing, yet its edit was made on 甲站's version."""
    _a, b, c = everyone
    edit_community(b, village, population=950)
    carry(b, c, tmp_path)
    assert community(c, village).population == 950
    assert conflicts(c) == []


def test_a_relayed_edit_names_the_version_it_replaced_at_the_relay(
        everyone: tuple[Node, Node, Node], village: str, tmp_path: Path) -> None:
    """乙站's edit reaches the county by way of 甲站: 甲站 replaced its own version with it, which the county
    holds."""
    a, b, c = everyone
    edit_community(b, village, population=950)
    carry(b, a, tmp_path)
    carry(a, c, tmp_path)
    assert community(c, village).population == 950
    assert conflicts(c) == [] and conflicts(a) == []


def test_two_edits_in_a_row_still_name_the_version_they_were_made_on(
        everyone: tuple[Node, Node, Node], village: str, tmp_path: Path) -> None:
    _a, b, c = everyone
    edit_community(b, village, population=950)
    edit_community(b, village, name="石门村（新）")
    path = exchange.export_to_peer(b.db, c.node_id, tmp_path / "plain.wsb", sensitive="included").path
    held = community(c, village)
    (row,) = [row for row in changes_of(path) if row["id"] == village]
    assert row["base"] == [held.hlc, held.origin_node]
    exchange.import_file(c.db, path)
    assert (community(c, village).population, community(c, village).name) == (950, "石门村（新）")
    assert conflicts(c) == []


def test_concurrent_edits_still_conflict(everyone: tuple[Node, Node, Node], village: str, tmp_path: Path) -> None:
    """The county changed the village too (a record of its own would do the same): 乙站's base is not its version."""
    _a, b, c = everyone
    edit_community(b, village, population=950)
    edit_community(c, village, population=990)
    carry(b, c, tmp_path)
    ((winner, loser),) = conflicts(c)
    assert {winner["fields"]["population"], loser["fields"]["population"]} == {950, 990}


def test_a_version_whose_base_was_pruned_falls_back_to_the_acknowledgements(
        everyone: tuple[Node, Node, Node], village: str, tmp_path: Path) -> None:
    """乙站's log no longer holds 甲站's version (both peers acknowledged it, and it is pruned at once here, not
    after a month): no base, so the county, whose data 乙站 has not merged, keeps the version it loses, as before."""
    a, b, c = everyone
    carry(b, c, tmp_path)  # the county acknowledges 乙站's log, 甲站's version included; it sends no data back
    edit_community(b, village, population=950)
    carry(b, a, tmp_path)
    with b.db.write() as session:
        assert prune(session, keep_days=0).entries
    rows = changes_of(exchange.export_to_peer(b.db, c.node_id, tmp_path / "pruned.wsb", full=True,
                                              sensitive="included").path)
    assert all("base" not in row for row in rows if row["id"] == village)
    exchange.import_file(c.db, tmp_path / "pruned.wsb")
    assert community(c, village).population == 950
    assert len(conflicts(c)) == 1


def older_format(node: Node, path: Path, target: Path) -> Path:
    """The plain bundle at ``path`` as the previous format wrote it: no bases, signed by ``node``."""
    lines = b"".join(json.dumps({key: value for key, value in row.items() if key != "base"}, ensure_ascii=False,
                                sort_keys=True, separators=(",", ":")).encode() + b"\n"
                     for row in changes_of(path))
    members = manifest_of(path)["members"]
    members[CHANGES] = {"sha256": hashlib.sha256(lines).hexdigest(), "size": len(lines)}
    with node.db.read() as session:
        key = signing_key(session)
    return rezip(path, target, manifest={"format": "wushe-bundle/1", "members": members}, sign_with=key,
                 replace={CHANGES: lines})


def test_an_older_format_bundle_imports_by_the_acknowledgements(
        everyone: tuple[Node, Node, Node], village: str, tmp_path: Path) -> None:
    _a, b, c = everyone
    edit_community(b, village, population=950)
    path = exchange.export_to_peer(b.db, c.node_id, tmp_path / "new.wsb", sensitive="included").path
    assert manifest_of(path)["format"] == FORMAT == "wushe-bundle/2"
    old = older_format(b, path, tmp_path / "old.wsb")
    done = exchange.import_file(c.db, old)
    assert done.updated == 1 and community(c, village).population == 950
    assert len(conflicts(c)) == 1  # without a base, the version the sender had not acknowledged is kept


def test_a_bundle_of_a_newer_format_is_refused_in_one_line(
        everyone: tuple[Node, Node, Node], village: str, tmp_path: Path) -> None:
    _a, b, c = everyone
    edit_community(b, village, population=950)
    path = exchange.export_to_peer(b.db, c.node_id, tmp_path / "new.wsb", sensitive="included").path
    with b.db.read() as session:
        key = signing_key(session)
    newer = rezip(path, tmp_path / "newer.wsb", manifest={"format": "wushe-bundle/3"}, sign_with=key)
    before = c.dump()
    with pytest.raises(BundleRefused) as refused:
        exchange.import_file(c.db, newer)
    assert (refused.value.reason, str(refused.value)) == (
        "schema_version", "This bundle is in format wushe-bundle/3, which this version of Wushe Desk cannot read; "
                          "update it.")
    assert c.dump() == before


def test_an_encrypted_bundle_of_format_1_still_opens(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Its payload is bound to the format its manifest names, as the previous version sealed it."""
    monkeypatch.setattr(bundle_write, "FORMAT", "wushe-bundle/1")  # the previous version's writer
    path = make_bundle(tmp_path / "old.zip", encrypted=True)
    assert manifest_of(path)["format"] == "wushe-bundle/1" and is_whole(read(path))
