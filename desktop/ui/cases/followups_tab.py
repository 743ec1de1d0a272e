"""回访: the follow-ups of a case, soonest due first, overdue ones in red; planned for a day to come
(after closing too), done when the outcome is written, or cancelled with the reason (greyed, kept)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QWidget

from desktop.i18n import N_, _, format_date
from desktop.services import case_followups
from desktop.services.case_followups import FollowUpView
from desktop.services.cases import CaseView
from desktop.services.forms import required_text
from desktop.ui.cases.case_fields import CaseTab, adding, case_day_edit, line_edit, saved, text_edit
from desktop.ui.context import AppContext
from desktop.ui.form_dialog import FormDialog
from desktop.ui.forms import ERROR_COLOR
from desktop.ui.registers.date_field import DateEdit
from desktop.ui.table_model import Column
from desktop.ui.tasks import Job
from desktop.ui.volunteers.fields import day

FIRST_DUE = timedelta(days=7)  # where the due date of a new follow-up starts

COLUMNS: list[Column[FollowUpView]] = [
    Column(N_("Due on"), None, lambda f: format_date(f.due_on)),
    Column(N_("Purpose"), None, lambda f: f.purpose),
    Column(N_("Done on"), None, lambda f: _done_on(f)),
    Column(N_("Outcome"), None, lambda f: f.outcome),
]


def _done_on(row: FollowUpView) -> str:
    if row.done_on is None:
        return ""
    return _("Cancelled {date}").format(date=format_date(row.done_on)) if row.cancelled else format_date(row.done_on)


def overdue_in_red(row: Any, _column: int, role: int) -> Any:
    """For any row with ``overdue`` (a FollowUpView): red, with a tooltip saying why."""
    if not row.overdue:
        return None
    if role == Qt.ItemDataRole.ForegroundRole:
        return QColor(ERROR_COLOR)
    if role == Qt.ItemDataRole.ToolTipRole:
        return _("Overdue since {date}").format(date=format_date(row.due_on))
    return None


def _looks(row: FollowUpView, column: int, role: int) -> Any:
    """A cancelled follow-up greyed, with its reason as the tooltip; an overdue one in red."""
    if not row.cancelled:
        return overdue_in_red(row, column, role)
    if role == Qt.ItemDataRole.ForegroundRole:
        return QApplication.palette().placeholderText()
    if role == Qt.ItemDataRole.ToolTipRole:
        return _("Cancelled: {reason}").format(reason=row.outcome)
    return None


class FollowUpsTab(CaseTab[FollowUpView]):
    def __init__(self, ctx: AppContext, case: CaseView) -> None:
        super().__init__(ctx, case, COLUMNS, lambda c: ctx.gateway.read(case_followups.follow_ups, c.id), _looks)
        self.add_button = self.action(_("Plan a follow-up…"), adding(ctx, lambda: FollowUpDialog(ctx, self.case, self)))
        self.done_button = self.action(_("Mark done…"), self.mark_done)
        self.cancel_button = self.action(_("Cancel the follow-up…"), self.cancel)

    def update_actions(self) -> None:
        row = self.selected()
        self.done_button.setEnabled(row is not None and row.done_on is None)
        self.cancel_button.setEnabled(row is not None and row.done_on is None)

    def mark_done(self) -> None:
        row = self.selected()
        if row is not None and row.done_on is None:
            saved(self._ctx, FollowUpDoneDialog(self._ctx, self.case, row, self))

    def cancel(self) -> None:
        row = self.selected()
        if row is not None and row.done_on is None:
            saved(self._ctx, FollowUpCancelDialog(self._ctx, row, self))


class FollowUpDialog(FormDialog):
    def __init__(self, ctx: AppContext, case: CaseView, parent: QWidget | None = None) -> None:
        super().__init__(ctx, title=_("Plan a follow-up"), ok_text=_("Add"), parent=parent,
                         intro=_("Due for {worker}, the case's social worker; it shows on their Home page once "
                                 "due.").format(worker=case.worker_name))
        self._case_id = case.id
        self.due_on = DateEdit(date.today() + FIRST_DUE)
        self.due_on.setMinimumDate(QDate.currentDate())
        self.purpose = line_edit(300)
        self.form.add_row("due_on", _("Due on"), self.due_on)
        self.form.add_row("purpose", _("Purpose"), self.purpose)
        self.update_button()
        self.purpose.setFocus()

    def checked(self) -> tuple[date, str]:
        return day(self.due_on), required_text(self.purpose.text(), "purpose", 300)

    def job(self, values: tuple[date, str]) -> Job:
        gateway, case_id = self._ctx.gateway, self._case_id
        due_on, purpose = values
        return lambda _progress: gateway.write(case_followups.add_follow_up, case_id, due_on, purpose)


class FollowUpDoneDialog(FormDialog):
    def __init__(self, ctx: AppContext, case: CaseView, follow_up: FollowUpView,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, title=_("Follow-up done"), ok_text=_("Save"), parent=parent,
                         intro=_("{purpose}, due on {date}.").format(purpose=follow_up.purpose,
                                                                     date=format_date(follow_up.due_on)))
        self._follow_up_id = follow_up.id
        self.outcome = text_edit()
        self.done_on = case_day_edit(case)
        self.form.add_row("outcome", _("Outcome"), self.outcome)
        self.form.add_row("done_on", _("Done on"), self.done_on)
        self.update_button()
        self.outcome.setFocus()

    def checked(self) -> tuple[str, date]:
        return required_text(self.outcome.toPlainText(), "outcome", 1000), day(self.done_on)

    def job(self, values: tuple[str, date]) -> Job:
        gateway, follow_up_id = self._ctx.gateway, self._follow_up_id
        outcome, done_on = values
        return lambda _progress: gateway.write(case_followups.complete_follow_up, follow_up_id, outcome, done_on)


class FollowUpCancelDialog(FormDialog):
    """A follow-up no longer wanted leaves the due lists; the reason stays on the case."""

    def __init__(self, ctx: AppContext, follow_up: FollowUpView, parent: QWidget | None = None) -> None:
        super().__init__(ctx, title=_("Cancel the follow-up"), ok_text=_("Call it off"), parent=parent,
                         intro=_("{purpose}, due on {date}. It leaves the Home page; the case keeps it with the "
                                 "reason.").format(purpose=follow_up.purpose, date=format_date(follow_up.due_on)))
        self._follow_up_id = follow_up.id
        self.reason = line_edit(1000)
        self.form.add_row("reason", _("Reason"), self.reason)
        self.update_button()
        self.reason.setFocus()

    def checked(self) -> str:
        return required_text(self.reason.text(), "reason", 1000)

    def job(self, values: str) -> Job:
        gateway, follow_up_id = self._ctx.gateway, self._follow_up_id
        return lambda _progress: gateway.write(case_followups.cancel_follow_up, follow_up_id, values)
