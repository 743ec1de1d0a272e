"""Activities held by a running project (实际开展的活动), and its outputs against the plan.

The volunteers' hours at an activity go to their volunteer records through ``volunteer_hours``, as
the organiser's confirmation (the 2020 rules: whoever organises records and certifies): the activity
is named by the project and the activity, the organiser is the applicant organisation, and an entry
made more than 10 working days after the activity is flagged late there. Those records are
append-only, so correcting or removing an activity reverses the hours it fed; it never deletes them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from sqlalchemy import ColumnElement, exists, func, select
from sqlalchemy.orm import Session

from desktop.domain.codes import ACTIVITY_KINDS
from desktop.domain.permissions import Action
from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import N_, _
from desktop.services import records, volunteer_hours
from desktop.services.case_access import written
from desktop.services.forms import count, one_of, optional_text, required_text
from desktop.services.guard import require
from desktop.services.project_access import load_project, percent, project_day, project_in
from desktop.services.tags import tags_of
from desktop.services.volunteer_hours import ServiceInput
from desktop.storage.models import (
    Attachment, Project, ProjectActivity, ProjectActivityVolunteer, ProjectPlannedActivity, SocialOrg, Volunteer,
    VolunteerService,
)

OWNER_TABLE = ProjectActivity.__tablename__  # an activity's photos are attachments of this table
# The volunteer record's service category for a project's first area (domain.codes.PROJECT_AREAS).
SERVICE_CATEGORY_OF_AREA = {"elderly": "elderly_disabled", "disability": "elderly_disabled", "children": "children",
                            "community_governance": "governance", "environment": "environment",
                            "culture": "culture_sports", "health": "health"}
SERVICE_ACTIVITY_LENGTH = 100  # VolunteerService.activity
SERVICE_CONTENT_LENGTH = 500  # VolunteerService.content

OUTPUT_LABELS: dict[str, str] = {
    "sessions": N_("Sessions held (活动场次)"),
    "person_times": N_("Person-times served (服务人次)"),
    "volunteer_times": N_("Volunteer person-times (志愿者人次)"),
    "volunteer_minutes": N_("Volunteer service time (志愿服务时长)"),
}


@dataclass(frozen=True)
class ActivityInput:
    held_on: date
    title: str
    kind: str  # domain.codes.ACTIVITY_KINDS
    place: str = ""
    content: str = ""
    attendance: int | str = 0  # 参与人数
    person_times: int | str = 0  # 服务人次
    planned_id: str | None = None  # the line of the activity plan it carries out
    volunteers: tuple[tuple[str, int | str], ...] = ()  # (volunteer id, minutes served)

    def validated(self, today: date) -> ActivityInput:
        if self.held_on > today:
            raise ValidationError("held_on", _("The date is in the future."))
        served: dict[str, int | str] = {}
        for volunteer_id, minutes in self.volunteers:
            if volunteer_id in served:
                raise ValidationError("volunteers", _("A volunteer is listed twice."))
            served[volunteer_id] = volunteer_hours.duration(minutes, _("Enter the time actually served, more than "
                                                                       "zero."))
        attendance = count(self.attendance, "attendance") or 0
        person_times = count(self.person_times, "person_times") or 0
        if person_times < attendance:  # each person who came was served at least once
            raise ValidationError("person_times", _("Person-times served cannot be fewer than the {n} people who "
                                                    "took part.").format(n=attendance))
        return replace(self, title=required_text(self.title, "title", 100),
                       kind=one_of(self.kind, ACTIVITY_KINDS, "kind"), place=optional_text(self.place, "place", 100),
                       content=optional_text(self.content, "content", 1000), attendance=attendance,
                       person_times=person_times, planned_id=self.planned_id or None, volunteers=tuple(served.items()))


@dataclass(frozen=True)
class ActivityVolunteer:
    volunteer_id: str
    name: str
    minutes: int
    service_id: str | None  # the row of the volunteer's record the hours went to


@dataclass(frozen=True)
class ActivityView:
    id: str
    project_id: str
    planned_id: str | None
    held_on: date
    title: str
    kind: str
    place: str
    content: str
    attendance: int
    person_times: int
    by_name: str
    volunteers: tuple[ActivityVolunteer, ...]
    photos: int

    def as_input(self) -> ActivityInput:
        return ActivityInput(self.held_on, self.title, self.kind, self.place, self.content, self.attendance,
                             self.person_times, self.planned_id,
                             tuple((v.volunteer_id, v.minutes) for v in self.volunteers))


@dataclass(frozen=True)
class Output:
    """One expected output (预期产出) of the proposal and what the activities achieved."""

    code: str  # OUTPUT_LABELS
    planned: int | None  # None: the proposal sets no figure for it
    achieved: int

    @property
    def label(self) -> str:
        return _(OUTPUT_LABELS[self.code])

    @property
    def percent(self) -> Decimal | None:
        """Achieved as a percentage of planned, to one place; None without a planned figure."""
        return percent(self.achieved, self.planned or 0)


@dataclass(frozen=True)
class Outputs:
    sessions: Output
    person_times: Output
    volunteer_times: Output
    volunteer_minutes: Output

    def rows(self) -> tuple[Output, ...]:
        return self.sessions, self.person_times, self.volunteer_times, self.volunteer_minutes


def _clip(text: str, length: int) -> str:
    return text if len(text) <= length else text[:length - 1] + "…"


def _service_activity(project: Project, title: str) -> str:
    """The volunteer record's 活动名称: the project's title and the activity's, the project's shortened
    when the two do not fit."""
    room = SERVICE_ACTIVITY_LENGTH - len(title) - 1
    return f"{_clip(project.title, max(room, 1))}·{title}" if room > 0 else _clip(title, SERVICE_ACTIVITY_LENGTH)


def _category(project: Project) -> str:
    areas = tags_of(project.areas)
    return SERVICE_CATEGORY_OF_AREA.get(areas[0], "other") if areas else "other"


def _planned(session: Session, project: Project, planned_id: str | None) -> str | None:
    if planned_id is None:
        return None
    row = session.get(ProjectPlannedActivity, planned_id)
    if row is None or row.deleted_at is not None or row.project_id != project.id:
        raise ValidationError("planned_id", _("Choose a line of this project's activity plan."))
    return row.id


def _feed(session: Session, project: Project, activity: ProjectActivity, served: Sequence[tuple[str, int | str]],
          today: date) -> None:
    """Record the volunteers' hours on their records and link each to the activity."""
    if not served:
        return
    organiser = session.scalar(select(SocialOrg.name).where(SocialOrg.id == project.org_id)) or ""
    items = [ServiceInput(volunteer_id, _service_activity(project, activity.title), activity.held_on, minutes,
                          _clip(activity.content, SERVICE_CONTENT_LENGTH), activity.place, _category(project),
                          organiser, project.leader_name) for volunteer_id, minutes in served]
    services = volunteer_hours.record_services(session, items, today)
    session.add_all(ProjectActivityVolunteer(activity_id=activity.id, volunteer_id=service.volunteer_id,
                                             minutes=service.minutes, service_id=service.id) for service in services)
    session.flush()


def _withdraw(session: Session, link: ProjectActivityVolunteer, reason: str, today: date) -> None:
    """Reverse the hours a link fed (unless the volunteer's record already reversed them) and drop the link."""
    if link.service_id is not None and not session.scalar(
            select(exists().where(VolunteerService.reverses_id == link.service_id))):
        volunteer_hours.reverse_service(session, link.service_id, reason, today)
    records.tombstone(session, link)


def _links(session: Session, activity_ids: Sequence[str]) -> list[ProjectActivityVolunteer]:
    return list(session.scalars(select(ProjectActivityVolunteer).where(
        ProjectActivityVolunteer.activity_id.in_(activity_ids), ProjectActivityVolunteer.deleted_at.is_(None))
        .order_by(ProjectActivityVolunteer.hlc)))


def _load_activity(session: Session, activity_id: str) -> ProjectActivity:
    row = session.get(ProjectActivity, activity_id) if activity_id else None
    if row is None or row.deleted_at is not None:
        raise NotFoundError(_("No such activity."))
    return row


def add_activity(session: Session, project_id: str, data: ActivityInput, today: date | None = None) -> ActivityView:
    """An activity the running project held, its volunteers' hours on their records; ``today`` is the
    date of entry (the clock's unless given), which decides whether those entries are late."""
    who = require(session, Action.EDIT_PROJECTS)
    project = project_in(session, project_id, Action.EDIT_PROJECTS)
    day = today or date.today()
    data = data.validated(day)
    row = ProjectActivity(project_id=project.id, planned_id=_planned(session, project, data.planned_id),
                          held_on=project_day(project, data.held_on, "held_on", day), title=data.title, kind=data.kind,
                          place=data.place, content=data.content, attendance=data.attendance,
                          person_times=data.person_times, by_name=who.display_name, **written(today))
    session.add(row)
    session.flush()
    _feed(session, project, row, data.volunteers, day)
    return get(session, row.id)


def correct_activity(session: Session, activity_id: str, data: ActivityInput, reason: str,
                     today: date | None = None) -> ActivityView:
    """Correct an activity. A volunteer whose entry changes (or every one, when the date, title, place or
    content the record shows changes) has the old hours reversed with ``reason`` and the new recorded."""
    require(session, Action.EDIT_PROJECTS)
    row = _load_activity(session, activity_id)
    project = project_in(session, row.project_id, Action.EDIT_PROJECTS)
    day = today or date.today()
    data = data.validated(day)
    reason = required_text(reason, "reason", 200)
    planned_id = _planned(session, project, data.planned_id)
    held_on = project_day(project, data.held_on, "held_on", day)
    shown = (held_on, data.title, data.place, data.content) != (row.held_on, row.title, row.place, row.content)
    wanted = dict(data.volunteers)
    kept = set()
    for link in _links(session, [row.id]):
        if not shown and wanted.get(link.volunteer_id) == link.minutes:
            kept.add(link.volunteer_id)
        else:
            _withdraw(session, link, reason, day)
    session.flush()  # the reversals count before the new hours meet the daily cap
    row.planned_id, row.held_on, row.title, row.kind = planned_id, held_on, data.title, data.kind
    row.place, row.content = data.place, data.content
    row.attendance, row.person_times = data.attendance, data.person_times
    session.flush()
    _feed(session, project, row, [(v, m) for v, m in data.volunteers if v not in kept], day)
    return get(session, row.id)


def remove_activity(session: Session, activity_id: str, reason: str, today: date | None = None) -> None:
    """Take an activity recorded by mistake off the project; the hours it fed are reversed with ``reason``."""
    require(session, Action.EDIT_PROJECTS)
    row = _load_activity(session, activity_id)
    project_in(session, row.project_id, Action.EDIT_PROJECTS)
    reason = required_text(reason, "reason", 200)
    for link in _links(session, [row.id]):
        _withdraw(session, link, reason, today or date.today())
    records.tombstone(session, row)


def _live(project_id: str, as_of: date | None) -> tuple[ColumnElement[bool], ...]:
    """Conditions on ``ProjectActivity``: the project's activities held by ``as_of`` (all when None)."""
    held = () if as_of is None else (ProjectActivity.held_on <= as_of,)
    return ProjectActivity.project_id == project_id, ProjectActivity.deleted_at.is_(None), *held


def _views(session: Session, rows: Sequence[ProjectActivity]) -> list[ActivityView]:
    ids = [row.id for row in rows]
    links = _links(session, ids)
    names = {volunteer_id: name for volunteer_id, name in session.execute(
        select(Volunteer.id, Volunteer.name).where(Volunteer.id.in_({link.volunteer_id for link in links})))}
    served: dict[str, list[ActivityVolunteer]] = defaultdict(list)
    for link in links:
        served[link.activity_id].append(ActivityVolunteer(link.volunteer_id, names.get(link.volunteer_id, ""),
                                                          link.minutes, link.service_id))
    photos = {owner_id: n for owner_id, n in session.execute(select(Attachment.owner_id, func.count()).where(
        Attachment.owner_table == OWNER_TABLE, Attachment.owner_id.in_(ids), Attachment.deleted_at.is_(None))
        .group_by(Attachment.owner_id))}
    return [ActivityView(row.id, row.project_id, row.planned_id, row.held_on, row.title, row.kind, row.place,
                         row.content, row.attendance, row.person_times, row.by_name, tuple(served[row.id]),
                         photos.get(row.id, 0))
            for row in rows]


def get(session: Session, activity_id: str) -> ActivityView:
    require(session, Action.VIEW)
    return _views(session, [_load_activity(session, activity_id)])[0]


def activities(session: Session, project_id: str) -> list[ActivityView]:
    """The project's activities in the order they were held."""
    require(session, Action.VIEW)
    load_project(session, project_id)
    return _views(session, list(session.scalars(select(ProjectActivity).where(*_live(project_id, None))
                                                .order_by(ProjectActivity.held_on, ProjectActivity.hlc))))


def outputs(session: Session, project_id: str, as_of: date | None = None) -> Outputs:
    """The proposal's expected outputs against what the activities held by ``as_of`` achieved: 活动场次
    counts activities, 服务人次 sums their person-times, 志愿者人次 counts volunteers at activities."""
    require(session, Action.VIEW)
    project = load_project(session, project_id)
    sessions, person_times = session.execute(
        select(func.count(), func.coalesce(func.sum(ProjectActivity.person_times), 0))
        .where(*_live(project_id, as_of))).one()
    volunteer_times, minutes = session.execute(
        select(func.count(), func.coalesce(func.sum(ProjectActivityVolunteer.minutes), 0))
        .join(ProjectActivity, ProjectActivityVolunteer.activity_id == ProjectActivity.id)
        .where(ProjectActivityVolunteer.deleted_at.is_(None), *_live(project_id, as_of))).one()
    return Outputs(Output("sessions", project.planned_sessions, sessions),
                   Output("person_times", project.planned_person_times, int(person_times)),
                   Output("volunteer_times", project.planned_volunteer_times, volunteer_times),
                   Output("volunteer_minutes", None, int(minutes)))


def person_times_by_month(session: Session, project_id: str) -> list[tuple[str, int]]:
    """Person-times served per month (YYYY-MM), from the first activity's month to the last one's,
    months with none at zero, so a chart's axis runs without gaps."""
    require(session, Action.VIEW)
    load_project(session, project_id)
    totals: dict[str, int] = defaultdict(int)
    for held_on, person_times in session.execute(select(ProjectActivity.held_on, ProjectActivity.person_times)
                                                 .where(*_live(project_id, None))):
        totals[f"{held_on:%Y-%m}"] += person_times
    if not totals:
        return []
    first, last = min(totals), max(totals)
    year, month = int(first[:4]), int(first[5:])
    months = []
    while (key := f"{year:04d}-{month:02d}") <= last:
        months.append((key, totals[key]))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months
