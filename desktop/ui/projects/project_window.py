"""A project's window: what the project is and where it stands, the steps open to it now, its papers,
and one tab per part of the proposal (基本信息, 项目方案, 执行团队, 活动计划, 预算, 状态记录); once funded, the
tabs of the running project follow. One window per project: opening it again raises the one open.

The proposal is edited while it is a draft, by a role that may edit projects: every tab says what is
wrong as it is typed, and Ctrl+S saves the whole proposal in one write. Once submitted it is the form
contract, shown as it was sent. At a county office a station's project is read-only: its steps are off and
say why, but for the decisions of a round the county runs (``sync.home_node.step_refusals``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from html import escape
from typing import Any

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QMessageBox, QPushButton, QTabWidget,
                               QVBoxLayout, QWidget)

from desktop.domain.codes import label
from desktop.domain.permissions import Action
from desktop.domain.project_budget import RoundRules
from desktop.domain.project_workflow import EDITABLE, FUNDED, STATUS_LABELS, Status, find_move
from desktop.errors import NotFoundError, ValidationError, WusheError
from desktop.i18n import N_, _, format_date
from desktop.services import project_detail, projects
from desktop.services.project_detail import ProposalDetail
from desktop.services.project_input import ProposalInput
from desktop.services.projects import MOVE_PERMISSIONS, ProjectView
from desktop.sync.home_node import read_only_reason, step_refusals
from desktop.ui.context import AppContext
from desktop.ui.record_windows import RecordWindows
from desktop.ui.layouts import button_row
from desktop.ui.projects.activities_tab import ActivitiesTab
from desktop.ui.projects.budget_tab import BudgetTab
from desktop.ui.projects.evaluations_tab import EvaluationsTab
from desktop.ui.projects.head_tab import HeadTab, links_chosen
from desktop.ui.projects.history_tab import HistoryTab
from desktop.ui.projects.milestones_tab import MilestonesTab
from desktop.ui.projects.money_field import yuan
from desktop.ui.projects.move_dialog import ProjectMoveDialog
from desktop.ui.projects.narrative_tab import NarrativeTab
from desktop.ui.projects.need_picker import NeedPicker
from desktop.ui.projects.project_fields import ROUNDS_TOPIC, TOPIC, published
from desktop.ui.projects.project_print import print_final_report, print_proposal
from desktop.ui.projects.running_tab import RunningTab
from desktop.ui.projects.schedule_tab import ScheduleTab
from desktop.ui.projects.spending_tab import SpendingTab
from desktop.ui.projects.team_tab import TeamTab
from desktop.ui.read_only import hold_off
from desktop.ui.tasks import show_error

# Where a project ends: nothing of it changes any more (rejected, closed, or terminated).
ENDED = frozenset({Status.REJECTED, Status.CLOSED, Status.TERMINATED})
TOPICS = (TOPIC, ROUNDS_TOPIC, "orgs", "communities", "all")  # changes that may touch what the window shows
# The running project's tabs, added once the project is funded: each is given the context and the project's
# id, and has ``reload()``.
RUNNING_TABS: tuple[tuple[Callable[[AppContext, str], RunningTab[Any]], str], ...] = (
    (ActivitiesTab, N_("Activities")), (SpendingTab, N_("Spending")), (MilestonesTab, N_("Milestones")),
    (EvaluationsTab, N_("Evaluations")))
_windows: RecordWindows[ProjectWindow] = RecordWindows()


def _html(text: str) -> str:
    """``text`` for the rich-text heading: its own < and & shown as typed."""
    return escape(text, quote=False)


def _head_checked(base: ProposalInput, head: dict[str, Any]) -> ProposalInput:
    """The saved proposal with the head as typed, checked: what is wrong is the head's."""
    links_chosen(head)
    return replace(base, **head).validated()


class ProjectWindow(QDialog):
    def __init__(self, ctx: AppContext, project_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint)
        self.ctx = ctx
        self.detail: ProposalDetail = ctx.gateway.read(project_detail.detail, project_id)
        self.may_edit = ctx.gateway.may(Action.EDIT_PROJECTS)
        # A station's project at a county office: read there, but for the decisions of a round the county runs
        # (``sync.home_node``).
        self.not_here = ctx.gateway.read(read_only_reason, "project", project_id)
        self.dirty = False  # edits not saved yet
        self._saving = False
        self._leaving = False  # closing without asking again about unsaved edits
        self.resize(1100, 700)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.moves_row = QHBoxLayout()
        self.move_buttons: dict[str, QPushButton] = {}
        self.proposal_button = QPushButton(_("Proposal (申报书)…"))
        self.proposal_button.clicked.connect(lambda: print_proposal(ctx, self.project, self))
        self.final_button = QPushButton(_("Final report (结项报告)…"))
        self.final_button.clicked.connect(lambda: print_final_report(ctx, self.project, self))
        self.head = HeadTab(ctx)
        self.narrative = NarrativeTab()
        self.narrative.needs_asked.connect(self._add_needs)
        self.team = TeamTab()
        self.plan = ScheduleTab()
        self.budget = BudgetTab()
        self.history = HistoryTab()
        self.tabs = QTabWidget()
        for tab, title in ((self.head, _("Basic information")), (self.narrative, _("Project design")),
                           (self.team, _("Team")), (self.plan, _("Activity plan")), (self.budget, _("Budget")),
                           (self.history, _("Status history"))):
            self.tabs.addTab(tab, title)
        self.running: list[RunningTab[Any]] = []  # the running project's tabs, once it is funded
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.save_button = buttons.addButton(_("Save"), QDialogButtonBox.ButtonRole.ApplyRole)
        self.save_button.setToolTip(_("Save the whole proposal (Ctrl+S)"))
        self.save_button.clicked.connect(lambda: self.save())
        buttons.rejected.connect(self.reject)
        papers = button_row(self.proposal_button, self.final_button)
        papers.insertStretch(0, 1)  # the papers on the right, the steps on the left
        top = QHBoxLayout()
        top.addLayout(self.moves_row, 1)
        top.addLayout(papers)
        bottom = QHBoxLayout()
        bottom.addWidget(self.note, 1)
        bottom.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)

        for edited in (self.head.edited, self.narrative.edited, self.team.edited, self.plan.edited,
                       self.budget.edited):
            edited.connect(self._edited)
        self.head.round_changed.connect(lambda found: self.budget.set_rules(found.rules))
        QShortcut(QKeySequence.StandardKey.Save, self).activated.connect(lambda: self.save())
        ctx.events.changed.connect(self._on_data_changed)
        # Another user at the keyboard must not find this proposal open, nor be asked about its edits.
        ctx.session.user_changed.connect(self._leave)
        ctx.session.signed_out.connect(self._leave)
        self._show(refill=True)

    @property
    def project(self) -> ProjectView:
        return self.detail.project

    def editable(self) -> bool:
        """Whether the proposal may be changed here: a draft of this node's, and a role that may edit projects."""
        return self.may_edit and self.project.status in EDITABLE and not self.not_here

    # --- showing the project ------------------------------------------------------------------
    def reload(self) -> None:
        """Read the project again; edits not saved yet stay as typed."""
        try:
            self.detail = self.ctx.gateway.read(project_detail.detail, self.project.id)
        except NotFoundError:  # deleted elsewhere
            self._leave()
            return
        self.head.refresh_rounds(self.ctx.gateway)
        self._show(refill=not self.dirty)

    def _show(self, refill: bool) -> None:
        project, detail = self.project, self.detail
        self.setWindowTitle(_("Project {number}: {title}").format(number=project.number, title=project.title))
        facts = [_("Round: {name}").format(name=project.round_name),
                 _("Applicant: {name}").format(name=project.org_name),
                 _("Runs in: {name}").format(name=project.community),
                 _("Requested {amount} yuan").format(amount=yuan(project.requested_fen)),
                 _("Matching {amount} yuan").format(amount=yuan(project.matching_fen))]
        if project.approved_fen is not None:
            facts.append(_("Approved {amount} yuan").format(amount=yuan(project.approved_fen)))
        if project.submitted_on is not None:
            facts.append(_("Submitted on {date}").format(date=format_date(project.submitted_on, "medium")))
        self.heading.setText(_("<b>{number}</b> · {title} · <b>{status}</b><br>{facts}").format(
            number=_html(project.number), title=_html(project.title),
            status=_html(label(STATUS_LABELS, project.status)), facts=_html(" · ".join(facts))))
        self._show_moves()
        self.final_button.setVisible(project.status in FUNDED)
        if refill:
            self.head.fill(detail)
            self.narrative.fill(detail)
            self.team.fill(detail.team)
            self.plan.set_period(project.starts_on, project.ends_on)
            self.plan.fill(detail.plan)
            self.budget.fill(detail.budget, self._rules())
        else:  # the edits stay; the round's rules may have changed under them
            self.budget.set_rules(self._rules())
        self.history.fill(detail.history)
        editable = self.editable()
        for tab in (self.head, self.narrative, self.team, self.plan, self.budget):
            tab.set_editable(editable)
        self.save_button.setVisible(editable)
        self._show_note()
        if project.status in FUNDED and not self.running:
            self._add_running_tabs()
        for tab in self.running:
            tab.reload()

    def _add_needs(self) -> None:
        picker = NeedPicker(self.ctx, self.project.community_id, self)
        if picker.exec():
            self.narrative.add_needs(picker.text)
        picker.deleteLater()

    def _rules(self) -> RoundRules:
        """The budget rules of the proposal's round (the defaults while no round is chosen)."""
        found = self.head.chosen_round()
        return found.rules if found is not None else RoundRules()

    def _show_moves(self) -> None:
        """A button per step open to the project now that the signed-in user may take."""
        for button in self.move_buttons.values():
            button.deleteLater()
        self.move_buttons = {}
        while self.moves_row.count():
            self.moves_row.takeAt(0)
        actions = [action for action in self.project.moves if self.ctx.gateway.may(MOVE_PERMISSIONS[action])]
        refused = self.ctx.gateway.read(step_refusals, self.project.id, actions) if self.not_here else {}
        for action in actions:
            button = QPushButton(_(find_move(action).label) + "…")
            button.clicked.connect(lambda _checked=False, action=action: self.take_step(action))
            hold_off([button], refused.get(action, ""))  # a step the county will refuse: off, saying why
            self.moves_row.addWidget(button)
            self.move_buttons[action] = button
        self.moves_row.addStretch(1)

    def _show_note(self) -> None:
        if self._saving:
            text = _("Saving…")
        elif self.editable():
            text = _("Unsaved changes: Ctrl+S saves the proposal.") if self.dirty else ""
        elif self.not_here:
            text = self.not_here
        elif not self.may_edit:
            text = self.ctx.gateway.refusal(Action.EDIT_PROJECTS)
        elif self.project.status in ENDED:
            text = _("Project {number} is closed (“{status}”): its record is read-only.").format(
                number=self.project.number, status=self.project.status_label)
        else:
            text = _("A proposal is changed only as a draft; once submitted it stays as it was sent.")
        self.note.setText(text)

    def _add_running_tabs(self) -> None:
        for kind, title in RUNNING_TABS:
            tab = kind(self.ctx, self.project.id)
            hold_off(tab.edit_buttons, self.not_here)
            self.tabs.insertTab(self.tabs.indexOf(self.history), tab, _(title))
            self.running.append(tab)

    # --- editing ------------------------------------------------------------------------------
    def _edited(self) -> None:
        self.dirty = True
        base = replace(self.detail.as_input(), team=(), plan=(), budget=())  # as saved: valid
        head = self.head.values()
        self.head.check(lambda: _head_checked(base, head))
        self.narrative.check(lambda: replace(base, **self.narrative.values()).validated())
        self.plan.set_period(head["starts_on"], head["ends_on"])
        self._show_note()

    def proposal(self) -> ProposalInput:
        """The whole proposal as typed, or a ValidationError naming the first thing wrong with it."""
        for editor in (self.team.editor, self.plan.editor, self.budget.editor):
            editor.commit()  # a cell still being typed in counts
        head = self.head.values()
        links_chosen(head)
        return ProposalInput(**head, **self.narrative.values(), team=self.team.values(), plan=self.plan.values(),
                             budget=self.budget.lines()).validated()

    def save(self, then: Callable[[], object] | None = None) -> None:
        """Save the whole proposal in one write (Ctrl+S); ``then`` runs once it is saved."""
        if not self.editable() or self._saving:
            return
        try:
            data = self.proposal()
        except ValidationError as exc:
            self.show_error(exc)
            return
        self._saving = True
        self._show_note()
        gateway, project_id = self.ctx.gateway, self.project.id
        self.ctx.tasks.run(lambda _progress: gateway.write(projects.update, project_id, data), parent=self,
                           label=_("Saving the proposal…"), on_success=lambda _view: self._saved(then),
                           on_failure=self._save_failed)

    def _saved(self, then: Callable[[], object] | None) -> None:
        self._saving = False
        self.dirty = False
        self.ctx.events.publish(TOPIC)  # this window reloads with the others
        if then is not None and shiboken6.isValid(self):
            then()

    def _save_failed(self, error: WusheError) -> None:
        self._saving = False
        self._show_note()
        if isinstance(error, ValidationError):
            self.show_error(error)
        else:
            show_error(self, error)

    def show_error(self, error: ValidationError) -> None:
        """The problem at its field, on the tab that holds it; one of no field in a message box."""
        for tab in (self.head, self.narrative, self.team, self.plan, self.budget):
            if tab.owns(error.field):
                self.tabs.setCurrentWidget(tab)
                tab.show_error(error)
                return
        show_error(self, error)

    # --- steps --------------------------------------------------------------------------------
    def take_step(self, action: str) -> None:
        """The step's dialog; edits not saved yet are saved first, so the step is taken on what is on screen."""
        if self.dirty and self.editable():
            self.save(then=lambda: self._step(action))
        else:
            self._step(action)

    def _step(self, action: str) -> None:
        published(self.ctx, ProjectMoveDialog(self.ctx, self.project, action, self))

    def _on_data_changed(self, topic: str) -> None:
        if topic in TOPICS and not self._saving:
            self.reload()

    # --- closing ------------------------------------------------------------------------------
    def _may_close(self) -> bool:
        """Whether to close now: nothing unsaved, or the user chose to discard it; saving closes after."""
        if self._leaving or not self.dirty or not self.editable():
            return True
        answer = QMessageBox.question(
            self, self.windowTitle(), _("Save the changes to the proposal before closing?"),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save)
        if answer == QMessageBox.StandardButton.Save:
            self.save(then=self._leave)
            return False
        if answer == QMessageBox.StandardButton.Discard:
            self._leaving = True
            return True
        return False

    def reject(self) -> None:
        if self._may_close():
            self._leaving = True
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._may_close():
            self._leaving = True
            super().closeEvent(event)
        else:
            event.ignore()

    def _leave(self) -> None:
        """Close without asking about edits (saved already, or someone else is at the keyboard)."""
        self._leaving = True
        self.close()


def open_project_window(ctx: AppContext, project_id: str, parent: QWidget | None = None) -> ProjectWindow:
    """The project's window, shown and raised: the one already open, or a new one."""
    return _windows.show(ctx, project_id, lambda: ProjectWindow(ctx, project_id, parent))
