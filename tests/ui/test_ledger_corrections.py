"""Corrections and outflows on the demo fund's screens: goods recorded with no valuation corrected and
valued from 概况 (the reason required, the old record kept and dimmed); a refund proposed for a donation
on the 拨付 tab; the official ticket corrected only with a reason, which the 收据 tab shows; a stated bank
balance of 一万亿元 or more refused at its field; and dates shown as the locale writes them. Screens are
written to $WUSHE_SHOTS when set, to look at."""

from __future__ import annotations

import os
import re
from pathlib import Path

from PySide6.QtCore import Qt

from desktop.domain.ledger import EntryKind
from desktop.i18n import set_locale
from desktop.services import funds, ledger, ledger_lists, receipts
from desktop.ui.fonts import register_font
from desktop.ui.ledger.disbursement_dialogs import ProposeDialog
from desktop.ui.ledger.disbursements_tab import DisbursementsTab
from desktop.ui.ledger.goods_dialog import GoodsCorrectionDialog
from desktop.ui.ledger.journal_tab import note_of
from desktop.ui.ledger.overview_tab import GOODS_COLUMNS, VALUATION, OverviewTab
from desktop.ui.ledger.receipt_dialogs import OfficialTicketDialog
from desktop.ui.ledger.receipts_tab import ReceiptsTab
from desktop.ui.ledger.reconcile_tab import BalanceDialog, ReconcileTab
from register_testing import pick
from test_ledger_tabs import SIZE, demo_fund, drive  # noqa: F401 (fixture)
from wushe_testing import shown

def shots(tmp_path: Path) -> Path:
    return Path(os.environ.get("WUSHE_SHOTS") or tmp_path)


def test_goods_with_no_valuation_are_valued_with_a_reason_and_the_old_record_stays(qapp, qtbot, ctx, drive,
                                                                                    type_text, tmp_path):
    register_font(qapp)
    fund_id = demo_fund(ctx)
    tab = shown(qtbot, OverviewTab(ctx, ctx.gateway.read(funds.get, fund_id)), size=SIZE)
    goods_before = ctx.gateway.read(ledger.balances, fund_id).accounts["goods"]
    [clothes] = [n for n, g in enumerate(tab.goods.rows()) if g.entry_number is None]
    assert not tab.correct_button.isEnabled()  # nothing selected
    tab.goods_view.selectRow(next(n for n, g in enumerate(tab.goods.rows()) if g.entry_number is not None))
    assert not tab.correct_button.isEnabled() and "reversing" in tab.correct_button.toolTip()
    tab.goods_view.selectRow(clothes)
    assert tab.correct_button.isEnabled()

    def no_reason(dialog: GoodsCorrectionDialog) -> None:
        dialog.valued.setChecked(True)
        type_text(dialog.amount, "920")
        dialog.grab().save(str(shots(tmp_path) / "ledger-goods-correction.png"))
        dialog.save()

    assert drive(GoodsCorrectionDialog, no_reason, tab.correct_button) == ["This field is required."]

    def value(dialog: GoodsCorrectionDialog) -> None:
        assert dialog.goods.text() == "旧衣物（八成新）" and dialog.quantity.text() == "46"
        dialog.valued.setChecked(True)
        type_text(dialog.amount, "920")
        type_text(dialog.reason, "按二手市场价估值")
        dialog.save()

    tab.goods_view.selectRow(clothes)
    assert drive(GoodsCorrectionDialog, value, tab.correct_button) is None
    tab.refresh()
    rows = tab.goods.rows()
    old = next(n for n, g in enumerate(rows) if g.replaced)
    new = next(n for n, g in enumerate(rows) if g.reason)
    assert rows[new].valued_fen == 92_000 and rows[new].entry_number is not None
    note = next(n for n, c in enumerate(GOODS_COLUMNS) if c.header == "Note")
    assert tab.goods.index(new, note).data().startswith("Corrects the earlier record: 按二手市场价估值")
    assert tab.goods.index(old, VALUATION).data(Qt.ItemDataRole.FontRole).strikeOut()
    assert "correction" in tab.goods.index(old, VALUATION).data(Qt.ItemDataRole.ToolTipRole)
    assert ctx.gateway.read(ledger.balances, fund_id).accounts["goods"] == goods_before + 92_000
    [valued] = [e for e in ctx.gateway.read(ledger.entries, fund_id) if e.reason == "按二手市场价估值"]
    [shown_row] = ctx.gateway.read(ledger_lists.entry_rows, [valued.id])
    assert note_of(shown_row) == "Valued later: 按二手市场价估值"  # the journal says why
    tab.goods_view.selectRow(old)
    assert not tab.correct_button.isEnabled()
    tab.grab().save(str(shots(tmp_path) / "ledger-overview-corrected-goods.png"))


def test_a_refund_is_proposed_for_a_donation_on_the_disbursements_tab(qapp, qtbot, ctx, drive, type_text, tmp_path):
    register_font(qapp)
    fund_id = demo_fund(ctx)
    tab = shown(qtbot, DisbursementsTab(ctx, fund_id), size=SIZE)
    donation = next(e for e in ctx.gateway.read(ledger.entries, fund_id)
                    if e.kind == EntryKind.DONATION_MONEY and e.counterparty == "周德明")

    def refund(dialog: ProposeDialog) -> None:
        pick(dialog.kind, EntryKind.REFUND)
        assert dialog.refund_of.isVisibleTo(dialog) and not dialog.to_fund.isVisibleTo(dialog)
        assert not dialog.project.isVisibleTo(dialog) and dialog.payee.isVisibleTo(dialog)
        pick(dialog.refund_of, donation.id)
        assert dialog.payee.placeholderText() == "The donor: 周德明"
        type_text(dialog.amount, "2000.01")
        type_text(dialog.purpose, "捐赠人多汇款项退回")
        dialog.grab().save(str(shots(tmp_path) / "ledger-propose-refund.png"))
        dialog.save()

    shown_errors = drive(ProposeDialog, refund, tab.propose_button)
    assert shown_errors == [f"Donation No. {donation.number} has 2,000.00 yuan left to refund."]

    def within(dialog: ProposeDialog) -> None:
        pick(dialog.kind, EntryKind.REFUND)
        pick(dialog.refund_of, donation.id)
        type_text(dialog.amount, "500")
        type_text(dialog.purpose, "捐赠人多汇款项退回")
        dialog.save()

    assert drive(ProposeDialog, within, tab.propose_button) is None
    proposed = tab.model.rows()[0]
    assert (proposed.kind, proposed.payee, proposed.refund_of_number) == (EntryKind.REFUND, "周德明", donation.number)
    assert tab.model.index(0, 3).data() == f"Donation No. {donation.number}"  # after 序号, date and kind
    tab.grab().save(str(shots(tmp_path) / "ledger-disbursements-refund.png"))
    set_locale("zh_CN")  # a date as the locale writes it: 2026年9月3日, not 2026-09-03
    tab.refresh()
    assert re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", tab.model.index(0, 1).data())


def test_the_official_ticket_is_corrected_only_with_a_reason(qapp, qtbot, ctx, drive, type_text, tmp_path):
    register_font(qapp)
    fund_id = demo_fund(ctx)
    tab = shown(qtbot, ReceiptsTab(ctx, fund_id), size=SIZE)
    row = next(n for n, r in enumerate(tab.model.rows()) if r.status == "issued")
    receipt = tab.model.rows()[row]
    ctx.gateway.write(receipts.record_official_ticket, receipt.id, "50010125", "0000123456")
    tab.refresh()
    tab.view.selectRow(row)

    def without(dialog: OfficialTicketDialog) -> None:
        assert dialog.windowTitle() == "Correct the official donation ticket"
        dialog.number.clear()
        type_text(dialog.number, "0000123465")
        dialog.grab().save(str(shots(tmp_path) / "ledger-ticket-correction.png"))
        dialog.save()

    assert drive(OfficialTicketDialog, without, tab.ticket_button) == ["This field is required."]

    def reasoned(dialog: OfficialTicketDialog) -> None:
        dialog.number.clear()
        type_text(dialog.number, "0000123465")
        type_text(dialog.correction, "票据号码抄错")
        dialog.save()

    tab.view.selectRow(row)
    assert drive(OfficialTicketDialog, reasoned, tab.ticket_button) is None
    fixed = ctx.gateway.read(receipts.get, receipt.id)
    assert (fixed.official_ticket_number, fixed.ticket_correction) == ("0000123465", "票据号码抄错")
    shown_row = next(n for n, r in enumerate(tab.model.rows()) if r.id == receipt.id)
    assert tab.model.index(shown_row, tab.model.columnCount() - 1).data() == "Ticket corrected: 票据号码抄错"


def test_a_stated_balance_of_a_trillion_yuan_is_refused_at_its_field(qtbot, ctx, drive, type_text):
    tab = shown(qtbot, ReconcileTab(ctx, ctx.gateway.read(funds.get, demo_fund(ctx))))

    def huge(dialog: BalanceDialog) -> None:
        type_text(dialog.amount, "1000000000000")
        dialog.save()

    assert drive(BalanceDialog, huge, tab.record) == ["Enter an amount below 1,000,000,000,000 yuan (一万亿元)."]
