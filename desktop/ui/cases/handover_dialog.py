"""Handing an open case over (转交) to another social worker, the station head's step: to whom and why.
The day is today's; the timeline and the printed course of the case say from whom, to whom, when and why."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QComboBox, QWidget

from desktop.domain.case_workflow import HAND_OVER_LABEL
from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.services import case_handover, cases
from desktop.services.cases import CaseView
from desktop.services.forms import required_text
from desktop.ui.cases.case_fields import line_edit
from desktop.ui.context import AppContext
from desktop.ui.form_dialog import FormDialog
from desktop.ui.forms import combo_value, fill_combo
from desktop.ui.tasks import Job


@dataclass(frozen=True)
class HandoverDetails:
    worker_user_id: str
    reason: str


class HandoverDialog(FormDialog):
    def __init__(self, ctx: AppContext, case: CaseView, parent: QWidget | None = None) -> None:
        super().__init__(ctx, title=_(HAND_OVER_LABEL), ok_text=_("Hand over"), parent=parent,
                         intro=_("Case {number} is {name}'s. The social worker you choose takes it over at its "
                                 "stage, with its open follow-ups.").format(number=case.number,
                                                                           name=case.worker_name))
        self._case = case
        self.worker = QComboBox()
        others = {w.id: w.name for w in ctx.gateway.read(cases.workers) if w.id != case.worker_user_id}
        fill_combo(self.worker, {"": _("Choose…")} | others)
        self.reason = line_edit(500)
        self.reason.setPlaceholderText(_("e.g. 原社工调岗，由片区社工接手"))
        self.form.add_row("worker_user_id", _("Hand over to"), self.worker)
        self.form.add_row("reason", _("Reason"), self.reason)
        self.update_button()
        self.worker.setFocus()

    def checked(self) -> HandoverDetails:
        worker = combo_value(self.worker)
        if not worker:
            raise ValidationError("worker_user_id", _("Choose the social worker who takes the case over."))
        return HandoverDetails(worker, required_text(self.reason.text(), "reason", 500))

    def job(self, values: HandoverDetails) -> Job:
        gateway, case_id = self._ctx.gateway, self._case.id
        return lambda _progress: gateway.write(case_handover.hand_over, case_id, values.worker_user_id,
                                               values.reason)
