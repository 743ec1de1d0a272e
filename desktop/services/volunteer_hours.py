"""Volunteer service records (志愿服务记录): hours actually served, confirmed by whoever records them.

Time is kept in whole minutes (the rules ask for the hours actually served; a 45-minute 四点半课堂
session counts as 0.75 h, not rounded to a half hour), capped per volunteer per day by the time
bank's settings. Rows are append-only: a mistake is corrected by a reversing row, which also
reverses the points the record earned. An entry made more than 10 working days after the
activity is kept and flagged late.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import ColumnElement, case, exists, func, select
from sqlalchemy.orm import Session, aliased

from desktop.domain.codes import SERVICE_CATEGORIES
from desktop.domain.durations import hours_text
from desktop.domain.permissions import Action
from desktop.domain.workdays import is_late
from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.services import records, station, timebank, volunteers
from desktop.services.forms import count, one_of, optional_text, required_text
from desktop.services.guard import require
from desktop.storage.models import Volunteer, VolunteerService

MAX_MINUTES = 24 * 60


def duration(value: int | str, missing: str) -> int:
    """Whole minutes above zero and within a day; ``missing`` says what to enter when there are none."""
    minutes = count(value, "minutes", required=True, maximum=MAX_MINUTES,
                    not_whole=_("Enter the duration in whole minutes, as in 90."))
    if not minutes:
        raise ValidationError("minutes", missing)
    return minutes


@dataclass(frozen=True)
class ServiceInput:
    volunteer_id: str
    activity: str
    served_on: date
    minutes: int | str
    content: str = ""
    place: str = ""
    category: str = "other"
    organiser: str = ""  # the station when blank
    in_charge: str = ""

    def validated(self, today: date) -> ServiceInput:
        minutes = duration(self.minutes, _("Enter the time actually served, more than zero."))
        if self.served_on > today:
            raise ValidationError("served_on", _("The activity date is in the future."))
        return replace(
            self, activity=required_text(self.activity, "activity", 100), minutes=minutes,
            content=optional_text(self.content, "content", 500), place=optional_text(self.place, "place", 100),
            category=one_of(self.category, SERVICE_CATEGORIES, "category"),
            organiser=optional_text(self.organiser, "organiser", 100),
            in_charge=optional_text(self.in_charge, "in_charge", 50))


@dataclass(frozen=True)
class ServiceView:
    id: str
    volunteer_id: str
    activity: str
    served_on: date
    place: str
    content: str
    category: str
    minutes: int  # negative on a reversing row
    organiser: str
    in_charge: str
    confirmed_by: str
    recorded_on: date
    late: bool
    reverses_id: str | None
    reason: str
    reversed: bool  # a later row reverses this one


@dataclass(frozen=True)
class ServiceSummary:
    """Confirmed service in a period: records that stand (neither reversals nor reversed)."""

    records: int
    minutes: int
    late: int
    by_category: dict[str, int]  # minutes per SERVICE_CATEGORIES code


_later = aliased(VolunteerService)
# "A later row reverses this one"; built once, since building it costs more than running it.
_REVERSED = exists().where(_later.reverses_id == VolunteerService.id)
# Records that stand: neither reversals nor reversed.
_STANDING = (VolunteerService.reverses_id.is_(None), ~_REVERSED)


def _view(row: VolunteerService, reversed_: bool) -> ServiceView:
    return ServiceView(row.id, row.volunteer_id, row.activity, row.served_on, row.place, row.content, row.category,
                       row.minutes, row.organiser, row.in_charge, row.confirmed_by, row.recorded_on, row.late,
                       row.reverses_id, row.reason, reversed_)


def _views(session: Session, ids: Sequence[str]) -> list[ServiceView]:
    rows = session.execute(select(VolunteerService, _REVERSED)
                           .where(VolunteerService.id.in_(ids))).all()
    found = {row.id: (row, bool(flag)) for row, flag in rows}
    return [_view(*found[i]) for i in ids if i in found]


def day_minutes(session: Session, days: Sequence[tuple[str, date]]) -> dict[tuple[str, date], int]:
    """What stands recorded per (volunteer, day) asked for: the daily cap's measure. One query."""
    totals = dict.fromkeys(days, 0)
    rows = session.execute(select(VolunteerService.volunteer_id, VolunteerService.served_on,
                                  func.sum(VolunteerService.minutes))
                           .where(VolunteerService.volunteer_id.in_({v for v, _d in days}),
                                  VolunteerService.served_on.in_({d for _v, d in days}), *_STANDING)
                           .group_by(VolunteerService.volunteer_id, VolunteerService.served_on))
    totals.update({(v, d): int(m) for v, d, m in rows if (v, d) in totals})
    return totals


def record_services(session: Session, items: Sequence[ServiceInput], today: date | None = None) -> list[ServiceView]:
    """Record and confirm hours served, several at once as one sign-in sheet lists them; all or none.
    The signed-in user is the confirmer. ``today`` is the date of entry, the clock's unless given
    (the demo replays past entries)."""
    who = require(session, Action.EDIT_REGISTERS)
    today = today or date.today()
    rules = timebank.settings(session)
    checked = [data.validated(today) for data in items]
    station_name = station.get_profile(session).name if any(not d.organiser for d in checked) else ""
    day_totals = day_minutes(session, [(data.volunteer_id, data.served_on) for data in checked])
    serving = volunteers.live_many(session, [data.volunteer_id for data in checked])
    rows = []
    for data in checked:
        volunteer = _serving(serving[data.volunteer_id], data)
        key = (volunteer.id, data.served_on)
        minutes = int(data.minutes)
        if day_totals[key] + minutes > rules.daily_cap_minutes:
            raise ValidationError("minutes", _("At most {cap} h can be recorded for one day; {name} already has "
                                               "{hours} h on {date}.").format(
                cap=hours_text(rules.daily_cap_minutes), name=volunteer.name, hours=hours_text(day_totals[key]),
                date=data.served_on.isoformat()))
        day_totals[key] += minutes
        rows.append(VolunteerService(
            volunteer_id=volunteer.id, activity=data.activity, served_on=data.served_on, place=data.place,
            content=data.content, category=data.category, minutes=minutes, organiser=data.organiser or station_name,
            in_charge=data.in_charge, confirmed_by_id=who.user_id, confirmed_by=who.display_name, recorded_on=today,
            late=is_late(data.served_on, today)))
    session.add_all(rows)
    session.flush()
    timebank.deposit_for_services(session, rows, rules, today)
    return [_view(row, False) for row in rows]


def record_service(session: Session, data: ServiceInput, today: date | None = None) -> ServiceView:
    return record_services(session, [data], today)[0]


def _serving(volunteer: Volunteer, data: ServiceInput) -> Volunteer:
    if volunteer.status != "active":
        raise ValidationError("volunteer_id", _("{name} is not an active volunteer.").format(name=volunteer.name))
    if data.served_on < volunteer.registered_on:
        raise ValidationError("served_on", _("The activity was before {name} registered ({date}).").format(
            name=volunteer.name, date=volunteer.registered_on.isoformat()))
    return volunteer


def reverse_service(session: Session, record_id: str, reason: str, today: date | None = None) -> ServiceView:
    """Correct a mistaken record with a reversing row; its points go back out of the time bank
    (refused when they have been spent: reverse the redemption first)."""
    who = require(session, Action.EDIT_REGISTERS)
    today = today or date.today()
    reason = required_text(reason, "reason", 200)
    row = records.load(session, VolunteerService, record_id, _("No such service record."))
    if row.reverses_id is not None:
        raise ValidationError("record_id", _("A reversal cannot be reversed; record the service again."))
    if session.scalar(select(VolunteerService.id).where(VolunteerService.reverses_id == row.id)):
        raise ValidationError("record_id", _("This record has already been reversed."))
    reversal = VolunteerService(
        volunteer_id=row.volunteer_id, activity=row.activity, served_on=row.served_on, place=row.place,
        content=row.content, category=row.category, minutes=-row.minutes, organiser=row.organiser,
        in_charge=row.in_charge, confirmed_by_id=who.user_id, confirmed_by=who.display_name, recorded_on=today,
        reverses_id=row.id, reason=reason)
    session.add(reversal)
    session.flush()
    timebank.reverse_service_deposit(session, row.id, reason, today)
    return _view(reversal, False)


def list_services(session: Session, volunteer_id: str, since: date | None = None,
                  until: date | None = None) -> list[ServiceView]:
    """Every row of a volunteer's service record in the period, reversals included, by date."""
    require(session, Action.VIEW)
    stmt = select(VolunteerService.id).where(VolunteerService.volunteer_id == volunteer_id, *_period(since, until))
    return _views(session, list(session.scalars(stmt.order_by(VolunteerService.served_on, VolunteerService.hlc))))


def _period(since: date | None, until: date | None) -> list[ColumnElement[bool]]:
    where = []
    if since is not None:
        where.append(VolunteerService.served_on >= since)
    if until is not None:
        where.append(VolunteerService.served_on <= until)
    return where


def summary(session: Session, volunteer_id: str, since: date | None = None,
            until: date | None = None) -> ServiceSummary:
    require(session, Action.VIEW)
    rows = session.execute(
        select(VolunteerService.category, func.count(), func.sum(VolunteerService.minutes),
               func.sum(case((VolunteerService.late, 1), else_=0)))
        .where(VolunteerService.volunteer_id == volunteer_id, *_STANDING, *_period(since, until))
        .group_by(VolunteerService.category)).all()
    return ServiceSummary(records=sum(n for _c, n, _m, _l in rows), minutes=sum(int(m) for _c, _n, m, _l in rows),
                          late=sum(int(late) for _c, _n, _m, late in rows),
                          by_category={category: int(m) for category, _n, m, _l in rows})
