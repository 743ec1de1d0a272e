"""What a fund's papers print, read in one go: the donation receipt (捐赠收据) and the statement for a
period (收支明细), with the statement's workbook; and the helpers the public notice (收支公示,
``fund_notice_paper``) shares.

Read-only loaders of frozen dataclasses of plain values: codes are translated labels, amounts fen,
dates stay ``date`` so the paper formats them for its locale. A fund's balance on paper is what it holds
(bank, cash and goods valued at donation), so a statement's in and out are every entry's change to its
assets and opening + in − out = closing to the fen. A reversal is shown as such, in the column of the
entry it undoes with the amount negative (红字冲销), so the columns are the net figures. Anyone who may
look at the data may print them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import ClassVar

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from desktop.domain.codes import label
from desktop.domain.ledger import (
    ACCOUNT_LABELS, ACCOUNTS, ASSETS, ENTRY_KIND_LABELS, AccountKind, EntryKind, Line, Side,
)
from desktop.domain.money import amount_in_words, from_fen
from desktop.domain.permissions import Action
from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import N_, _
from desktop.services import funds, publications
from desktop.services.funds import load_fund
from desktop.services.guard import require
from desktop.services import receipts
from desktop.services.ledger import balances
from desktop.services.receipts import VOIDED
from desktop.services.spreadsheet import SheetData, Value
from desktop.services.station import get_profile
from desktop.storage.models import (
    DonationReceipt, Fund, GoodsInKind, LedgerEntry, LedgerLine, Project, SocialOrg,
)

CENTI = Decimal(100)  # quantities are stored in hundredths
# An entry's kind in a paper's narrow column (the screen's labels gloss, and wrap over lines on paper).
PAPER_KIND_LABELS: dict[str, str] = {
    EntryKind.DONATION_MONEY: N_("Money donation"),
    EntryKind.DONATION_GOODS: N_("Goods donation"),
    EntryKind.GRANT: N_("Grant"),
    EntryKind.EXPENSE: N_("Expense"),
    EntryKind.TRANSFER_OUT: N_("Transfer out"),
    EntryKind.TRANSFER_IN: N_("Transfer in"),
    EntryKind.REFUND: N_("Refund"),
    EntryKind.REVERSAL: ENTRY_KIND_LABELS[EntryKind.REVERSAL],
}


@dataclass(frozen=True)
class FundHead:
    """What every paper of a fund says about it."""

    station: str
    station_phone: str
    fund_id: str
    name: str
    community: str
    host_charity: str  # 托管慈善组织: holds the money and issues the official ticket


@dataclass(frozen=True)
class GoodsLine:
    name: str
    quantity: Decimal
    unit: str
    valued_fen: int | None  # None: goods that cannot be valued
    note: str


@dataclass(frozen=True)
class ReceiptPaper:
    head: FundHead
    number: str  # 青山基金收〔2026〕0001号
    donor: str
    purpose: str
    kind: str  # money or goods, as a label
    donated_on: date
    issued_on: date
    amount_fen: int
    amount_in_words: str  # 大写
    goods: tuple[GoodsLine, ...]  # what goods in kind the donation was
    issuer: str
    entry_number: int
    status: str  # issued or voided
    status_label: str
    void_reason: str
    voided_on: date | None
    official_ticket_code: str  # of the 公益事业捐赠票据, once the host charity issues it
    official_ticket_number: str
    refunded_fen: int = 0  # refunds of the donation paid and not reversed (``ReceiptView.refunded_fen``)

    @property
    def voided(self) -> bool:
        return self.status == VOIDED


@dataclass(frozen=True)
class StatementLine:
    """One entry as the statement prints it: ``in_fen`` and ``out_fen`` are what it added to and took from
    the fund's assets, a reversal's negative in the column of the entry it undoes."""

    posted_on: date
    number: int
    kind: str  # label
    counterparty: str
    memo: str
    in_fen: int
    out_fen: int
    balance_fen: int  # the fund's assets after it
    reverses: int | None  # the number of the entry a reversal undoes
    reversed_by: int | None  # the number of the reversal that undoes this entry
    reason: str  # why a reversal, or a later valuation of goods, was made


@dataclass(frozen=True)
class CategoryLine:
    category: str  # an income or expense account of the chart, as a label
    amount_fen: int  # net of reversals


@dataclass(frozen=True)
class GrantLine:
    project_number: str
    project_title: str
    org: str
    amount_fen: int  # granted in the period, net of reversals
    to_date_fen: int  # granted by this fund up to the end of the period
    approved_fen: int | None  # the project's approved amount (立项金额)


@dataclass(frozen=True)
class AccountLine:
    account: str  # an asset account, as a label
    opening_fen: int
    closing_fen: int


@dataclass(frozen=True)
class StatementPaper:
    head: FundHead
    start: date
    end: date
    opening_fen: int  # the fund's assets at the start of ``start``
    closing_fen: int  # at the end of ``end``
    lines: tuple[StatementLine, ...]  # by day, then number
    accounts: tuple[AccountLine, ...]  # bank, cash and goods at the opening and the close
    income: tuple[CategoryLine, ...]  # every income account of the chart
    spending: tuple[CategoryLine, ...]  # every expense account of the chart
    grants: tuple[GrantLine, ...]  # the projects granted in the period, by number
    KIND: ClassVar[str] = publications.STATEMENT

    @property
    def totals(self) -> publications.Totals:
        """What a publication of it keeps (``publications.record``)."""
        return publications.Totals(self.opening_fen, self.in_fen, self.out_fen, self.closing_fen)

    @property
    def in_fen(self) -> int:
        return sum(line.in_fen for line in self.lines)

    @property
    def out_fen(self) -> int:
        return sum(line.out_fen for line in self.lines)

    @property
    def income_fen(self) -> int:
        return sum(line.amount_fen for line in self.income)

    @property
    def spending_fen(self) -> int:
        return sum(line.amount_fen for line in self.spending)


def find_fund(session: Session, name_or_id: str) -> str:
    """The id of the live fund with this name or id."""
    require(session, Action.VIEW)
    key = name_or_id.strip()
    ids = list(session.scalars(select(Fund.id).where(or_(Fund.id == key, Fund.name == key),
                                                     Fund.deleted_at.is_(None))))
    if len(ids) != 1:
        raise NotFoundError(_("No fund is named {name}.").format(name=key) if not ids else
                            _("Several funds are named {name}; give the fund's id.").format(name=key))
    return ids[0]


def receipt_paper(session: Session, number_or_id: str, fund_id: str = "") -> ReceiptPaper:
    """Everything a receipt prints, found by its number (青山基金收〔2026〕0001号) or id (``receipts.find``)."""
    row = session.get(DonationReceipt, receipts.find(session, number_or_id, fund_id))
    assert row is not None
    entry = session.get(LedgerEntry, row.entry_id)
    assert entry is not None
    goods = session.scalars(select(GoodsInKind).where(GoodsInKind.entry_id == entry.id,
                                                      GoodsInKind.deleted_at.is_(None)).order_by(GoodsInKind.created_at))
    shown = receipts.get(session, row.id)  # its status as the 收据 tab says it, a refund included
    return ReceiptPaper(
        head=fund_head(session, row.fund_id), number=row.number, donor=row.donor_name, purpose=row.purpose,
        kind=donation_kind(entry.kind), donated_on=entry.posted_on, issued_on=row.issued_on,
        amount_fen=row.amount_fen, amount_in_words=amount_in_words(from_fen(row.amount_fen)),
        goods=tuple(_goods_line(g) for g in goods), issuer=row.issuer, entry_number=entry.number, status=row.status,
        status_label=shown.status_label, void_reason=row.void_reason, voided_on=row.voided_on,
        official_ticket_code=row.official_ticket_code, official_ticket_number=row.official_ticket_number,
        refunded_fen=shown.refunded_fen)


def check_period(start: date, end: date) -> None:
    if end < start:
        raise ValidationError("end", _("The period ends before it starts."))


def check_opened(session: Session, fund_id: str, end: date) -> None:
    """A fund's paper (statement, notice) covers a period that reaches the day the fund opened: one that ends
    before has nothing to show, and a paper of zeros would read as a fund that held and did nothing."""
    fund = load_fund(session, fund_id)
    if end < fund.opened_on:
        raise ValidationError("end", _("{fund} opened on {date}: this period ends before it, so there is nothing to "
                                       "show. End the period on {date} or later.").format(
            fund=fund.name, date=fund.opened_on.isoformat()))


def statement_paper(session: Session, fund_id: str, start: date, end: date) -> StatementPaper:
    """The fund's statement from ``start`` to ``end`` (both included)."""
    require(session, Action.VIEW)
    check_period(start, end)
    check_opened(session, fund_id, end)
    rows, lines = period_entries(session, fund_id, start, end)
    undoes, undone_by = _reversal_numbers(session, fund_id, rows)
    opening = assets_on(session, fund_id, start - timedelta(days=1))
    closing = assets_on(session, fund_id, end)
    running = sum(opening.values())
    printed: list[StatementLine] = []
    for row in rows:
        change = sum(line.signed_fen for line in lines[row.id] if line.account in ASSETS)
        running += change
        # A reversal stands in its original's column, negative: the columns are then net of it.
        if row.kind == EntryKind.REVERSAL:
            in_fen, out_fen = (change, 0) if change < 0 else (0, -change)
        else:
            in_fen, out_fen = max(change, 0), max(-change, 0)
        printed.append(StatementLine(row.posted_on, row.number, label(PAPER_KIND_LABELS, row.kind), row.counterparty,
                                     row.memo, in_fen, out_fen, running, undoes.get(row.reverses_id or ""),
                                     undone_by.get(row.id), row.reason))
    moved: dict[str, int] = defaultdict(int)
    for row in rows:
        for line in lines[row.id]:
            moved[line.account] += line.signed_fen
    return StatementPaper(
        head=fund_head(session, fund_id), start=start, end=end, opening_fen=sum(opening.values()),
        closing_fen=sum(closing.values()), lines=tuple(printed),
        accounts=tuple(AccountLine(label(ACCOUNT_LABELS, code), opening[code], closing[code]) for code in ASSETS),
        income=_categories(moved, AccountKind.INCOME), spending=_categories(moved, AccountKind.EXPENSE),
        grants=_grants(session, fund_id, rows, lines, end))


def statement_sheets(paper: StatementPaper) -> list[SheetData]:
    """The statement as a workbook, with the figures of the PDF's four parts: the journal with its opening and
    closing rows, the balance of each account (分科目余额) at the start and the end, the income and spending by
    category with what the period added (收支结余), and the grants by project; amounts in yuan."""
    journal: list[list[Value]] = [[paper.start, None, _("Opening balance"), "", "", None, None,
                                    from_fen(paper.opening_fen), ""]]
    for line in paper.lines:
        journal.append([line.posted_on, line.number, line.kind, line.counterparty, line.memo,
                        from_fen(line.in_fen) if line.in_fen else None,
                        from_fen(line.out_fen) if line.out_fen else None, from_fen(line.balance_fen),
                        statement_note(line)])
    journal.append([paper.end, None, _("Closing balance"), "", "", from_fen(paper.in_fen), from_fen(paper.out_fen),
                    from_fen(paper.closing_fen), ""])
    categories: list[list[Value]] = [
        *([_("Income"), line.category, from_fen(line.amount_fen)] for line in paper.income),
        [_("Income"), _("Total"), from_fen(paper.income_fen)],
        *([_("Spending"), line.category, from_fen(line.amount_fen)] for line in paper.spending),
        [_("Spending"), _("Total"), from_fen(paper.spending_fen)],
        [_("Income less spending"), "", from_fen(paper.income_fen - paper.spending_fen)],
    ]
    accounts: list[list[Value]] = [
        *([line.account, from_fen(line.opening_fen), from_fen(line.closing_fen)] for line in paper.accounts),
        [_("Total"), from_fen(paper.opening_fen), from_fen(paper.closing_fen)],
    ]
    grants: list[list[Value]] = [[g.project_number, g.project_title, g.org, from_fen(g.amount_fen),
                                  from_fen(g.to_date_fen), from_fen(g.approved_fen) if g.approved_fen is not None else None]
                                 for g in paper.grants]
    return [
        SheetData(_("Journal"), [_("Date"), _("Entry no."), _("Kind"), _("Counterparty"), _("Memo"), _("In (yuan)"),
                                 _("Out (yuan)"), _("Balance (yuan)"), _("Note")], journal),
        SheetData(_("Balances by account"), [_("Account"), _("Opening (yuan)"), _("Closing (yuan)")], accounts),
        SheetData(_("By category"), [_("Income or spending"), _("Category"), _("Amount (yuan)")], categories),
        SheetData(_("Grants by project"), [_("Project no."), _("Project title"), _("Organisation"),
                                           _("Granted in the period (yuan)"), _("Granted to date (yuan)"),
                                           _("Approved amount (yuan)")], grants),
    ]


def statement_note(line: StatementLine) -> str:
    """What a statement says of an entry beyond its columns: the entry a reversal undoes and why, the
    reversal that undid it, or why goods recorded with no valuation were valued later."""
    if line.reverses is not None:
        return _("Reverses no. {number}: {reason}").format(number=line.reverses, reason=line.reason)
    if line.reversed_by is not None:
        return _("Reversed by no. {number}").format(number=line.reversed_by)
    return _("Valued later: {reason}").format(reason=line.reason) if line.reason else ""


def fund_head(session: Session, fund_id: str) -> FundHead:
    fund = funds.get(session, fund_id)
    station = get_profile(session)
    return FundHead(station.name, station.phone, fund.id, fund.name, fund.community, fund.host_charity)


def donation_kind(kind: str) -> str:
    return _("Goods (物资)") if kind == EntryKind.DONATION_GOODS else _("Money (资金)")


def _goods_line(row: GoodsInKind) -> GoodsLine:
    return GoodsLine(row.name, Decimal(row.quantity_centi) / CENTI, row.unit, row.valued_fen, row.note)


def quantity_text(quantity: Decimal, unit: str) -> str:
    """A quantity as people write it: 120 份, 2.5 吨 (no trailing zeros)."""
    shown = quantity.quantize(Decimal(1)) if quantity == quantity.to_integral_value() else quantity.normalize()
    return f"{shown}{unit}" if unit and not unit.isascii() else f"{shown} {unit}".strip()


def goods_text(rows: list[GoodsInKind]) -> str:
    return _("; ").join(f"{row.name} {quantity_text(Decimal(row.quantity_centi) / CENTI, row.unit)}" for row in rows)


def period_entries(session: Session, fund_id: str, start: date, end: date) -> tuple[list[LedgerEntry], dict[str, list[Line]]]:
    """The entries posted in the period, by day then number, and their lines (one pass over the fund's
    index of lines by day)."""
    rows = list(session.scalars(select(LedgerEntry).where(
        LedgerEntry.fund_id == fund_id, LedgerEntry.posted_on >= start, LedgerEntry.posted_on <= end)
        .order_by(LedgerEntry.posted_on, LedgerEntry.number)))
    lines: dict[str, list[Line]] = {row.id: [] for row in rows}
    for entry_id, account, side, amount in session.execute(
            select(LedgerLine.entry_id, LedgerLine.account, LedgerLine.side, LedgerLine.amount_fen).where(
                LedgerLine.fund_id == fund_id, LedgerLine.posted_on >= start, LedgerLine.posted_on <= end)):
        lines.setdefault(entry_id, []).append(Line(account, Side(side), amount))
    return rows, lines


def _reversal_numbers(session: Session, fund_id: str,
                      rows: list[LedgerEntry]) -> tuple[dict[str, int], dict[str, int]]:
    """The numbers a statement refers to: of the entry each reversal in ``rows`` undoes, and of the
    reversal of each entry in ``rows`` (it may come after the period); both keyed by the entry's id."""
    ids = {row.id for row in rows}
    undone_by = {reverses_id: number for number, reverses_id in session.execute(
        select(LedgerEntry.number, LedgerEntry.reverses_id).where(LedgerEntry.fund_id == fund_id,
                                                                  LedgerEntry.reverses_id.is_not(None)))
        if reverses_id in ids}
    undoes = {entry_id: number for entry_id, number in session.execute(select(LedgerEntry.id, LedgerEntry.number)
              .where(LedgerEntry.id.in_([row.reverses_id for row in rows if row.reverses_id])))}
    return undoes, undone_by


def assets_on(session: Session, fund_id: str, as_of: date) -> dict[str, int]:
    accounts = balances(session, fund_id, as_of).accounts
    return {code: accounts[code] for code in ASSETS}


def _categories(moved: dict[str, int], kind: AccountKind) -> tuple[CategoryLine, ...]:
    return tuple(CategoryLine(label(ACCOUNT_LABELS, code), moved.get(code, 0))
                 for code, account in ACCOUNTS.items() if account.kind is kind)


def _grants(session: Session, fund_id: str, rows: list[LedgerEntry], lines: dict[str, list[Line]],
            end: date) -> tuple[GrantLine, ...]:
    """Each project granted in the period: net in the period, by this fund to the end of it, approved."""
    granted: dict[str, int] = defaultdict(int)
    for row in rows:
        if row.project_id:
            granted[row.project_id] += sum(line.signed_fen for line in lines[row.id] if line.account == "grants_paid")
    if not granted:
        return ()
    to_date: dict[str, int] = defaultdict(int)
    for project_id, account, side, amount in session.execute(
            select(LedgerEntry.project_id, LedgerLine.account, LedgerLine.side, LedgerLine.amount_fen)
            .join(LedgerEntry, LedgerLine.entry_id == LedgerEntry.id)
            .where(LedgerEntry.fund_id == fund_id, LedgerEntry.project_id.in_(list(granted)),
                   LedgerLine.account == "grants_paid", LedgerLine.posted_on <= end)):
        to_date[project_id] += Line(account, Side(side), amount).signed_fen
    return tuple(GrantLine(p.number, p.title, org or "", granted[p.id], to_date[p.id], p.approved_fen)
                 for p, org in session.execute(select(Project, SocialOrg.name).outerjoin(
                     SocialOrg, SocialOrg.id == Project.org_id).where(Project.id.in_(list(granted)))
                     .order_by(Project.number)))

