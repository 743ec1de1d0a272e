"""The 拨付 tab after a trial of issue 7: its 序号 is the CLI's number; a proposal is withdrawn and an
approved one cancelled there, with a reason, and dimmed; a payment reversed says which entry (凭证)
reversed it, whole, in Chinese at 1366×768; and the fund list counts what waits on the committee or
on payment."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow

from desktop.domain.ledger import Decision, DisbursementStatus, EntryKind
from desktop.i18n import _, set_locale
from desktop.services import disbursements, ledger, ledger_lists
from desktop.ui.fonts import register_font
from desktop.ui.ledger.disbursements_tab import DisbursementsTab
from desktop.ui.ledger.page import _attention
from desktop.ui.volunteers.fields import ReasonDialog
from project_testing import acting
from test_ledger_tabs import SIZE, demo_fund, drive  # noqa: F401 (fixture)
from wushe_testing import shown


def column(tab: DisbursementsTab, name: str) -> int:
    header = tab.model.headerData
    return next(n for n in range(tab.model.columnCount()) if header(n, Qt.Orientation.Horizontal) == name)


def test_the_number_is_the_cli_s_and_a_proposal_is_withdrawn_then_an_approval_cancelled(qtbot, ctx, drive):
    fund_id = demo_fund(ctx)
    tab = shown(qtbot, DisbursementsTab(ctx, fund_id), size=SIZE)
    numbers = ctx.gateway.read(disbursements.numbered, fund_id)
    assert [tab.model.index(n, 0).data() for n in range(tab.model.rowCount())] == [
        str(numbers[row.id]) for row in tab.model.rows()]
    assert sorted(numbers.values()) == list(range(1, 8))
    [row] = [n for n, r in enumerate(tab.model.rows()) if r.status == DisbursementStatus.PROPOSED]
    assert "1 awaits the committee" in _attention(ctx.gateway.read(ledger_lists.fund_row, fund_id))
    with acting(ctx.gateway.db, "chenjun"):  # neither its proposer nor the head
        tab.refresh()
        tab.view.selectRow(row)
        assert tab.withdraw_button.isVisible() and not tab.withdraw_button.isEnabled()
    tab.refresh()
    tab.view.selectRow(row)
    assert not tab.cancel_button.isEnabled()

    def because(reason: str):  # type: ignore[no-untyped-def]
        def fill(dialog: ReasonDialog) -> None:
            dialog.reason.setText(reason)
            dialog.save()
        return fill

    assert drive(ReasonDialog, because("活动改期"), tab.withdraw_button) is None
    withdrawn = tab.selected()
    assert withdrawn is not None and withdrawn.status == DisbursementStatus.WITHDRAWN
    assert tab.model.index(row, column(tab, "Status")).data() == "Withdrawn (已撤回)"
    assert tab.model.index(row, 0).data(Qt.ItemDataRole.ForegroundRole) is not None  # dimmed: it takes nothing
    assert "Reason: 活动改期" in tab.decided.text() and not tab.withdraw_button.isEnabled()
    assert _attention(ctx.gateway.read(ledger_lists.fund_row, fund_id)) == ""

    proposed = ctx.gateway.write(disbursements.propose_disbursement, fund_id, disbursements.DisbursementInput(
        EntryKind.EXPENSE, 10_000, "茶水", payee="超市"))
    with acting(ctx.gateway.db, "wangfang"):  # the committee's clerk, not the head who proposed it
        for member in tab.fund.committee[:3]:
            ctx.gateway.write(disbursements.approve_disbursement, proposed.id, member.id, Decision.APPROVE)
    assert "1 approved, to be paid" in _attention(ctx.gateway.read(ledger_lists.fund_row, fund_id))
    tab.refresh()
    tab.select(proposed.id)
    assert tab.model.index(tab.view.currentIndex().row(), 0).data() == "8"
    assert not tab.withdraw_button.isEnabled() and tab.cancel_button.isEnabled()
    assert drive(ReasonDialog, because("重复申请"), tab.cancel_button) is None
    assert tab.selected().status == DisbursementStatus.CANCELLED  # type: ignore[union-attr]


def test_a_reversed_payment_names_its_entry_whole_in_chinese(qapp, qtbot, ctx, tmp_path):
    """Written to $WUSHE_SHOTS when set, to look at."""
    fund_id = demo_fund(ctx)
    paid = next(d for d in ctx.gateway.read(disbursements.disbursements, fund_id)
                if d.status == DisbursementStatus.POSTED and d.kind == EntryKind.GRANT)
    reversal = ctx.gateway.write(ledger.reverse, paid.posted_entry_id, "付错账户")
    set_locale("zh_CN")
    register_font(qapp)
    window = QMainWindow()
    tab = DisbursementsTab(ctx, fund_id)
    window.setCentralWidget(tab)
    shown(qtbot, window, size=SIZE)
    tab.select(paid.id)
    qtbot.wait(50)
    status = column(tab, "状态")
    row = next(n for n, r in enumerate(tab.model.rows()) if r.id == paid.id)
    # 已拨付（第 N 号凭证冲销） once the catalog has it (i18n/pending/ledger-trial.json)
    assert tab.model.index(row, status).data() == _("Paid, reversed by entry No. {number}").format(
        number=reversal.number)
    header = tab.view.horizontalHeader()
    assert header.sectionViewportPosition(status) + header.sectionSize(status) <= tab.view.viewport().width()
    assert header.sectionSize(status) >= tab.view.sizeHintForColumn(status)  # whole, not cut
    window.grab().save(str(Path(os.environ.get("WUSHE_SHOTS") or tmp_path) / "ledger-disbursements-trial-zh_CN.png"))
