"""The training, awards and evaluation blocks of a volunteer's record, each with its Add… form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QStyle

from desktop.domain.codes import EVALUATION_RATINGS, label
from desktop.domain.durations import hours_text
from desktop.i18n import N_, _
from desktop.services import volunteer_record
from desktop.services.volunteer_record import AwardView, EvaluationView, TrainingView
from desktop.ui.context import AppContext
from desktop.ui.table_model import RIGHT, Column
from desktop.ui.volunteers.entry_dialogs import AwardDialog, TrainingDialog
from desktop.ui.volunteers.record_tab import RecordTab

TOPIC = "volunteers"

TRAINING: list[Column[TrainingView]] = [
    Column(N_("Date"), None, lambda t: t.held_on.isoformat()),
    Column(N_("Training"), None, lambda t: t.name),
    Column(N_("Main content"), None, lambda t: t.content),
    Column(N_("Hours of study"), None, lambda t: hours_text(t.minutes), RIGHT),
    Column(N_("Held by"), None, lambda t: t.organiser),
]
AWARDS: list[Column[AwardView]] = [
    Column(N_("Date"), None, lambda a: a.awarded_on.isoformat()),
    Column(N_("Award"), None, lambda a: a.name),
    Column(N_("Awarded by"), None, lambda a: a.awarded_by),
]
EVALUATIONS: list[Column[EvaluationView]] = [
    Column(N_("Activity date"), None, lambda e: e.served_on.isoformat()),
    Column(N_("Activity"), None, lambda e: e.activity),
    Column(N_("Quality of service"), None, lambda e: label(EVALUATION_RATINGS, str(e.rating))),
    Column(N_("Comment"), None, lambda e: e.comment),
    Column(N_("Evaluated on"), None, lambda e: e.evaluated_on.isoformat()),
]


def _late_evaluation(row: EvaluationView, column: int, role: int) -> Any:
    if not row.late or column != 0:
        return None
    if role == Qt.ItemDataRole.DecorationRole:
        return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
    if role == Qt.ItemDataRole.ToolTipRole:
        return _("Evaluated more than 10 working days after the activity.")
    return None


def _adding(ctx: AppContext, tab: RecordTab[Any], text: str, dialog: Callable[[], QDialog]) -> None:
    def add() -> None:
        if dialog().exec():
            ctx.events.publish(TOPIC)

    tab.action(text, add)


def training_tab(ctx: AppContext, volunteer_id: str) -> RecordTab[TrainingView]:
    tab = RecordTab(ctx, TRAINING, lambda: ctx.gateway.read(volunteer_record.trainings, volunteer_id))
    _adding(ctx, tab, _("Add training…"), lambda: TrainingDialog(ctx, volunteer_id, tab))
    return tab


def awards_tab(ctx: AppContext, volunteer_id: str) -> RecordTab[AwardView]:
    tab = RecordTab(ctx, AWARDS, lambda: ctx.gateway.read(volunteer_record.awards, volunteer_id))
    _adding(ctx, tab, _("Add award…"), lambda: AwardDialog(ctx, volunteer_id, tab))
    return tab


def evaluations_tab(ctx: AppContext, volunteer_id: str) -> RecordTab[EvaluationView]:
    """Evaluations are added from a service row (Evaluate…), which is what they rate."""
    tab = RecordTab(ctx, EVALUATIONS, lambda: ctx.gateway.read(volunteer_record.evaluations, volunteer_id),
                    _late_evaluation)
    tab.totals.setText(_("To evaluate a service, select it under Service and choose Evaluate…"))
    tab.totals.setVisible(tab.may_edit)
    return tab
