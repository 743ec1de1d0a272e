"""Adding a peer in the app: a node trusted already with the same key is only said to be; one trusted
with another key is replaced only after a confirmation naming both fingerprints."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.i18n import set_locale
from desktop.sync import peers
from desktop.sync.peer_keys import fingerprint, write_key_file
from desktop.ui.sync.add_peer_dialog import AddPeerDialog, add_peer_from_file
from sync_testing import Node, make_node, other_keys


@pytest.fixture(autouse=True)
def english() -> None:
    set_locale("en")


@pytest.fixture
def nodes(tmp_path: Path) -> Iterator[tuple[Node, Node]]:
    a, b = make_node(tmp_path / "a", "甲站"), make_node(tmp_path / "b", "乙站")
    yield a, b
    a.db.close()
    b.db.close()


def test_the_app_asks_before_replacing_a_trusted_key(qtbot, make_ctx, nodes, tmp_path, monkeypatch) -> None:
    a, b = nodes
    with a.db.read() as session:
        key = peers.my_key(session)
    with b.db.write() as session:
        peers.add_peer(session, key)
    ctx, told, asked, opened = make_ctx(b.db), [], [], []
    ctx.events.notice.connect(told.append)
    parent = QWidget()
    qtbot.addWidget(parent)

    def answer(reply: QMessageBox.StandardButton):
        def question(_parent, _title, text, *_args):
            asked.append(text)
            return reply
        return question

    def dialog_exec(dialog: AddPeerDialog) -> int:
        opened.append(dialog.replace_key)
        return 0  # the person closes it: nothing is added

    monkeypatch.setattr(AddPeerDialog, "exec", dialog_exec)
    same = write_key_file(tmp_path / "same.wskey", key)
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    assert add_peer_from_file(ctx, same, parent) is None
    assert told == ["甲站 (Township social-work station) is already a trusted peer with this key."]
    assert asked == [] and opened == []

    new = other_keys(key)
    changed = write_key_file(tmp_path / "new.wskey", new)
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No))
    assert add_peer_from_file(ctx, changed, parent) is None
    assert fingerprint(key.signing_public) in asked[0] and fingerprint(new.signing_public) in asked[0]
    assert opened == []  # declined: the dialog never opens
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    add_peer_from_file(ctx, changed, parent)
    assert opened == [True]  # confirmed: the dialog then replaces the key once the fingerprint is compared
    with b.db.read() as session:
        assert peers.trusted_fingerprint(session, key.node_id) == fingerprint(key.signing_public)
