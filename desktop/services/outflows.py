"""What a disbursement names besides its amount, checked when it is proposed and again when it is paid:
a grant's project is ``disbursements``'; here a transfer's receiving fund and a refund's donation.

A refund gives back part or all of one donation of money to the fund, never more than is left of it:
the donation less the refunds paid and not reversed, and, when one is proposed, those awaiting the
committee or payment too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

from desktop.domain.ledger import DisbursementStatus, EntryKind
from desktop.domain.money import from_fen
from desktop.domain.permissions import Action
from desktop.errors import ValidationError
from desktop.i18n import N_, _
from desktop.services.funds import fund_day, load_fund, open_fund
from desktop.services.guard import require
from desktop.storage.models import Disbursement, Fund, LedgerEntry

# The most donations a refund's form offers: the latest, which is what is refunded in practice.
REFUNDABLE_MOST = 500

# What names what: a field of ``DisbursementInput``, the one kind that names it, and why no other does.
NAMED_BY: tuple[tuple[str, EntryKind, str], ...] = (
    ("project_id", EntryKind.GRANT, N_("Only a grant names a project.")),
    ("to_fund_id", EntryKind.TRANSFER_OUT, N_("Only a transfer names the fund that receives it.")),
    ("refund_of_id", EntryKind.REFUND, N_("Only a refund names the donation it gives back.")),
)


def check_named(kind: str, named: dict[str, str | None]) -> None:
    """Nothing is named that ``kind`` does not name (``named``: field → id given)."""
    for field, owner, message in NAMED_BY:
        if named.get(field) and kind != owner:
            raise ValidationError(field, _(message))


def receiving_fund(session: Session, fund: Fund, to_fund_id: str | None, day: date, today: date) -> Fund:
    """The active fund, not ``fund``, that receives a transfer on ``day``, locked for its entry."""
    if not to_fund_id:
        raise ValidationError("to_fund_id", _("Choose the fund that receives the transfer."))
    target = open_fund(session, to_fund_id, "to_fund_id")
    if target.id == fund.id:
        raise ValidationError("to_fund_id", _("A transfer goes to another fund."))
    fund_day(target, day, "to_fund_id", today)
    return target


def refunded_donation(session: Session, fund: Fund, entry_id: str | None) -> LedgerEntry:
    """The donation of money to ``fund`` a refund gives back, standing (not reversed)."""
    if not entry_id:
        raise ValidationError("refund_of_id", _("Choose the donation that is refunded."))
    entry = session.get(LedgerEntry, entry_id)
    if entry is None or entry.fund_id != fund.id or entry.kind != EntryKind.DONATION_MONEY:
        raise ValidationError("refund_of_id", _("A refund gives back a donation of money to {fund}.").format(
            fund=fund.name))
    if session.scalar(select(LedgerEntry.id).where(LedgerEntry.reverses_id == entry.id)) is not None:
        raise ValidationError("refund_of_id", _("Donation No. {number} has been reversed: there is nothing to "
                                                "refund.").format(number=entry.number))
    return entry


def _paid() -> ColumnElement[bool]:
    """A disbursement paid and not reversed (SQL)."""
    reversed_payment = select(LedgerEntry.id).where(LedgerEntry.reverses_id == Disbursement.posted_entry_id)
    return (Disbursement.status == DisbursementStatus.POSTED) & ~reversed_payment.exists()


def refunded_fen(session: Session, donation_id: str, with_open: bool) -> int:
    """The refunds of the donation paid and not reversed; with those awaiting approval or payment too
    when ``with_open``."""
    paid = _paid()
    counted = or_(paid, Disbursement.status.in_((DisbursementStatus.PROPOSED, DisbursementStatus.APPROVED))) \
        if with_open else paid
    return int(session.scalar(select(func.coalesce(func.sum(Disbursement.amount_fen), 0)).where(
        Disbursement.refund_of_id == donation_id, Disbursement.deleted_at.is_(None), counted)) or 0)


def refunded_of(session: Session, donation_ids: Sequence[str]) -> dict[str, int]:
    """``refunded_fen`` of each donation that had refunds paid, by its id."""
    return {donation: int(total) for donation, total in session.execute(
        select(Disbursement.refund_of_id, func.sum(Disbursement.amount_fen)).where(
            Disbursement.refund_of_id.in_(donation_ids), Disbursement.deleted_at.is_(None), _paid())
        .group_by(Disbursement.refund_of_id))}


def check_refund(session: Session, donation: LedgerEntry, amount_fen: int, with_open: bool) -> None:
    """``amount_fen`` is no more than is left of the donation to refund."""
    refunded = refunded_fen(session, donation.id, with_open)
    if refunded + amount_fen > donation.amount_fen:
        raise ValidationError("amount", _(
            "Donation No. {number} was {donated} yuan and {refunded} yuan of it is refunded or awaiting refund: "
            "at most {left} yuan is left to refund.").format(
            number=donation.number, donated=from_fen(donation.amount_fen), refunded=from_fen(refunded),
            left=from_fen(donation.amount_fen - refunded)))


@dataclass(frozen=True)
class RefundRoom:
    """A donation of money that may still be refunded, and how much of it."""

    entry_id: str
    number: int
    posted_on: date
    donor: str
    memo: str
    amount_fen: int
    left_fen: int  # less the refunds paid, awaiting approval or payment


def refundable(session: Session, fund_id: str) -> list[RefundRoom]:
    """The fund's standing donations of money with something left to refund, the latest first."""
    require(session, Action.VIEW)
    load_fund(session, fund_id)
    reversed_ids = select(LedgerEntry.reverses_id).where(LedgerEntry.fund_id == fund_id,
                                                         LedgerEntry.reverses_id.is_not(None))
    rows = session.scalars(select(LedgerEntry).where(
        LedgerEntry.fund_id == fund_id, LedgerEntry.kind == EntryKind.DONATION_MONEY, LedgerEntry.id.not_in(reversed_ids))
        .order_by(LedgerEntry.number.desc()).limit(REFUNDABLE_MOST))
    rooms = [RefundRoom(row.id, row.number, row.posted_on, row.counterparty, row.memo, row.amount_fen,
                        row.amount_fen - refunded_fen(session, row.id, with_open=True)) for row in rows]
    return [room for room in rooms if room.left_fen > 0]
