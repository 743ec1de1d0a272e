"""Small input widgets the volunteer dialogs share: a required past date, hours, and a reason form."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QLineEdit, QWidget

from desktop.i18n import _
from desktop.services.forms import required_text
from desktop.ui.context import AppContext
from desktop.ui.form_dialog import FormDialog
from desktop.ui.registers.date_field import DateEdit
from desktop.ui.tasks import Job


def day_edit(value: date | None = None) -> QDateEdit:
    """A date that must be given and is not in the future (an activity, an award), today by default."""
    edit = DateEdit(value)
    edit.setMaximumDate(QDate.currentDate())
    return edit


def day(edit: QDateEdit) -> date:
    value: date = edit.date().toPython()
    return value


def hours_edit() -> QLineEdit:
    edit = QLineEdit()
    edit.setPlaceholderText(_("Hours, e.g. 1.5"))
    edit.setMaximumWidth(120)
    return edit


class ReasonDialog(FormDialog):
    """Asks why (a reversal, a revocation) and runs ``work(reason)`` on the database worker."""

    def __init__(self, ctx: AppContext, *, title: str, intro: str, ok_text: str, work: Callable[[str], Any],
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, title=title, ok_text=ok_text, intro=intro, parent=parent)
        self._work = work
        self.reason = QLineEdit()
        self.reason.setMaxLength(200)
        self.form.add_row("reason", _("Reason"), self.reason)
        self.update_button()
        self.reason.setFocus()

    def checked(self) -> str:
        return required_text(self.reason.text(), "reason", 200)

    def job(self, values: str) -> Job:
        work = self._work
        return lambda _progress: work(values)
