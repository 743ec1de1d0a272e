"""概况: what the fund is (its particulars), its management committee, the balance of every account of its
chart (the money it holds first), and the goods it received, valued or recorded by name only; goods
recorded with no valuation are corrected, or valued later, by a new record with the reason, and their
donor is given an acknowledgement with no amount (捐赠物资接收确认书) instead of a receipt."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (QFormLayout, QGroupBox, QHBoxLayout, QHeaderView, QLabel, QPushButton, QVBoxLayout,
                               QWidget)

from desktop.domain.codes import label
from desktop.domain.fund_balances import BOOK_BALANCE, MONEY_BALANCE, book_fen
from desktop.domain.ledger import APPROVAL_RULE_LABELS, CHART
from desktop.domain.permissions import Action
from desktop.i18n import N_, _, format_date
from desktop.services import ledger, ledger_lists
from desktop.services.funds import ACTIVE, FundView
from desktop.services.ledger_lists import GoodsView
from desktop.services.receipts import RECEIPT_WORD
from desktop.ui.context import AppContext
from desktop.ui.layouts import button_row
from desktop.ui.ledger.committee_box import CommitteeBox
from desktop.ui.ledger.ledger_fields import TOPIC, quantity_text
from desktop.ui.list_view import list_view
from desktop.ui.projects.money_field import yuan
from desktop.ui.projects.project_fields import published
from desktop.ui.table_model import RIGHT, Column
from desktop.ui.volunteers.rows_model import RowsModel


@dataclass(frozen=True)
class BalanceRow:
    text: str
    fen: int
    summed: bool = False  # the money and the book balance: shown in bold


BALANCE_COLUMNS: list[Column[BalanceRow]] = [
    Column(N_("Account"), None, lambda r: r.text),
    Column(N_("Balance (yuan)"), None, lambda r: yuan(r.fen), RIGHT),
]
GOODS_COLUMNS: list[Column[GoodsView]] = [
    Column(N_("Received"), None, lambda g: format_date(g.received_on)),
    Column(N_("Goods"), None, lambda g: g.name),
    Column(N_("Quantity"), None, lambda g: quantity_text(g.quantity, g.unit), RIGHT),
    Column(N_("Valuation (yuan)"), None, lambda g: _("not valued") if g.valued_fen is None else yuan(g.valued_fen),
           RIGHT),
    Column(N_("Donor"), None, lambda g: g.counterparty),
    Column(N_("Entry"), None, lambda g: _goods_entry(g)),
    Column(N_("Note"), None, lambda g: _goods_note(g)),
]
VALUATION = 3  # the column struck through once the donation is reversed


def _goods_entry(goods: GoodsView) -> str:
    if goods.entry_number is None:
        return ""
    if goods.reversed_by is not None:
        return _("No. {number}, reversed by no. {reversal}").format(number=goods.entry_number,
                                                                   reversal=goods.reversed_by)
    return _("No. {number}").format(number=goods.entry_number)


def _goods_note(goods: GoodsView) -> str:
    """The note, and for a correction why it replaced the earlier record."""
    if not goods.reason:
        return goods.note
    corrects = _("Corrects the earlier record: {reason}").format(reason=goods.reason)
    return f"{corrects}; {goods.note}" if goods.note else corrects


def _reversed_goods(goods: GoodsView, column: int, role: int) -> Any:
    """Goods whose donation was reversed, or whose record a correction replaced, no longer count: greyed,
    their valuation struck through."""
    if goods.reversed_by is None and not goods.replaced:
        return None
    if role == Qt.ItemDataRole.ForegroundRole:
        return QColor("#888888")
    if role == Qt.ItemDataRole.FontRole and column == VALUATION:
        font = QFont()
        font.setStrikeOut(True)
        return font
    if role == Qt.ItemDataRole.ToolTipRole:
        if goods.replaced:
            return _("A correction replaced this record: the goods count as the correction says.")
        return _("The donation was reversed by entry no. {number}: these goods are not counted.").format(
            number=goods.reversed_by)
    return None


def _bold_sums(row: BalanceRow, _column: int, role: int) -> Any:
    if role == Qt.ItemDataRole.FontRole and row.summed:
        font = QFont()
        font.setBold(True)
        return font
    return None


def _selectable(text: str = "") -> QLabel:
    shown = QLabel(text)
    shown.setWordWrap(True)
    shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return shown


class OverviewTab(QWidget):
    def __init__(self, ctx: AppContext, fund: FundView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.fund = fund
        self.facts = {key: _selectable() for key in ("name", "community", "host", "opened", "status", "purpose",
                                                      "rule", "receipts")}
        particulars = QGroupBox(_("Particulars"))
        form = QFormLayout(particulars)
        for key, caption in (("name", _("Name")), ("community", _("Village or community")),
                             ("host", _("Host charity (托管慈善组织)")), ("opened", _("Set up on")),
                             ("status", _("Status")), ("purpose", _("Fund purpose")), ("rule", _("Disbursements need")),
                             ("receipts", _("Receipt word"))):
            form.addRow(caption, self.facts[key])
        self.balances: RowsModel[BalanceRow] = RowsModel(BALANCE_COLUMNS, _bold_sums)
        self.balance_view = list_view(self.balances)
        self.balance_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.balance_view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        balances_box = QGroupBox(_("Balances by account"))
        QVBoxLayout(balances_box).addWidget(self.balance_view)
        self.committee = CommitteeBox(ctx)
        self.goods: RowsModel[GoodsView] = RowsModel(GOODS_COLUMNS, _reversed_goods)
        self.goods_view = list_view(self.goods)
        self.goods_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.goods_view.horizontalHeader().setStretchLastSection(True)
        self.goods_view.selectionModel().selectionChanged.connect(lambda *_args: self._update_goods_button())
        self.correct_button = QPushButton(_("Correct or value…"))
        self.correct_button.clicked.connect(self.correct_goods)
        self.correct_button.setVisible(ctx.gateway.may(Action.RECORD_LEDGER))
        self.acknowledge_button = QPushButton(_("Print acknowledgement…"))
        self.acknowledge_button.clicked.connect(self.print_acknowledgement)
        goods_box = QGroupBox(_("Goods received (捐赠物资)"))
        goods_column = QVBoxLayout(goods_box)
        goods_column.addWidget(self.goods_view)
        goods_column.addLayout(button_row(self.acknowledge_button, self.correct_button))
        left, right = QVBoxLayout(), QVBoxLayout()
        left.addWidget(particulars)
        left.addWidget(self.committee, 1)
        right.addWidget(balances_box, 2)  # every account of the chart without scrolling, at 1366×768
        right.addWidget(goods_box, 1)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addLayout(right, 1)
        self.refresh()

    def set_fund(self, fund: FundView) -> None:
        self.fund = fund
        self.refresh()

    def refresh(self) -> None:
        fund, gateway = self.fund, self._ctx.gateway
        for key, text in (("name", fund.name), ("community", fund.community), ("host", fund.host_charity),
                          ("opened", format_date(fund.opened_on)), ("status", fund.status_label),
                          ("purpose", fund.purpose or "—"), ("rule", label(APPROVAL_RULE_LABELS, fund.approval_rule)),
                          ("receipts", fund.receipt_prefix or RECEIPT_WORD)):
            self.facts[key].setText(text)
        held = gateway.read(ledger.balances, fund.id)
        self.balances.set_rows([BalanceRow(_(MONEY_BALANCE), held.available_fen, True),
                                BalanceRow(_(BOOK_BALANCE), book_fen(held.accounts), True),
                                *(BalanceRow(_(account.label), held.accounts[account.code]) for account in CHART)])
        self.committee.fill(fund)
        self.goods.set_rows(gateway.read(ledger_lists.goods_received, fund.id))
        self._update_goods_button()

    def selected_goods(self) -> GoodsView | None:
        rows = self.goods_view.selectionModel().selectedRows()
        return self.goods.row_object(rows[0]) if rows else None

    def _update_goods_button(self) -> None:
        row = self.selected_goods()
        allowed = self.fund.status == ACTIVE and row is not None and row.correctable
        self.correct_button.setEnabled(allowed)
        if allowed:
            why = ""
        elif self.fund.status != ACTIVE:
            why = _("The fund is closed: nothing more is posted to it.")
        elif row is not None and row.entry_number is not None:
            why = _("Goods with a valuation are corrected by reversing their donation in the journal.")
        else:
            why = _("Select goods recorded with no valuation and not corrected yet.")
        self.correct_button.setToolTip(why)
        unvalued = row is not None and row.entry_number is None
        self.acknowledge_button.setEnabled(unvalued)
        self.acknowledge_button.setToolTip(
            _("Print the acknowledgement for the donor of these goods, which cannot be valued: by name and quantity, "
              "with no amount.") if unvalued else
            _("Goods with a valuation are acknowledged by the donation receipt of their entry (收据).")
            if row is not None else _("Select goods recorded with no valuation."))

    def print_acknowledgement(self) -> None:
        """Preview the acknowledgement of the goods selected (stamped superseded once corrected)."""
        from desktop.ui.ledger import ledger_print  # loaded when first used

        row = self.selected_goods()
        if row is not None and row.entry_number is None:
            ledger_print.print_acknowledgement(self._ctx, self, row.id)

    def correct_goods(self) -> bool:
        """Correct or value the goods selected; True when a correction was recorded."""
        from desktop.ui.ledger.goods_dialog import GoodsCorrectionDialog  # loaded when first used

        row = self.selected_goods()
        if row is None or not row.correctable or self.fund.status != ACTIVE:
            return False
        return published(self._ctx, GoodsCorrectionDialog(self._ctx, row, self), TOPIC)
