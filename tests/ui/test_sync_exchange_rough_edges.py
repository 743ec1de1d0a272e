"""数据同步 → 导出与导入 after a reviewer's trial (issue 8): the export dialog grows to show its whole warning;
the tab says what export and import do and names the last bundle written and imported; an export with
nothing new writes no file, and one onto an existing file asks first; the client and case windows mark the
fields a plain bundle left out."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from desktop.domain.consent import Consent
from desktop.domain.permissions import Role
from desktop.i18n import set_locale
from desktop.services import cases, clients
from desktop.services.cases import CaseInput
from desktop.services.clients import ClientInput
from desktop.sync import exchange, peers
from desktop.ui.cases.case_window import CaseWindow
from desktop.ui.cases.client_dialog import ClientDialog
from desktop.ui.sync.exchange_tab import ExchangeTab
from desktop.ui.sync.export_dialog import ExportDialog
from county_testing import OPENED, sign_in_account
from sync_testing import Node, add_community, make_node, pair_by_keys
from wushe_testing import shown

MARK = "(not in the bundles received)"


@pytest.fixture(autouse=True)
def english() -> None:
    set_locale("en")


@pytest.fixture
def nodes(tmp_path: Path) -> Iterator[tuple[Node, Node]]:
    """甲站 and 乙站, each trusting the other by its real keys."""
    a, b = make_node(tmp_path / "a", "甲站"), make_node(tmp_path / "b", "乙站")
    pair_by_keys(a, b)
    yield a, b
    a.db.close()
    b.db.close()


def test_the_export_dialog_grows_to_show_the_whole_warning(qtbot, make_ctx, nodes) -> None:
    a, _b = nodes
    with a.db.read() as session:
        found = peers.list_peers(session)
    dialog = shown(qtbot, ExportDialog(make_ctx(a.db), found))
    before = dialog.height()
    dialog.sensitive.setCurrentIndex(dialog.sensitive.findData("included"))
    warning = dialog.warning
    qtbot.waitUntil(lambda: warning.isVisible())
    assert dialog.height() > before
    assert warning.height() >= warning.heightForWidth(warning.width())  # every line of it, none cut
    dialog.sensitive.setCurrentIndex(dialog.sensitive.findData("encrypted"))
    assert dialog.height() == before


def test_the_tab_explains_itself_and_names_the_last_bundles(qtbot, make_ctx, settle, nodes, tmp_path) -> None:
    a, b = nodes
    tab = shown(qtbot, ExchangeTab(make_ctx(a.db)))
    assert "No bundle written yet." in tab.last.text() and "No bundle imported yet." in tab.last.text()
    assert any("nothing new, no file is written" in label.text() for label in tab.findChildren(type(tab.last)))
    add_community(a, "石门村", 800)
    done = exchange.export_to_peer(a.db, b.node_id, tmp_path / "1.wsb")
    exchange.import_file(b.db, done.path, ack_out=tmp_path / "1-ack.wsb")
    exchange.import_file(a.db, exchange.export_to_peer(b.db, a.node_id, tmp_path / "2.wsb").path)
    tab._ctx.events.publish("sync")
    assert "Last bundle written: no. 1 for 乙站" in tab.last.text()
    assert "Last bundle imported: no. 1 from 乙站" in tab.last.text()

    # 乙站's bundle came after ours: the next one acknowledges it, so it is written; after that, nothing is new.
    exchange.import_file(a.db, tmp_path / "1-ack.wsb")
    tab.export_to(([(b.node_id, tmp_path / "3.wsb")], False, "encrypted"), {b.node_id: "乙站"})
    settle(tab._ctx)
    assert (tmp_path / "3.wsb").exists()
    exchange.import_file(b.db, tmp_path / "3.wsb", ack_out=tmp_path / "3-ack.wsb")
    exchange.import_file(a.db, tmp_path / "3-ack.wsb")
    tab.export_to(([(b.node_id, tmp_path / "4.wsb")], False, "encrypted"), {b.node_id: "乙站"})
    settle(tab._ctx)
    assert not (tmp_path / "4.wsb").exists()
    assert tab.result.text().startswith("Nothing new for 乙站") and "written to" not in tab.result.text()


def test_the_windows_mark_what_a_plain_bundle_left_out(qtbot, make_ctx, settle, nodes, tmp_path) -> None:
    a, b = nodes
    for node, name in ((a, "jia"), (b, "yi")):
        sign_in_account(node, name, f"{node.name}站长", Role.ADMIN)
    village = add_community(a, "石门村", 800)
    with a.db.write() as session:
        client = clients.add(session, ClientInput("宋德海", village, phone="13923017788", address="石门村七组 41 号",
                                                  consent=Consent(OPENED, "written"))).id
        case = cases.open_case(session, CaseInput(client, "独居老人，做饭困难", opened_on=OPENED))
    exchange.import_file(b.db, exchange.export_to_peer(a.db, b.node_id, tmp_path / "plain.wsb",
                                                       sensitive="left_out").path)
    ctx = make_ctx(b.db)
    window = shown(qtbot, CaseWindow(ctx, case.id))
    settle(ctx)
    assert window.problem.text() == f"Presenting problem: {MARK}"
    with b.db.read() as session:
        view = clients.get(session, client)
    dialog = shown(qtbot, ClientDialog(ctx, view))
    assert dialog.phone.text() == "" and dialog.phone.placeholderText() == MARK
    assert dialog.address.placeholderText() == MARK and dialog.notes.placeholderText() == MARK


def test_the_export_dialog_asks_before_replacing_a_file(qtbot, make_ctx, nodes, tmp_path, monkeypatch) -> None:
    a, _b = nodes
    with a.db.read() as session:
        found = peers.list_peers(session)
    out = tmp_path / "b.wsb"
    out.write_bytes(b"earlier")
    asked: list[str] = []
    answer = QMessageBox.StandardButton.No

    def question(_parent, _title, text, *_args):  # type: ignore[no-untyped-def]
        asked.append(text)
        return answer

    monkeypatch.setattr(QMessageBox, "question", question)
    dialog = shown(qtbot, ExportDialog(make_ctx(a.db), found))
    dialog.path.setText(str(out))
    dialog.save()
    assert asked == [f"{out} already exists. Replace it with the new bundle?"] and dialog.outcome is None
    answer = QMessageBox.StandardButton.Yes
    dialog.save()
    assert dialog.outcome is not None and dialog.outcome[0] == [(found[0].node_id, out)]
