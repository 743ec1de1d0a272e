"""The 管委会 table of a fund's window keeps the day each member serves from in view, whole, in English at
1024×700 and in Chinese at 1280×800: the long affiliations give way (cut, whole in the tooltip)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop.i18n import set_locale
from desktop.services import funds
from desktop.services.demo_ledger import DEMO_FUND
from desktop.ui.fonts import register_font
from desktop.ui.ledger.committee_box import AFFILIATION, COLUMNS
from desktop.ui.ledger.fund_window import FundWindow
from wushe_testing import shown

SINCE = next(n for n, column in enumerate(COLUMNS) if column.header == "Serving since")


@pytest.mark.parametrize(("locale", "size"), [("en", (1024, 700)), ("zh_CN", (1280, 800))])
def test_the_committee_shows_whom_and_since_when_whole(qapp, qtbot, ctx, tmp_path, locale, size):
    """Written to $WUSHE_SHOTS when set, to look at."""
    set_locale(locale)
    register_font(qapp)
    fund_id = next(f.id for f in ctx.gateway.read(funds.list_all) if f.name == DEMO_FUND)
    window = shown(qtbot, FundWindow(ctx, fund_id), size=size)
    qtbot.wait(50)
    box = window.overview.committee
    view, header = box.view, box.view.horizontalHeader()
    assert box.model.rowCount() == 5
    for column in range(header.count()):  # every column in view: nothing to scroll to
        assert header.sectionViewportPosition(column) + header.sectionSize(column) <= view.viewport().width()
    for column in (0, 1, SINCE):  # names, roles and days whole, under a whole header
        assert header.sectionSize(column) >= max(view.sizeHintForColumn(column), header.sectionSizeHint(column))
    longest = max((m for m in box.model.rows()), key=lambda m: len(m.affiliation))
    row = box.model.rows().index(longest)
    assert box.model.index(row, AFFILIATION).data(Qt.ItemDataRole.ToolTipRole) == longest.affiliation
    window.grab().save(str(Path(os.environ.get("WUSHE_SHOTS") or tmp_path) / f"ledger-committee-{locale}.png"))
