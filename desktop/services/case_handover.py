"""Handing a case over (转交) to another social worker: the station head's step, with the reason.

The case keeps its stage; its open follow-ups go with it. A case referred out is handed over too while
follow-ups of it are still open (a referral is followed up after the case left the station's hands).
The handover is a ``CaseStageChange`` with the action ``HAND_OVER`` and the same stage before and
after, so the course of the case lists it in its place, with who took the step and when. Its sealed
note holds the two workers' names besides the reason, as the names stood on the day: a worker renamed
or disabled later does not rewrite the file.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.case_workflow import HAND_OVER, OPEN_STAGES, Stage
from desktop.domain.permissions import Action
from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.services import case_followups
from desktop.services.case_access import load_case, written
from desktop.services.cases import CaseView, get, worker_account
from desktop.services.forms import required_text
from desktop.services.guard import PermissionDenied, head_here, require
from desktop.services.sealing import opened, seal_onto
from desktop.storage.models import CaseFile, CaseFollowUp, CaseStageChange


@dataclass(frozen=True)
class Handover:
    from_worker: str
    to_worker: str
    reason: str

    def summary(self) -> str:
        """One line for the timeline and the paper: 由李霞转交给陈俊：原社工调岗."""
        if not self.to_worker:
            return self.reason
        moved = _("From {old} to {new}").format(old=self.from_worker, new=self.to_worker)
        return _("{handover}: {reason}").format(handover=moved, reason=self.reason) if self.reason else moved


def hand_over(session: Session, case_id: str, worker_user_id: str, reason: str,
              today: date | None = None) -> CaseView:
    """Give an open case to another social worker; ``today`` is the day of the step (the clock's unless given)."""
    who = require(session, Action.EDIT_CASES)
    if not who.may(Action.VIEW_ALL_CASES):  # giving cases to others is the head's
        raise PermissionDenied(_("Only the {head} hands a case over to another social worker.").format(
            head=head_here(session)))
    row = load_case(session, case_id, Action.EDIT_CASES)
    if not _handed_over_as_it_is(session, row):
        raise ValidationError("case_id", _("Only an open case, or a referred one with follow-ups still open, is "
                                           "handed over; reopen it first."))
    if not worker_user_id:
        raise ValidationError("worker_user_id", _("Choose the social worker who takes the case over."))
    reason = required_text(reason, "reason", 500)
    worker = worker_account(session, who, worker_user_id)
    if worker.id == row.worker_user_id:
        raise ValidationError("worker_user_id", _("The case is {name}'s already; choose another worker.").format(
            name=worker.display_name))
    note = Handover(row.worker_name, worker.display_name, reason)
    change = CaseStageChange(case_id=row.id, action=HAND_OVER, from_stage=row.stage, to_stage=row.stage,
                             by_name=who.display_name, **written(today))
    seal_onto(session, change, reason=json.dumps(asdict(note), ensure_ascii=False))
    session.add(change)
    row.worker_user_id, row.worker_name = worker.id, worker.display_name
    case_followups.hand_over(session, row.id, worker.id)
    session.flush()
    return get(session, row.id)


def may_hand_over(session: Session, case_id: str) -> bool:
    """Whether the case, as it stands, may be handed over (the window offers the step only then)."""
    return _handed_over_as_it_is(session, load_case(session, case_id))


def _handed_over_as_it_is(session: Session, row: CaseFile) -> bool:
    """An open case, or one referred out whose follow-ups are still to be done (by the new worker)."""
    if row.stage in OPEN_STAGES:
        return True
    return row.stage == Stage.REFERRED and session.scalar(select(CaseFollowUp.id).where(
        CaseFollowUp.case_id == row.id, CaseFollowUp.done_on.is_(None), CaseFollowUp.deleted_at.is_(None)).limit(1)) \
        is not None


def handover_of(session: Session, change: CaseStageChange) -> Handover:
    """What a handover row says; a note this version cannot read shows as its bare reason."""
    note = opened(session, change, "reason")
    try:
        fields = json.loads(note)
        return Handover(str(fields["from_worker"]), str(fields["to_worker"]), str(fields["reason"]))
    except (ValueError, KeyError, TypeError):
        return Handover("", "", note)
