"""One step of a project's workflow, asking for the reason where the step needs one (a note otherwise).
What the project lacks for the step — a budget rule it breaks, the round's window closed, reviews not
all in — is the service's to say, and is shown in the dialog; what the dialog can tell at once (no
approved amount) it says before, its OK button off."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desktop.domain.project_workflow import STATUS_LABELS, Requirement, find_move
from desktop.i18n import _
from desktop.services import projects
from desktop.services.forms import optional_text, required_text
from desktop.services.projects import ProjectView
from desktop.ui.cases.case_fields import line_edit
from desktop.ui.context import AppContext
from desktop.ui.form_dialog import FormDialog
from desktop.ui.projects.money_field import yuan
from desktop.ui.tasks import Job

REASON = Requirement.REASON.value  # the services' field name for the reason
REASON_LENGTH = 500


def _lacking(project: ProjectView, action: str) -> str:
    """What the project lacks for the step that the dialog can tell at once (OK stays off, saying why);
    "" when nothing is."""
    if action == "approve" and project.approved_fen is None:
        return _("No approved amount is set yet: the round's secretary sets it on the Review tab.")
    return ""


def _what_it_checks(project: ProjectView, action: str) -> str:
    """A sentence on what the step will check, so a refusal does not come as a surprise."""
    if action == "submit":
        return _("Submitting checks the budget against the round's rules and that the round's application window "
                 "is open. A submitted proposal cannot be changed unless it is withdrawn.")
    if action == "approve" and project.approved_fen is not None:
        return _("Approved amount: {amount} yuan of {requested} yuan requested.").format(
            amount=yuan(project.approved_fen), requested=yuan(project.requested_fen))
    return _lacking(project, action)


class ProjectMoveDialog(FormDialog):
    def __init__(self, ctx: AppContext, project: ProjectView, action: str, parent: QWidget | None = None) -> None:
        move = find_move(action)
        intro = _("Project {number}: from “{status}” to “{target}”.").format(
            number=project.number, status=_(STATUS_LABELS[project.status]), target=_(STATUS_LABELS[move.target]))
        checks = _what_it_checks(project, action)
        super().__init__(ctx, title=_(move.label), ok_text=_("Take this step"), parent=parent,
                         intro=f"{intro}\n\n{checks}" if checks else intro)
        self._project, self._action = project, action
        self._lacking = _lacking(project, action)
        self._needs_reason = Requirement.REASON in move.needs
        self.reason = line_edit(REASON_LENGTH)
        self.form.add_row(REASON, _("Reason") if self._needs_reason else _("Note (optional)"), self.reason)
        self.update_button()
        self.reason.setFocus()

    def update_button(self) -> None:
        super().update_button()
        if self._lacking:
            self.ok_button.setEnabled(False)
        self.ok_button.setToolTip(self._lacking)

    def save(self) -> None:
        if not self._lacking:  # Enter and Ctrl+S save too
            super().save()

    def checked(self) -> str:
        text = self.reason.text()
        return (required_text(text, REASON, REASON_LENGTH) if self._needs_reason
                else optional_text(text, REASON, REASON_LENGTH))

    def job(self, values: str) -> Job:
        gateway, project_id, action = self._ctx.gateway, self._project.id, self._action
        return lambda _progress: gateway.write(projects.move, project_id, action, reason=values)
