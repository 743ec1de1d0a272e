"""Adding to the other blocks of a volunteer's record: a training session, an award, an evaluation."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from desktop.domain.codes import EVALUATION_RATINGS
from desktop.domain.durations import hours_text, minutes_from_hours
from desktop.i18n import _
from desktop.services import volunteer_record
from desktop.services.volunteer_hours import ServiceView
from desktop.services.volunteer_record import AwardInput, EvaluationInput, TrainingInput
from desktop.ui.context import AppContext
from desktop.ui.form_dialog import FormDialog
from desktop.ui.forms import combo_value, fill_combo
from desktop.ui.tasks import Job
from desktop.ui.volunteers.fields import day, day_edit, hours_edit


def _line(length: int) -> QLineEdit:
    edit = QLineEdit()
    edit.setMaxLength(length)
    return edit


class TrainingDialog(FormDialog):
    def __init__(self, ctx: AppContext, volunteer_id: str, parent: QWidget | None = None) -> None:
        super().__init__(ctx, title=_("Add training"), ok_text=_("Add"), parent=parent)
        self._volunteer_id = volunteer_id
        self.name, self.content, self.organiser = _line(100), _line(500), _line(100)
        self.held_on = day_edit()
        self.hours = hours_edit()
        self.form.add_row("name", _("Training"), self.name)
        self.form.add_row("content", _("Main content"), self.content)
        self.form.add_row("minutes", _("Hours of study"), self.hours)
        self.form.add_row("organiser", _("Held by"), self.organiser)
        self.form.add_row("held_on", _("Date"), self.held_on)
        self.update_button()

    def checked(self) -> TrainingInput:
        minutes = minutes_from_hours(self.hours.text() or "0")
        return TrainingInput((self._volunteer_id,), self.name.text(), day(self.held_on), minutes, self.content.text(),
                             self.organiser.text()).validated(date.today())

    def job(self, values: TrainingInput) -> Job:
        gateway = self._ctx.gateway
        return lambda _progress: gateway.write(volunteer_record.add_training, values)


class AwardDialog(FormDialog):
    def __init__(self, ctx: AppContext, volunteer_id: str, parent: QWidget | None = None) -> None:
        super().__init__(ctx, title=_("Add an award"), ok_text=_("Add"), parent=parent)
        self._volunteer_id = volunteer_id
        self.name, self.awarded_by = _line(100), _line(100)
        self.awarded_on = day_edit()
        self.form.add_row("name", _("Award"), self.name)
        self.form.add_row("awarded_by", _("Awarded by"), self.awarded_by)
        self.form.add_row("awarded_on", _("Date"), self.awarded_on)
        self.update_button()

    def checked(self) -> AwardInput:
        return AwardInput(self._volunteer_id, self.name.text(), day(self.awarded_on),
                          self.awarded_by.text()).validated(date.today())

    def job(self, values: AwardInput) -> Job:
        gateway = self._ctx.gateway
        return lambda _progress: gateway.write(volunteer_record.add_award, values)


class EvaluationDialog(FormDialog):
    """Rates one service record that stands (1–5 stars)."""

    def __init__(self, ctx: AppContext, service: ServiceView, parent: QWidget | None = None) -> None:
        super().__init__(ctx, title=_("Evaluate the service"), ok_text=_("Save"), parent=parent,
                         intro=_("{activity} on {date}, {hours} h").format(
                             activity=service.activity, date=service.served_on.isoformat(),
                             hours=hours_text(service.minutes)))
        self._service = service
        self.rating = QComboBox()
        fill_combo(self.rating, {code: _(text) for code, text in EVALUATION_RATINGS.items()})
        self.comment = _line(500)
        self.evaluated_on = day_edit()
        self.form.add_row("rating", _("Quality of service"), self.rating)
        self.form.add_row("comment", _("Comment"), self.comment)
        self.form.add_row("evaluated_on", _("Evaluated on"), self.evaluated_on)
        self.update_button()

    def checked(self) -> EvaluationInput:
        return EvaluationInput(self._service.id, int(combo_value(self.rating)), day(self.evaluated_on),
                               self.comment.text()).validated(date.today())

    def job(self, values: EvaluationInput) -> Job:
        gateway = self._ctx.gateway
        return lambda _progress: gateway.write(volunteer_record.add_evaluation, values)
