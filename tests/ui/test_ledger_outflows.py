"""Money out goes through the 拨付 tab only (募用分离): the journal's menu offers no grant, expense,
transfer or refund and says where they are paid; a payment reversed in the journal shows as reversed on the 拨付 tab."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.domain.ledger import DisbursementStatus, EntryKind
from desktop.services import disbursements, funds, ledger
from desktop.services.demo_ledger import DEMO_FUND
from desktop.ui.context import AppContext
from desktop.ui.ledger.disbursements_tab import DisbursementsTab
from desktop.ui.ledger.journal_tab import JournalTab
from wushe_testing import shown

STATUS_COLUMN = "Status"


def demo_fund(ctx: AppContext) -> str:
    return next(f.id for f in ctx.gateway.read(funds.list_all) if f.name == DEMO_FUND)


def test_the_journal_offers_only_donations_and_points_to_the_disbursements_tab(qtbot, ctx):
    tab = shown(qtbot, JournalTab(ctx, ctx.gateway.read(funds.get, demo_fund(ctx))))
    actions = [action for action in tab.post_button.menu().actions() if not action.isSeparator()]
    offered = [action.text() for action in actions if action.isEnabled()]
    assert offered == ["Donation of money (货币捐赠)…", "Donation of goods (物资捐赠)…"]
    assert not any(tab.post(kind) for kind in (EntryKind.EXPENSE, EntryKind.GRANT, EntryKind.TRANSFER_OUT,
                                                EntryKind.REFUND))
    [hint] = [action for action in actions if not action.isEnabled()]
    assert "Disbursements (拨付)" in hint.text()


def test_a_reversed_payment_shows_as_reversed_on_the_disbursements_tab(qtbot, ctx):
    fund_id = demo_fund(ctx)
    paid = next(d for d in ctx.gateway.read(disbursements.disbursements, fund_id)
                if d.status == DisbursementStatus.POSTED and d.kind == EntryKind.GRANT)
    assert paid.posted_entry_id is not None
    reversal = ctx.gateway.write(ledger.reverse, paid.posted_entry_id, "付错账户")
    tab = shown(qtbot, DisbursementsTab(ctx, fund_id))
    row = next(n for n, r in enumerate(tab.model.rows()) if r.id == paid.id)
    header = tab.model.headerData
    status = next(n for n in range(tab.model.columnCount()) if header(n, Qt.Orientation.Horizontal) == STATUS_COLUMN)
    assert tab.model.index(row, status).data() == f"Paid, reversed by entry No. {reversal.number}"
    assert tab.model.index(row, 0).data(Qt.ItemDataRole.ForegroundRole) is not None  # dimmed: it took nothing
    tab.view.selectRow(row)
    assert not tab.pay_button.isEnabled()
