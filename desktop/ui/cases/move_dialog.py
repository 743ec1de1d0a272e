"""One step of a case's workflow, asking only for what the step needs: the reason (optional where the
step does not need one), the body the client is referred to, the closing summary. What the file lacks
(an assessment, a plan, an evaluation) is the service's to say, and is shown in the dialog. A step that
ends the case says how many of its follow-ups stay open (and due) after it."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from desktop.domain.case_workflow import OPEN_STAGES, REQUIREMENT_MESSAGES, STAGE_LABELS, Requirement, find_move
from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.services import case_followups, cases
from desktop.services.case_referrals import Receiver
from desktop.services.cases import CaseView
from desktop.services.forms import optional_text, required_text
from desktop.ui.cases.case_fields import line_edit, text_edit
from desktop.ui.cases.receiver_field import ReceiverField
from desktop.ui.context import AppContext
from desktop.ui.form_dialog import FormDialog
from desktop.ui.tasks import Job


@dataclass(frozen=True)
class StepDetails:
    reason: str
    receiver: Receiver | None
    closing_summary: str


class MoveDialog(FormDialog):
    def __init__(self, ctx: AppContext, case: CaseView, action: str, parent: QWidget | None = None) -> None:
        move = find_move(action)
        intro = _("Case {number}: from “{stage}” to “{target}”.").format(
            number=case.number, stage=_(STAGE_LABELS[case.stage]), target=_(STAGE_LABELS[move.target]))
        remaining = ctx.gateway.read(case_followups.open_count, case.id) if move.target not in OPEN_STAGES else 0
        if remaining:
            intro += "\n" + case_followups.still_open(remaining)
        super().__init__(ctx, title=_(move.label), ok_text=_("Take this step"), parent=parent, intro=intro)
        self._case, self._action, self._needs = case, action, move.needs
        self.receiver = ReceiverField(ctx.gateway) if Requirement.RECEIVER in move.needs else None
        self.summary = text_edit() if Requirement.CLOSING_SUMMARY in move.needs else None
        self.reason = line_edit(500)
        if self.receiver is not None:
            self.receiver.add_to(self.form, _("Referred to"))
        if self.summary is not None:
            self.form.add_row(Requirement.CLOSING_SUMMARY.value, _("Closing summary (结案小结)"), self.summary)
        needs_reason = Requirement.REASON in move.needs
        self.form.add_row(Requirement.REASON.value, _("Reason") if needs_reason else _("Note (optional)"),
                          self.reason)
        self.update_button()
        (self.receiver.kind if self.receiver else self.summary or self.reason).setFocus()

    def checked(self) -> StepDetails:
        field = Requirement.REASON.value
        reason = (required_text(self.reason.text(), field, 500) if Requirement.REASON in self._needs
                  else optional_text(self.reason.text(), field, 500))
        summary = ""
        if self.summary is not None:  # kept as written, line breaks and all
            summary = optional_text(self.summary.toPlainText(), Requirement.CLOSING_SUMMARY.value, 2000)
            if not summary:
                raise ValidationError(Requirement.CLOSING_SUMMARY.value,
                                      _(REQUIREMENT_MESSAGES[Requirement.CLOSING_SUMMARY]))
        return StepDetails(reason, self.receiver.value() if self.receiver else None, summary)

    def job(self, values: StepDetails) -> Job:
        gateway, case_id, action = self._ctx.gateway, self._case.id, self._action
        return lambda _progress: gateway.write(cases.move, case_id, action, reason=values.reason,
                                               receiver=values.receiver, closing_summary=values.closing_summary)
