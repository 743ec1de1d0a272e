"""The ledger rules on screen, on the demo fund: a reconciled balance whose difference changed is shown
in the error colour again, saying what was reconciled and what the difference is now; a donation dated
on or before the bank statement the demo confirmed asks for the reason for back-dating it; and a fund
whose committee breaks the FORMS.md rules offers no 拨付 proposal, saying what it lacks. Screens are
written to $WUSHE_SHOTS when set, to look at."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, Qt

from desktop.domain.ledger import EntryKind
from desktop.services import funds, ledger, reconciliation
from desktop.services.demo_ledger import STATEMENT_AGO
from desktop.services.funds import FundInput, MemberInput
from desktop.services.ledger import PostingInput
from desktop.ui.forms import ERROR_COLOR
from desktop.ui.ledger.disbursements_tab import DisbursementsTab
from desktop.ui.ledger.journal_tab import JournalTab
from desktop.ui.ledger.posting_dialog import PostingDialog
from desktop.ui.ledger.reconcile_tab import ReconcileTab
from test_ledger_corrections import shots
from test_ledger_tabs import SIZE, demo_fund, drive  # noqa: F401 (fixture)
from wushe_testing import shown

STATEMENT_DAY = date.today() - timedelta(days=STATEMENT_AGO)


def test_a_reconciled_difference_that_changed_differs_again(qtbot, ctx, tmp_path):
    fund_id = demo_fund(ctx)
    gateway = ctx.gateway
    held = gateway.read(ledger.balances, fund_id).accounts["bank"]
    today = date.today()
    statement = gateway.write(reconciliation.assert_balance, fund_id, "bank", today, held + 10_000, "银行对账单")
    gateway.write(reconciliation.reconcile, statement.id, "银行未达账项")
    gateway.write(ledger.post, fund_id, PostingInput(EntryKind.DONATION_MONEY, 5_000_000, today, counterparty="周德明",
                                                     backdate_reason="对账后到账的捐赠"))
    tab = shown(qtbot, ReconcileTab(ctx, gateway.read(funds.get, fund_id)), size=SIZE)
    tab.grab().save(str(shots(tmp_path) / "ledger-reconciled-changed.png"))
    row = next(n for n, r in enumerate(tab.model.rows()) if r.id == statement.id)
    assert tab.model.index(row, 7).data() == "Differs: now -49,900.00 yuan (100.00 yuan was reconciled)"
    assert tab.model.index(row, 7).data(Qt.ItemDataRole.ToolTipRole) == "银行未达账项"
    assert tab.model.index(row, 0).data() == tab.model.rows()[row].number  # as `ledger reconcile --assertion` takes it
    assert tab.model.index(row, 0).data(Qt.ItemDataRole.ForegroundRole).name() == ERROR_COLOR.lower()
    assert "1 balance differs" in tab.summary.text()
    tab.view.selectRow(row)
    assert tab.reconcile_button.isEnabled()  # the new difference may be reconciled in its turn


def test_a_donation_dated_into_closed_books_asks_why(qtbot, ctx, drive, type_text, settle, tmp_path):
    fund_id = demo_fund(ctx)
    fund = ctx.gateway.read(funds.get, fund_id)
    entries = len(ctx.gateway.read(ledger.entries, fund_id))

    def fill(dialog: PostingDialog, reason: str) -> None:
        dialog.party.setEditText("周德明")
        type_text(dialog.amount, "666")
        assert not dialog.form.layout.isRowVisible(dialog.backdate)  # today: the books are open
        dialog.posted_on.setDate(QDate(STATEMENT_DAY - timedelta(days=1)))
        assert dialog.form.layout.isRowVisible(dialog.backdate)
        assert STATEMENT_DAY.isoformat() in dialog.backdate.placeholderText()
        if reason:
            type_text(dialog.backdate, reason)
        dialog.grab().save(str(shots(tmp_path) / "ledger-backdate.png"))
        dialog.save()

    def open_dialog() -> None:
        PostingDialog(ctx, fund, EntryKind.DONATION_MONEY).exec()

    [error] = drive(PostingDialog, lambda d: fill(d, ""), open_dialog) or [""]
    assert f"held at the end of {STATEMENT_DAY.isoformat()}" in error and "give the reason" in error
    assert drive(PostingDialog, lambda d: fill(d, "漏记的义卖款"), open_dialog) is None
    assert len(ctx.gateway.read(ledger.entries, fund_id)) == entries + 1
    journal = shown(qtbot, JournalTab(ctx, fund), size=SIZE)  # the 流水 tab says why it went in late
    settle(ctx)
    assert journal.model.index(0, 6).data() == "back-dated: 漏记的义卖款"  # the newest entry, on top


def test_a_committee_that_breaks_the_rules_offers_no_proposal(qtbot, ctx, tmp_path):
    gateway = ctx.gateway
    community = gateway.read(funds.get, demo_fund(ctx)).community_id
    fund = gateway.write(funds.add, FundInput("清河县慈善会四人社区慈善基金", community, "清河县慈善会",
                                               date.today() - timedelta(days=10)))
    for name, role in (("甲", "chair"), ("乙", "member"), ("丙", "member"), ("丁", "member")):
        gateway.write(funds.add_member, fund.id, MemberInput(name, role, fund.opened_on))
    tab = shown(qtbot, DisbursementsTab(ctx, fund.id), size=SIZE)
    tab.grab().save(str(shots(tmp_path) / "ledger-committee-blocked.png"))
    assert not tab.propose_button.isEnabled()
    assert "at least 5 members" in tab.propose_button.toolTip() and "supervisor" in tab.propose_button.toolTip()
