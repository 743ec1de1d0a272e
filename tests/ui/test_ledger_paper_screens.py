"""The fund window's lists after a fresh-clone trial (issue 7): the 拨付 list by number, the latest first,
its kind and status whole in English at 1024×700; empty 拨付, 收据 and 对账 tabs saying what to do instead
of headers over nothing; both balances named in the overview; and no statement asked for days to come.
Screenshots are written to $WUSHE_SHOTS when set, to look at."""

from __future__ import annotations

import os
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QLabel, QMainWindow

from desktop.domain.ledger import EntryKind
from desktop.i18n import set_locale
from desktop.services import disbursements, funds, ledger
from desktop.services.demo_ledger import DEMO_FUND
from desktop.services.disbursements import DisbursementInput
from desktop.ui.context import AppContext
from desktop.ui.fonts import register_font
from desktop.ui.ledger.disbursements_tab import DisbursementsTab
from desktop.ui.ledger.ledger_print import PeriodDialog
from desktop.ui.ledger.overview_tab import OverviewTab
from desktop.ui.ledger.receipts_tab import ReceiptsTab
from desktop.ui.ledger.reconcile_tab import ReconcileTab
from ledger_testing import make_fund
from wushe_testing import shown

TODAY = date.today()


def demo_fund(ctx: AppContext) -> str:
    return next(f.id for f in ctx.gateway.read(funds.list_all) if f.name == DEMO_FUND)


def shots(tmp_path: Path) -> Path:
    return Path(os.environ.get("WUSHE_SHOTS") or tmp_path)


def test_disbursements_are_listed_by_number_the_latest_first_kind_and_status_whole(qapp, qtbot, ctx, tmp_path):
    set_locale("en")
    register_font(qapp)
    fund_id = demo_fund(ctx)
    # Proposed last but dated a month back: by the day proposed it would sink below the others.
    late = ctx.gateway.write(disbursements.propose_disbursement, fund_id, DisbursementInput(
        EntryKind.EXPENSE, 1_000, "补记的购物", payee="青山镇好又多超市"), today=TODAY - timedelta(days=30))
    window = QMainWindow()
    tab = DisbursementsTab(ctx, fund_id)
    window.setCentralWidget(tab)
    shown(qtbot, window, size=(1024, 700))
    qtbot.wait(50)
    numbers = [int(tab.model.index(n, 0).data()) for n in range(tab.model.rowCount())]
    assert numbers == sorted(numbers, reverse=True) and tab.model.rows()[0].id == late.id
    header = tab.view.horizontalHeader()
    for name in ("Kind", "Status"):
        column = next(n for n in range(header.count()) if tab.model.headerData(n, Qt.Orientation.Horizontal) == name)
        assert header.sectionViewportPosition(column) + header.sectionSize(column) <= tab.view.viewport().width()
        assert header.sectionSize(column) >= tab.view.sizeHintForColumn(column), name  # not cut
    window.grab().save(str(shots(tmp_path) / "ledger-disbursements-en-1024.png"))


def test_empty_tabs_say_what_to_do_and_full_ones_show_their_table(qapp, qtbot, ctx, tmp_path):
    set_locale("en")
    register_font(qapp)
    empty = ctx.gateway.write(make_fund)
    for tab in (DisbursementsTab(ctx, empty.id), ReceiptsTab(ctx, empty.id), ReconcileTab(ctx, empty)):
        shown(qtbot, tab, size=(900, 500))
        assert tab.body.currentWidget() is tab.body.empty and tab.body.empty.text(), type(tab).__name__
        tab.grab().save(str(shots(tmp_path) / f"ledger-empty-{type(tab).__name__}.png"))
    assert DisbursementsTab(ctx, empty.id).body.empty.text().startswith("No disbursement yet.")
    assert "No donation waits for a receipt." in ReceiptsTab(ctx, empty.id).summary.text()  # not "every donation…"
    formless = ctx.gateway.write(lambda session: make_fund(session, (), name="清河县慈善会石门村社区慈善基金",
                                                           receipt_prefix="石门基金收"))
    assert DisbursementsTab(ctx, formless.id).summary.text().startswith("No committee member serves today")
    full = demo_fund(ctx)
    for tab in (DisbursementsTab(ctx, full), ReceiptsTab(ctx, full)):
        shown(qtbot, tab)
        assert tab.body.currentWidget() is tab.view and tab.model.rowCount() > 0


def test_the_overview_names_the_money_and_the_book_balance(qtbot, ctx):
    set_locale("en")
    fund = ctx.gateway.read(funds.get, demo_fund(ctx))
    tab = shown(qtbot, OverviewTab(ctx, fund))
    held = ctx.gateway.read(ledger.balances, fund.id)
    rows = {row.text: row.fen for row in tab.balances.rows()}
    assert rows["Money balance (bank and cash)"] == held.available_fen
    assert rows["Book balance (with goods)"] == held.available_fen + held.accounts["goods"]


def test_the_statement_period_must_have_begun(qtbot):
    set_locale("en")
    dialog = PeriodDialog("Fund statement", formats=True)
    qtbot.addWidget(dialog)
    dialog.start.setDate(QDate(TODAY + timedelta(days=1)))
    dialog.end.setDate(QDate(TODAY + timedelta(days=20)))
    assert not dialog.ok_button.isEnabled()
    dialog.accept()
    assert dialog.period is None
    assert any(label.text().startswith("The period has not begun") for label in dialog.findChildren(QLabel))
