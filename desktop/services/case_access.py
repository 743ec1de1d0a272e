"""Who sees which case, and what every entry on a case shares.

DESIGN.md §8: a case is visible to its worker and the station head. A social worker (VIEW_CASES)
sees and edits the cases whose ``worker_user_id`` is theirs; the head (VIEW_ALL_CASES) sees every
case; finance and viewers see none. Another worker's case is "not found" by its id; by its number, which
a person types, it is refused naming its worker (``not_theirs``), never its client, so that she knows
whom to ask rather than doubting the number. A role without the action is refused outright.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from desktop.domain.case_workflow import OPEN_STAGES
from desktop.domain.permissions import Action, Principal
from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _, format_date
from desktop.services.guard import PermissionDenied, require
from desktop.storage.base import utcnow
from desktop.storage.models import CaseFile


def sees_all(who: Principal) -> bool:
    return who.may(Action.VIEW_ALL_CASES)


def visible(session: Session, action: Action = Action.VIEW_CASES) -> tuple[ColumnElement[bool], ...]:
    """Conditions on ``CaseFile`` leaving the live cases the signed-in user may see, once ``action``
    (and seeing cases at all) is checked."""
    who = require(session, Action.VIEW_CASES)
    require(session, action)
    if sees_all(who):
        return (CaseFile.deleted_at.is_(None),)
    return CaseFile.deleted_at.is_(None), CaseFile.worker_user_id == (who.user_id or "")


def load_case(session: Session, case_id: str, action: Action = Action.VIEW_CASES) -> CaseFile:
    """The case, if the signed-in user may see it and do ``action``; NotFoundError otherwise."""
    who = require(session, Action.VIEW_CASES)
    require(session, action)
    row = session.get(CaseFile, case_id) if case_id else None
    if row is None or not may_see(who, row.worker_user_id, row.deleted_at):
        raise NotFoundError(_("No such case."))
    return row


def not_theirs(session: Session, number: str) -> None:
    """Refuse, naming its worker, the live case numbered ``number`` that the signed-in user may not see,
    when a search for that number found none the user may see; a number no case has is left to the caller."""
    workers = sorted(set(session.scalars(select(CaseFile.worker_name).where(
        CaseFile.number == number.strip(), CaseFile.deleted_at.is_(None)))))
    if workers:
        raise PermissionDenied(_("Case {number} is {worker}'s, another social worker's: you may not open it. "
                                 "Ask the station head.").format(number=number.strip(), worker=_(", ").join(workers)))


def may_see(who: Principal, worker_user_id: str, deleted_at: datetime | None) -> bool:
    """``visible`` for one case already read."""
    return deleted_at is None and (sees_all(who) or worker_user_id == who.user_id)


def load_open_case(session: Session, case_id: str) -> CaseFile:
    """A case the signed-in user may edit and that is still open: new work goes on open cases only."""
    row = load_case(session, case_id, Action.EDIT_CASES)
    if row.stage not in OPEN_STAGES:
        raise ValidationError("case_id", _("Case {number} is closed or referred out; reopen it first.").format(
            number=row.number))
    return row


def case_day(row: CaseFile, day: date, field: str, today: date) -> date:
    """A date of something done on the case: not before it was opened, not in the future."""
    if day > today:
        raise ValidationError(field, _("The date is in the future."))
    if day < row.opened_on:
        raise ValidationError(field, _("The date is before the case was opened ({date}).").format(
            date=format_date(row.opened_on)))
    return day


def written(today: date | None) -> dict[str, datetime]:
    """``created_at`` for a row entered on ``today``: now, or for a past entry replayed (the demo
    does) now less that many days, so the entry's local day is ``today``."""
    return {} if today is None else {"created_at": utcnow() - timedelta(days=(date.today() - today).days)}


def local_day(moment: datetime) -> date:
    """The day at this station of a UTC time stamp (when a step was taken or a record written)."""
    return moment.astimezone().date()
