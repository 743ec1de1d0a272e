"""A disbursement that will not be paid: withdrawn (撤回) while it awaits the committee, by its proposer or
the head, or cancelled (取消) once approved but not paid, by the head; always with the reason. The row
stays, its status changed and its closing recorded (the database lets nothing else change, 0022), and it
no longer reserves any of a project's approved amount or of a donation left to refund."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from desktop.domain.codes import label
from desktop.domain.ledger import DISBURSEMENT_STATUS_LABELS, DisbursementStatus
from desktop.domain.permissions import Action, Principal, Role
from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.services.disbursements import DisbursementView, disbursement, load_disbursement
from desktop.services.forms import required_text
from desktop.services.guard import require

# status → what it becomes
ENDS = {DisbursementStatus.PROPOSED: DisbursementStatus.WITHDRAWN,
        DisbursementStatus.APPROVED: DisbursementStatus.CANCELLED}


def may_withdraw(who: Principal, row: DisbursementView) -> bool:
    """Whether ``who`` may withdraw or cancel ``row``: the head either; its proposer one still proposed."""
    if row.status not in ENDS:
        return False
    return who.role == Role.ADMIN or (row.status == DisbursementStatus.PROPOSED and row.proposer == who.username)


def withdraw(session: Session, disbursement_id: str, reason: str, today: date | None = None) -> DisbursementView:
    """Withdraw a proposed disbursement, or cancel an approved one, saying why."""
    who = require(session, Action.APPROVE_DISBURSEMENTS)
    row = load_disbursement(session, disbursement_id)
    reason = required_text(reason, "reason", 200)
    if row.status not in ENDS:
        raise ValidationError("disbursement_id", _(
            "Only a disbursement awaiting the committee or approved and not paid is withdrawn; this one is "
            "“{status}”.").format(status=label(DISBURSEMENT_STATUS_LABELS, row.status)))
    if not may_withdraw(who, disbursement(session, row.id)):
        raise ValidationError("disbursement_id", _(
            "Only the head cancels an approved disbursement.") if row.status == DisbursementStatus.APPROVED else _(
            "Only whoever proposed it, or the head, withdraws a disbursement."))
    row.status = ENDS[DisbursementStatus(row.status)]
    row.closed_on, row.closed_by, row.close_reason = today or date.today(), who.display_name, reason
    session.flush()
    return disbursement(session, row.id)
