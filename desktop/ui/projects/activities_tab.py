"""活动: the activities the running project held, under its outputs planned against achieved (活动场次,
服务人次, 志愿者人次, 志愿服务时长), with the photos of the one selected. An activity is recorded with its
volunteers' hours, which go to their volunteer records; correcting or removing one asks why, and the
hours it fed are reversed there, never deleted. Double-click or Enter opens an activity."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QHeaderView

from desktop.domain.codes import ACTIVITY_KINDS, label
from desktop.domain.durations import hours_text
from desktop.domain.permissions import Action
from desktop.domain.project_workflow import RUNNING
from desktop.i18n import N_, _, format_number
from desktop.services import project_activities, project_detail
from desktop.services.project_activities import ActivityView
from desktop.sync.home_node import read_only_reason
from desktop.ui.context import AppContext
from desktop.ui.projects.activity_dialog import ActivityDialog
from desktop.ui.projects.activity_photos import ActivityPhotos
from desktop.ui.projects.project_fields import TOPIC, published
from desktop.ui.projects.running_figures import OutputsBox
from desktop.ui.projects.running_tab import RunningTab
from desktop.ui.table_model import RIGHT, Column
from desktop.ui.volunteers.fields import ReasonDialog

VOLUNTEERS_TOPIC = "volunteers"
TITLE_COLUMN = 1  # the column that takes the width left  # the volunteers' records changed with the activity's hours

COLUMNS: list[Column[ActivityView]] = [
    Column(N_("Date"), None, lambda a: a.held_on.isoformat()),
    Column(N_("Activity"), None, lambda a: a.title),
    Column(N_("Kind"), None, lambda a: label(ACTIVITY_KINDS, a.kind)),
    Column(N_("Place"), None, lambda a: a.place),
    Column(N_("Attendance"), None, lambda a: format_number(a.attendance), RIGHT),
    Column(N_("Person-times"), None, lambda a: format_number(a.person_times), RIGHT),
    Column(N_("Volunteers"), None, lambda a: format_number(len(a.volunteers)), RIGHT),
    Column(N_("Volunteer hours"), None, lambda a: hours_text(sum(v.minutes for v in a.volunteers)), RIGHT),
    Column(N_("Photos"), None, lambda a: format_number(a.photos) if a.photos else "", RIGHT),
]


class ActivitiesTab(RunningTab[ActivityView]):
    def __init__(self, ctx: AppContext, project_id: str) -> None:
        super().__init__(ctx, project_id, COLUMNS, lambda p: ctx.gateway.read(project_activities.activities, p),
                         Action.EDIT_PROJECTS, RUNNING)
        self.outputs = OutputsBox()
        self.photos = ActivityPhotos(ctx, self.may_edit and self.takes_entries())  # as the activity is edited
        self.photos.changed.connect(lambda: ctx.events.publish(TOPIC))
        beside = QHBoxLayout()  # the photos of the activity selected, beside the list
        self.column.removeWidget(self.view)
        beside.addWidget(self.view, 1)
        beside.addWidget(self.photos)
        self.column.insertLayout(0, beside, 1)
        self.column.insertWidget(0, self.outputs)
        header = self.view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(TITLE_COLUMN, QHeaderView.ResizeMode.Stretch)
        self.add_button = self.action(_("Record an activity…"), self.record)
        self.correct_button = self.action(_("Correct…"), self.correct)
        self.remove_button = self.action(_("Remove…"), self.remove)
        self.view.activated.connect(lambda _index: self.open_selected())
        # A station's project at a county: its buttons are held off (``project_window``), so the hint names none.
        self.not_here = ctx.gateway.read(read_only_reason, "project", project_id)
        self.load()

    def load(self) -> None:
        self.outputs.fill(self._ctx.gateway.read(project_activities.outputs, self.project_id))
        super().load()
        empty = not self.model.rowCount()  # the outputs above say what the activities came to
        self.totals.setVisible(empty)
        if not empty:
            self.totals.setText("")
        elif self.not_here:
            self.totals.setText(_("No activity recorded yet. The station running the project records its activities; "
                                  "they come here with its bundles."))
        else:
            self.totals.setText(_("No activity recorded yet. Record an activity… adds one with its volunteers' "
                                  "hours."))

    def update_actions(self) -> None:
        row = self.selected()
        self.allow(self.add_button, True)
        self.allow(self.correct_button, row is not None, _("Select an activity first."))
        self.allow(self.remove_button, row is not None, _("Select an activity first."))
        shown = None if row is None else row.id
        if shown != self.photos.activity_id:
            self.photos.show_activity(shown)

    def _dialog(self, corrects: ActivityView | None) -> ActivityDialog:
        plan = self._ctx.gateway.read(project_detail.detail, self.project_id).plan
        return ActivityDialog(self._ctx, self.project, plan, corrects, self)

    def _run(self, dialog: ActivityDialog) -> None:
        if published(self._ctx, dialog):
            self._ctx.events.publish(VOLUNTEERS_TOPIC)
            if isinstance(dialog.outcome, ActivityView):
                self.select(dialog.outcome.id)  # its photos are the ones to attach next

    def record(self) -> None:
        if self.may_edit and self.takes_entries():
            self._run(self._dialog(None))

    def correct(self) -> None:
        row = self.selected()
        if row is not None and self.may_edit and self.takes_entries():
            self._run(self._dialog(row))

    def open_selected(self) -> None:
        """The activity selected: to correct, for a role that may while the project runs; else as recorded."""
        row = self.selected()
        if row is None:
            return
        if self.may_edit and self.takes_entries():
            self.correct()
            return
        dialog = self._dialog(row)
        dialog.setWindowTitle(_("Activity of {date}").format(date=row.held_on.isoformat()))
        dialog.show_read_only()
        dialog.exec()
        dialog.deleteLater()

    def remove(self) -> None:
        row = self.selected()
        if row is None or not self.may_edit or not self.takes_entries():
            return
        gateway = self._ctx.gateway
        intro = _("“{title}” of {date} is taken off the project.").format(title=row.title,
                                                                         date=row.held_on.isoformat())
        if row.volunteers:
            intro += " " + _("The hours it recorded for its volunteers are reversed on their records with this "
                             "reason.")
        dialog = ReasonDialog(self._ctx, title=_("Remove an activity"), intro=intro, ok_text=_("Remove"),
                              work=lambda reason: gateway.write(project_activities.remove_activity, row.id, reason),
                              parent=self)
        if published(self._ctx, dialog):
            self._ctx.events.publish(VOLUNTEERS_TOPIC)
