"""The reason for dating an entry into books a recorded balance, or a statement or notice printed, closed
(``reconciliation.check_open``): a row of a posting, payment, reversal or receipt form, shown only while the date
chosen is on or before the latest balance recorded for any account of the fund or the end of the latest period
published (a receipt's form: the balance alone). Whether the entry needs it (it moves that balance's account) is the
service's to say: left empty where it does, the refusal is shown at this row."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QDateEdit, QLineEdit

from desktop.i18n import _
from desktop.services import reconciliation
from desktop.services.forms import optional_text
from desktop.ui.forms import FieldForm
from desktop.ui.gateway import Gateway
from desktop.ui.volunteers.fields import day

FIELD = "backdate_reason"


class BackdateField(QLineEdit):
    """Added to ``form`` under ``date_edit``, whose day it follows."""

    def __init__(self, gateway: Gateway, fund_id: str, form: FieldForm, date_edit: QDateEdit,
                 published: bool = True) -> None:
        super().__init__()
        self.setMaxLength(200)
        self.closed: date | None = gateway.read(reconciliation.closed_through, fund_id, None, published)
        self._form, self._date = form, date_edit
        if self.closed is not None:
            self.setPlaceholderText(_("The books are closed up to {date} (a balance recorded, or a statement or "
                                      "notice printed): if this changes them, say why it is dated into them").format(
                date=self.closed.isoformat()))
        form.add_row(FIELD, _("Reason for back-dating"), self)
        form.watch(FIELD, self.textEdited)
        date_edit.dateChanged.connect(lambda _day: self._show())
        self._show()

    def needed(self) -> bool:
        return self.closed is not None and day(self._date) <= self.closed

    def _show(self) -> None:
        self._form.layout.setRowVisible(self, self.needed())

    def reason(self) -> str:
        """The reason typed, when the day chosen may need one ("" otherwise)."""
        return optional_text(self.text(), FIELD, 200) if self.needed() else ""
