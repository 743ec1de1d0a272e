"""From 概况, the acknowledgement of goods that cannot be valued goes to the preview for the selected
record; goods with a valuation have their receipt instead, so the button is off for them. (Without pdfium
the preview opens the system viewer, which the test catches.) The tab is written to $WUSHE_SHOTS when set."""

from __future__ import annotations

import os
from pathlib import Path

from desktop.services import funds
from desktop.services.goods_acknowledgement import acknowledgement_number
from desktop.ui.fonts import register_font
from desktop.ui.ledger.overview_tab import OverviewTab
from test_ledger_print import _is_pdf, _viewer
from test_ledger_tabs import SIZE, demo_fund
from wushe_testing import shown


def test_the_acknowledgement_of_goods_with_no_valuation_goes_to_the_preview(qapp, qtbot, ctx, settle, monkeypatch,
                                                                           tmp_path):
    register_font(qapp)
    opened = _viewer(monkeypatch)
    tab = shown(qtbot, OverviewTab(ctx, ctx.gateway.read(funds.get, demo_fund(ctx))), size=SIZE)
    rows = tab.goods.rows()
    assert not tab.acknowledge_button.isEnabled()  # nothing selected
    tab.goods_view.selectRow(next(n for n, g in enumerate(rows) if g.entry_number is not None))
    assert not tab.acknowledge_button.isEnabled() and "donation receipt" in tab.acknowledge_button.toolTip()
    unvalued = next(n for n, g in enumerate(rows) if g.entry_number is None)
    tab.goods_view.selectRow(unvalued)
    assert tab.acknowledge_button.isEnabled()
    tab.grab().save(str(Path(os.environ.get("WUSHE_SHOTS") or tmp_path) / "ledger-overview-acknowledgement.png"))
    tab.acknowledge_button.click()
    settle(ctx)
    qtbot.waitUntil(lambda: bool(opened), timeout=10000)
    number = ctx.gateway.read(acknowledgement_number, rows[unvalued].id)
    assert number.isdigit() and opened[0].endswith(f"{number}.pdf") and _is_pdf(opened[0])
