"""转介: referrals and resource links of a case (to a department, a social organisation or donor of our
registers, or a service), and what the receiving side reported back: accepted, completed, not successful.
The chosen referral's every status shows under the list (``ReferralHistory``); the latest referral is
chosen when the tab loads, and the one chosen stays chosen when the case is read again after a change."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QComboBox, QWidget

from desktop.domain.codes import REFERRAL_STATUSES, REFERRAL_TARGETS, label
from desktop.domain.referral_workflow import FEEDBACK_NEEDED, NEXT_STATUSES
from desktop.errors import ValidationError
from desktop.i18n import N_, _, format_date
from desktop.services import case_referrals
from desktop.services.case_referrals import ReferralInput, ReferralView
from desktop.services.cases import CaseView
from desktop.services.forms import optional_text
from desktop.ui.cases.case_fields import (CaseTab, adding, case_day_edit, is_open, line_edit, saved,
                                         text_edit)
from desktop.ui.cases.receiver_field import ReceiverField
from desktop.ui.cases.referral_history import ReferralHistory
from desktop.ui.context import AppContext
from desktop.ui.form_dialog import FormDialog
from desktop.ui.forms import combo_value, fill_combo
from desktop.ui.table_model import Column
from desktop.ui.tasks import Job
from desktop.ui.volunteers.fields import day

COLUMNS: list[Column[ReferralView]] = [
    Column(N_("Referred on"), None, lambda r: format_date(r.referred_on)),
    Column(N_("Referred to"), None, lambda r: r.target_name),
    Column(N_("Kind"), None, lambda r: label(REFERRAL_TARGETS, r.target_kind)),
    Column(N_("Reason"), None, lambda r: r.reason),
    Column(N_("Status"), None, lambda r: label(REFERRAL_STATUSES, r.status)),
    Column(N_("Since"), None, lambda r: format_date(r.status_on)),
    Column(N_("Feedback"), None, lambda r: r.feedback),
]


class ReferralsTab(CaseTab[ReferralView]):
    def __init__(self, ctx: AppContext, case: CaseView) -> None:
        super().__init__(ctx, case, COLUMNS, lambda c: ctx.gateway.read(case_referrals.referrals, c.id))
        self.history = ReferralHistory()
        self.column.insertWidget(1, self.history, 1)  # under the list, as tall as it: a few rows each
        self.add_button = self.action(_("Refer or link a resource…"),
                                      adding(ctx, lambda: ReferralDialog(ctx, self.case, self)))
        self.status_button = self.action(_("Update the status…"), self.update_status)
        self.totals.setText(_("Referring the client out of the station's care is a step of the case: use "
                              "“Refer out (转介)” at the top."))
        self.totals.setVisible(self.may_edit)

    def load(self) -> None:
        chosen = self.selected()
        super().load()
        ids = [row.id for row in self.model.rows()]
        self.history.setVisible(bool(ids))
        if ids:
            self.view.selectRow(ids.index(chosen.id) if chosen is not None and chosen.id in ids else 0)

    def update_actions(self) -> None:
        self.add_button.setEnabled(is_open(self.case))
        row = self.selected()
        self.status_button.setEnabled(row is not None and bool(NEXT_STATUSES.get(row.status)))
        self.history.show_referral(row)

    def update_status(self) -> None:
        row = self.selected()
        if row is not None and NEXT_STATUSES.get(row.status):
            saved(self._ctx, ReferralStatusDialog(self._ctx, self.case, row, self))


class ReferralDialog(FormDialog):
    def __init__(self, ctx: AppContext, case: CaseView, parent: QWidget | None = None) -> None:
        super().__init__(ctx, title=_("Refer or link a resource"), ok_text=_("Add"), parent=parent,
                         intro=_("The client stays in the case; the receiving side's answer is recorded later "
                                 "with “Update the status…”."))
        self._case_id = case.id
        self.receiver = ReceiverField(ctx.gateway)
        self.referred_on = case_day_edit(case)
        self.reason = line_edit(500)
        self.receiver.add_to(self.form, _("Referred to"))
        self.form.add_row("referred_on", _("Referred on"), self.referred_on)
        self.form.add_row("reason", _("Reason"), self.reason)
        self.update_button()
        self.receiver.kind.setFocus()

    def checked(self) -> ReferralInput:
        return ReferralInput(self.receiver.value(), day(self.referred_on),
                             optional_text(self.reason.text(), "reason", 500))

    def job(self, values: ReferralInput) -> Job:
        gateway, case_id = self._ctx.gateway, self._case_id
        return lambda _progress: gateway.write(case_referrals.add_referral, case_id, values)


class ReferralStatusDialog(FormDialog):
    """What the receiving side reported, the statuses ``domain.referral_workflow`` allows next; "completed"
    and "not successful" need the feedback given with them (what came of it, or why not)."""

    def __init__(self, ctx: AppContext, case: CaseView, referral: ReferralView, parent: QWidget | None = None) -> None:
        super().__init__(ctx, title=_("Update the referral's status"), ok_text=_("Save"), parent=parent,
                         intro=_("To {name}, referred on {date}: now “{status}”.").format(
                             name=referral.target_name, date=format_date(referral.referred_on),
                             status=label(REFERRAL_STATUSES, referral.status)))
        self._referral_id = referral.id
        self.status = QComboBox()
        fill_combo(self.status, {code: label(REFERRAL_STATUSES, code) for code in NEXT_STATUSES[referral.status]})
        self.status_on = case_day_edit(case)
        self.status_on.setMinimumDate(QDate(max(referral.status_on, case.opened_on)))
        self.feedback = text_edit()  # what the receiver says now; what it said before is in the history
        self.form.add_row("status", _("Status"), self.status)
        self.form.add_row("status_on", _("Date"), self.status_on)
        self.form.add_row("feedback", _("Feedback"), self.feedback)
        self.form.watch("feedback", self.status.activated)  # a status that needs feedback asks for it at once
        self.update_button()
        self.status.setFocus()

    def checked(self) -> tuple[str, str, date]:
        status = combo_value(self.status)
        feedback = optional_text(self.feedback.toPlainText(), "feedback", 1000)
        if status in FEEDBACK_NEEDED and not feedback:
            raise ValidationError("feedback", _(FEEDBACK_NEEDED[status]))
        return status, feedback, day(self.status_on)

    def job(self, values: tuple[str, str, date]) -> Job:
        gateway, referral_id = self._ctx.gateway, self._referral_id
        status, feedback, status_on = values
        return lambda _progress: gateway.write(case_referrals.update_referral_status, referral_id, status, feedback,
                                               status_on)
