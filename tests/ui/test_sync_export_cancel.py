"""Export on the 数据同步 page runs on the worker with progress and Cancel: a cancelled bundle leaves no
file and takes no sequence number; with several peers, the bundles finished before it are kept."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from itertools import combinations
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

from desktop.i18n import set_locale
from desktop.sync import exchange, peers
from desktop.ui.sync import exchange_tab
from desktop.ui.sync.export_dialog import ExportDialog
from desktop.ui.sync.page import SyncPage
from desktop.ui.tasks import Progress
from sync_testing import Node, add_community, make_node, pair_by_keys
from wushe_testing import shown


@pytest.fixture(autouse=True)
def english() -> None:
    set_locale("en")


@pytest.fixture
def nodes(tmp_path: Path) -> Iterator[tuple[Node, Node, Node]]:
    made = (make_node(tmp_path / "a", "甲站"), make_node(tmp_path / "b", "乙站"), make_node(tmp_path / "c", "丙站"))
    for one, other in combinations(made, 2):
        pair_by_keys(one, other)
    yield made
    for node in made:
        node.db.close()


def held(page: SyncPage) -> threading.Event:
    """Keeps the one worker busy until the event is set: what is queued behind waits."""
    gate = threading.Event()
    page.exchange._ctx.tasks.run(lambda _progress: gate.wait(5), show_progress=False)
    return gate


def test_the_dialog_chooses_and_the_page_writes_with_progress(qtbot, make_ctx, nodes, tmp_path, monkeypatch,
                                                              settle) -> None:
    a, b, _c = nodes
    add_community(a, "石门村", 800)
    page = shown(qtbot, SyncPage(make_ctx(a.db)), (1200, 700))
    out = tmp_path / "to-b.wsb"
    told: list[tuple[int, int, str]] = []
    real = exchange_tab.telling
    monkeypatch.setattr(exchange_tab, "telling", lambda progress, peer: real(
        lambda *args: (told.append(args), progress(*args)), peer))

    def run(dialog: ExportDialog) -> int:
        dialog.show()
        dialog.peer.setCurrentIndex(dialog.peer.findData(b.node_id))
        dialog.peer.activated.emit(dialog.peer.currentIndex())
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: (str(out), ""))
        dialog.choose.click()
        dialog.save()
        assert not out.exists()  # the dialog only chose
        return dialog.result()

    monkeypatch.setattr(ExportDialog, "exec", run)
    page.exchange.export_button.click()
    assert not page.exchange.export_button.isEnabled()
    settle(page.exchange._ctx)
    assert out.exists() and page.exchange.result.text().startswith("Bundle 1 for 乙站 written")
    assert told[0][:2] == (0, told[-1][1]) and told[-1][0] == told[-1][1] > 0
    assert told[-1][2] == f"Writing the bundle for 乙站: {told[-1][0]} of {told[-1][1]} records…"
    assert page.exchange.export_button.isEnabled()


def test_a_cancelled_export_writes_nothing(qtbot, make_ctx, nodes, tmp_path, settle) -> None:
    a, b, _c = nodes
    add_community(a, "石门村", 800)
    page = shown(qtbot, SyncPage(make_ctx(a.db)), (1200, 700))
    out = tmp_path / "to-b.wsb"
    gate = held(page)
    page.exchange.export_to(([(b.node_id, out)], False, "encrypted"), {b.node_id: "乙站"}).cancel()
    gate.set()
    settle(page.exchange._ctx)
    assert page.exchange.result.text() == "The export was cancelled; the unfinished bundle was not written."
    assert not out.exists() and list(tmp_path.glob("*.part")) == [] and page.exchange.export_button.isEnabled()
    assert exchange.export_to_peer(a.db, b.node_id, out).sequence == 1  # the number was not used up


def test_cancelling_among_several_peers_keeps_the_finished_bundles(qtbot, make_ctx, nodes, tmp_path, monkeypatch,
                                                                  settle) -> None:
    a, b, c = nodes
    add_community(a, "石门村", 800)
    page = shown(qtbot, SyncPage(make_ctx(a.db)), (1200, 700))
    operation = []
    real = exchange_tab.telling

    def telling(progress: Progress, peer: str) -> Progress:
        if peer == "丙站":  # the second bundle: Cancel is pressed while it is being written
            operation[0].cancel()
        return real(progress, peer)

    monkeypatch.setattr(exchange_tab, "telling", telling)
    to_b, to_c = tmp_path / "b.wsb", tmp_path / "c.wsb"
    gate = held(page)
    operation.append(page.exchange.export_to(([(b.node_id, to_b), (c.node_id, to_c)], False, "encrypted"),
                                             {b.node_id: "乙站", c.node_id: "丙站"}))
    gate.set()
    settle(page.exchange._ctx)
    assert to_b.exists() and not to_c.exists()
    assert page.exchange.result.text() == (f"Bundle 1 for 乙站 written to {to_b}: 2 records, 0 files. "
                                           "The export was cancelled; the unfinished bundle was not written.")
    with a.db.read() as session:
        sent = {p.name: p.bundles_sent for p in peers.list_peers(session)}
    assert sent == {"乙站": 1, "丙站": 0}
    qtbot.waitUntil(lambda: {page.peers.model.row_object(page.peers.model.index(n, 0)).bundles_sent
                             for n in range(2)} == {0, 1})
