"""Opening a case (接案) for a client of the register: who, how the case came, the risk, the problem as
presented, the opening date and, for the station head, the responsible worker."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QComboBox, QPlainTextEdit, QWidget

from desktop.domain.codes import CASE_SOURCES, RISK_LEVELS
from desktop.domain.permissions import Action
from desktop.errors import ValidationError, raise_all
from desktop.i18n import _
from desktop.services import cases
from desktop.services.cases import CaseInput, CaseView
from desktop.services.clients import ClientView
from desktop.ui.cases.case_fields import TOPIC
from desktop.ui.cases.client_picker import ClientPicker
from desktop.ui.context import AppContext
from desktop.ui.form_dialog import FormDialog
from desktop.ui.forms import combo_value, fill_combo
from desktop.ui.registers.choices import choice_combo, labelled
from desktop.ui.tasks import Job
from desktop.ui.volunteers.fields import day, day_edit

PROBLEM_LINES = 6


class CaseForm(FormDialog):
    """``outcome`` is the opened ``CaseView``; ``client`` is chosen already when the form opens from one."""

    outcome: CaseView | None

    def __init__(self, ctx: AppContext, client: ClientView | None = None, parent: QWidget | None = None) -> None:
        super().__init__(ctx, title=_("Open a case"), ok_text=_("Open the case"), parent=parent)
        self.picker = ClientPicker(ctx.gateway, client)
        self.source = choice_combo(labelled(CASE_SOURCES))
        self.risk = choice_combo(labelled(RISK_LEVELS))
        self.problem = QPlainTextEdit()
        self.problem.setPlaceholderText(_("The problem as the client or whoever referred them presents it"))
        self.problem.setTabChangesFocus(True)  # keyboard entry: Tab leaves the box
        self.problem.setFixedHeight(self.problem.fontMetrics().lineSpacing() * PROBLEM_LINES)
        self.opened_on = day_edit()
        self.worker = QComboBox()
        me = ctx.gateway.principal.user_id or ""
        fill_combo(self.worker, {w.id: w.name for w in ctx.gateway.read(cases.workers)}, me)

        form = self.form
        form.add_row("client_search", _("Find the client"), self.picker.search)
        form.add_row("client_id", _("Client"), self.picker.matches)
        form.add_row("source", _("How the case came"), self.source)
        form.add_row("risk", _("Risk"), self.risk)
        form.add_row("problem", _("Presenting problem"), self.problem)
        form.add_row("opened_on", _("Opened on"), self.opened_on)
        form.add_row("worker_user_id", _("Responsible worker"), self.worker)
        # Giving a case to someone else is the head's; anyone else opens their own.
        self._chooses_worker = ctx.gateway.may(Action.VIEW_ALL_CASES)
        form.layout.setRowVisible(self.worker, self._chooses_worker)
        form.watch("opened_on", self.opened_on.dateChanged)
        self.picker.changed.connect(self.update_button)
        self.accepted.connect(lambda: ctx.events.publish(TOPIC))
        self.setMinimumWidth(560)
        self.update_button()
        (self.source if client is not None else self.picker.search).setFocus()

    def checked(self) -> CaseInput:
        """The input, or every field missing or wrong at once: the client with the rest."""
        client = self.picker.client()
        problems = [] if client is not None else [ValidationError("client_id", _("Choose a client from the register."))]
        data = CaseInput(client.id if client is not None else "", self.problem.toPlainText(), combo_value(self.risk),
                         combo_value(self.source), combo_value(self.worker) if self._chooses_worker else "",
                         day(self.opened_on))
        try:
            data = data.validated(date.today())
        except ValidationError as exc:
            problems.append(exc)
        raise_all(problems)
        return data

    def job(self, values: CaseInput) -> Job:
        gateway = self._ctx.gateway
        return lambda _progress: gateway.write(cases.open_case, values)
