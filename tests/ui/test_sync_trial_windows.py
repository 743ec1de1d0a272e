"""数据同步 after a station and county trial (issue 8, S8): the export dialog asks before replacing a file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from desktop.i18n import set_locale
from desktop.sync import peers
from desktop.ui.sync.export_dialog import ExportDialog
from sync_testing import Node, make_node, pair_by_keys
from wushe_testing import shown


@pytest.fixture(autouse=True)
def english() -> None:
    set_locale("en")


@pytest.fixture
def nodes(tmp_path: Path) -> Iterator[tuple[Node, Node]]:
    a, b = make_node(tmp_path / "a", "甲站"), make_node(tmp_path / "b", "乙站")
    pair_by_keys(a, b)
    yield a, b
    a.db.close()
    b.db.close()


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
