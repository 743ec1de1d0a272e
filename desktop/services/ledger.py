"""A fund's journal (记账): posting what a person picks, reversing a mistake, and the balances.

Every entry is written by ``write_entry``: its lines balance (``domain.ledger.check_balanced``), it
takes no asset below zero on its day or on any later day already posted, and it takes the fund's next
number. Entries are never changed: a mistake is undone by a reversing entry that points at it, with a
reason, dated the day the correction is made. An entry dated on or before a balance recorded for an
account it moves (a bank statement, a cash count) would change books already closed: it is refused unless
a reason for back-dating it is given, which the audit log keeps (``reconciliation.check_open``) and the
list of entries shows (``ledger_lists.backdate_reasons``). A transfer is two entries, one in each fund, reversed
together. Money going out (a grant, an expense, a transfer or a refund) is posted only from a disbursement
the committee approved (``services.disbursements``). Goods that cannot be valued are recorded by name and
quantity, with no entry: they are not income (``services.goods`` corrects or values them later).
The donor or payee named is written as a person's name is (``client_input.person_name``: 张 阿 姨 is 张阿姨),
and a reversal copies its entry's, so one donor has one spelling on every paper.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.orm import Session

from desktop.domain.codes import label
from desktop.domain.ledger import (
    ACCOUNT_LABELS, ACCOUNTS, ASSETS, DISBURSED, ENTRY_KIND_LABELS, MONEY, NOT_POSTED_HERE, PICKED, EntryKind,
    Line, Side, check_amount, check_balanced, lines_for, overdrawn, reversal_of,
)
from desktop.domain.money import from_fen
from desktop.domain.permissions import Action, Principal
from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _
from desktop.services import outflows, receipts, reconciliation
from desktop.services.case_access import written
from desktop.services.client_input import person_name
from desktop.services.forms import optional_text, required_text
from desktop.services.funds import fund_day, load_fund, open_fund
from desktop.services.guard import require
from desktop.services.numbering import next_in_fund
from desktop.storage import audit
from desktop.storage.models import DonationReceipt, Donor, Fund, GoodsInKind, LedgerEntry, LedgerLine

MAX_QUANTITY = Decimal(10**9)
BACKDATED = "ledger_entry.backdated"  # audit action: {"reason", "closed_through"}


@dataclass(frozen=True)
class GoodsInput:
    """What donated goods are (捐赠物资): by name and quantity in a unit (120 份), valued or not."""

    name: str
    quantity: Decimal
    unit: str
    note: str = ""

    def validated(self) -> GoodsInput:
        quantity = self.quantity
        if not isinstance(quantity, Decimal) or not quantity.is_finite() or not 0 < quantity <= MAX_QUANTITY \
                or quantity != quantity.quantize(Decimal("0.01")):
            raise ValidationError("quantity", _("Enter a quantity above zero, with at most two decimal places."))
        name = required_text(self.name, "goods", 100)
        if not self.unit.strip():  # "46" alone says nothing: 46 件, 袋 or 箱
            raise ValidationError("unit", _("Give the unit the goods are counted in, like 份, 件 or 袋."))
        return replace(self, name=name, unit=required_text(self.unit, "unit", 20),
                       note=optional_text(self.note, "note", 200))


@dataclass(frozen=True)
class PostingInput:
    kind: str  # domain.ledger.PICKED but DISBURSED: a donation
    amount_fen: int | None  # None for goods that cannot be valued
    posted_on: date
    account: str = ""  # the asset moved (bank, cash, goods); the kind's usual one when empty
    memo: str = ""  # 摘要
    counterparty: str = ""  # the donor or payee as named; the donor's register name when empty
    donor_id: str | None = None
    goods: GoodsInput | None = None  # what donated goods are
    anonymous: bool = False  # the donor asked not to be named in public notices
    backdate_reason: str = ""  # why it is dated into books closed by a confirmed balance

    def validated(self) -> PostingInput:
        if self.kind in DISBURSED:  # 募用分离: money goes out only as the committee decided
            raise ValidationError("kind", _(NOT_POSTED_HERE[EntryKind(self.kind)]))
        if self.kind not in PICKED:
            raise ValidationError("kind", _("Choose a kind of entry."))
        goods = self.goods.validated() if self.goods is not None else None
        if self.kind == EntryKind.DONATION_GOODS:
            if goods is None:
                raise ValidationError("goods", _("Say what the goods are."))
            if self.amount_fen is not None:  # None: goods that cannot be valued; a valuation of 0 is refused
                check_amount(self.amount_fen)
        else:
            check_amount(self.amount_fen)
            if goods is not None:
                raise ValidationError("goods", _("Only a donation of goods lists goods."))
        if not (self.counterparty.strip() or self.donor_id):
            raise ValidationError("counterparty", _("Name the donor, or choose one from the register."))
        return replace(self, goods=goods,
                       memo=optional_text(self.memo, "memo", 200),
                       counterparty=optional_text(person_name(self.counterparty), "counterparty", 100),
                       donor_id=self.donor_id or None)


@dataclass(frozen=True)
class Draft:
    """An entry about to be written by ``write_entry``."""

    kind: str
    posted_on: date
    lines: tuple[Line, ...]
    memo: str = ""
    counterparty: str = ""
    anonymous: bool = False
    donor_id: str | None = None
    project_id: str | None = None
    linked_id: str | None = None
    reverses_id: str | None = None
    reason: str = ""
    backdate_reason: str = ""  # why it is dated into books closed by a confirmed balance


@dataclass(frozen=True)
class EntryView:
    id: str
    fund_id: str
    number: int  # from 1 in the fund
    kind: str  # domain.ledger.EntryKind
    posted_on: date
    amount_fen: int
    memo: str
    counterparty: str
    anonymous: bool
    donor_id: str | None
    project_id: str | None
    linked_id: str | None  # the other half of a transfer (or of its reversal), in the other fund
    reverses_id: str | None
    reversed_by: str | None  # the entry that reverses this one
    reason: str
    by_name: str
    lines: tuple[Line, ...]

    @property
    def kind_label(self) -> str:
        return label(ENTRY_KIND_LABELS, self.kind)


@dataclass(frozen=True)
class Posted:
    """What ``post`` wrote: the entry (for a transfer, the paying fund's half), and the goods record."""

    entry: EntryView | None  # None: goods that cannot be valued, recorded by name and quantity only
    goods_id: str | None


@dataclass(frozen=True)
class Balances:
    fund_id: str
    as_of: date | None  # None: everything posted
    accounts: dict[str, int]  # every account of the chart, on its normal side

    @property
    def available_fen(self) -> int:
        """The fund's money: bank and cash (可用资金)."""
        return sum(self.accounts[code] for code in MONEY)


def _signed() -> ColumnElement[int]:
    """A line's amount as it moves its account's balance: plus on the account's normal side (SQL)."""
    normal = case({code: account.normal.value for code, account in ACCOUNTS.items()}, value=LedgerLine.account)
    return case((LedgerLine.side == normal, LedgerLine.amount_fen), else_=-LedgerLine.amount_fen)


def lowest_from(session: Session, fund_id: str, account: str, day: date) -> tuple[int, date]:
    """The lowest end-of-day balance of ``account`` on ``day`` or any later day posted, and that day."""
    signed = _signed()
    where = (LedgerLine.fund_id == fund_id, LedgerLine.account == account)
    opening = session.scalar(select(func.coalesce(func.sum(signed), 0)).where(*where, LedgerLine.posted_on < day))
    days = session.execute(select(LedgerLine.posted_on, func.sum(signed)).where(*where, LedgerLine.posted_on >= day)
                           .group_by(LedgerLine.posted_on).order_by(LedgerLine.posted_on)).all()
    running = int(opening or 0)
    lowest = (running, day) if not days or days[0][0] != day else None
    for posted_on, change in days:
        running += int(change)
        if lowest is None or running < lowest[0]:
            lowest = (running, posted_on)
    assert lowest is not None
    return lowest


def _check_cover(session: Session, fund: Fund, draft: Draft) -> None:
    """No asset below zero, on the entry's day or after: the fund cannot spend what it does not hold."""
    taken = {line.account for line in draft.lines if line.account in ASSETS and line.signed_fen < 0}
    lowest = {account: lowest_from(session, fund.id, account, draft.posted_on) for account in taken}
    short = overdrawn({account: held for account, (held, _day) in lowest.items()}, draft.lines)
    if short is not None:
        held, day = lowest[short]
        out = -sum(line.signed_fen for line in draft.lines if line.account == short)
        raise ValidationError("amount", _("{account} of {fund} would go below zero: it holds {held} yuan on {date}, "
                                          "and this takes {amount} yuan.").format(
            account=label(ACCOUNT_LABELS, short), fund=fund.name, held=from_fen(held), date=day.isoformat(),
            amount=from_fen(out)))


def write_entry(session: Session, fund: Fund, draft: Draft, who: Principal, today: date | None = None) -> LedgerEntry:
    """The one way an entry is written: balanced, covered, numbered next in ``fund`` (locked by
    ``funds.open_fund``). ``today`` is the day it is entered (the clock's unless given)."""
    check_balanced(draft.lines)
    closed = reconciliation.check_open(session, fund, draft.posted_on, draft.backdate_reason,
                                       {line.account for line in draft.lines})
    _check_cover(session, fund, draft)
    number = next_in_fund(session, LedgerEntry.number, LedgerEntry.fund_id, fund.id)
    amount = sum(line.amount_fen for line in draft.lines if line.side == Side.DEBIT)
    row = LedgerEntry(fund_id=fund.id, number=number, kind=draft.kind, posted_on=draft.posted_on, amount_fen=amount,
                      memo=draft.memo, counterparty=draft.counterparty, anonymous=draft.anonymous,
                      donor_id=draft.donor_id, project_id=draft.project_id, linked_id=draft.linked_id,
                      reverses_id=draft.reverses_id, reason=draft.reason, by_name=who.display_name, **written(today))
    session.add(row)
    session.flush()
    for line in draft.lines:
        session.add(LedgerLine(entry_id=row.id, fund_id=fund.id, posted_on=draft.posted_on, account=line.account,
                               side=line.side.value, amount_fen=line.amount_fen, **written(today)))
    if closed is not None:
        audit.append(session, BACKDATED, table_name=LedgerEntry.__tablename__, row_id=row.id,
                     detail={"reason": draft.backdate_reason.strip(), "closed_through": closed.isoformat()})
    session.flush()
    return row


def _donor(session: Session, donor_id: str | None) -> Donor | None:
    if donor_id is None:
        return None
    donor = session.get(Donor, donor_id)
    if donor is None or donor.deleted_at is not None:
        raise ValidationError("donor_id", _("Choose the donor from the register of donors."))
    return donor


def _record_goods(session: Session, fund: Fund, entry_id: str | None, data: PostingInput, counterparty: str,
                  who: Principal, today: date | None) -> str:
    goods = data.goods
    assert goods is not None
    row = GoodsInKind(fund_id=fund.id, entry_id=entry_id, donor_id=data.donor_id, counterparty=counterparty,
                      received_on=data.posted_on, name=goods.name, quantity_centi=int(goods.quantity.scaleb(2)),
                      unit=goods.unit, valued_fen=data.amount_fen, note=goods.note, anonymous=data.anonymous,
                      by_name=who.display_name, ack_number=goods_number(session, fund.id, entry_id), **written(today))
    session.add(row)
    session.flush()
    return row.id


def goods_number(session: Session, fund_id: str, entry_id: str | None) -> int | None:
    """The acknowledgement number a new record of goods takes in its fund: the next, when it has no entry (valued
    goods have their entry's receipt instead, and no number)."""
    return None if entry_id else next_in_fund(session, GoodsInKind.ack_number, GoodsInKind.fund_id, fund_id)


def post(session: Session, fund_id: str, data: PostingInput, today: date | None = None) -> Posted:
    """Post a donation of money, or of goods valued or not; money going out is posted from an approved
    disbursement instead (``disbursements.post_disbursement``). ``today`` is the day it is entered."""
    who = require(session, Action.RECORD_LEDGER)
    day_now = today or date.today()
    data = data.validated()
    fund = open_fund(session, fund_id)
    day = fund_day(fund, data.posted_on, "posted_on", day_now)
    donor = _donor(session, data.donor_id)
    counterparty = data.counterparty or (donor.name if donor else "")
    if data.kind == EntryKind.DONATION_GOODS and data.amount_fen is None:
        return Posted(None, _record_goods(session, fund, None, data, counterparty, who, today))
    assert data.amount_fen is not None
    draft = Draft(data.kind, day, lines_for(data.kind, data.amount_fen, data.account), data.memo, counterparty,
                  data.anonymous, data.donor_id, backdate_reason=data.backdate_reason)
    entry = write_entry(session, fund, draft, who, today)
    goods_id = None
    if data.kind == EntryKind.DONATION_GOODS:
        goods_id = _record_goods(session, fund, entry.id, data, counterparty, who, today)
    return Posted(entry_views(session, [entry.id])[0], goods_id)


def write_transfer(session: Session, fund: Fund, target: Fund, draft: Draft, who: Principal,
                   today: date | None = None) -> LedgerEntry:
    """A transfer: ``draft`` (TRANSFER_OUT) in ``fund`` and its receiving half in ``target``, linked to it
    and moving the same asset; both funds locked by ``funds.open_fund``. Returns the paying half."""
    entry = write_entry(session, fund, draft, who, today)
    asset = next(line.account for line in draft.lines if line.account in ASSETS)
    write_entry(session, target, Draft(EntryKind.TRANSFER_IN, draft.posted_on,
                                       lines_for(EntryKind.TRANSFER_IN, entry.amount_fen, asset),
                                       draft.memo, fund.name, linked_id=entry.id,
                                       backdate_reason=draft.backdate_reason), who, today)
    return entry


def _other_half(session: Session, row: LedgerEntry) -> LedgerEntry | None:
    """The other fund's half of a transfer (or of a transfer's reversal), if ``row`` is one."""
    if row.linked_id is not None:
        return session.get(LedgerEntry, row.linked_id)
    return session.scalars(select(LedgerEntry).where(LedgerEntry.linked_id == row.id)).first()


def _check_reversible(session: Session, row: LedgerEntry) -> None:
    if row.reverses_id is not None:
        raise ValidationError("entry_id", _("A reversal cannot be reversed; post the entry again."))
    if session.scalar(select(LedgerEntry.id).where(LedgerEntry.reverses_id == row.id)) is not None:
        raise ValidationError("entry_id", _("Entry {number} has been reversed already.").format(number=row.number))
    refunded = outflows.refunded_fen(session, row.id, with_open=False) if row.kind == EntryKind.DONATION_MONEY else 0
    if refunded:
        raise ValidationError("entry_id", _("{amount} yuan of entry {number} was refunded: reverse the refund "
                                            "first.").format(amount=from_fen(refunded), number=row.number))
    receipt = session.scalar(select(DonationReceipt.number).where(DonationReceipt.entry_id == row.id,
                                                                   DonationReceipt.status == receipts.ISSUED))
    if receipt is not None:
        raise ValidationError("entry_id", _("Receipt {receipt} was issued for entry {number}: void the receipt "
                                            "first.").format(receipt=receipt, number=row.number))


def reverse(session: Session, entry_id: str, reason: str, on: date | None = None,
            today: date | None = None, backdate_reason: str = "") -> EntryView:
    """Undo an entry with a reversing one dated ``on`` (today when None), ``reason`` saying why; both
    halves of a transfer are reversed together. Returns the reversal of the entry given."""
    who = require(session, Action.RECORD_LEDGER)
    day_now = today or date.today()
    row = session.get(LedgerEntry, entry_id) if entry_id else None
    if row is None:
        raise NotFoundError(_("No such ledger entry."))
    reason = required_text(reason, "reason", 200)
    day = on or day_now
    if day < row.posted_on:
        raise ValidationError("posted_on", _("A reversal is dated on or after the entry it reverses ({date}).").format(
            date=row.posted_on.isoformat()))
    other = _other_half(session, row)
    halves = [row] if other is None else sorted([row, other], key=lambda e: e.linked_id is not None)
    for half in halves:
        _check_reversible(session, half)
    made: dict[str, str] = {}
    for half in halves:  # the half written first is reversed first, so the other reversal can point at it
        fund = open_fund(session, half.fund_id)
        fund_day(fund, day, "posted_on", day_now)
        lines = reversal_of(lines_of(session, half.id))
        linked = made.get(half.linked_id) if half.linked_id else None
        new = write_entry(session, fund, Draft(EntryKind.REVERSAL, day, lines, half.memo, half.counterparty,
                                               half.anonymous, half.donor_id, half.project_id, linked, half.id,
                                               reason, backdate_reason), who, today)
        made[half.id] = new.id
    return entry_views(session, [made[row.id]])[0]


def lines_of(session: Session, entry_id: str) -> tuple[Line, ...]:
    rows = session.execute(select(LedgerLine.account, LedgerLine.side, LedgerLine.amount_fen)
                           .where(LedgerLine.entry_id == entry_id).order_by(LedgerLine.side.desc(), LedgerLine.id))
    return tuple(Line(account, Side(side), amount) for account, side, amount in rows)


# Ids per IN (…): a year's statement of a busy fund holds 100,000s, beyond SQLite's variable limit.
CHUNK = 5_000


def entry_views(session: Session, ids: Sequence[str]) -> list[EntryView]:
    """The entries of ``ids`` with their lines, in the order given."""
    require(session, Action.VIEW)
    views: dict[str, EntryView] = {}
    for start in range(0, len(ids), CHUNK):
        views.update(_views(session, ids[start:start + CHUNK]))
    return [views[i] for i in ids if i in views]


def _views(session: Session, ids: Sequence[str]) -> dict[str, EntryView]:
    # Columns, not ORM rows: a statement reads thousands of entries and loading whole objects doubles it.
    e = LedgerEntry
    rows = session.execute(select(e.id, e.fund_id, e.number, e.kind, e.posted_on, e.amount_fen, e.memo,
                                  e.counterparty, e.anonymous, e.donor_id, e.project_id, e.linked_id,
                                  e.reverses_id, e.reason, e.by_name).where(e.id.in_(ids))).all()
    lines: dict[str, list[Line]] = {}
    for entry_id, account, side, amount in session.execute(
            select(LedgerLine.entry_id, LedgerLine.account, LedgerLine.side, LedgerLine.amount_fen)
            .where(LedgerLine.entry_id.in_(ids)).order_by(LedgerLine.side.desc(), LedgerLine.id)):
        lines.setdefault(entry_id, []).append(Line(account, Side(side), amount))
    reversed_by = {original: reversal for original, reversal in session.execute(
        select(e.reverses_id, e.id).where(e.reverses_id.in_(ids)))}
    linked_from = {first: second for first, second in session.execute(
        select(e.linked_id, e.id).where(e.linked_id.in_(ids)))}
    return {row.id: EntryView(row.id, row.fund_id, row.number, row.kind, row.posted_on, row.amount_fen, row.memo,
                              row.counterparty, row.anonymous, row.donor_id, row.project_id,
                              row.linked_id or linked_from.get(row.id), row.reverses_id, reversed_by.get(row.id),
                              row.reason, row.by_name, tuple(lines.get(row.id, ())))
            for row in rows}


def entry(session: Session, entry_id: str) -> EntryView:
    views = entry_views(session, [entry_id])
    if not views:
        raise NotFoundError(_("No such ledger entry."))
    return views[0]


def entries(session: Session, fund_id: str, start: date | None = None, end: date | None = None) -> list[EntryView]:
    """The fund's entries posted from ``start`` to ``end`` (both included; open when None), by number."""
    require(session, Action.VIEW)
    load_fund(session, fund_id)
    where = [LedgerEntry.fund_id == fund_id]
    if start is not None:
        where.append(LedgerEntry.posted_on >= start)
    if end is not None:
        where.append(LedgerEntry.posted_on <= end)
    return entry_views(session, list(session.scalars(select(LedgerEntry.id).where(*where)
                                                     .order_by(LedgerEntry.number))))


def balances(session: Session, fund_id: str, as_of: date | None = None) -> Balances:
    """Every account's balance after the entries posted up to ``as_of`` (everything when None)."""
    require(session, Action.VIEW)
    load_fund(session, fund_id)
    where = [LedgerLine.fund_id == fund_id]
    if as_of is not None:
        where.append(LedgerLine.posted_on <= as_of)
    sums = dict.fromkeys(ACCOUNTS, 0)
    for account, total in session.execute(select(LedgerLine.account, func.sum(_signed())).where(*where)
                                          .group_by(LedgerLine.account)):
        sums[account] = int(total)
    return Balances(fund_id, as_of, sums)


def granted_fen(session: Session, project_id: str) -> int:
    """What every fund has granted the project, net of reversals."""
    total = session.scalar(select(func.coalesce(func.sum(_signed()), 0)).select_from(LedgerLine)
                           .join(LedgerEntry, LedgerLine.entry_id == LedgerEntry.id)
                           .where(LedgerEntry.project_id == project_id, LedgerLine.account == "grants_paid"))
    return int(total or 0)


def entry_by_number(session: Session, fund_id: str, number: int) -> EntryView:
    """The fund's entry with this number (numbers run per fund, from 1), as people quote it."""
    require(session, Action.VIEW)
    fund = load_fund(session, fund_id)
    found = session.scalar(select(LedgerEntry.id).where(LedgerEntry.fund_id == fund.id, LedgerEntry.number == number))
    if found is None:
        raise NotFoundError(_("{fund} has no entry {number}.").format(fund=fund.name, number=number))
    return entry(session, found)
