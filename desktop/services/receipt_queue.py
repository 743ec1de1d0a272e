"""Donations still owed a receipt: the donation entries of a fund that stand (neither reversed nor a
reversal) and have no issued receipt, the one a voided receipt was for included. Kept apart from
``services.receipts``, which ``services.ledger`` imports."""

from __future__ import annotations

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, aliased

from desktop.domain.ledger import DONATIONS
from desktop.domain.permissions import Action
from desktop.services.funds import load_fund
from desktop.services.guard import require
from desktop.services.ledger import EntryView, entry_views
from desktop.services.receipts import ISSUED
from desktop.storage.models import DonationReceipt, LedgerEntry


# What the issue dialog offers: the newest donations still owed a receipt (a fund may hold 100,000s).
MOST_OFFERED = 500


def _waiting(fund_id: str) -> Select[tuple[str]]:
    reversal = aliased(LedgerEntry)
    reversed_ids = select(reversal.reverses_id).where(reversal.reverses_id.is_not(None))
    receipted = select(DonationReceipt.entry_id).where(DonationReceipt.status == ISSUED,
                                                       DonationReceipt.deleted_at.is_(None))
    return select(LedgerEntry.id).where(
        LedgerEntry.fund_id == fund_id, LedgerEntry.kind.in_(DONATIONS), LedgerEntry.reverses_id.is_(None),
        LedgerEntry.id.not_in(reversed_ids), LedgerEntry.id.not_in(receipted))


def count_without_receipt(session: Session, fund_id: str) -> int:
    """How many of the fund's standing donation entries have no issued receipt."""
    require(session, Action.VIEW)
    load_fund(session, fund_id)
    return session.scalar(select(func.count()).select_from(_waiting(fund_id).subquery())) or 0


def donations_without_receipt(session: Session, fund_id: str, including: str = "",
                              limit: int = MOST_OFFERED) -> list[EntryView]:
    """The fund's newest ``limit`` standing donation entries with no issued receipt, newest first, and
    the entry ``including`` too when it is one of them."""
    require(session, Action.VIEW)
    load_fund(session, fund_id)
    waiting = _waiting(fund_id)
    ids = list(session.scalars(waiting.order_by(LedgerEntry.number.desc()).limit(limit)))
    if including and including not in ids and session.scalar(waiting.where(LedgerEntry.id == including)):
        ids.insert(0, including)
    return entry_views(session, ids)
