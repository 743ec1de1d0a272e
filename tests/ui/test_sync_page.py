"""数据同步 on two real nodes in temporary folders: keys and peers, an export on one imported on the other
through the page's actions, refusals, acknowledgements, and a conflict compared and resolved."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

from desktop.domain.permissions import Principal, Role
from desktop.i18n import set_locale
from desktop.security import crypto
from desktop.security.vault import Vault
from desktop.sync import exchange, peers
from desktop.sync.peer_keys import fingerprint
from desktop.ui.pages import page_ids
from desktop.ui.sync.add_peer_dialog import AddPeerDialog
from desktop.ui.sync.conflicts_tab import DIFFERS
from desktop.ui.sync.export_dialog import ALL, ExportDialog
from desktop.ui.sync.page import SyncPage
from sync_testing import Node, add_community, community, make_conflict, make_node
from wushe_testing import shown

SIZE = (1366, 768)


@pytest.fixture(autouse=True)
def english() -> None:
    set_locale("en")  # the wording is checked below; the autouse fixture of the folder puts it back


def _node(folder: Path, name: str, kind: str = "station") -> Iterator[Node]:
    node = make_node(folder, name, kind)
    yield node
    node.db.close()


@pytest.fixture
def a(tmp_path: Path) -> Iterator[Node]:
    yield from _node(tmp_path / "a", "甲站")


@pytest.fixture
def b(tmp_path: Path) -> Iterator[Node]:
    yield from _node(tmp_path / "b", "乙站")


def pair(*nodes: Node) -> None:
    for one in nodes:
        for other in nodes:
            if one is not other:
                with other.db.read() as session:
                    key = peers.my_key(session)
                with one.db.write() as session:
                    peers.add_peer(session, key)


@pytest.fixture
def page_of(qtbot, make_ctx) -> Callable[[Node], SyncPage]:
    def make(node: Node) -> SyncPage:
        page = shown(qtbot, SyncPage(make_ctx(node.db)), SIZE)
        page.ctx = page.peers._ctx  # the tests settle this node's worker
        return page
    return make


def run_dialog(qtbot, fill: Callable[[object], None]):
    """Stands in for a FormDialog's ``exec``: shows it, lets ``fill`` act, saves and waits for the outcome."""
    def run(dialog) -> int:
        dialog.show()
        fill(dialog)
        if dialog.ok_button.isEnabled():
            dialog.save()
            dialog._ctx.tasks.wait()
            qtbot.waitUntil(lambda: not dialog._busy)
        return dialog.result()
    return run


def save_as(monkeypatch, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: (str(path), ""))


def open_file(monkeypatch, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args: (str(path), ""))


def test_the_page_is_in_the_sidebar_before_settings() -> None:
    ids = page_ids()
    assert ids.index("sync") == ids.index("settings") - 1


def test_a_peer_is_added_from_its_key_file_once_the_fingerprints_agree(qtbot, page_of, a, b, tmp_path, monkeypatch,
                                                                       settle) -> None:
    page_a, page_b = page_of(a), page_of(b)
    assert page_a.peers.name.text() == "甲站" and page_a.peers.model.total() == 0
    assert page_a.peers.body.currentWidget() is page_a.peers.body.empty  # a line saying what to do first
    assert "Add a peer" in page_a.peers.body.empty.text()
    key_file = tmp_path / "甲站.wskey"
    save_as(monkeypatch, key_file)
    page_a.peers.save_key_button.click()
    with a.db.read() as session:
        expected = fingerprint(peers.my_key(session).signing_public)
    assert page_a.peers.fingerprint.text() == expected

    seen: list[tuple[bool, bool]] = []

    def fill(dialog: AddPeerDialog) -> None:
        assert dialog.fingerprint.text() == expected
        seen.append((dialog.ok_button.isEnabled(), False))
        dialog.typed.setText("0000 " * 8)
        dialog.typed.textEdited.emit(dialog.typed.text())
        seen.append((dialog.ok_button.isEnabled(), dialog.form._fields["fingerprint"].error.isVisible()))
        dialog.typed.setText(expected.lower()[:39])  # the first half, as the home page shows it
        dialog.typed.textEdited.emit(dialog.typed.text())

    open_file(monkeypatch, key_file)
    monkeypatch.setattr(AddPeerDialog, "exec", run_dialog(qtbot, fill))
    page_b.peers.add_button.click()
    assert seen == [(False, False), (False, True)]  # nothing compared yet; then a wrong fingerprint
    qtbot.waitUntil(lambda: page_b.peers.model.total() == 1)
    assert page_b.peers.body.currentWidget() is page_b.peers.view
    peer = page_b.peers.model.row_object(page_b.peers.model.index(0, 0))
    assert (peer.name, peer.fingerprint) == ("甲站", expected)


def test_export_on_one_node_and_import_on_the_other(qtbot, page_of, a, b, tmp_path, monkeypatch, settle) -> None:
    pair(a, b)
    row_id = add_community(a, "石门村", 800)
    page_a, page_b = page_of(a), page_of(b)
    bundle = tmp_path / "to-b.wsb"

    def fill(dialog: ExportDialog) -> None:
        assert dialog.peer.currentData() == b.node_id and not dialog.warning.isVisible()
        dialog.sensitive.setCurrentIndex(dialog.sensitive.findData("included"))
        assert dialog.warning.isVisible()  # plain with sensitive fields: said loudly
        dialog.sensitive.setCurrentIndex(dialog.sensitive.findData("encrypted"))
        save_as(monkeypatch, bundle)
        dialog.choose.click()
        assert dialog.path.text() == str(bundle)

    monkeypatch.setattr(ExportDialog, "exec", run_dialog(qtbot, fill))
    page_a.exchange.export_button.click()
    settle(page_a.ctx)
    assert bundle.exists() and "Bundle 1 for 乙站 written" in page_a.exchange.result.text()

    open_file(monkeypatch, bundle)
    page_b.exchange.import_button.click()
    settle(page_b.ctx)
    assert community(b, row_id).population == 800
    # Two records added: the sending station's own row, and the village.
    assert page_b.exchange.result.text().startswith("Bundle 1 from 甲站 imported: 2 added")
    qtbot.waitUntil(lambda: page_b.peers.model.row_object(page_b.peers.model.index(0, 0)).last_received_at
                    is not None)

    page_b.exchange.import_bundle(bundle)  # the same file again: refused in one line, nothing changed
    settle(page_b.ctx)
    assert page_b.exchange.result.text() == ("Not imported: This bundle has already been imported here; "
                                             "it is not imported twice.")

    assert page_b.exchange.ack_button.isHidden()  # the refusal forgot the earlier import
    page_b.exchange.import_bundle(tmp_path / "missing.wsb")
    settle(page_b.ctx)
    assert page_b.exchange.result.text().startswith("Not imported: ")


def test_an_import_offers_the_acknowledgement(qtbot, page_of, a, b, tmp_path, monkeypatch, settle) -> None:
    pair(a, b)
    add_community(a, "石门村", 800)
    bundle, ack = tmp_path / "to-b.wsb", tmp_path / "ack.wsb"
    exchange.export_to_peer(a.db, b.node_id, bundle)
    page_b = page_of(b)
    page_b.exchange.import_bundle(bundle)
    settle(page_b.ctx)
    assert not page_b.exchange.ack_button.isHidden()
    save_as(monkeypatch, ack)
    page_b.exchange.ack_button.click()
    settle(page_b.ctx)
    assert page_b.exchange.result.text() == f"Acknowledgement for 甲站 written to {ack}."
    assert exchange.import_file(a.db, ack).kind == "ack"
    with a.db.read() as session:
        assert peers.waiting_counts(session) == {b.node_id: 0}


def test_a_cancelled_import_changes_nothing(qtbot, page_of, a, b, tmp_path, settle) -> None:
    pair(a, b)
    row_id = add_community(a, "石门村", 800)
    bundle = tmp_path / "to-b.wsb"
    exchange.export_to_peer(a.db, b.node_id, bundle)
    page_b = page_of(b)
    gate = threading.Event()
    page_b.ctx.tasks.run(lambda _progress: gate.wait(5), show_progress=False)  # holds the one worker
    page_b.exchange.import_bundle(bundle).cancel()  # queued behind it: cancelled before it merges a row
    gate.set()
    settle(page_b.ctx)
    assert page_b.exchange.result.text() == "The import was cancelled; nothing was changed."
    assert community(b, row_id) is None and page_b.exchange.import_button.isEnabled()
    page_b.exchange.import_bundle(bundle)  # and it can be imported afterwards
    settle(page_b.ctx)
    assert community(b, row_id).population == 800


def test_a_conflict_is_compared_side_by_side_and_resolved(qtbot, page_of, a, b, tmp_path, settle) -> None:
    pair(a, b)
    row_id = make_conflict(a, b, tmp_path)
    page = page_of(a)
    tab = page.conflicts
    assert tab.model.total() == 1
    row = tab.selected()
    assert (row.record, row.current_from, row.other_from) == (
        "石门村", "甲站 (Township social-work station)", "乙站 (Township social-work station)")
    lines = {tab.comparison.item(n, 0).text(): (tab.comparison.item(n, 1).text(), tab.comparison.item(n, 2).text(),
                                                tab.comparison.item(n, 0).background().color() == DIFFERS)
             for n in range(tab.comparison.rowCount())}
    # Fields are named as the register's form names them.
    assert lines["Resident population"] == ("801", "802", True) and lines["Notes"] == ("甲站", "乙站", True)
    assert lines["Name"] == ("石门村", "石门村", False)
    assert tab.model.data(tab.model.index(0, 5)) == "Resident population, Notes"  # in the form's order
    assert tab.comparison.horizontalHeaderItem(2).text() == "Other version, from 乙站 (Township social-work station)"

    tab.take_button.click()
    settle(page.ctx)
    assert community(a, row_id).population == 802
    qtbot.waitUntil(lambda: tab.model.total() == 0)  # resolved ones are hidden
    assert tab.title.text() == "No conflicts: every concurrent edit merged cleanly."
    tab.show_resolved.setChecked(True)
    assert tab.model.total() == 1 and not tab.take_button.isEnabled()
    assert tab.model.data(tab.model.index(0, 6)) == "Took the other version"
    # Resolved: both versions as they were decided on, which was kept, who decided and when (not the record
    # compared with itself, issue 8).
    lines = {tab.comparison.item(n, 0).text(): (tab.comparison.item(n, 1).text(), tab.comparison.item(n, 2).text())
             for n in range(tab.comparison.rowCount())}
    assert lines["Resident population"] == ("801", "802") and lines["Notes"] == ("甲站", "乙站")
    assert lines["Written by"] == ("甲站 (Township social-work station) · 甲站-clerk",  # no accounts: login names
                                   "乙站 (Township social-work station) · 乙站-clerk")
    assert [tab.comparison.horizontalHeaderItem(n).text() for n in (1, 2)] == [
        "Set-aside version, from 甲站 (Township social-work station)",
        "Kept version, from 乙站 (Township social-work station)"]
    assert tab.title.text().startswith("Villages and communities “石门村”: 2 fields differ (highlighted). Resolved: "
                                       "Took the other version, ")
    assert tab.title.text().endswith(" by 甲站 (Township social-work station) · 甲站-clerk.")


def test_a_viewer_sees_peers_and_conflicts_but_no_actions(qtbot, page_of, a, b, tmp_path) -> None:
    pair(a, b)
    make_conflict(a, b, tmp_path)
    a.db.sign_in(Principal(None, "viewer", "只读", Role.VIEWER), Vault(crypto.new_key()))
    page = page_of(a)
    assert page.exchange is None and page.tabs.count() == 2
    assert page.peers.model.total() == 1 and page.conflicts.model.total() == 1
    for button in (page.peers.add_button, page.peers.save_key_button, page.conflicts.keep_button,
                   page.conflicts.take_button):
        assert button.isHidden()


def test_a_county_lists_its_stations_first_and_sends_to_all(qtbot, page_of, tmp_path, monkeypatch, settle) -> None:
    named = (("县民政局", "county"), ("A村社区室", "room"), ("Z镇社工站", "station"), ("B镇社工站", "station"))
    nodes = [make_node(tmp_path / name, name, kind) for name, kind in named]
    try:
        county = nodes[0]
        for other in nodes[1:]:
            pair(county, other)
        page = page_of(county)
        assert page.tabs.tabText(0) == "Stations"
        model = page.peers.model
        assert [model.data(model.index(n, 0)) for n in range(model.rowCount())] == ["B镇社工站", "Z镇社工站",
                                                                                    "A村社区室"]
        folder = tmp_path / "down"
        folder.mkdir()

        def fill(dialog: ExportDialog) -> None:
            dialog.peer.setCurrentIndex(dialog.peer.findData(ALL))
            dialog.peer.activated.emit(dialog.peer.currentIndex())
            monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *args: str(folder))
            dialog.choose.click()

        monkeypatch.setattr(ExportDialog, "exec", run_dialog(qtbot, fill))
        page.exchange.export_button.click()
        settle(page.ctx)
        assert len(list(folder.glob("*.wsb"))) == 3
        assert page.exchange.result.text().count("Bundle 1 for") == 3
        for station in nodes[1:]:
            [bundle] = folder.glob(f"{station.name}-*.wsb")
            assert exchange.import_file(station.db, bundle).sender_name == "县民政局"
    finally:
        for node in nodes:
            node.db.close()
