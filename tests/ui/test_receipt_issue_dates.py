"""The issue-receipt and donation-of-goods forms check what the services check, as you type: a receipt's
day not before the receipt numbered before it, and a reason for a day in books a balance of its donation's
account closed (the row shows only on or before a balance's day; a cash donation's needs none for the bank's); goods with their quantity and unit, each said at its own field."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QLabel

from desktop.domain.ledger import EntryKind
from desktop.services import funds, ledger_lists, receipt_queue, receipts
from desktop.services.demo_ledger import DEMO_FUND, STATEMENT_AGO
from desktop.ui.context import AppContext
from desktop.ui.ledger.posting_dialog import PostingDialog
from desktop.ui.ledger.receipt_dialogs import IssueReceiptDialog
from dialog_testing import errors
from wushe_testing import shown

TODAY = date.today()
CLOSED = TODAY - timedelta(days=STATEMENT_AGO)


def demo_fund(ctx: AppContext) -> str:
    return next(f.id for f in ctx.gateway.read(funds.list_all) if f.name == DEMO_FUND)


def test_the_issue_form_asks_for_a_day_in_order_and_no_reason_for_another_accounts_balance(qtbot, ctx, settle):
    fund_id = demo_fund(ctx)
    [entry] = ctx.gateway.read(receipt_queue.donations_without_receipt, fund_id, "")
    assert entry.posted_on < CLOSED
    dialog = shown(qtbot, IssueReceiptDialog(ctx, fund_id, [entry], entry.id))
    assert not dialog.form.layout.isRowVisible(dialog.backdate)  # today: the books are open
    last = ctx.gateway.read(receipts.last_receipts, fund_id)
    newest = max(last.values(), key=lambda r: r.issued_on)
    earlier = newest.issued_on - timedelta(days=1)
    if earlier.year == newest.issued_on.year and earlier >= entry.posted_on:
        dialog.issued_on.setDate(QDate(earlier))
        assert not dialog.ok_button.isEnabled()
        assert errors(dialog) == [f"Receipt {newest.number}, the one before in the numbering, is dated "
                                  f"{newest.issued_on.isoformat()}: a receipt may not be dated before the one before "
                                  f"it. Date it {newest.issued_on.isoformat()} or later."]
    day = max(newest.issued_on, entry.posted_on)
    assert day <= CLOSED
    dialog.issued_on.setDate(QDate(day))
    assert dialog.form.layout.isRowVisible(dialog.backdate)
    # The row shows (a balance was recorded for that day), but the donation came in cash and the balance
    # recorded is the bank's: nothing it fixes changes, so no reason is needed (issue 7 #4).
    dialog.save()
    settle(ctx)
    issued = dialog.outcome
    assert isinstance(issued, receipts.ReceiptView) and issued.issued_on == day and not dialog.isVisible()


@pytest.mark.parametrize(("quantity", "unit", "field_error"), [
    ("", "本", "Enter a quantity above zero, with at most two decimal places."),
    ("30", "", "Give the unit the goods are counted in, like 份, 件 or 袋."),
])
def test_the_goods_form_wants_a_quantity_and_its_unit(qtbot, ctx, type_text, settle, quantity, unit, field_error):
    fund = ctx.gateway.read(funds.get, demo_fund(ctx))
    before = len(ctx.gateway.read(ledger_lists.goods_received, fund.id))
    dialog = shown(qtbot, PostingDialog(ctx, fund, EntryKind.DONATION_GOODS))
    dialog.party.setEditText("青山社区居民")
    type_text(dialog.goods, "图书")
    for edit, text in ((dialog.quantity, quantity), (dialog.unit, unit)):
        if text:
            type_text(edit, text)
    dialog.valued.setChecked(False)
    dialog.save()
    settle(ctx)
    assert dialog.isVisible() and errors(dialog) == [field_error]
    [shown_at] = [label for label in dialog.findChildren(QLabel, "fieldError") if not label.isHidden()]
    row = dialog.form.layout.getWidgetPosition(shown_at)[0]
    below = dialog.quantity if quantity == "" else dialog.unit
    assert row == dialog.form.layout.getWidgetPosition(below)[0] + 1  # under its own field
    assert len(ctx.gateway.read(ledger_lists.goods_received, fund.id)) == before  # nothing recorded
