"""Milestones of a funded project (关键节点): due on a date, reached when marked done.

They are planned once the project is approved and kept until it closes; the 工作台 lists those
overdue or due within two weeks (``due``), as it lists a worker's case follow-ups.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.domain.permissions import Action
from desktop.domain.project_workflow import RUNNING, Status
from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _
from desktop.services import records
from desktop.services.forms import optional_text, required_text
from desktop.services.guard import require
from desktop.services.project_access import load_project, project_day, project_in
from desktop.storage.models import Project, ProjectMilestone

# Milestones are planned from approval and reached while the project runs.
PLANNED = RUNNING | {Status.APPROVED}
DUE_WITHIN = timedelta(days=14)


@dataclass(frozen=True)
class MilestoneInput:
    name: str
    due_on: date
    note: str = ""

    def validated(self) -> MilestoneInput:
        return replace(self, name=required_text(self.name, "name", 100), note=optional_text(self.note, "note", 200))


@dataclass(frozen=True)
class MilestoneView:
    id: str
    project_id: str
    project_number: str
    project_title: str
    name: str
    due_on: date
    done_on: date | None
    note: str
    overdue: bool  # not done and due before today

    def as_input(self) -> MilestoneInput:
        return MilestoneInput(self.name, self.due_on, self.note)


def _view(row: ProjectMilestone, project: Project, today: date) -> MilestoneView:
    return MilestoneView(row.id, row.project_id, project.number, project.title, row.name, row.due_on, row.done_on,
                         row.note, row.done_on is None and row.due_on < today)


def _load(session: Session, milestone_id: str) -> ProjectMilestone:
    row = session.get(ProjectMilestone, milestone_id) if milestone_id else None
    if row is None or row.deleted_at is not None:
        raise NotFoundError(_("No such milestone."))
    return row


def _within(project: Project, due_on: date) -> date:
    if not project.starts_on <= due_on <= project.ends_on:
        raise ValidationError("due_on", _("The milestone must fall within the project ({start} to {end}).").format(
            start=project.starts_on.isoformat(), end=project.ends_on.isoformat()))
    return due_on


def add_milestone(session: Session, project_id: str, data: MilestoneInput) -> MilestoneView:
    project = project_in(session, project_id, Action.EDIT_PROJECTS, PLANNED)
    data = data.validated()
    last = session.scalar(select(func.max(ProjectMilestone.position)).where(ProjectMilestone.project_id == project.id))
    row = ProjectMilestone(project_id=project.id, position=(last or 0) + 1, name=data.name,
                           due_on=_within(project, data.due_on), note=data.note)
    session.add(row)
    session.flush()
    return _view(row, project, date.today())


def update_milestone(session: Session, milestone_id: str, data: MilestoneInput) -> MilestoneView:
    row = _load(session, milestone_id)
    project = project_in(session, row.project_id, Action.EDIT_PROJECTS, PLANNED)
    data = data.validated()
    row.name, row.due_on, row.note = data.name, _within(project, data.due_on), data.note
    session.flush()
    return _view(row, project, date.today())


def mark_done(session: Session, milestone_id: str, done_on: date | None = None,
              today: date | None = None) -> MilestoneView:
    """The milestone reached on ``done_on`` (``today``, the clock's unless given, when not said)."""
    row = _load(session, milestone_id)
    project = project_in(session, row.project_id, Action.EDIT_PROJECTS, PLANNED)
    if row.done_on is not None:
        raise ValidationError("milestone_id", _("This milestone is already done."))
    today = today or date.today()
    row.done_on = project_day(project, done_on or today, "done_on", today)
    session.flush()
    return _view(row, project, date.today())


def remove_milestone(session: Session, milestone_id: str) -> None:
    row = _load(session, milestone_id)
    project_in(session, row.project_id, Action.EDIT_PROJECTS, PLANNED)
    records.tombstone(session, row)


def milestones(session: Session, project_id: str) -> list[MilestoneView]:
    """The project's milestones, soonest due first."""
    require(session, Action.VIEW)
    project = load_project(session, project_id)
    today = date.today()
    return [_view(row, project, today) for row in session.scalars(select(ProjectMilestone).where(
        ProjectMilestone.project_id == project.id, ProjectMilestone.deleted_at.is_(None))
        .order_by(ProjectMilestone.due_on, ProjectMilestone.position))]


def due(session: Session, today: date | None = None) -> list[MilestoneView]:
    """Milestones not done of the projects under way, overdue or due within two weeks of ``today``,
    soonest first."""
    require(session, Action.VIEW)
    today = today or date.today()
    rows = session.execute(
        select(ProjectMilestone, Project).join(Project, ProjectMilestone.project_id == Project.id)
        .where(ProjectMilestone.done_on.is_(None), ProjectMilestone.due_on <= today + DUE_WITHIN,
               ProjectMilestone.deleted_at.is_(None), Project.deleted_at.is_(None), Project.status.in_(PLANNED))
        .order_by(ProjectMilestone.due_on, Project.number, ProjectMilestone.position))
    return [_view(row, project, today) for row, project in rows]
