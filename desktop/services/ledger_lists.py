"""What the community-fund screens list (社区基金): the funds with their money, a fund's journal a window
at a time (a fund may hold hundreds of thousands of entries), the entries with the numbers of those
they reverse or are reversed by, the goods received, and a fund opened with its committee in one write.
Reading needs VIEW; opening a fund, MANAGE_FUNDS (through ``funds``)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, aliased

from desktop.domain.ledger import DisbursementStatus
from desktop.domain.permissions import Action
from desktop.errors import ValidationError
from desktop.services import funds, ledger, reconciliation
from desktop.services.funds import FundInput, FundView, MemberInput
from desktop.services.guard import require
from desktop.services.ledger import EntryView
from desktop.services.listing import IdPage, id_page
from desktop.storage.models import AuditEntry, Disbursement, Donor, Fund, GoodsInKind, LedgerEntry


@dataclass(frozen=True)
class FundRow:
    """A fund as the list of funds shows it."""

    fund: FundView
    available_fen: int  # bank and cash (可用资金)
    goods_fen: int  # goods in kind still held, at their valuation
    unreconciled: int  # balance assertions the ledger disagrees with, not explained
    awaiting_committee: int = 0  # disbursements proposed, the committee's decisions pending
    awaiting_payment: int = 0  # disbursements approved, not paid

    @property
    def id(self) -> str:
        return self.fund.id


def fund_rows(session: Session, text: str = "", community_id: str = "", status: str = "") -> list[FundRow]:
    """The funds whose name or host charity contains ``text``, of ``community_id`` and ``status`` when given,
    as ``funds.list_all`` orders them (the active first, then by name)."""
    require(session, Action.VIEW)
    needle = text.strip().casefold()
    found = []
    for fund in funds.list_all(session):
        if needle and needle not in fund.name.casefold() and needle not in fund.host_charity.casefold():
            continue
        if (community_id and fund.community_id != community_id) or (status and fund.status != status):
            continue
        found.append(_row(session, fund))
    return found


def fund_row(session: Session, fund_id: str) -> FundRow:
    """One fund as the list shows it."""
    return _row(session, funds.get(session, fund_id))


def _row(session: Session, fund: FundView) -> FundRow:
    held = ledger.balances(session, fund.id)
    differences = sum(not assertion.reconciled for assertion in reconciliation.reconciliation(session, fund.id))
    waiting = {status: count for status, count in session.execute(select(Disbursement.status, func.count()).where(
        Disbursement.fund_id == fund.id, Disbursement.deleted_at.is_(None),
        Disbursement.status.in_((DisbursementStatus.PROPOSED, DisbursementStatus.APPROVED)))
        .group_by(Disbursement.status))}
    return FundRow(fund, held.available_fen, held.accounts["goods"], differences,
                   waiting.get(DisbursementStatus.PROPOSED, 0), waiting.get(DisbursementStatus.APPROVED, 0))


@dataclass(frozen=True)
class EntryQuery:
    fund_id: str
    kind: str = ""  # domain.ledger.EntryKind; "" for every kind
    text: str = ""  # in the 摘要 or the counterparty, or the entry's number
    descending: bool = True  # the latest first


def entry_page(session: Session, query: EntryQuery, offset: int, limit: int, with_total: bool) -> IdPage[str]:
    """A window of the fund's entry ids, filtered in SQL, by number: the order of the index on (fund, number),
    so a window of a fund of 300,000 entries takes milliseconds (a date order would sort them all)."""
    number = LedgerEntry.number.desc() if query.descending else LedgerEntry.number
    return id_page(session, _entries(session, query).order_by(number), offset, limit, with_total)


def entry_count(session: Session, query: EntryQuery) -> int:
    """How many entries ``entry_page`` lists for ``query``."""
    stmt = _entries(session, query)
    return int(session.scalar(select(func.count()).select_from(stmt.subquery())) or 0)


def _entries(session: Session, query: EntryQuery) -> Select[tuple[str]]:
    require(session, Action.VIEW)
    funds.load_fund(session, query.fund_id)
    stmt = select(LedgerEntry.id).where(LedgerEntry.fund_id == query.fund_id)
    if query.kind:
        stmt = stmt.where(LedgerEntry.kind == query.kind)
    text = query.text.strip()
    if text:
        like = f"%{text}%"
        found = or_(LedgerEntry.memo.like(like), LedgerEntry.counterparty.like(like))
        stmt = stmt.where(or_(found, LedgerEntry.number == int(text)) if text.isdigit() else found)
    return stmt


@dataclass(frozen=True)
class EntryRow:
    """An entry with the numbers of the entries it points at, as the journal shows it."""

    entry: EntryView
    reverses_number: int | None  # the entry this one reverses
    reversed_by_number: int | None  # the entry that reverses this one
    backdate_reason: str | None = None  # why it was let into books a recorded balance had closed

    @property
    def id(self) -> str:
        return self.entry.id


def entry_rows(session: Session, ids: Sequence[str]) -> list[EntryRow]:
    """The entries of ``ids`` in the order given."""
    views = ledger.entry_views(session, ids)
    pointed = {view.reverses_id for view in views} | {view.reversed_by for view in views}
    numbers = {entry_id: number for entry_id, number in session.execute(
        select(LedgerEntry.id, LedgerEntry.number).where(LedgerEntry.id.in_([i for i in pointed if i])))}
    backdated = backdate_reasons(session, ids)
    return [EntryRow(view, numbers.get(view.reverses_id or ""), numbers.get(view.reversed_by or ""),
                     backdated.get(view.id)) for view in views]


@dataclass(frozen=True)
class GoodsView:
    """Goods received (捐赠物资): with a valuation they are income (``entry_number``), without one only
    their name and quantity are recorded; such a record is corrected by a new one that replaces it."""

    id: str
    received_on: date
    name: str
    quantity: Decimal
    unit: str
    valued_fen: int | None
    counterparty: str
    note: str
    entry_number: int | None
    by_name: str
    reversed_by: int | None = None  # the number of the reversal that undid the donation: the goods no longer count
    replaced: bool = False  # a later record corrects this one: it no longer counts
    reason: str = ""  # why this record replaces an earlier one ("" when it replaces none)

    @property
    def correctable(self) -> bool:
        """Recorded with no valuation and not corrected yet: a new record may replace it."""
        return self.entry_number is None and not self.replaced


def goods_received(session: Session, fund_id: str) -> list[GoodsView]:
    """The goods the fund received, the latest first."""
    require(session, Action.VIEW)
    funds.load_fund(session, fund_id)
    reversal, newer = aliased(LedgerEntry), aliased(GoodsInKind)
    rows = session.execute(select(GoodsInKind, LedgerEntry.number, reversal.number, newer.id)
                           .outerjoin(LedgerEntry, GoodsInKind.entry_id == LedgerEntry.id)
                           .outerjoin(reversal, reversal.reverses_id == GoodsInKind.entry_id)
                           .outerjoin(newer, newer.replaces_id == GoodsInKind.id)
                           .where(GoodsInKind.fund_id == fund_id, GoodsInKind.deleted_at.is_(None))
                           .order_by(GoodsInKind.received_on.desc(), GoodsInKind.hlc.desc()))
    return [GoodsView(row.id, row.received_on, row.name, Decimal(row.quantity_centi).scaleb(-2), row.unit,
                      row.valued_fen, row.counterparty, row.note, number, row.by_name, undone, replacement is not None,
                      row.reason)
            for row, number, undone, replacement in rows]


def donor_names(session: Session) -> dict[str, str]:
    """The live donors of the register, id → name, by name: who a donation may be from."""
    require(session, Action.VIEW)
    return {donor_id: name for donor_id, name in session.execute(
        select(Donor.id, Donor.name).where(Donor.deleted_at.is_(None)).order_by(Donor.name, Donor.id))}


def fund_names(session: Session) -> dict[str, str]:
    """The active funds, id → name: where a transfer may go."""
    require(session, Action.VIEW)
    return {fund_id: name for fund_id, name in session.execute(
        select(Fund.id, Fund.name).where(Fund.deleted_at.is_(None), Fund.status == funds.ACTIVE)
        .order_by(Fund.name, Fund.id))}


def open_with_committee(session: Session, data: FundInput, members: Sequence[MemberInput],
                        today: date | None = None) -> FundView:
    """A new fund and the members of its committee, serving from the day it opened, in one unit of work.
    A member's problem is named ``committee.<n>.<field>``, ``n`` counted from 1 as the table shows them."""
    fund = funds.add(session, data, today)
    for number, member in enumerate(members, 1):
        try:
            funds.add_member(session, fund.id, member, today)
        except ValidationError as exc:
            raise ValidationError(f"committee.{number}.{exc.field}", exc.message) from None
    return funds.get(session, fund.id)


def backdate_reasons(session: Session, ids: Sequence[str]) -> dict[str, str]:
    """Why each of the entries ``ids`` dated into books a recorded balance closed was let in (the audit log
    keeps it, ``write_entry``); an entry not back-dated is not in it. One pass over the audit log's
    back-datings, which are few: for a list of entries, not for every paper that reads them."""
    require(session, Action.VIEW)
    wanted = set(ids)
    return {row_id: str(json.loads(detail).get("reason", "")) for row_id, detail in session.execute(
        select(AuditEntry.row_id, AuditEntry.detail).where(AuditEntry.action == ledger.BACKDATED,
                                                           AuditEntry.table_name == LedgerEntry.__tablename__))
            if row_id in wanted}
