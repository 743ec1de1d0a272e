"""A case's window: who and what the case is, the steps open to it now, its papers, and one tab per part
of the file (timeline, needs assessment, service plan, service records, referrals, follow-ups,
evaluation). One window per case: opening the case again raises the window already open."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout,
                               QWidget)

from desktop.domain.case_workflow import HAND_OVER, HAND_OVER_LABEL, STAGE_LABELS, find_move
from desktop.domain.codes import CASE_SOURCES, RISK_LEVELS, label
from desktop.domain.permissions import Action
from desktop.errors import NotFoundError
from desktop.i18n import _, format_date
from desktop.services import case_handover, cases
from desktop.services.cases import CaseView
from desktop.services.received import marked
from desktop.sync.home_node import read_only_reason
from desktop.ui.cases.assessment_tab import AssessmentTab
from desktop.ui.cases.case_fields import TOPIC, CaseTab, saved
from desktop.ui.cases.case_print import print_case_record, print_client_sheet
from desktop.ui.cases.evaluations_tab import EvaluationsTab
from desktop.ui.cases.followups_tab import FollowUpsTab
from desktop.ui.cases.handover_dialog import HandoverDialog
from desktop.ui.cases.move_dialog import MoveDialog
from desktop.ui.cases.plan_tab import PlanTab
from desktop.ui.cases.records_tab import RecordsTab
from desktop.ui.cases.referrals_tab import ReferralsTab
from desktop.ui.cases.timeline_tab import TimelineTab
from desktop.ui.context import AppContext
from desktop.ui.record_windows import RecordWindows
from desktop.ui.layouts import button_row
from desktop.ui.read_only import hold_off, read_only_note

TOPICS = (TOPIC, "clients", "all")  # changes that may touch what the window shows
_windows: RecordWindows[CaseWindow] = RecordWindows()


class CaseWindow(QDialog):
    def __init__(self, ctx: AppContext, case_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint)
        self.ctx = ctx
        self.case: CaseView = ctx.gateway.read(cases.get, case_id)
        self.may_edit = ctx.gateway.may(Action.EDIT_CASES)
        self.may_hand_over = ctx.gateway.may(Action.VIEW_ALL_CASES)  # giving cases to others is the head's
        # A station's case at a county office: read there, never changed (``sync.home_node``).
        self.not_here = ctx.gateway.read(read_only_reason, "case_file", case_id)
        self.read_only = read_only_note(self.not_here)
        room = self.screen().availableGeometry()  # 1366×768 at 125 % leaves about 1090×570 under the taskbar
        self.resize(min(1100, room.width() - 40), min(680, room.height() - 40))
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.moves_row = QHBoxLayout()
        self.move_buttons: dict[str, QPushButton] = {}
        self.record_button = QPushButton(_("Case service record (个案服务记录表)…"))
        self.record_button.clicked.connect(lambda: print_case_record(ctx, self.case, self))
        self.sheet_button = QPushButton(_("Client information sheet (服务对象信息表)…"))
        self.sheet_button.clicked.connect(lambda: print_client_sheet(ctx, self.case, self))
        self.timeline = TimelineTab(ctx, self.case)
        self.assessments = AssessmentTab(ctx, self.case)
        self.plan = PlanTab(ctx, self.case)
        self.records = RecordsTab(ctx, self.case)
        self.referrals = ReferralsTab(ctx, self.case)
        self.follow_ups = FollowUpsTab(ctx, self.case)
        self.evaluations = EvaluationsTab(ctx, self.case)
        self.tabs = QTabWidget()
        for tab, title in ((self.timeline, _("Timeline")), (self.assessments, _("Needs assessment")),
                           (self.plan, _("Service plan")), (self.records, _("Service records")),
                           (self.referrals, _("Referrals")), (self.follow_ups, _("Follow-ups")),
                           (self.evaluations, _("Evaluation"))):
            self.tabs.addTab(tab, title)
        hold_off([button for tab in self.tab_widgets() for button in tab.edit_buttons], self.not_here)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        # The papers beside Close, not beside the steps: five steps and both papers in one row were wider
        # than a 1366-pixel screen at 125 % in English.
        bottom = button_row(self.record_button, self.sheet_button)
        bottom.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.problem)
        layout.addWidget(self.read_only)
        layout.addLayout(self.moves_row)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)
        QShortcut(QKeySequence.StandardKey.Find, self, self.find_in_timeline)
        ctx.events.changed.connect(self._on_data_changed)
        # Another user at the keyboard must not find this worker's case open on the screen.
        ctx.session.user_changed.connect(self.close)
        ctx.session.signed_out.connect(self.close)
        self._show_case()

    def tab_widgets(self) -> tuple[CaseTab, ...]:  # type: ignore[type-arg]
        return (self.timeline, self.assessments, self.plan, self.records, self.referrals, self.follow_ups,
                self.evaluations)

    def reload(self) -> None:
        try:
            self.case = self.ctx.gateway.read(cases.get, self.case.id)
        except NotFoundError:  # handed to another worker, or deleted elsewhere
            self.close()
            return
        self._show_case()

    def _show_case(self) -> None:
        case = self.case
        self.setWindowTitle(_("Case {number}: {name}").format(number=case.number, name=case.client_name))
        client = f"{case.client_name} ({case.id_masked})" if case.id_masked else case.client_name
        client, community = escape(client), escape(case.community)  # the heading is rich text
        facts = [_("Social worker: {name}").format(name=case.worker_name),
                 _("Source: {source}").format(source=label(CASE_SOURCES, case.source)),
                 _("Risk: {risk}").format(risk=label(RISK_LEVELS, case.risk)),
                 _("Opened on {date}").format(date=format_date(case.opened_on))]
        if case.closed_on:
            facts.append(_("Closed on {date}").format(date=format_date(case.closed_on)))
        if case.declined_reason:
            facts.append(_("Not taken on: {reason}").format(reason=case.declined_reason))
        if case.referred_to:
            facts.append(_("Referred to {name}").format(name=case.referred_to))
        self.heading.setText(_("<b>{number}</b> · {client} · {community} · stage <b>{stage}</b><br>{facts}").format(
            number=case.number, client=client, community=community, stage=label(STAGE_LABELS, case.stage),
            facts=escape(" · ".join(facts))))
        self.problem.setText(_("Presenting problem: {problem}").format(
            problem=marked(case.problem, "problem", case.withheld)))
        self._show_moves()
        for tab in self.tab_widgets():
            tab.show_case(case)

    def _show_moves(self) -> None:
        """A button per step open to the case now (none for roles that may not edit cases)."""
        for button in self.move_buttons.values():
            button.deleteLater()
        self.move_buttons = {}
        while self.moves_row.count():
            self.moves_row.takeAt(0)
        for action in self.case.moves if self.may_edit else ():
            button = QPushButton(_(find_move(action).label) + "…")
            button.clicked.connect(lambda _checked=False, action=action: self.take_step(action))
            self.moves_row.addWidget(button)
            self.move_buttons[action] = button
        if self.may_edit and self.may_hand_over and self.ctx.gateway.read(case_handover.may_hand_over, self.case.id):
            button = QPushButton(_(HAND_OVER_LABEL) + "…")
            button.clicked.connect(self.hand_over)
            self.moves_row.addWidget(button)
            self.move_buttons[HAND_OVER] = button
        hold_off(self.move_buttons.values(), self.not_here)
        self.moves_row.addStretch(1)

    def take_step(self, action: str) -> None:
        saved(self.ctx, MoveDialog(self.ctx, self.case, action, self))

    def hand_over(self) -> None:
        saved(self.ctx, HandoverDialog(self.ctx, self.case, self))

    def find_in_timeline(self) -> None:
        """Ctrl+F."""
        self.tabs.setCurrentWidget(self.timeline)
        self.timeline.search.setFocus()
        self.timeline.search.selectAll()

    def _on_data_changed(self, topic: str) -> None:
        if topic in TOPICS:
            self.reload()


def open_case_window(ctx: AppContext, case_id: str, parent: QWidget | None = None) -> CaseWindow:
    """The case's window, shown and raised: the one already open, or a new one."""
    return _windows.show(ctx, case_id, lambda: CaseWindow(ctx, case_id, parent))
