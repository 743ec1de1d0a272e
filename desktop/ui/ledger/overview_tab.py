"""概况: what the fund is (its particulars), its management committee, the balance of every account of its
chart (the money it holds first), and the goods it received, valued or recorded by name only."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QFormLayout, QGroupBox, QHBoxLayout, QHeaderView, QLabel, QVBoxLayout, QWidget

from desktop.domain.codes import label
from desktop.domain.ledger import APPROVAL_RULE_LABELS, CHART
from desktop.i18n import N_, _
from desktop.services import ledger, ledger_lists
from desktop.services.funds import FundView
from desktop.services.ledger_lists import GoodsView
from desktop.services.receipts import RECEIPT_WORD
from desktop.ui.context import AppContext
from desktop.ui.ledger.committee_box import CommitteeBox
from desktop.ui.ledger.ledger_fields import quantity_text
from desktop.ui.list_view import list_view
from desktop.ui.projects.money_field import yuan
from desktop.ui.table_model import RIGHT, Column
from desktop.ui.volunteers.rows_model import RowsModel


@dataclass(frozen=True)
class BalanceRow:
    text: str
    fen: int
    summed: bool = False  # the money available: shown in bold


BALANCE_COLUMNS: list[Column[BalanceRow]] = [
    Column(N_("Account"), None, lambda r: r.text),
    Column(N_("Balance (yuan)"), None, lambda r: yuan(r.fen), RIGHT),
]
GOODS_COLUMNS: list[Column[GoodsView]] = [
    Column(N_("Received"), None, lambda g: g.received_on.isoformat()),
    Column(N_("Goods"), None, lambda g: g.name),
    Column(N_("Quantity"), None, lambda g: quantity_text(g.quantity, g.unit), RIGHT),
    Column(N_("Valuation (yuan)"), None, lambda g: _("not valued") if g.valued_fen is None else yuan(g.valued_fen),
           RIGHT),
    Column(N_("Donor"), None, lambda g: g.counterparty),
    Column(N_("Entry"), None, lambda g: _goods_entry(g)),
    Column(N_("Note"), None, lambda g: g.note),
]
VALUATION = 3  # the column struck through once the donation is reversed


def _goods_entry(goods: GoodsView) -> str:
    if goods.entry_number is None:
        return ""
    if goods.reversed_by is not None:
        return _("No. {number}, reversed by no. {reversal}").format(number=goods.entry_number,
                                                                   reversal=goods.reversed_by)
    return _("No. {number}").format(number=goods.entry_number)


def _reversed_goods(goods: GoodsView, column: int, role: int) -> Any:
    """Goods whose donation was reversed no longer count: greyed, their valuation struck through."""
    if goods.reversed_by is None:
        return None
    if role == Qt.ItemDataRole.ForegroundRole:
        return QColor("#888888")
    if role == Qt.ItemDataRole.FontRole and column == VALUATION:
        font = QFont()
        font.setStrikeOut(True)
        return font
    if role == Qt.ItemDataRole.ToolTipRole:
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
        goods_box = QGroupBox(_("Goods received (捐赠物资)"))
        QVBoxLayout(goods_box).addWidget(self.goods_view)
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
                          ("opened", fund.opened_on.isoformat()), ("status", fund.status_label),
                          ("purpose", fund.purpose or "—"), ("rule", label(APPROVAL_RULE_LABELS, fund.approval_rule)),
                          ("receipts", fund.receipt_prefix or RECEIPT_WORD)):
            self.facts[key].setText(text)
        held = gateway.read(ledger.balances, fund.id)
        self.balances.set_rows([BalanceRow(_("Money available (bank and cash)"), held.available_fen, True),
                                *(BalanceRow(_(account.label), held.accounts[account.code]) for account in CHART)])
        self.committee.fill(fund)
        self.goods.set_rows(gateway.read(ledger_lists.goods_received, fund.id))
