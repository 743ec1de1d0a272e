"""Committee decisions recorded on or after the day the member's membership ended (issue 7).

One node never records one: ``disbursements.approve_disbursement`` takes only the members serving that day, and
``funds.end_membership`` refuses to end a membership on or before the member's last decision. Two nodes can: one
ends the membership while the other, not knowing yet, records that member's vote, and the bundles bring both
together. Such a decision does not count toward the fund's rule for a payment not made yet (``counted``); a
payment already made on it stands, and ``wushe check`` and the import's report say so (``late_text``). Read
without a signed-in user, as the rest of the check."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, exists, select
from sqlalchemy.orm import Session, aliased

from desktop.domain.codes import label
from desktop.domain.committee_state import withdraws
from desktop.domain.ledger import DECISION_LABELS
from desktop.domain.money import from_fen
from desktop.i18n import _
from desktop.storage.models import Disbursement, DisbursementApproval, Fund, FundMember, LedgerEntry


def _late(member: type[FundMember] = FundMember) -> ColumnElement[bool]:
    """On ``DisbursementApproval`` joined to its ``member``: the membership had ended by the day it was recorded."""
    return member.left_on.is_not(None) & (member.left_on <= DisbursementApproval.decided_on)


def counted() -> ColumnElement[bool]:
    """On ``DisbursementApproval``: a decision that counts, its member serving the day it was recorded. Its own
    alias of the member, so that it also serves as a column of a query that joins ``FundMember``."""
    member = aliased(FundMember)
    return ~exists().where(member.id == DisbursementApproval.member_id, _late(member))


@dataclass(frozen=True)
class LateDecision:
    approval_id: str
    fund: str
    disbursement_id: str
    disbursement_number: int | None  # its number in the fund, as the 拨付 tab shows it
    amount_fen: int
    member: str
    decision: str  # domain.ledger.Decision
    decided_on: date
    joined_on: date
    left_on: date
    paid_entry: int | None  # the entry that paid the disbursement, if it was paid


def late_decisions(session: Session, approval_ids: Collection[str] | None = None) -> list[LateDecision]:
    """Every decision recorded after its member left (of ``approval_ids`` only, when given), by fund and
    disbursement."""
    where = [_late(), Disbursement.deleted_at.is_(None)]
    if approval_ids is not None:
        where.append(DisbursementApproval.id.in_(approval_ids))
    rows = session.execute(
        select(DisbursementApproval.id, Fund.name, Disbursement.id, Disbursement.number, Disbursement.amount_fen,
               FundMember.name, DisbursementApproval.decision, DisbursementApproval.decided_on, FundMember.joined_on,
               FundMember.left_on, LedgerEntry.number)
        .join(Disbursement, DisbursementApproval.disbursement_id == Disbursement.id)
        .join(Fund, Disbursement.fund_id == Fund.id)
        .join(FundMember, DisbursementApproval.member_id == FundMember.id)
        .outerjoin(LedgerEntry, Disbursement.posted_entry_id == LedgerEntry.id)
        .where(*where)
        .order_by(Fund.name, Disbursement.number, DisbursementApproval.decided_on, FundMember.name))
    return [LateDecision(*row) for row in rows]


def late_ids(session: Session) -> set[str]:
    """The approvals ``late_decisions`` finds: what an import compares before and after its merge."""
    return set(session.scalars(select(DisbursementApproval.id).join(
        FundMember, DisbursementApproval.member_id == FundMember.id).where(_late())))


def late_text(found: LateDecision) -> str:
    """One line naming the fund, the disbursement, the member, both days and what follows."""
    what = dict(fund=found.fund, number=found.disbursement_number or found.disbursement_id,
                amount=from_fen(found.amount_fen), member=found.member,
                decision=label(DECISION_LABELS, found.decision), decided=found.decided_on.isoformat(),
                left=found.left_on.isoformat())
    if withdraws(found.joined_on, found.left_on):
        said = _("{fund}, disbursement No. {number} ({amount} yuan): {member}'s decision “{decision}” of {decided} "
                 "names a membership withdrawn as entered by mistake ({left}): they served on no day.").format(**what)
    else:
        said = _("{fund}, disbursement No. {number} ({amount} yuan): {member}'s decision “{decision}” of {decided} "
                 "was recorded after their membership ended on {left}.").format(**what)
    if found.paid_entry is not None:
        return " ".join((said, _("It was paid already by entry No. {entry}; the payment "
                                 "stands.").format(entry=found.paid_entry)))
    return " ".join((said, _("The decision does not count toward the committee's approval.")))
