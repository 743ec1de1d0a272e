"""The other blocks of a volunteer's record (民政部令第67号): training, awards and evaluation.

An evaluation rates one service record (1–5 stars) and, like the record, is due within 10 working
days of the activity: a later one is kept and flagged late.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.codes import EVALUATION_RATINGS
from desktop.domain.permissions import Action
from desktop.domain.workdays import is_late
from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _
from desktop.services import records, volunteers
from desktop.services.forms import optional_text, required_text
from desktop.services.guard import require
from desktop.services.volunteer_hours import duration
from desktop.storage.models import VolunteerAward, VolunteerEvaluation, VolunteerService, VolunteerTraining


def _not_future(day: date, field: str, today: date) -> date:
    if day > today:
        raise ValidationError(field, _("The date is in the future."))
    return day


@dataclass(frozen=True)
class TrainingInput:
    """One training session and the volunteers who attended it."""

    volunteer_ids: tuple[str, ...]
    name: str
    held_on: date
    minutes: int | str  # 学习时长
    content: str = ""
    organiser: str = ""  # 举办单位

    def validated(self, today: date) -> TrainingInput:
        minutes = duration(self.minutes, _("Enter how long the training lasted."))
        if not self.volunteer_ids:
            raise ValidationError("volunteer_ids", _("Choose the volunteers who attended."))
        return replace(self, volunteer_ids=tuple(dict.fromkeys(self.volunteer_ids)), minutes=minutes,
                       name=required_text(self.name, "name", 100), held_on=_not_future(self.held_on, "held_on", today),
                       content=optional_text(self.content, "content", 500),
                       organiser=optional_text(self.organiser, "organiser", 100))


@dataclass(frozen=True)
class AwardInput:
    volunteer_id: str
    name: str
    awarded_on: date
    awarded_by: str = ""  # 授予单位

    def validated(self, today: date) -> AwardInput:
        return replace(self, name=required_text(self.name, "name", 100),
                       awarded_on=_not_future(self.awarded_on, "awarded_on", today),
                       awarded_by=optional_text(self.awarded_by, "awarded_by", 100))


@dataclass(frozen=True)
class EvaluationInput:
    service_id: str
    rating: int  # 1–5 stars
    evaluated_on: date
    comment: str = ""

    def validated(self, today: date) -> EvaluationInput:
        if str(self.rating) not in EVALUATION_RATINGS:
            raise ValidationError("rating", _("Give one to five stars."))
        return replace(self, evaluated_on=_not_future(self.evaluated_on, "evaluated_on", today),
                       comment=optional_text(self.comment, "comment", 500))


@dataclass(frozen=True)
class TrainingView:
    id: str
    volunteer_id: str
    name: str
    content: str
    minutes: int
    organiser: str
    held_on: date


@dataclass(frozen=True)
class AwardView:
    id: str
    volunteer_id: str
    name: str
    awarded_on: date
    awarded_by: str


@dataclass(frozen=True)
class EvaluationView:
    id: str
    volunteer_id: str
    service_id: str
    activity: str
    served_on: date
    rating: int
    comment: str
    evaluated_on: date
    late: bool


def add_training(session: Session, data: TrainingInput, today: date | None = None) -> list[TrainingView]:
    """The training goes on the record of every volunteer who attended."""
    require(session, Action.EDIT_REGISTERS)
    data = data.validated(today or date.today())
    rows = [VolunteerTraining(volunteer_id=volunteers.live(session, volunteer_id).id, name=data.name,
                              content=data.content, minutes=int(data.minutes), organiser=data.organiser,
                              held_on=data.held_on) for volunteer_id in data.volunteer_ids]
    session.add_all(rows)
    session.flush()
    return [_training(row) for row in rows]


def _training(row: VolunteerTraining) -> TrainingView:
    return TrainingView(row.id, row.volunteer_id, row.name, row.content, row.minutes, row.organiser, row.held_on)


def add_award(session: Session, data: AwardInput, today: date | None = None) -> AwardView:
    require(session, Action.EDIT_REGISTERS)
    data = data.validated(today or date.today())
    volunteers.live(session, data.volunteer_id)
    row = VolunteerAward(volunteer_id=data.volunteer_id, name=data.name, awarded_on=data.awarded_on,
                         awarded_by=data.awarded_by)
    session.add(row)
    session.flush()
    return AwardView(row.id, row.volunteer_id, row.name, row.awarded_on, row.awarded_by)


def add_evaluations(session: Session, items: Sequence[EvaluationInput],
                    today: date | None = None) -> list[EvaluationView]:
    """Rate service records that stand, one evaluation each, as an organiser rates an activity's
    volunteers; ``today`` is the date of entry (the clock's unless given)."""
    require(session, Action.EDIT_REGISTERS)
    today = today or date.today()
    rated: set[str] = set()
    pairs = []
    for data in (item.validated(today) for item in items):
        service = session.get(VolunteerService, data.service_id)
        if service is None or service.reverses_id is not None or session.scalar(
                select(VolunteerService.id).where(VolunteerService.reverses_id == service.id)):
            raise ValidationError("service_id", _("Choose a service record that stands (not reversed)."))
        if data.evaluated_on < service.served_on:
            raise ValidationError("evaluated_on", _("The evaluation is dated before the activity."))
        if service.id in rated or session.scalar(select(VolunteerEvaluation.id).where(
                VolunteerEvaluation.service_id == service.id, VolunteerEvaluation.deleted_at.is_(None))):
            raise ValidationError("service_id", _("This service record has already been evaluated."))
        rated.add(service.id)
        pairs.append((VolunteerEvaluation(volunteer_id=service.volunteer_id, service_id=service.id,
                                          rating=data.rating, comment=data.comment, evaluated_on=data.evaluated_on,
                                          recorded_on=today, late=is_late(service.served_on, today)), service))
    session.add_all(row for row, _service in pairs)
    session.flush()
    return [_evaluation(row, service) for row, service in pairs]


def add_evaluation(session: Session, data: EvaluationInput, today: date | None = None) -> EvaluationView:
    return add_evaluations(session, [data], today)[0]


def _evaluation(row: VolunteerEvaluation, service: VolunteerService) -> EvaluationView:
    return EvaluationView(row.id, row.volunteer_id, row.service_id, service.activity, service.served_on, row.rating,
                          row.comment, row.evaluated_on, row.late)


def trainings(session: Session, volunteer_id: str) -> list[TrainingView]:
    require(session, Action.VIEW)
    rows = session.scalars(select(VolunteerTraining).where(
        VolunteerTraining.volunteer_id == volunteer_id, VolunteerTraining.deleted_at.is_(None))
        .order_by(VolunteerTraining.held_on))
    return [_training(r) for r in rows]


def awards(session: Session, volunteer_id: str) -> list[AwardView]:
    require(session, Action.VIEW)
    rows = session.scalars(select(VolunteerAward).where(
        VolunteerAward.volunteer_id == volunteer_id, VolunteerAward.deleted_at.is_(None))
        .order_by(VolunteerAward.awarded_on))
    return [AwardView(r.id, r.volunteer_id, r.name, r.awarded_on, r.awarded_by) for r in rows]


def evaluations(session: Session, volunteer_id: str) -> list[EvaluationView]:
    require(session, Action.VIEW)
    rows = session.execute(select(VolunteerEvaluation, VolunteerService)
                           .join(VolunteerService, VolunteerEvaluation.service_id == VolunteerService.id)
                           .where(VolunteerEvaluation.volunteer_id == volunteer_id,
                                  VolunteerEvaluation.deleted_at.is_(None))
                           .order_by(VolunteerService.served_on)).all()
    return [_evaluation(row, service) for row, service in rows]


def delete(session: Session, entry_id: str) -> None:
    """Take a mistaken training, award or evaluation off the record (a tombstone: it still syncs)."""
    require(session, Action.EDIT_REGISTERS)
    for model in (VolunteerTraining, VolunteerAward, VolunteerEvaluation):
        row = session.get(model, entry_id)
        if row is not None:
            records.tombstone(session, row)
            return
    raise NotFoundError(_("No such entry in the record."))
