"""What a fund's papers print, read in one go: the donation receipt (捐赠收据), the statement for a period
(收支明细) and the public notice for a period (收支公示); and the statement's workbook.

Read-only loaders of frozen dataclasses of plain values: codes are translated labels, amounts fen,
dates stay ``date`` so the paper formats them for its locale. A fund's balance on paper is what it holds
(bank, cash and goods valued at donation), so a statement's in and out are every entry's change to its
assets and opening + in − out = closing to the fen. A reversal is shown as such, in the column of the
entry it undoes with the amount negative (红字冲销), so the columns are the net figures. Anyone who may
look at the data may print them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from desktop.domain.codes import label
from desktop.domain.ledger import (
    ACCOUNT_LABELS, ACCOUNTS, ASSETS, DONATIONS, ENTRY_KIND_LABELS, RECEIPT_STATUS_LABELS, AccountKind, EntryKind,
    Line, MemberRole, Side,
)
from desktop.domain.money import amount_in_words, from_fen
from desktop.domain.permissions import Action
from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import N_, _, format_date
from desktop.services import funds
from desktop.services.funds import load_fund
from desktop.services.guard import require
from desktop.services.ledger import balances
from desktop.services import receipts
from desktop.services.receipts import VOIDED
from desktop.services.spreadsheet import SheetData, Value
from desktop.services.station import get_profile
from desktop.storage.models import (
    DonationReceipt, Fund, GoodsInKind, LedgerEntry, LedgerLine, Project, SocialOrg,
)

CENTI = Decimal(100)  # quantities are stored in hundredths
NOTICE_DAYS = 7  # how long a notice stays posted (公示期), unless the station says otherwise
NOTICE_MOST_DAYS = 90  # a longer 公示期 is no notice but a sign left up
ANONYMOUS = N_("Anonymous well-wisher (爱心人士)")  # how a donor who asked not to be named is shown in public
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
    reason: str  # why a reversal was made


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


@dataclass(frozen=True)
class NoticeDonation:
    received_on: date
    donor: str  # as the public sees it: ANONYMOUS when the donor asked, or when every name is hidden
    kind: str  # money or goods, as a label
    what: str  # the purpose given, or the goods and their quantity
    amount_fen: int | None  # None: goods that cannot be valued


@dataclass(frozen=True)
class NoticeUse:
    """Money used in the period: a project's grants together, or one other payment."""

    paid_on: date | None  # None for a project: its grants may be several payments
    item: str  # the project (number and title), or the payment's 摘要
    recipient: str  # the project's organisation, or the payee
    kind: str  # label
    amount_fen: int  # net of reversals


@dataclass(frozen=True)
class NoticeCorrection:
    """A reversal in the period of an entry posted before it (冲销): a public sheet says what it corrects and
    why, apart from the period's donations and spending, so no total reads as negative giving or spending."""

    posted_on: date
    number: int  # the reversal's entry number
    original_number: int  # of the entry it undoes
    original_posted_on: date
    kind: str  # the undone entry's kind, as a label
    item: str  # what the undone entry was: the donor and purpose or goods, the project, or the payment's 摘要
    reason: str
    amount_fen: int  # its change to the fund's balance: negative for a donation undone, positive for spending


@dataclass(frozen=True)
class NoticePaper:
    head: FundHead
    start: date
    end: date
    posted_on: date  # the first day of the notice period (公示期)
    posted_until: date  # its last day
    donations: tuple[NoticeDonation, ...]  # by day
    uses: tuple[NoticeUse, ...]  # the projects first, then other payments by day
    corrections: tuple[NoticeCorrection, ...]  # of entries from before the period, by day
    opening_fen: int
    closing_fen: int
    supervisors: tuple[str, ...]  # the committee's supervisors (监督) serving at the end of the period
    anonymised_all: bool

    @property
    def received_fen(self) -> int:
        return sum(d.amount_fen or 0 for d in self.donations)

    @property
    def used_fen(self) -> int:
        return sum(u.amount_fen for u in self.uses)

    @property
    def corrected_fen(self) -> int:
        """What the corrections changed the balance by: opening + received − used + corrected = closing."""
        return sum(c.amount_fen for c in self.corrections)


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
    return ReceiptPaper(
        head=_head(session, row.fund_id), number=row.number, donor=row.donor_name, purpose=row.purpose,
        kind=_donation_kind(entry.kind), donated_on=entry.posted_on, issued_on=row.issued_on,
        amount_fen=row.amount_fen, amount_in_words=amount_in_words(from_fen(row.amount_fen)),
        goods=tuple(_goods_line(g) for g in goods), issuer=row.issuer, entry_number=entry.number, status=row.status,
        status_label=label(RECEIPT_STATUS_LABELS, row.status), void_reason=row.void_reason, voided_on=row.voided_on,
        official_ticket_code=row.official_ticket_code, official_ticket_number=row.official_ticket_number)


def check_period(start: date, end: date) -> None:
    if end < start:
        raise ValidationError("end", _("The period ends before it starts."))


def statement_paper(session: Session, fund_id: str, start: date, end: date) -> StatementPaper:
    """The fund's statement from ``start`` to ``end`` (both included)."""
    require(session, Action.VIEW)
    load_fund(session, fund_id)
    check_period(start, end)
    rows, lines = _period(session, fund_id, start, end)
    undoes, undone_by = _reversal_numbers(session, fund_id, rows)
    opening = _assets(session, fund_id, start - timedelta(days=1))
    closing = _assets(session, fund_id, end)
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
        head=_head(session, fund_id), start=start, end=end, opening_fen=sum(opening.values()),
        closing_fen=sum(closing.values()), lines=tuple(printed),
        accounts=tuple(AccountLine(label(ACCOUNT_LABELS, code), opening[code], closing[code]) for code in ASSETS),
        income=_categories(moved, AccountKind.INCOME), spending=_categories(moved, AccountKind.EXPENSE),
        grants=_grants(session, fund_id, rows, lines, end))


def check_notice(start: date, end: date, posted_on: date, days: int) -> None:
    """A notice is posted once its period is over, for one to NOTICE_MOST_DAYS days."""
    check_period(start, end)
    if posted_on < end:
        raise ValidationError("posted_on", _("A notice is posted after its period ends, on {date} or later.").format(
            date=format_date(end)))
    if not 1 <= days <= NOTICE_MOST_DAYS:
        raise ValidationError("days", _("A notice is posted for 1 to {most} days.").format(most=NOTICE_MOST_DAYS))


def notice_paper(session: Session, fund_id: str, start: date, end: date, anonymise_all: bool = False, *,
                 posted_on: date | None = None, days: int = NOTICE_DAYS) -> NoticePaper:
    """The public notice of what the fund received and used from ``start`` to ``end``, to be posted from
    ``posted_on`` (today when None) for ``days`` days. An entry reversed by the end of the period is left
    out with its reversal; a reversal of an entry from before the period is a correction, listed apart
    with the entry it undoes and why. Goods that cannot be valued are listed by name and quantity. A donor
    who asked not to be named, or every donor with ``anonymise_all``, is shown as ANONYMOUS."""
    require(session, Action.VIEW)
    load_fund(session, fund_id)
    first = posted_on or date.today()
    check_notice(start, end, first, days)
    rows, lines = _period(session, fund_id, start, end)
    by_id = {row.id: row for row in rows}
    undone = {row.reverses_id for row in rows if row.reverses_id in by_id}
    originals = {row.id: row for row in session.scalars(select(LedgerEntry).where(LedgerEntry.id.in_(
        [row.reverses_id for row in rows if row.reverses_id and row.reverses_id not in by_id])))}
    goods = defaultdict(list)
    for item in session.scalars(select(GoodsInKind).where(
            GoodsInKind.fund_id == fund_id, GoodsInKind.received_on >= start, GoodsInKind.received_on <= end,
            GoodsInKind.deleted_at.is_(None)).order_by(GoodsInKind.received_on, GoodsInKind.created_at)):
        goods[item.entry_id].append(item)
    earlier_goods = defaultdict(list)  # what the donations of goods a correction undoes were
    for item in session.scalars(select(GoodsInKind).where(GoodsInKind.entry_id.in_(list(originals)),
                                                          GoodsInKind.deleted_at.is_(None))
                                .order_by(GoodsInKind.created_at)):
        earlier_goods[item.entry_id].append(item)

    def donor(name: str, anonymous: bool) -> str:
        return _(ANONYMOUS) if anonymous or anonymise_all else name

    donations: list[NoticeDonation] = []
    projects: dict[str, int] = defaultdict(int)
    payments: list[NoticeUse] = []
    corrections: list[NoticeCorrection] = []
    for row in rows:
        if row.id in undone or (row.kind == EntryKind.REVERSAL and row.reverses_id in undone):
            continue
        if row.kind == EntryKind.REVERSAL:
            original = originals[row.reverses_id or ""]
            corrections.append(NoticeCorrection(
                row.posted_on, row.number, original.number, original.posted_on,
                label(PAPER_KIND_LABELS, original.kind),
                _notice_item(session, original, donor, earlier_goods.get(original.id, [])), row.reason,
                sum(line.signed_fen for line in lines[row.id] if line.account in ASSETS)))
        elif row.kind in DONATIONS:
            what = _goods_text(goods.get(row.id, [])) or row.memo
            donations.append(NoticeDonation(row.posted_on, donor(row.counterparty, row.anonymous),
                                            _donation_kind(row.kind), what, row.amount_fen))
        elif row.kind == EntryKind.TRANSFER_IN:  # from another fund, named as the fund it is
            donations.append(NoticeDonation(row.posted_on, row.counterparty, label(PAPER_KIND_LABELS, row.kind),
                                            row.memo, row.amount_fen))
        elif row.kind == EntryKind.GRANT and row.project_id:
            projects[row.project_id] += row.amount_fen
        elif row.kind in (EntryKind.EXPENSE, EntryKind.REFUND, EntryKind.TRANSFER_OUT):
            payments.append(NoticeUse(row.posted_on, row.memo, row.counterparty, label(PAPER_KIND_LABELS, row.kind),
                                      row.amount_fen))
    for item in goods.get(None, []):  # goods that cannot be valued: no entry, no amount
        donations.append(NoticeDonation(item.received_on, donor(item.counterparty, item.anonymous),
                                        _donation_kind(EntryKind.DONATION_GOODS), _goods_text([item]), None))
    donations.sort(key=lambda d: d.received_on)
    uses = [NoticeUse(None, f"{p.number} {p.title}", org or "",
                      label(PAPER_KIND_LABELS, EntryKind.GRANT), projects[p.id])
            for p, org in session.execute(select(Project, SocialOrg.name).outerjoin(
                SocialOrg, SocialOrg.id == Project.org_id).where(Project.id.in_(list(projects)))
                .order_by(Project.number))]
    supervisors = tuple(m.name for m in funds.committee(session, fund_id, end) if m.role == MemberRole.SUPERVISOR)
    return NoticePaper(
        head=_head(session, fund_id), start=start, end=end, posted_on=first,
        posted_until=first + timedelta(days=days - 1),
        donations=tuple(donations), uses=tuple(uses + payments), corrections=tuple(corrections),
        opening_fen=sum(_assets(session, fund_id, start - timedelta(days=1)).values()),
        closing_fen=sum(_assets(session, fund_id, end).values()), supervisors=supervisors, anonymised_all=anonymise_all)


def _notice_item(session: Session, entry: LedgerEntry, donor: Callable[[str, bool], str],
                 goods: list[GoodsInKind]) -> str:
    """What an entry a correction undoes was, as the public may read it."""
    if entry.kind in DONATIONS:
        return _("{donor}: {what}").format(donor=donor(entry.counterparty, entry.anonymous),
                                           what=_goods_text(goods) or entry.memo)
    if entry.kind == EntryKind.GRANT and entry.project_id:
        project = session.get(Project, entry.project_id)
        assert project is not None
        return f"{project.number} {project.title}"
    return " ".join(part for part in (entry.memo, entry.counterparty) if part)


def statement_sheets(paper: StatementPaper) -> list[SheetData]:
    """The statement as a workbook: the journal with its opening and closing rows, the income and spending
    by category, and the grants by project; amounts in yuan."""
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
    ]
    grants: list[list[Value]] = [[g.project_number, g.project_title, g.org, from_fen(g.amount_fen),
                                  from_fen(g.to_date_fen), from_fen(g.approved_fen) if g.approved_fen is not None else None]
                                 for g in paper.grants]
    return [
        SheetData(_("Journal"), [_("Date"), _("Entry no."), _("Kind"), _("Counterparty"), _("Memo"), _("In (yuan)"),
                                 _("Out (yuan)"), _("Balance (yuan)"), _("Note")], journal),
        SheetData(_("By category"), [_("Income or spending"), _("Category"), _("Amount (yuan)")], categories),
        SheetData(_("Grants by project"), [_("Project no."), _("Project title"), _("Organisation"),
                                           _("Granted in the period (yuan)"), _("Granted to date (yuan)"),
                                           _("Approved amount (yuan)")], grants),
    ]


def statement_note(line: StatementLine) -> str:
    """What a statement says of an entry beyond its columns: the entry a reversal undoes and why, or the
    reversal that undid it."""
    if line.reverses is not None:
        return _("Reverses no. {number}: {reason}").format(number=line.reverses, reason=line.reason)
    if line.reversed_by is not None:
        return _("Reversed by no. {number}").format(number=line.reversed_by)
    return ""


def _head(session: Session, fund_id: str) -> FundHead:
    fund = funds.get(session, fund_id)
    station = get_profile(session)
    return FundHead(station.name, station.phone, fund.id, fund.name, fund.community, fund.host_charity)


def _donation_kind(kind: str) -> str:
    return _("Goods (物资)") if kind == EntryKind.DONATION_GOODS else _("Money (资金)")


def _goods_line(row: GoodsInKind) -> GoodsLine:
    return GoodsLine(row.name, Decimal(row.quantity_centi) / CENTI, row.unit, row.valued_fen, row.note)


def quantity_text(quantity: Decimal, unit: str) -> str:
    """A quantity as people write it: 120 份, 2.5 吨 (no trailing zeros)."""
    shown = quantity.quantize(Decimal(1)) if quantity == quantity.to_integral_value() else quantity.normalize()
    return f"{shown}{unit}" if unit and not unit.isascii() else f"{shown} {unit}".strip()


def _goods_text(rows: list[GoodsInKind]) -> str:
    return _("; ").join(f"{row.name} {quantity_text(Decimal(row.quantity_centi) / CENTI, row.unit)}" for row in rows)


def _period(session: Session, fund_id: str, start: date, end: date) -> tuple[list[LedgerEntry], dict[str, list[Line]]]:
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


def _assets(session: Session, fund_id: str, as_of: date) -> dict[str, int]:
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

