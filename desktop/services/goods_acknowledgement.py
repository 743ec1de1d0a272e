"""The acknowledgement of goods that cannot be valued (捐赠物资接收确认书): what the donor gets for goods the
fund recorded by name and quantity only.

Not a donation receipt: a receipt acknowledges income and states its amount in figures and in Chinese
upper case (FORMS.md: goods that cannot be valued are recorded by name only, not as income), and its
numbers run per fund and year with no gaps, so every one of them matches a donation entry. An
acknowledgement has no entry and no amount; it says so, and names the goods by name and quantity. It is
the record's own paper, reprinted from the record at any time: its number is the record's among the fund's
records of goods with no valuation, from 1, taken when it is recorded and kept (``goods_in_kind.ack_number``,
0030; as entries and disbursements run per fund: an id is no number to read out), so a record synced in with an
older clock stamp renumbers none. A record that a correction replaced prints stamped as superseded, saying by
which record or, when the correction found a valuation, by which donation entry (whose receipt then
acknowledges the goods). Anyone who may look at the data may print it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import ColumnElement, Select, select
from sqlalchemy.orm import Session

from desktop.domain.permissions import Action
from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _
from desktop.services.guard import require
from desktop.services.ledger_papers import CENTI, FundHead, GoodsLine, fund_head
from desktop.storage.models import GoodsInKind, LedgerEntry

def _numbered(*where: ColumnElement[bool]) -> Select[tuple[str, int | None]]:
    """The live records of goods with no valuation (``where`` them), with their acknowledgement numbers."""
    return select(GoodsInKind.id, GoodsInKind.ack_number).where(
        GoodsInKind.deleted_at.is_(None), GoodsInKind.entry_id.is_(None), GoodsInKind.ack_number.is_not(None), *where)


def acknowledgement_numbers(session: Session, fund_id: str) -> dict[str, str]:
    """The acknowledgement number of each of the fund's records of goods with no valuation, from 1 (valued goods
    have their entry's receipt instead)."""
    return {goods_id: str(number) for goods_id, number in session.execute(_numbered(GoodsInKind.fund_id == fund_id))}


def acknowledgement_number(session: Session, goods_id: str) -> str:
    """The number of the acknowledgement of the goods record ``goods_id`` (``acknowledgement_numbers``)."""
    row = session.get(GoodsInKind, goods_id)
    assert row is not None
    return acknowledgement_numbers(session, row.fund_id)[goods_id]


@dataclass(frozen=True)
class Superseded:
    """The correction that replaced the record acknowledged."""

    on: date
    reason: str
    by_number: str  # the replacing record's acknowledgement number, when it is still not valued
    entry_number: int | None  # the donation entry that values the goods, when the correction valued them


@dataclass(frozen=True)
class AcknowledgementPaper:
    head: FundHead
    goods_id: str
    number: str
    donor: str
    received_on: date
    goods: tuple[GoodsLine, ...]
    recorded_by: str
    superseded: Superseded | None  # None: the record stands


def find_goods(session: Session, number_or_id: str, fund_id: str = "") -> str:
    """The id of the live record of goods with no valuation whose acknowledgement number (or id) is
    ``number_or_id``, of ``fund_id`` when given."""
    require(session, Action.VIEW)
    wanted = number_or_id.strip().lower().removeprefix("no.").strip()
    if not wanted:
        raise ValidationError("goods", _("Give the number of the goods' acknowledgement."))
    of_fund = [GoodsInKind.fund_id == fund_id] if fund_id else []
    ids = list(session.scalars(_numbered(GoodsInKind.ack_number == int(wanted), *of_fund).with_only_columns(
        GoodsInKind.id))) if wanted.isdigit() and len(wanted) < 10 else []
    ids = ids or [wanted]
    found = list(session.execute(select(GoodsInKind.id, GoodsInKind.entry_id).where(
        GoodsInKind.id.in_(ids), GoodsInKind.deleted_at.is_(None), *of_fund)))
    if not found:
        raise NotFoundError(_("No goods were recorded with the number {number}.").format(number=number_or_id.strip()))
    if len(found) > 1:
        raise ValidationError("fund", _("{count} records of goods have the number {number}: name the fund.").format(
            count=len(found), number=wanted))
    goods_id, entry_id = found[0]
    if entry_id is not None:
        number = session.scalar(select(LedgerEntry.number).where(LedgerEntry.id == entry_id))
        raise ValidationError("goods", _("These goods were valued and counted as income (entry {number}): the "
                                         "donation receipt of that entry acknowledges them.").format(number=number))
    return str(goods_id)


def acknowledgement_paper(session: Session, number_or_id: str, fund_id: str = "") -> AcknowledgementPaper:
    """Everything the acknowledgement of goods with no valuation prints, found by its number or the
    record's id (``find_goods``)."""
    row = session.get(GoodsInKind, find_goods(session, number_or_id, fund_id))
    assert row is not None
    newer = session.scalar(select(GoodsInKind).where(GoodsInKind.replaces_id == row.id,
                                                     GoodsInKind.deleted_at.is_(None)))
    superseded = None
    if newer is not None:
        entry_number = session.scalar(select(LedgerEntry.number).where(LedgerEntry.id == newer.entry_id)) \
            if newer.entry_id else None
        superseded = Superseded(newer.created_at.date(), newer.reason,
                                "" if newer.entry_id else acknowledgement_number(session, newer.id), entry_number)
    return AcknowledgementPaper(
        head=fund_head(session, row.fund_id), goods_id=row.id, number=acknowledgement_number(session, row.id),
        donor=row.counterparty, received_on=row.received_on,
        goods=(GoodsLine(row.name, Decimal(row.quantity_centi) / CENTI, row.unit, None, row.note),),
        recorded_by=row.by_name, superseded=superseded)
