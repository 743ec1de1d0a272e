"""An activity the running project held, or the correction of one: when and what, who came, the line of
the activity plan it carries out, and the volunteers who served with their hours (in half-hour steps).

Saved in one write: the activity, and each volunteer's hours on their volunteer record (the service
records them, the signed-in user confirming as the organiser). A correction asks why: the hours it
changes are reversed on the records with that reason and recorded again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (QComboBox, QDoubleSpinBox, QFrame, QGridLayout, QLabel, QLineEdit, QPushButton,
                               QScrollArea, QVBoxLayout, QWidget)

from desktop.domain.codes import ACTIVITY_KINDS
from desktop.domain.durations import hours_text
from desktop.errors import ValidationError, WusheError
from desktop.i18n import _, ngettext
from desktop.services import project_activities
from desktop.services.forms import required_text
from desktop.services.project_activities import ActivityInput, ActivityView
from desktop.services.project_detail import PlannedActivityView
from desktop.services.projects import ProjectView
from desktop.services.volunteers import VolunteerView
from desktop.ui.cases.case_fields import line_edit, text_edit
from desktop.ui.context import AppContext
from desktop.ui.form_dialog import FormDialog
from desktop.ui.forms import combo_value, error_label, fill_combo
from desktop.ui.projects.running_tab import project_day_edit
from desktop.ui.registers.choices import choice_combo, labelled
from desktop.ui.tasks import Job
from desktop.ui.volunteers.fields import day
from desktop.ui.volunteers.volunteer_picker import VolunteerPicker

FIELD = "volunteers"
# The services' fields that are about one volunteer of the activity (their hours, their record).
VOLUNTEER_FIELDS = frozenset({FIELD, "minutes", "volunteer_id", "served_on"})
# The volunteer record's names for the activity's fields, when its service refuses them.
RECORD_FIELDS = {"activity": "title", "served_on": "held_on"}
HALF_HOUR = 30
MOST_HOURS = 24
ROWS_SHOWN = 5  # volunteers shown before their list scrolls
NUMBER_LENGTH = 9


@dataclass(frozen=True)
class Saved:
    """What the dialog sends: the activity as typed and, for a correction, why."""

    activity: ActivityInput
    reason: str


class _Served:
    """A volunteer's row: the name, the hours served and a button to take them off the activity."""

    def __init__(self, volunteer_id: str, name: str, caption: str, minutes: int) -> None:
        self.volunteer_id, self.name, self.minutes = volunteer_id, name, minutes
        self.label = QLabel(caption)
        self.hours = QDoubleSpinBox()
        self.hours.setRange(0, MOST_HOURS)
        self.hours.setDecimals(1)
        self.hours.setSingleStep(HALF_HOUR / 60)
        self.hours.setSpecialValueText(_("Hours?"))  # 0: not entered yet
        self.hours.setSuffix(_(" h"))
        self.hours.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.hours.setValue(minutes / 60)
        self.hours.setMinimumWidth(self.hours.fontMetrics().horizontalAdvance("00.0 h ") + 40)
        self.remove = QPushButton(_("Remove"))
        self.remove.setAutoDefault(False)
        self.error = error_label()
        self.hours.valueChanged.connect(self._typed)
        self.hours.editingFinished.connect(lambda: self.hours.setValue(self.minutes / 60))  # shown as kept

    def _typed(self, hours: float) -> None:
        self.minutes = round(hours * 60 / HALF_HOUR) * HALF_HOUR


class _EnterPicks(QObject):
    """Enter in the picker's search adds the volunteer found, and does not also save the dialog."""

    def __init__(self, picker: VolunteerPicker) -> None:
        super().__init__(picker)
        self._picker = picker

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) \
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._picker.pick()
            return True
        return super().eventFilter(watched, event)


class ActivityDialog(FormDialog):
    """``outcome`` is the ``ActivityView`` saved."""

    def __init__(self, ctx: AppContext, project: ProjectView, plan: Sequence[PlannedActivityView],
                 corrects: ActivityView | None = None, parent: QWidget | None = None) -> None:
        if corrects is None:
            super().__init__(ctx, title=_("Record an activity"), ok_text=_("Record"), parent=parent,
                             intro=_("The volunteers' hours go to their volunteer records, named after the project "
                                     "and the activity and confirmed by you for the organiser, {org}.").format(
                                 org=project.org_name))
        else:
            super().__init__(ctx, title=_("Correct an activity"), ok_text=_("Save the correction"), parent=parent,
                             intro=_("Hours this changes on the volunteers' records are reversed there with the "
                                     "reason you give, and recorded again as corrected."))
        self._project_id, self._corrects, self._plan = project.id, corrects, plan
        self._plan_chosen = corrects is not None  # a new activity's plan line follows its date until chosen
        self._mark_missing = False  # once hours are typed or saving is tried, rows without hours are marked
        self.held_on = project_day_edit(project, corrects.held_on if corrects else None)
        self.title_edit = line_edit(100, corrects.title if corrects else "")
        self.kind: QComboBox = choice_combo(labelled(ACTIVITY_KINDS))
        if corrects is not None:
            fill_combo(self.kind, labelled(ACTIVITY_KINDS), corrects.kind)
        self.place = line_edit(100, corrects.place if corrects else "")
        self.content_text = text_edit(corrects.content if corrects else "")
        self.attendance = self._number(corrects.attendance if corrects else None, _("People who came, e.g. 30"))
        self.person_times = self._number(corrects.person_times if corrects else None,
                                         _("People served, counted once per service"))
        self.planned = QComboBox()
        fill_combo(self.planned, {"": _("(not in the activity plan)")} | {
            line.id: _("{name} ({start} to {end})").format(name=line.name, start=line.starts_on.isoformat(),
                                                          end=line.ends_on.isoformat()) for line in plan},
                   (corrects.planned_id or "") if corrects else "")
        self.picker = VolunteerPicker(ctx.gateway, _("Add"))
        self.picker.search.installEventFilter(_EnterPicks(self.picker))
        self.picker.button.setAutoDefault(False)  # Enter elsewhere saves the dialog, never adds a volunteer
        self.picker.picked.connect(self.add_volunteer)
        self.served: list[_Served] = []
        self._grid = QGridLayout()
        self._rows = QWidget()
        self._area = QScrollArea()  # the volunteers' rows, scrolling past ROWS_SHOWN
        self.served_total = QLabel()
        self.reason = line_edit(200)

        form = self.form
        form.add_row("held_on", _("Date"), self.held_on)
        form.add_row("title", _("Activity"), self.title_edit)
        form.add_row("kind", _("Kind"), self.kind)
        form.add_row("place", _("Place"), self.place)
        form.add_row("content", _("Activity content"), self.content_text)
        form.add_row("attendance", _("Attendance (参与人数)"), self.attendance)
        form.add_row("person_times", _("Person-times served (服务人次)"), self.person_times)
        form.add_row("planned_id", _("In the activity plan"), self.planned)
        form.add_row(FIELD, _("Volunteers"), self._volunteers_box())
        if corrects is not None:
            form.add_row("reason", _("Reason for the correction"), self.reason)
            for served in corrects.volunteers:
                self._add_row(served.volunteer_id, served.name, served.name, served.minutes)
        self.held_on.dateChanged.connect(lambda _day: self._date_changed())
        self.planned.activated.connect(lambda _index: setattr(self, "_plan_chosen", True))
        self._date_changed()
        self.setMinimumWidth(660)
        (self.reason if corrects else self.title_edit).setFocus()

    def _number(self, value: int | None, hint: str) -> QLineEdit:
        edit = line_edit(NUMBER_LENGTH, str(value) if value is not None else "")
        edit.setPlaceholderText(hint)
        edit.setMaximumWidth(260)
        return edit

    def _volunteers_box(self) -> QWidget:
        self._rows.setLayout(self._grid)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setColumnStretch(0, 1)
        self._area.setFrameShape(QFrame.Shape.NoFrame)
        self._area.setWidgetResizable(True)
        self._area.setWidget(self._rows)
        self._area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.picker)
        column.addWidget(self._area)
        column.addWidget(self.served_total)
        box.setFocusProxy(self.picker.search)
        return box

    # --- the volunteers -----------------------------------------------------------------------
    def add_volunteer(self, volunteer: VolunteerView) -> None:
        """Add the volunteer picked, with the hours of the one added before (often everyone's), once."""
        if any(row.volunteer_id == volunteer.id for row in self.served):
            return
        minutes = self.served[-1].minutes if self.served else 0
        row = self._add_row(volunteer.id, volunteer.name, f"{volunteer.name} ({volunteer.number})", minutes)
        self.update_button()
        row.hours.setFocus()
        row.hours.selectAll()

    def _add_row(self, volunteer_id: str, name: str, caption: str, minutes: int) -> _Served:
        row = _Served(volunteer_id, name, caption, minutes)
        after = self.served[-1].remove if self.served else self.picker.button
        self.served.append(row)
        line = self._grid.rowCount()
        self._grid.addWidget(row.label, line, 0)
        self._grid.addWidget(row.hours, line, 1)
        self._grid.addWidget(row.remove, line, 2)
        self._grid.addWidget(row.error, line + 1, 0, 1, 3)
        QWidget.setTabOrder(after, row.hours)  # Tab runs down the rows, then on to the reason
        QWidget.setTabOrder(row.hours, row.remove)
        row.hours.valueChanged.connect(lambda _hours: self._hours_typed())
        self.form.watch(FIELD, row.hours.valueChanged)
        row.remove.clicked.connect(lambda: self._remove(row))
        self._show_total()
        self._fit_rows()
        return row

    def _fit_rows(self) -> None:
        """The rows' area as tall as its rows, up to ROWS_SHOWN of them (then it scrolls)."""
        self._grid.invalidate()
        row_height = max((max(row.hours.sizeHint().height(), row.remove.sizeHint().height())
                          for row in self.served), default=0) + max(self._grid.verticalSpacing(), 0)
        self._area.setFixedHeight(min(self._rows.sizeHint().height(), ROWS_SHOWN * row_height) if self.served else 0)

    def _remove(self, row: _Served) -> None:
        self.served.remove(row)
        for widget in (row.label, row.hours, row.remove, row.error):
            self._grid.removeWidget(widget)
            widget.deleteLater()
        self._fit_rows()
        self.update_button()
        self.picker.search.setFocus()

    def _hours_typed(self) -> None:
        self._mark_missing = True
        self.update_button()

    def _show_total(self) -> None:
        minutes = sum(row.minutes for row in self.served)
        self.served_total.setText(ngettext("{n} volunteer, {hours} h in all", "{n} volunteers, {hours} h in all",
                                           len(self.served)).format(n=len(self.served), hours=hours_text(minutes))
                                  if self.served else _("No volunteer served at this activity yet: add them by name "
                                                        "or number."))

    def _date_changed(self) -> None:
        """A new activity's plan line follows its date (the line whose period holds it) until one is chosen."""
        held_on = day(self.held_on)
        if not self._plan_chosen:
            line = next((line.id for line in self._plan if line.starts_on <= held_on <= line.ends_on), "")
            self.planned.setCurrentIndex(max(self.planned.findData(line), 0))
        self.update_button()

    # --- saving -------------------------------------------------------------------------------
    def update_button(self) -> None:
        self._show_total()
        super().update_button()

    def save(self) -> None:
        self._mark_missing = True
        super().save()

    def checked(self) -> Saved:
        for row in self.served:
            missing = not row.minutes and self._mark_missing
            row.error.setText(_("Enter the hours {name} served.").format(name=row.name) if missing else "")
            row.error.setVisible(missing)
        activity = ActivityInput(day(self.held_on), self.title_edit.text(), combo_value(self.kind), self.place.text(),
                                 self.content_text.toPlainText(), self.attendance.text(), self.person_times.text(),
                                 combo_value(self.planned) or None,
                                 tuple((row.volunteer_id, row.minutes) for row in self.served))
        if any(not row.minutes for row in self.served):
            raise ValidationError(FIELD, _("Enter the hours each volunteer served; see the rows marked."))
        try:
            activity = activity.validated(date.today())
        except ValidationError as exc:
            if exc.field in VOLUNTEER_FIELDS:
                raise ValidationError(FIELD, exc.message) from None
            raise
        reason = required_text(self.reason.text(), "reason", 200) if self._corrects is not None else ""
        return Saved(activity, reason)

    def job(self, values: Saved) -> Job:
        gateway, project_id = self._ctx.gateway, self._project_id
        if self._corrects is None:
            return lambda _progress: gateway.write(project_activities.add_activity, project_id, values.activity)
        activity_id = self._corrects.id
        return lambda _progress: gateway.write(project_activities.correct_activity, activity_id, values.activity,
                                               values.reason)

    def show_failure(self, error: WusheError) -> None:
        """A refusal about one volunteer (the daily cap, a date before they registered) goes to their row;
        one about what the volunteer record names after the activity goes to that field."""
        if not isinstance(error, ValidationError):
            super().show_failure(error)
            return
        row = next((r for r in self.served if error.field in VOLUNTEER_FIELDS and r.name in error.message), None)
        if row is not None:
            row.error.setText(error.message)
            row.error.show()
            self.form.show_errors({FIELD: _("Correct the row marked.")})
        elif error.field in VOLUNTEER_FIELDS - {"served_on"}:
            super().show_failure(ValidationError(FIELD, error.message))
        else:
            super().show_failure(ValidationError(RECORD_FIELDS.get(error.field, error.field), error.message))

    def show_read_only(self) -> None:
        """The activity as recorded, for a role that may not correct it or a project no longer running."""
        super().show_read_only()
        self.picker.hide()
        for row in self.served:
            row.remove.hide()
