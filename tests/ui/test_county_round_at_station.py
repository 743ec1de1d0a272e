"""At a station a round the county office runs opens read-only, saying whose it is, and its Delete is off with
that reason as its tooltip (issue 8 trial #4); the station's own round keeps its buttons."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel

from desktop.i18n import set_locale
from desktop.services import rounds
from desktop.ui.projects.round_dialog import RoundDialog
from desktop.ui.projects.rounds_tab import RoundsTab
from project_testing import round_input
from sync_testing import Node, a, c, exchanged, pair_by_keys
from wushe_testing import shown

__all__ = ["a", "c"]  # the fixtures

REASON = "This record (Micro-venture rounds) belongs to the county office, 县民政局; ask them to change it."


@pytest.fixture(autouse=True)
def english() -> None:
    set_locale("en")


def test_the_countys_round_is_read_only_at_a_station(qtbot, make_ctx, a: Node, c: Node, tmp_path: Path) -> None:
    pair_by_keys(a, c)
    with c.db.write() as session:
        county = rounds.add(session, round_input(name="县级微创投")).id
    exchanged(c, a, tmp_path)
    with a.db.write() as session:
        own = rounds.add(session, round_input(name="镇级微创投")).id
    ctx = make_ctx(a.db)
    tab = shown(qtbot, RoundsTab(ctx), (1000, 400))
    tab.select(county)
    assert not tab.delete_button.isEnabled() and tab.delete_button.toolTip() == REASON
    tab.select(own)
    assert tab.delete_button.isEnabled() and tab.delete_button.toolTip() != REASON

    dialog = RoundDialog(ctx, ctx.gateway.read(rounds.get, county))
    qtbot.addWidget(dialog)
    assert dialog.ok_button.isHidden() and dialog.name.isReadOnly()
    assert REASON in [label.text() for label in dialog.findChildren(QLabel)]
    dialog.show()
    dialog.grab().save("/tmp/c8_round_dialog.png")
    # Every text field on the window's colour, the rubric's cells too: nothing looks like a place to type.
    window = dialog.palette().color(QPalette.ColorRole.Window)
    for field in (dialog.name, dialog.pool, dialog.notes, dialog.max_grant.amount):
        shot = field.grab().toImage()
        assert shot.pixelColor(shot.width() // 2, 3) == window, field  # above the text
    shot = dialog.rubric.editor.view.grab().toImage()
    assert shot.pixelColor(shot.width() - 8, shot.height() - 8) == window  # below the criteria
