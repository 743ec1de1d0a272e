"""What every entry on a funded project shares: the project loaded, the phase that takes the entry,
its dates, and the percentages its reports show.

Activities, spending and evaluations are recorded while the project runs (``project_workflow.RUNNING``);
a date of something done on it falls between the project's start and today.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from desktop.domain.codes import label
from desktop.domain.permissions import Action
from desktop.domain.project_workflow import RUNNING, STATUS_LABELS, Status
from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _
from desktop.services.guard import require
from desktop.storage.models import Project


def load_project(session: Session, project_id: str) -> Project:
    """A project that is not deleted, or NotFoundError."""
    row = session.get(Project, project_id) if project_id else None
    if row is None or row.deleted_at is not None:
        raise NotFoundError(_("No such project."))
    return row


def project_in(session: Session, project_id: str, action: Action,
               statuses: Collection[Status] = RUNNING) -> Project:
    """The project, if the signed-in user may do ``action`` and it is at one of ``statuses``."""
    require(session, action)
    row = load_project(session, project_id)
    if row.status not in statuses:
        raise ValidationError("project_id", _("Project {number} is at “{status}”; this is recorded only at "
                                              "“{allowed}”.").format(
            number=row.number, status=label(STATUS_LABELS, row.status),
            allowed="”, “".join(label(STATUS_LABELS, status) for status in Status if status in statuses)))
    return row


def project_day(project: Project, day: date, field: str, today: date) -> date:
    """A date of something done on the project: not before it started, not in the future."""
    if day > today:
        raise ValidationError(field, _("The date is in the future."))
    if day < project.starts_on:
        raise ValidationError(field, _("The date is before the project started ({date}).").format(
            date=project.starts_on.isoformat()))
    return day


def percent(part: int, whole: int) -> Decimal | None:
    """``part`` as a percentage of ``whole`` to one place, rounded half up in integers; None when
    ``whole`` is zero (no plan or no budget to measure against)."""
    if not whole:
        return None
    tenths = (part * 2000 + whole) // (whole * 2)
    return Decimal(tenths).scaleb(-1)
