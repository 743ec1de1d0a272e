"""Follow-ups of a case (回访): due on a date for the case's worker, done when the outcome is written, or
cancelled with the reason when no longer wanted.

The 工作台 lists what is due or overdue for the signed-in worker (``due_follow_ups``), read through
``ix_case_followup_due`` (worker, done, due), whatever the case's stage: a visit after closing (结案回访) or
after a referral (转介跟进) is routine, so a closed or referred case's follow-ups stay due until done or
cancelled, and closing or referring says how many remain (``open_count``). When the head hands a case to
another worker, its open follow-ups go with it.

A cancelled follow-up is tombstoned with its day in ``done_on`` and the reason as its outcome (the table has
no column for it): gone from every due list and count, still shown on the case's page with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.domain.codes import label
from desktop.domain.permissions import Action, Principal, role_labels
from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _, ngettext
from desktop.services.case_access import case_day, load_case, visible, written
from desktop.services.cases import CASE_ROLES
from desktop.services.clients import SHORT_ID, short_id
from desktop.services.forms import required_text
from desktop.services.guard import PermissionDenied, head_here, require
from desktop.services.records import tombstone
from desktop.services.received import shown_sealed
from desktop.services.sealing import seal_onto
from desktop.storage.models import CaseFile, CaseFollowUp, Client, UserAccount
from desktop.sync.home_node import node_kind


@dataclass(frozen=True)
class FollowUpView:
    id: str
    case_id: str
    case_number: str
    client_name: str
    worker_user_id: str
    due_on: date
    purpose: str
    done_on: date | None  # the day it was done, or cancelled
    outcome: str  # what came of it; the reason when cancelled
    overdue: bool  # neither done nor cancelled, and due before today
    cancelled: bool = False

    @property
    def number(self) -> str:
        """The handle lists print and the command line takes, made as a client's number (编号) is."""
        return short_id(self.id)


def _view(session: Session, row: CaseFollowUp, case: CaseFile, client: str, today: date) -> FollowUpView:
    return FollowUpView(row.id, row.case_id, case.number, client, row.worker_user_id, row.due_on,
                        shown_sealed(session, row, "purpose"), row.done_on, shown_sealed(session, row, "outcome"),
                        row.done_on is None and row.due_on < today, row.deleted_at is not None)


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


def _pending(session: Session, follow_up_id: str) -> tuple[CaseFollowUp, CaseFile]:
    """A follow-up neither done nor cancelled, of a case the user may edit, with the case."""
    require(session, Action.EDIT_CASES)
    row = session.get(CaseFollowUp, follow_up_id)
    if row is None or (row.deleted_at is not None and row.done_on is None):
        raise NotFoundError(_("No such follow-up."))
    case = load_case(session, row.case_id, Action.EDIT_CASES)
    if row.deleted_at is not None:
        raise ValidationError("follow_up_id", _("This follow-up was cancelled."))
    if row.done_on is not None:
        raise ValidationError("follow_up_id", _("This follow-up is already done."))
    return row, case


def find_follow_up(session: Session, handle: str) -> str:
    """The id of the follow-up ``handle`` names (its ``number`` or its id), done and cancelled ones too, of a
    case the user may edit; NotFoundError for any other, as for a case."""
    wanted = handle.strip().lower()
    match = CaseFollowUp.id.endswith(wanted, autoescape=True) if len(wanted) == SHORT_ID else \
        CaseFollowUp.id == wanted
    found = list(session.scalars(select(CaseFollowUp.id).join(CaseFile, CaseFollowUp.case_id == CaseFile.id).where(
        match, CaseFollowUp.deleted_at.is_(None) | CaseFollowUp.done_on.is_not(None),
        *visible(session, Action.EDIT_CASES))))
    if not found:
        raise NotFoundError(_("No follow-up has the number {number}.").format(number=handle.strip()))
    if len(found) > 1:
        raise ValidationError("follow_up_id", _("{count} follow-ups have the number {number}: give the id.").format(
            count=len(found), number=wanted))
    return found[0]


def complete_follow_up(session: Session, follow_up_id: str, outcome: str, done_on: date | None = None,
                       today: date | None = None) -> FollowUpView:
    row, case = _pending(session, follow_up_id)
    today = today or date.today()
    outcome = required_text(outcome, "outcome", 1000)
    row.done_on = case_day(case, done_on or today, "done_on", today)
    seal_onto(session, row, outcome=outcome)
    session.flush()
    return _view(session, row, case, _client_name(session, case), date.today())


def cancel_follow_up(session: Session, follow_up_id: str, reason: str, today: date | None = None) -> FollowUpView:
    """No longer wanted (the client moved away, another visit covered it): off the due lists, kept on the
    case's page with ``reason``."""
    row, case = _pending(session, follow_up_id)
    reason = required_text(reason, "reason", 1000)
    row.done_on = today or date.today()
    seal_onto(session, row, outcome=reason)
    tombstone(session, row)
    return _view(session, row, case, _client_name(session, case), date.today())


def follow_ups(session: Session, case_id: str) -> list[FollowUpView]:
    """The case's follow-ups, cancelled ones too, soonest due first."""
    case = load_case(session, case_id)
    client, today = _client_name(session, case), date.today()
    return [_view(session, row, case, client, today) for row in session.scalars(select(CaseFollowUp).where(
        CaseFollowUp.case_id == case_id, CaseFollowUp.deleted_at.is_(None) | CaseFollowUp.done_on.is_not(None))
        .order_by(CaseFollowUp.due_on, CaseFollowUp.hlc))]


def open_count(session: Session, case_id: str) -> int:
    """How many of the case's follow-ups are neither done nor cancelled (closing and referring say so)."""
    load_case(session, case_id)
    return session.scalar(select(func.count()).select_from(CaseFollowUp).where(
        CaseFollowUp.case_id == case_id, CaseFollowUp.done_on.is_(None), CaseFollowUp.deleted_at.is_(None))) or 0


def still_open(n: int) -> str:
    """What closing or referring out a case says of its ``n`` follow-ups still open."""
    return ngettext("{n} follow-up of this case is still open: it stays due on the worker's Home page until it "
                    "is done or cancelled.",
                    "{n} follow-ups of this case are still open: they stay due on the worker's Home page until "
                    "they are done or cancelled.", n).format(n=n)


def due_follow_ups(session: Session, user_id: str | None = None, today: date | None = None) -> list[FollowUpView]:
    """Follow-ups neither done nor cancelled and due by ``today``, of a case at any stage, of the signed-in
    worker unless ``user_id`` names another (the head may look at anyone's; a social worker sees only
    follow-ups of their own cases: they are refused another's, as is an account that holds no cases)."""
    who = require(session, Action.VIEW_CASES)
    if user_id and user_id != who.user_id:
        _whose_follow_ups(session, who, user_id)
    today = today or date.today()
    rows = session.execute(
        select(CaseFollowUp, CaseFile, Client.name)
        .join(CaseFile, CaseFollowUp.case_id == CaseFile.id).join(Client, CaseFile.client_id == Client.id)
        .where(CaseFollowUp.worker_user_id == (user_id or who.user_id or ""), CaseFollowUp.done_on.is_(None),
               CaseFollowUp.due_on <= today, CaseFollowUp.deleted_at.is_(None), *visible(session))
        .order_by(CaseFollowUp.due_on, CaseFile.number))
    return [_view(session, row, case, client, today) for row, case, client in rows]


def _whose_follow_ups(session: Session, who: Principal, user_id: str) -> None:
    """Refuse a due list that could only be empty: of no account, of an account whose role holds no case
    (finance, a viewer), or of another worker to a social worker, who sees their own cases only."""
    account = session.get(UserAccount, user_id)
    if account is None:
        raise NotFoundError(_("No such user."))
    if account.role not in CASE_ROLES:
        raise ValidationError("worker_user_id", _(
            "{name} ({role}) is not a social worker: no case is theirs to follow up.").format(
            name=account.display_name, role=label(role_labels(node_kind(session)), account.role)))
    if not who.may(Action.VIEW_ALL_CASES):
        raise PermissionDenied(_("You see the follow-ups of your own cases; the {head} sees every worker's.").format(
            head=head_here(session)))


def hand_over(session: Session, case_id: str, worker_user_id: str) -> None:
    """The open follow-ups of a case go to its new worker (row by row, so each change is stamped,
    synced and audited like any other)."""
    for row in session.scalars(select(CaseFollowUp).where(
            CaseFollowUp.case_id == case_id, CaseFollowUp.done_on.is_(None), CaseFollowUp.deleted_at.is_(None))):
        row.worker_user_id = worker_user_id
