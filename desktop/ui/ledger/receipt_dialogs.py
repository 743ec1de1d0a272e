"""Issuing a donation receipt (捐赠收据) for a donation that has none, and recording the official
公益事业捐赠票据 the host charity issued for it. Each is one service call on the database worker; the
issue form checks as you type what the service will (a day not before the receipt numbered before it,
and a reason for a day in books already closed)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QComboBox, QWidget

from desktop.errors import ValidationError
from desktop.i18n import _, format_date
from desktop.services import receipts
from desktop.services.forms import optional_text, required_text
from desktop.services.ledger import EntryView
from desktop.services.receipts import ReceiptView, check_in_order
from desktop.ui.cases.case_fields import line_edit
from desktop.ui.context import AppContext
from desktop.ui.form_dialog import FormDialog
from desktop.ui.forms import combo_value
from desktop.ui.ledger.backdate_field import BackdateField
from desktop.ui.projects.money_field import yuan
from desktop.ui.tasks import Job
from desktop.ui.volunteers.fields import day, day_edit


def entry_text(entry: EntryView) -> str:
    """"No. 12 · 2026-09-03 · 周德明 · 2,000.00 yuan · 资助困难学生": a donation as the journal lists it."""
    return _("No. {number} · {date} · {donor} · {amount} yuan · {memo}").format(
        number=entry.number, date=format_date(entry.posted_on), donor=entry.counterparty or "—",
        amount=yuan(entry.amount_fen), memo=entry.memo or "—")


@dataclass(frozen=True)
class Issue:
    entry_id: str
    donor_name: str
    purpose: str
    issued_on: date
    backdate_reason: str  # why it is dated into books already closed ("" when it is not)


class IssueReceiptDialog(FormDialog):
    """Issue a receipt for one of ``entries``, donations of the fund ``fund_id`` (``entry_id`` chosen at first,
    when given); ``outcome`` is the ``ReceiptView``. The donor and purpose come from the entry and may be
    put as the receipt should say."""

    def __init__(self, ctx: AppContext, fund_id: str, entries: Sequence[EntryView], entry_id: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, title=_("Issue a donation receipt"), ok_text=_("Issue"), parent=parent, intro=_(
            "The receipt takes the fund's next number for its year, and is signed by you. It acknowledges the "
            "donation; it is not the official 公益事业捐赠票据, which only the host charity issues."))
        self._entries = {entry.id: entry for entry in entries}
        self.entry = QComboBox()
        self.entry.setPlaceholderText(_("Choose…") if entries else _("Every donation has its receipt."))
        for entry in entries:
            self.entry.addItem(entry_text(entry), entry.id)
        self.entry.setCurrentIndex(self.entry.findData(entry_id) if entry_id else -1)
        self.donor_name = line_edit(100)
        self.purpose = line_edit(200)
        self.issued_on = day_edit()
        form = self.form
        form.add_row("entry_id", _("Donation"), self.entry)
        form.add_row("donor_name", _("Donor"), self.donor_name)
        form.add_row("purpose", _("Purpose of the donation"), self.purpose)
        form.add_row("issued_on", _("Issued on"), self.issued_on)
        form.watch("issued_on", self.issued_on.dateChanged)
        self._last = ctx.gateway.read(receipts.last_receipts, fund_id)
        self.backdate = BackdateField(ctx.gateway, fund_id, form, self.issued_on, published=False)
        self.entry.currentIndexChanged.connect(lambda _index: self._fill())
        self.setMinimumWidth(680)
        self._fill()
        self.entry.setFocus()

    def _fill(self) -> None:
        """The chosen donation's donor and summary, and no date before it."""
        entry = self._entries.get(combo_value(self.entry))
        if entry is not None:
            self.donor_name.setText(entry.counterparty)
            self.purpose.setText(entry.memo)
            self.issued_on.setMinimumDate(QDate(entry.posted_on))
        self.update_button()

    def checked(self) -> Issue:
        entry_id = combo_value(self.entry)
        if not entry_id:
            raise ValidationError("entry_id", _("Choose the donation the receipt acknowledges."))
        issued_on = day(self.issued_on)
        check_in_order(issued_on, self._last)
        return Issue(entry_id, required_text(self.donor_name.text(), "donor_name", 100),
                     optional_text(self.purpose.text(), "purpose", 200), issued_on, self.backdate.reason())

    def job(self, values: Issue) -> Job:
        gateway = self._ctx.gateway
        return lambda _progress: gateway.write(receipts.issue, values.entry_id, values.purpose, values.donor_name,
                                               values.issued_on, backdate_reason=values.backdate_reason)


@dataclass(frozen=True)
class Ticket:
    code: str
    number: str
    correction: str  # why it replaces the ticket recorded before ("" for the first)


class OfficialTicketDialog(FormDialog):
    """The code and number of the 公益事业捐赠票据 issued for the receipt's donation; once one is recorded,
    a correction of it with the reason, required. ``outcome`` is the ``ReceiptView``."""

    def __init__(self, ctx: AppContext, row: ReceiptView, host: str, parent: QWidget | None = None) -> None:
        super().__init__(ctx, title=_("Record the official donation ticket"), ok_text=_("Record"), parent=parent,
                         intro=_("Receipt {number}: {amount} yuan from {donor}. Copy the code (票据代码) and number "
                                 "(票据号码) printed on the 公益事业捐赠票据 {host} issued for it.").format(
                             number=row.number, amount=yuan(row.amount_fen), donor=row.donor_name, host=host))
        self._id = row.id
        self.code = line_edit(20, row.official_ticket_code)
        self.number = line_edit(20, row.official_ticket_number)
        self.form.add_row("official_ticket_code", _("Ticket code (票据代码)"), self.code)
        self.form.add_row("official_ticket_number", _("Ticket number (票据号码)"), self.number)
        self._correcting = bool(row.official_ticket_code or row.official_ticket_number)
        self.correction = line_edit(200)
        if self._correcting:
            self.setWindowTitle(_("Correct the official donation ticket"))
            self.correction.setPlaceholderText(_("e.g. 票据号码抄错"))
            self.form.add_row("correction", _("Reason for correction"), self.correction)
        self.update_button()
        self.code.setFocus()

    def checked(self) -> Ticket:
        code = required_text(self.code.text(), "official_ticket_code", 20)
        number = required_text(self.number.text(), "official_ticket_number", 20)
        correction = required_text(self.correction.text(), "correction", 200) if self._correcting else ""
        return Ticket(code, number, correction)

    def job(self, values: Ticket) -> Job:
        gateway, row_id = self._ctx.gateway, self._id
        return lambda _progress: gateway.write(receipts.record_official_ticket, row_id, values.code, values.number,
                                               values.correction)
