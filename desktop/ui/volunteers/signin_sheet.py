"""Record service from a sign-in sheet: one activity, the volunteers who came and the hours each served.

The daily cap is checked at each volunteer's row as hours are typed (what the day already holds is
read once per volunteer), and a late entry is said at the date; the service decides on save.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from desktop.domain.codes import SERVICE_CATEGORIES
from desktop.domain.durations import hours_text, minutes_from_hours
from desktop.domain.workdays import is_late
from desktop.errors import ValidationError, WusheError
from desktop.i18n import _
from desktop.services import timebank, volunteer_hours
from desktop.services.volunteer_hours import ServiceInput
from desktop.services.volunteers import VolunteerView
from desktop.ui.context import AppContext
from desktop.ui.form_dialog import FormDialog
from desktop.ui.forms import combo_value, error_label, fill_combo
from desktop.ui.tasks import Job
from desktop.ui.volunteers.fields import day, day_edit, hours_edit
from desktop.ui.volunteers.volunteer_picker import VolunteerPicker

FIELD = "volunteers"


class _Row:
    def __init__(self, volunteer: VolunteerView) -> None:
        self.volunteer = volunteer
        self.name = QLabel(f"{volunteer.name} ({volunteer.number})")
        self.hours = hours_edit()
        self.remove = QPushButton(_("Remove"))
        self.error = error_label()


class SignInSheetDialog(FormDialog):
    """``outcome`` is the list of recorded ``ServiceView`` rows."""

    def __init__(self, ctx: AppContext, present: list[VolunteerView], parent: QWidget | None = None) -> None:
        super().__init__(ctx, title=_("Record service"), ok_text=_("Record and confirm"), parent=parent,
                         intro=_("One activity and the volunteers on its sign-in sheet. You confirm the hours "
                                 "as the organiser; the time bank credits them."))
        self._cap = ctx.gateway.read(timebank.settings).daily_cap_minutes
        self._tried = False
        self._held: dict[tuple[str, date], int] = {}  # minutes already standing per volunteer and day
        self.activity = QLineEdit()
        self.activity.setMaxLength(100)
        self.served_on = day_edit()
        self.late = QLabel()
        self.late.setWordWrap(True)
        self.place = QLineEdit()
        self.place.setMaxLength(100)
        self.content = QLineEdit()
        self.content.setMaxLength(500)
        self.category = QComboBox()
        fill_combo(self.category, {code: _(text) for code, text in SERVICE_CATEGORIES.items()}, "other")
        self.organiser = QLineEdit()
        self.organiser.setPlaceholderText(_("This station when left empty"))
        self.in_charge = QLineEdit()
        self.in_charge.setMaxLength(50)
        self.picker = VolunteerPicker(ctx.gateway, _("Add to the sheet"))
        self.picker.picked.connect(self.add_volunteer)
        self.rows: list[_Row] = []
        self._grid = QGridLayout()
        sheet = QWidget()
        box = QVBoxLayout(sheet)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.picker)
        box.addLayout(self._grid)

        date_row = QWidget()
        date_box = QVBoxLayout(date_row)
        date_box.setContentsMargins(0, 0, 0, 0)
        date_box.addWidget(self.served_on)
        date_box.addWidget(self.late)
        form = self.form
        form.add_row("activity", _("Activity"), self.activity)
        form.add_row("served_on", _("Date"), date_row)
        form.add_row("place", _("Place"), self.place)
        form.add_row("content", _("Service content"), self.content)
        form.add_row("category", _("Service category"), self.category)
        form.add_row("organiser", _("Organised by"), self.organiser)
        form.add_row("in_charge", _("Person in charge"), self.in_charge)
        form.add_row(FIELD, _("Volunteers"), sheet)
        self.served_on.dateChanged.connect(lambda _d: self._date_changed())
        for volunteer in present:
            self.add_volunteer(volunteer)
        self._date_changed()
        self.activity.setFocus()

    def add_volunteer(self, volunteer: VolunteerView) -> None:
        if any(row.volunteer.id == volunteer.id for row in self.rows):
            return
        row = _Row(volunteer)
        self.rows.append(row)
        n = len(self.rows) * 2
        self._grid.addWidget(row.name, n, 0)
        self._grid.addWidget(row.hours, n, 1)
        self._grid.addWidget(row.remove, n, 2)
        self._grid.addWidget(row.error, n + 1, 0, 1, 3)
        row.hours.textEdited.connect(lambda _text: self.update_button())
        row.remove.clicked.connect(lambda: self._remove(row))
        self._read_days()
        self.update_button()
        row.hours.setFocus()

    def _remove(self, row: _Row) -> None:
        self.rows.remove(row)
        for widget in (row.name, row.hours, row.remove, row.error):
            widget.deleteLater()
        self.update_button()

    def _date_changed(self) -> None:
        served = day(self.served_on)
        self.late.setText(_("More than 10 working days ago: the entry will be flagged late.")
                          if is_late(served, date.today()) else "")
        self.late.setVisible(bool(self.late.text()))
        self._read_days()
        self.update_button()

    def _read_days(self) -> None:
        served = day(self.served_on)
        missing = [(row.volunteer.id, served) for row in self.rows if (row.volunteer.id, served) not in self._held]
        if missing:
            self._held.update(self._ctx.gateway.read(volunteer_hours.day_minutes, missing))

    def _row_error(self, row: _Row, served: date) -> str:
        try:
            minutes = volunteer_hours.duration(minutes_from_hours(row.hours.text() or "0"),
                                               _("Enter the time actually served, more than zero."))
        except ValidationError as exc:
            return exc.message if row.hours.text() or self._tried else ""
        held = self._held.get((row.volunteer.id, served), 0)
        if held + minutes > self._cap:
            return _("At most {cap} h can be recorded for one day; {name} already has {hours} h on {date}.").format(
                cap=hours_text(self._cap), name=row.volunteer.name, hours=hours_text(held), date=served.isoformat())
        return ""

    def save(self) -> None:
        self._tried = True  # rows left empty are marked from now on
        super().save()

    def checked(self) -> list[ServiceInput]:
        served = day(self.served_on)
        items = [ServiceInput(row.volunteer.id, self.activity.text(), served, 60, self.content.text(),
                              self.place.text(), combo_value(self.category), self.organiser.text(),
                              self.in_charge.text()) for row in self.rows]
        template = items[0] if items else ServiceInput("", self.activity.text(), served, 60, self.content.text(),
                                                        self.place.text(), combo_value(self.category),
                                                        self.organiser.text(), self.in_charge.text())
        template.validated(date.today())  # the activity's fields, once
        errors = [self._row_error(row, served) for row in self.rows]
        for row, message in zip(self.rows, errors, strict=True):
            row.error.setText(message)
            row.error.setVisible(bool(message))
        if not self.rows:
            raise ValidationError(FIELD, _("Add the volunteers who served."))
        if any(errors) or any(not row.hours.text().strip() for row in self.rows):
            raise ValidationError(FIELD, _("Enter the hours each volunteer served; see the rows marked."))
        return [replace(item, minutes=minutes_from_hours(row.hours.text()))
                for item, row in zip(items, self.rows, strict=True)]

    def job(self, values: list[ServiceInput]) -> Job:
        gateway = self._ctx.gateway
        return lambda _progress: gateway.write(volunteer_hours.record_services, values)

    def show_failure(self, error: WusheError) -> None:
        """The service's refusal for one volunteer (the daily cap, say) goes to that volunteer's row."""
        row = next((r for r in self.rows if isinstance(error, ValidationError) and error.field in ("minutes",
                    "served_on", "volunteer_id") and r.volunteer.name in error.message), None)
        if row is None:
            super().show_failure(error)
            return
        row.error.setText(error.message)
        row.error.show()
        self.form.show_errors({FIELD: _("Correct the row marked.")})
