"""活动计划: the activity plan with dates (实施计划与进度) — each planned activity's name, period, content,
sessions and person-times, within the project's own period."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from desktop.errors import ValidationError
from desktop.i18n import N_, _
from desktop.services.project_detail import PlannedActivityView
from desktop.services.project_input import PlannedActivityInput
from desktop.ui.projects.rows_tab import RowsTab
from desktop.ui.projects.table_editor import DATE, NUMBER, Field, Row

PREFIX = "plan"  # the services' name for the plan's rows: ``plan.<n>.<key>``
FIELDS = (Field("name", N_("Activity"), max_length=100),
          Field("starts_on", N_("From"), DATE),
          Field("ends_on", N_("To"), DATE),
          Field("content", N_("Content"), max_length=500, stretch=True),
          Field("sessions", N_("Sessions"), NUMBER, max_length=9),
          Field("person_times", N_("Person-times"), NUMBER, max_length=9))


class ScheduleTab(RowsTab):
    def __init__(self) -> None:
        super().__init__(FIELDS, self._new_row, _("Add an activity"), PREFIX,
                         _("What will be done and when, within the project's period."))
        self._period = (date.today(), date.today())

    def set_period(self, starts_on: date, ends_on: date) -> None:
        """The project's period as the head says it now: new rows start with it, rows outside it are marked."""
        self._period = (starts_on, ends_on)
        self.check()

    def fill(self, activities: Sequence[PlannedActivityView]) -> None:
        self.editor.set_rows({"name": a.name, "starts_on": a.starts_on, "ends_on": a.ends_on, "content": a.content,
                              "sessions": str(a.sessions) if a.sessions else "",
                              "person_times": str(a.person_times) if a.person_times else ""} for a in activities)
        self.check()

    def checked_row(self, row: Row, number: int) -> PlannedActivityInput:
        field = f"{PREFIX}.{number}"
        starts_on, ends_on = row.get("starts_on"), row.get("ends_on")
        assert isinstance(starts_on, date) and isinstance(ends_on, date)  # date cells always hold a date
        activity = PlannedActivityInput(str(row.get("name", "")), starts_on, ends_on, str(row.get("content", "")),
                                        str(row.get("sessions", "")), str(row.get("person_times", ""))
                                        ).validated(field)
        if activity.starts_on < self._period[0] or activity.ends_on > self._period[1]:
            raise ValidationError(f"{field}.starts_on", _("Planned activities fall within the project's period."))
        return activity

    def _new_row(self) -> Row:
        starts_on, ends_on = self._period
        return {"name": "", "starts_on": starts_on, "ends_on": ends_on, "content": "", "sessions": "",
                "person_times": ""}
