"""The reason for dating an entry into books a confirmed bank balance closed (``reconciliation.check_open``):
a row of a posting, payment or reversal form, shown only while the date chosen is on or before the day
the books are closed up to, and then required."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QDateEdit, QLineEdit

from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.services import reconciliation
from desktop.services.forms import required_text
from desktop.ui.forms import FieldForm
from desktop.ui.gateway import Gateway
from desktop.ui.volunteers.fields import day

FIELD = "backdate_reason"


class BackdateField(QLineEdit):
    """Added to ``form`` under ``date_edit``, whose day it follows."""

    def __init__(self, gateway: Gateway, fund_id: str, form: FieldForm, date_edit: QDateEdit) -> None:
        super().__init__()
        self.setMaxLength(200)
        self.closed: date | None = gateway.read(reconciliation.closed_through, fund_id)
        self._form, self._date = form, date_edit
        if self.closed is not None:
            self.setPlaceholderText(_("The books are closed up to {date}: say why this is dated into them").format(
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
        """The reason typed, when the day chosen needs one ("" otherwise); refused when it is missing."""
        if not self.needed():
            return ""
        if not self.text().strip():
            raise ValidationError(FIELD, _("The books are closed up to {date} (a bank balance confirmed): give the "
                                           "reason for dating this entry on or before it.").format(
                date=self.closed.isoformat() if self.closed else ""))
        return required_text(self.text(), FIELD, 200)
