"""The 工作台 of the demo station in Chinese uses its room: what is due in one column, the unmatched needs beside
it, the tables spanning their panels and growing with the window; no column runs past a panel's edge; a
short window scrolls the page rather than squeezing the tables."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import QScrollArea, QTableView

from desktop.i18n import set_locale
from desktop.ui.fonts import register_font
from desktop.ui.home.page import HomePage
from desktop.ui.main_window import open_main_window
from wushe_testing import shown


def _whole_width(view: QTableView) -> bool:
    return view.horizontalHeader().length() <= view.viewport().width()


@pytest.mark.parametrize("size", [(1024, 700), (1280, 800), (1920, 1080)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_home_page_uses_its_room_in_chinese(qapp, qtbot, demo_db, make_ctx, tmp_path, size):
    """Written to $WUSHE_SHOTS when set, to look at."""
    set_locale("zh_CN")
    register_font(qapp)
    window = shown(qtbot, open_main_window(make_ctx(demo_db)), size)
    home = window.page_widget("home")
    assert isinstance(home, HomePage) and home.follow_ups is not None
    unmatched, milestones = home.unmatched, home.milestones
    qtbot.waitUntil(unmatched.isVisible)  # counted on the database worker
    qtbot.wait(50)
    window.grab().save(str(Path(os.environ.get("WUSHE_SHOTS") or tmp_path) / f"home-{size[0]}x{size[1]}.png"))

    assert milestones.model.rowCount() and not home.follow_ups.model.rowCount()  # the head has no follow-ups
    beside = unmatched.geometry()
    assert beside.left() > milestones.geometry().right() and beside.top() == home.follow_ups.geometry().top()
    inside = unmatched.contentsRect().width() - unmatched.layout().contentsMargins().left() * 2
    assert unmatched.view.width() >= inside  # the table spans its panel
    for table in (unmatched.view, milestones.view):
        assert _whole_width(table)  # every column within the panel, none past its edge
        assert table.height() >= table.minimumHeight()  # never squeezed: the page scrolls instead
    page_scrolls = home.findChild(QScrollArea).verticalScrollBar().maximum() > 0
    if size != (1024, 700):
        assert not page_scrolls
        assert unmatched.view.verticalScrollBar().maximum() == 0  # every community waiting, in sight
        assert unmatched.view.height() > unmatched.view.minimumHeight()  # grown with the window
    if size == (1920, 1080):  # every milestone in sight, and no empty rows under them (due_panel._fit_rows)
        assert milestones.view.verticalScrollBar().maximum() == 0
        assert milestones.view.height() == milestones.view.maximumHeight()
