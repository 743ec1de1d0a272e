"""收据: a fund's donation receipts (捐赠收据) in number order, each year from 0001 with no gaps. A receipt
is issued for a donation that has none, voided with a reason (it keeps its number; a new one takes the
next), matched to the official 公益事业捐赠票据 once the host charity issues it, and printed."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QPushButton, QWidget

from desktop.domain.permissions import Action
from desktop.i18n import N_, _, format_date, ngettext
from desktop.services import receipt_queue, receipts
from desktop.services.receipts import ISSUED, ReceiptView
from desktop.ui.context import AppContext
from desktop.ui.ledger import ledger_print
from desktop.ui.ledger.fund_tab import FundTab
from desktop.ui.ledger.receipt_dialogs import IssueReceiptDialog, OfficialTicketDialog
from desktop.ui.projects.money_field import yuan
from desktop.ui.table_model import RIGHT, Column
from desktop.ui.volunteers.fields import ReasonDialog


COLUMNS: list[Column[ReceiptView]] = [
    Column(N_("Receipt no."), None, lambda r: r.number),
    Column(N_("Issued on"), None, lambda r: format_date(r.issued_on)),
    Column(N_("Donor"), None, lambda r: r.donor_name),
    Column(N_("Amount (yuan)"), None, lambda r: yuan(r.amount_fen), RIGHT),
    Column(N_("Purpose of the donation"), None, lambda r: r.purpose),
    Column(N_("Status"), None, lambda r: r.status_label),
    Column(N_("Ticket code"), None, lambda r: r.official_ticket_code),
    Column(N_("Ticket number"), None, lambda r: r.official_ticket_number),
    Column(N_("Entry no."), None, lambda r: str(r.entry_number), RIGHT),
    Column(N_("Issued by"), None, lambda r: r.issuer),
    Column(N_("Note"), None, lambda r: r.note),
]
NOTE = len(COLUMNS) - 1


def _look(row: ReceiptView, column: int, role: int) -> Any:
    """A voided receipt struck through (but for why) and dimmed: its number stays on file, its paper is
    taken back."""
    if row.status == ISSUED:
        return None
    if role == Qt.ItemDataRole.FontRole and column != NOTE:
        font = QFont()
        font.setStrikeOut(True)
        return font
    if role == Qt.ItemDataRole.ForegroundRole:
        return QApplication.palette().placeholderText()
    if role == Qt.ItemDataRole.ToolTipRole:
        return row.note
    return None


class ReceiptsTab(FundTab[ReceiptView]):
    def __init__(self, ctx: AppContext, fund_id: str, parent: QWidget | None = None) -> None:
        super().__init__(ctx, fund_id, COLUMNS, lambda f: ctx.gateway.read(receipts.receipts, f), _look, parent)
        self.waiting: int = 0
        self.issue_button = self.button(_("Issue a receipt…"), self.issue, Action.RECORD_LEDGER)
        self.void_button = self.button(_("Void…"), self.void, Action.RECORD_LEDGER)
        self.ticket_button = self.button(_("Record the official ticket…"), self.record_ticket, Action.RECORD_LEDGER)
        self.print_button = self.button(_("Print…"), self.print_receipt, Action.VIEW)
        self.refresh()

    def steps(self) -> list[QPushButton]:
        return [self.print_button]

    def load(self) -> None:
        self.waiting = self._ctx.gateway.read(receipt_queue.count_without_receipt, self.fund_id)
        super().load()
        rows = self.model.rows()
        voided = sum(row.status != ISSUED for row in rows)
        issued = ngettext("{n} receipt issued, {voided} voided.", "{n} receipts issued, {voided} voided.",
                          len(rows) - voided).format(n=len(rows) - voided, voided=voided)
        waiting = ngettext("{n} donation has no receipt yet.", "{n} donations have no receipt yet.",
                           self.waiting).format(n=self.waiting) if self.waiting else \
            _("Every donation has its receipt.") if rows else _("No donation waits for a receipt.")
        self.summary.setText(_("{issued} {waiting}").format(issued=issued, waiting=waiting) + "\n" + _(
            "A receipt acknowledges a donation; it is not the official 公益事业捐赠票据, which {host} issues: record "
            "that ticket's code and number here once it is issued.").format(host=self.fund.host_charity))

    def empty_text(self) -> str:
        return _("No receipt issued yet.\n\nA receipt is issued, with Issue a receipt…, for a donation posted on "
                 "the Journal entries tab.")

    def update_actions(self) -> None:
        row = self.selected()
        issued = row is not None and row.status == ISSUED
        self.allow(self.issue_button, self.fund_open and self.waiting > 0,
                   (_("Every donation has its receipt.") if self.model.rows() else _("No donation waits for a receipt."))
                   if self.fund_open else
                   _("The fund {name} is closed.").format(name=self.fund.name))
        why = _("Select a receipt that is not void.")
        self.allow(self.void_button, issued, why)
        self.allow(self.ticket_button, issued, why)
        self.allow(self.print_button, row is not None, _("Select a receipt."))

    def issue(self) -> None:
        self.issue_for("")

    def issue_for(self, entry_id: str) -> None:
        """Issue a receipt, for the donation entry ``entry_id`` unless another is chosen."""
        if not self.fund_open:
            return
        entries = self._ctx.gateway.read(receipt_queue.donations_without_receipt, self.fund_id, entry_id)
        self.run(IssueReceiptDialog(self._ctx, self.fund_id, entries, entry_id, self))

    def void(self) -> None:
        row = self.selected()
        if row is None or row.status != ISSUED:
            return
        gateway = self._ctx.gateway
        self.run(ReasonDialog(
            self._ctx, title=_("Void a receipt"), ok_text=_("Void"), parent=self,
            intro=_("Receipt {number} for {amount} yuan from {donor} is voided: it keeps its number, with the reason, "
                    "and its paper copy is taken back. A new receipt for the donation takes the next number.").format(
                number=row.number, amount=yuan(row.amount_fen), donor=row.donor_name),
            work=lambda reason: gateway.write(receipts.void, row.id, reason)))

    def record_ticket(self) -> None:
        row = self.selected()
        if row is not None and row.status == ISSUED:
            self.run(OfficialTicketDialog(self._ctx, row, self.fund.host_charity, self))

    def print_receipt(self) -> None:
        """Preview the selected receipt's PDF, to print or save; a voided one prints as void."""
        row = self.selected()
        if row is not None:
            ledger_print.print_receipt(self._ctx, self, row.id)
