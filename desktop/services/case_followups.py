"""Follow-ups of a case (回访): due on a date for the case's worker, done when the outcome is written.

The 工作台 lists what is due or overdue for the signed-in worker (``due_follow_ups``), read through
``ix_case_followup_due`` (worker, done, due), of open cases only: once a case is closed or referred
out, its follow-ups not done stay on the case's page as a record of the plan, but are neither due nor
overdue (reopening brings them back). When the head hands a case to another worker, its open follow-ups
go with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.case_workflow import OPEN_STAGES
from desktop.domain.permissions import Action
from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _
from desktop.services.case_access import case_day, load_case, visible, written
from desktop.services.forms import required_text
from desktop.services.guard import require
from desktop.services.sealing import opened, seal_onto
from desktop.storage.models import CaseFile, CaseFollowUp, Client


@dataclass(frozen=True)
class FollowUpView:
    id: str
    case_id: str
    case_number: str
    client_name: str
    worker_user_id: str
    due_on: date
    purpose: str
    done_on: date | None
    outcome: str
    overdue: bool  # not done, due before today, and of an open case


def _view(session: Session, row: CaseFollowUp, case: CaseFile, client: str, today: date) -> FollowUpView:
    return FollowUpView(row.id, row.case_id, case.number, client, row.worker_user_id, row.due_on,
                        opened(session, row, "purpose"), row.done_on, opened(session, row, "outcome"),
                        row.done_on is None and row.due_on < today and case.stage in OPEN_STAGES)


def _client_name(session: Session, case: CaseFile) -> str:
    return session.scalar(select(Client.name).where(Client.id == case.client_id)) or ""


def add_follow_up(session: Session, case_id: str, due_on: date, purpose: str,
                  today: date | None = None) -> FollowUpView:
    """A follow-up for the case's worker; ``today`` is the date of entry (the clock's unless given)."""
    require(session, Action.EDIT_CASES)
    case = load_case(session, case_id, Action.EDIT_CASES)
    entered = today or date.today()
    if due_on < entered:
        raise ValidationError("due_on", _("The follow-up is due in the past."))
    row = CaseFollowUp(case_id=case.id, worker_user_id=case.worker_user_id, due_on=due_on, **written(today))
    seal_onto(session, row, purpose=required_text(purpose, "purpose", 300))
    session.add(row)
    session.flush()
    return _view(session, row, case, _client_name(session, case), date.today())


def complete_follow_up(session: Session, follow_up_id: str, outcome: str, done_on: date | None = None,
                       today: date | None = None) -> FollowUpView:
    require(session, Action.EDIT_CASES)
    row = session.get(CaseFollowUp, follow_up_id)
    if row is None or row.deleted_at is not None:
        raise NotFoundError(_("No such follow-up."))
    case = load_case(session, row.case_id, Action.EDIT_CASES)
    if row.done_on is not None:
        raise ValidationError("follow_up_id", _("This follow-up is already done."))
    today = today or date.today()
    outcome = required_text(outcome, "outcome", 1000)
    row.done_on = case_day(case, done_on or today, "done_on", today)
    seal_onto(session, row, outcome=outcome)
    session.flush()
    return _view(session, row, case, _client_name(session, case), date.today())


def follow_ups(session: Session, case_id: str) -> list[FollowUpView]:
    """The case's follow-ups, soonest due first."""
    case = load_case(session, case_id)
    client, today = _client_name(session, case), date.today()
    return [_view(session, row, case, client, today) for row in session.scalars(select(CaseFollowUp).where(
        CaseFollowUp.case_id == case_id, CaseFollowUp.deleted_at.is_(None))
        .order_by(CaseFollowUp.due_on, CaseFollowUp.hlc))]


def due_follow_ups(session: Session, user_id: str | None = None, today: date | None = None) -> list[FollowUpView]:
    """Follow-ups not yet done and due by ``today``, of the signed-in worker unless ``user_id`` names
    another (the head may look at anyone's; a social worker sees only follow-ups of their own cases)."""
    who = require(session, Action.VIEW_CASES)
    today = today or date.today()
    rows = session.execute(
        select(CaseFollowUp, CaseFile, Client.name)
        .join(CaseFile, CaseFollowUp.case_id == CaseFile.id).join(Client, CaseFile.client_id == Client.id)
        .where(CaseFollowUp.worker_user_id == (user_id or who.user_id or ""), CaseFollowUp.done_on.is_(None),
               CaseFollowUp.due_on <= today, CaseFollowUp.deleted_at.is_(None), CaseFile.stage.in_(OPEN_STAGES),
               *visible(session))
        .order_by(CaseFollowUp.due_on, CaseFile.number))
    return [_view(session, row, case, client, today) for row, case, client in rows]


def hand_over(session: Session, case_id: str, worker_user_id: str) -> None:
    """The open follow-ups of a case go to its new worker (row by row, so each change is stamped,
    synced and audited like any other)."""
    for row in session.scalars(select(CaseFollowUp).where(
            CaseFollowUp.case_id == case_id, CaseFollowUp.done_on.is_(None), CaseFollowUp.deleted_at.is_(None))):
        row.worker_user_id = worker_user_id
