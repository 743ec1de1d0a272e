"""Mistakes undone on screen, on the demo fund: the 管委会 box withdraws a member added by mistake the same day,
asking why; the 对账 tab proposes each account's usual source, replaces a balance recorded for the same
account and day only once the user says why, withdraws a mistyped one with the reason, and shows both
greyed with why; the New fund dialog opens no fund before 2000. Screens are written to $WUSHE_SHOTS when set."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QLabel

from desktop.services import funds, ledger, reconciliation
from desktop.services.funds import MemberInput
from desktop.ui.ledger.committee_box import CommitteeBox, EndMembershipDialog
from desktop.ui.ledger.fund_dialog import FundDialog
from desktop.ui.ledger.reconcile_tab import STATE, BalanceDialog, ReconcileTab
from desktop.ui.projects.money_field import yuan
from desktop.ui.volunteers.fields import ReasonDialog
from register_testing import pick
from test_ledger_corrections import shots
from test_ledger_tabs import SIZE, demo_fund, drive, errors  # noqa: F401 (fixture)
from wushe_testing import shown

TODAY = date.today()


def test_a_member_added_by_mistake_is_withdrawn_with_the_reason(qtbot, ctx, drive, type_text, tmp_path):
    fund_id = demo_fund(ctx)
    ctx.gateway.write(funds.add_member, fund_id, MemberInput("钱多多", "member", TODAY))
    box = shown(qtbot, CommitteeBox(ctx), size=(900, 420))
    box.fill(ctx.gateway.read(funds.get, fund_id))
    assert "odd number" in box.state.text()
    box.view.selectRow(next(n for n, m in enumerate(box.model.rows()) if m.name == "钱多多"))

    def end(dialog: EndMembershipDialog) -> None:
        assert dialog.reason.isVisibleTo(dialog) and dialog.ok_button.text() == "Withdraw membership"
        dialog.grab().save(str(shots(tmp_path) / "ledger-withdraw-member.png"))
        dialog.save()  # no reason yet

    assert drive(EndMembershipDialog, end, box.end_membership) == ["This field is required."]

    def withdraw(dialog: EndMembershipDialog) -> None:
        type_text(dialog.reason, "应为候补委员，误录")
        dialog.save()

    assert drive(EndMembershipDialog, withdraw, box.end_membership) is None
    box.fill(ctx.gateway.read(funds.get, fund_id))
    assert "钱多多" not in [m.name for m in box.model.rows()]
    assert box.state.text() == "5 members meet the rules; a disbursement needs 3 approvals."

    # Another member leaving on a later day may give a reason (期满, 辞任), and need not.
    box.view.selectRow(0)

    def later(dialog: EndMembershipDialog) -> None:
        assert dialog.reason.isVisibleTo(dialog) and not dialog.withdrawing.isVisibleTo(dialog)
        assert dialog.ok_button.text() == "End membership"
        dialog.reject()

    drive(EndMembershipDialog, later, box.end_membership)


def test_a_balance_is_replaced_or_withdrawn_with_the_reason_and_shown_greyed(qtbot, ctx, drive, type_text, when_shown,
                                                                             tmp_path):
    fund_id = demo_fund(ctx)
    gateway = ctx.gateway
    held = gateway.read(ledger.balances, fund_id).accounts["bank"]
    typo = gateway.write(reconciliation.assert_balance, fund_id, "bank", TODAY, held // 10, "银行对账单")
    tab = shown(qtbot, ReconcileTab(ctx, gateway.read(funds.get, fund_id)), size=SIZE)

    def record(dialog: BalanceDialog) -> None:
        pick(dialog.account, "cash")
        assert dialog.source.text() == "库存现金盘点"
        pick(dialog.account, "goods")
        assert dialog.source.text() == "实物盘点"
        pick(dialog.account, "bank")
        assert dialog.source.text() == "银行对账单"
        assert f"(No. {typo.number}), is recorded already" in dialog.ledger_says.text()
        assert dialog.ok_button.text() == "Replace…"
        qtbot.keyClicks(dialog.amount, str(held / 100))
        dialog.save()  # asks why, and the confirmation records it

    def confirm(dialog: ReasonDialog) -> None:
        assert any(yuan(held // 10) in label.text() for label in dialog.findChildren(QLabel))
        type_text(dialog.reason, "少输一位")
        dialog.save()

    when_shown(ReasonDialog, confirm)  # the balance dialog's save opens it
    assert drive(BalanceDialog, record, tab.record) is None
    tab.refresh()
    rows = {row.id: n for n, row in enumerate(tab.model.rows())}
    old = tab.model.rows()[rows[typo.id]]
    replaced_by = old.withdrawal.replaced_by if old.withdrawal else ""
    assert tab.model.index(rows[typo.id], STATE).data() == f"Replaced by No. {replaced_by}: 少输一位"
    assert tab.model.index(rows[typo.id], 0).data(Qt.ItemDataRole.ForegroundRole) == (
        QApplication.palette().placeholderText())
    assert tab.model.index(rows[typo.id], STATE).data(Qt.ItemDataRole.ToolTipRole) == (
        f"Withdrawn by 周建国 on {TODAY.isoformat()}.")
    tab.view.selectRow(rows[typo.id])
    assert not tab.withdraw_button.isEnabled() and not tab.reconcile_button.isEnabled()

    cash = gateway.write(reconciliation.assert_balance, fund_id, "cash", TODAY, 1, "库存现金盘点")
    tab.refresh()
    assert "1 balance differs" in tab.summary.text()
    tab.view.selectRow(next(n for n, row in enumerate(tab.model.rows()) if row.id == cash.id))

    def why(dialog: ReasonDialog) -> None:
        type_text(dialog.reason, "盘点单看错行")
        dialog.save()

    assert drive(ReasonDialog, why, tab.withdraw_button) is None
    tab.refresh()
    row = next(n for n, found in enumerate(tab.model.rows()) if found.id == cash.id)
    assert tab.model.index(row, STATE).data() == "Withdrawn: 盘点单看错行"
    assert tab.summary.text() == "Every balance standing agrees with the ledger or is reconciled."
    tab.grab().save(str(shots(tmp_path) / "ledger-withdrawn-balances.png"))


def test_the_new_fund_dialog_opens_no_fund_before_2000(qtbot, ctx):
    dialog = FundDialog(ctx, None)
    qtbot.addWidget(dialog)
    dialog.opened_on.setDate(QDate(1990, 1, 1))
    assert dialog.opened_on.date() == QDate(2000, 1, 1)  # the services' first day, FIRST_OPENING
