"""What a fund's public notice for a period (收支公示) prints, read in one go: the donations received,
the money used by project, and the corrections of earlier periods (冲销) with their reasons.

Read-only, like ``ledger_papers`` whose helpers it shares: donors who asked not to be named, or every
donor when the notice is anonymised, are shown as ANONYMOUS; goods that cannot be valued are listed by
name and quantity, with no amount.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import ClassVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.codes import label
from desktop.domain.ledger import ASSETS, DONATIONS, EntryKind, MemberRole
from desktop.domain.permissions import Action
from desktop.errors import ValidationError
from desktop.i18n import N_, _, format_date
from desktop.services import funds, publications
from desktop.services.guard import require
from desktop.services.ledger_papers import (
    PAPER_KIND_LABELS, assets_on, check_opened, check_period, donation_kind, fund_head, goods_text, period_entries,
)
from desktop.storage.models import Disbursement, GoodsInKind, LedgerEntry, Project, SocialOrg

NOTICE_DAYS = 7  # how long a notice stays posted (公示期), unless the station says otherwise
NOTICE_MOST_DAYS = 90  # a longer 公示期 is no notice but a sign left up
ANONYMOUS = N_("Anonymous well-wisher (爱心人士)")  # how a donor who asked not to be named is shown in public


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

    paid_on: tuple[date, ...]  # the payment's day; a project's, each day a grant to it was paid in the period
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
    KIND: ClassVar[str] = publications.NOTICE

    @property
    def totals(self) -> publications.Totals:
        """What a publication of it keeps (``publications.record``): in and out are what it received and used."""
        return publications.Totals(self.opening_fen, self.received_fen, self.used_fen, self.closing_fen)

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

    @property
    def names_hidden(self) -> bool:
        """A donor is shown as ANONYMOUS somewhere on the notice (a gift, a refund, a correction): the note
        saying why is printed only then, not under a notice with no such donor."""
        shown = _(ANONYMOUS)
        return any(d.donor == shown for d in self.donations) or any(u.recipient == shown for u in self.uses) \
            or any(c.item.startswith(shown) for c in self.corrections)



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
    who asked not to be named, or every donor with ``anonymise_all``, is shown as ANONYMOUS, and so is the payee
    of a refund to them."""
    require(session, Action.VIEW)
    first = posted_on or date.today()
    check_notice(start, end, first, days)
    check_opened(session, fund_id, end)
    rows, lines = period_entries(session, fund_id, start, end)
    by_id = {row.id: row for row in rows}
    undone = {row.reverses_id for row in rows if row.reverses_id in by_id}
    originals = {row.id: row for row in session.scalars(select(LedgerEntry).where(LedgerEntry.id.in_(
        [row.reverses_id for row in rows if row.reverses_id and row.reverses_id not in by_id])))}
    goods = defaultdict(list)
    replaced = select(GoodsInKind.replaces_id).where(GoodsInKind.fund_id == fund_id,
                                                     GoodsInKind.replaces_id.is_not(None))
    for item in session.scalars(select(GoodsInKind).where(  # a corrected record counts as its correction says
            GoodsInKind.fund_id == fund_id, GoodsInKind.received_on >= start, GoodsInKind.received_on <= end,
            GoodsInKind.deleted_at.is_(None), GoodsInKind.id.not_in(replaced))
            .order_by(GoodsInKind.received_on, GoodsInKind.created_at)):
        goods[item.entry_id].append(item)
    earlier_goods = defaultdict(list)  # what the donations of goods a correction undoes were
    for item in session.scalars(select(GoodsInKind).where(GoodsInKind.entry_id.in_(list(originals)),
                                                          GoodsInKind.deleted_at.is_(None))
                                .order_by(GoodsInKind.created_at)):
        earlier_goods[item.entry_id].append(item)

    def donor(name: str, anonymous: bool) -> str:
        return _(ANONYMOUS) if anonymous or anonymise_all else name

    hidden_refunds = _refunds_to_anonymous_donors(session, [
        row.id for row in (*rows, *originals.values()) if row.kind == EntryKind.REFUND])

    donations: list[NoticeDonation] = []
    projects: dict[str, int] = defaultdict(int)
    grant_days: dict[str, list[date]] = defaultdict(list)
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
                _notice_item(session, original, donor, earlier_goods.get(original.id, []),
                             original.id in hidden_refunds), row.reason,
                sum(line.signed_fen for line in lines[row.id] if line.account in ASSETS)))
        elif row.kind in DONATIONS:
            what = goods_text(goods.get(row.id, [])) or row.memo
            donations.append(NoticeDonation(row.posted_on, donor(row.counterparty, row.anonymous),
                                            donation_kind(row.kind), what, row.amount_fen))
        elif row.kind == EntryKind.TRANSFER_IN:  # from another fund, named as the fund it is
            donations.append(NoticeDonation(row.posted_on, row.counterparty, label(PAPER_KIND_LABELS, row.kind),
                                            row.memo, row.amount_fen))
        elif row.kind == EntryKind.GRANT and row.project_id:
            projects[row.project_id] += row.amount_fen
            grant_days[row.project_id].append(row.posted_on)
        elif row.kind == EntryKind.REFUND:  # paid back to the donor, who is named as the donation was
            payments.append(NoticeUse((row.posted_on,), row.memo, donor(row.counterparty, row.id in hidden_refunds),
                                      label(PAPER_KIND_LABELS, row.kind), row.amount_fen))
        elif row.kind in (EntryKind.EXPENSE, EntryKind.TRANSFER_OUT):
            payments.append(NoticeUse((row.posted_on,), row.memo, row.counterparty,
                                      label(PAPER_KIND_LABELS, row.kind), row.amount_fen))
    for item in goods.get(None, []):  # goods that cannot be valued: no entry, no amount
        donations.append(NoticeDonation(item.received_on, donor(item.counterparty, item.anonymous),
                                        donation_kind(EntryKind.DONATION_GOODS), goods_text([item]), None))
    donations.sort(key=lambda d: d.received_on)
    uses = [NoticeUse(tuple(sorted(set(grant_days[p.id]))), f"{p.number} {p.title}", org or "",
                      label(PAPER_KIND_LABELS, EntryKind.GRANT), projects[p.id])
            for p, org in session.execute(select(Project, SocialOrg.name).outerjoin(
                SocialOrg, SocialOrg.id == Project.org_id).where(Project.id.in_(list(projects)))
                .order_by(Project.number))]
    supervisors = tuple(m.name for m in funds.committee(session, fund_id, end) if m.role == MemberRole.SUPERVISOR)
    return NoticePaper(
        head=fund_head(session, fund_id), start=start, end=end, posted_on=first,
        posted_until=first + timedelta(days=days - 1),
        donations=tuple(donations), uses=tuple(uses + payments), corrections=tuple(corrections),
        opening_fen=sum(assets_on(session, fund_id, start - timedelta(days=1)).values()),
        closing_fen=sum(assets_on(session, fund_id, end).values()), supervisors=supervisors, anonymised_all=anonymise_all)


def _refunds_to_anonymous_donors(session: Session, refund_ids: list[str]) -> set[str]:
    """Of the refund entries ``refund_ids``, those paid back on a donation whose donor asked not to be named."""
    return set(session.scalars(select(Disbursement.posted_entry_id).join(
        LedgerEntry, LedgerEntry.id == Disbursement.refund_of_id).where(
        Disbursement.posted_entry_id.in_(refund_ids), LedgerEntry.anonymous.is_(True))))


def _notice_item(session: Session, entry: LedgerEntry, donor: Callable[[str, bool], str],
                 goods: list[GoodsInKind], hidden_refund: bool) -> str:
    """What an entry a correction undoes was, as the public may read it; a refund's payee is its donor."""
    if entry.kind == EntryKind.REFUND:
        return " ".join(part for part in (entry.memo, donor(entry.counterparty, hidden_refund)) if part)
    if entry.kind in DONATIONS:
        return _("{donor}: {what}").format(donor=donor(entry.counterparty, entry.anonymous),
                                           what=goods_text(goods) or entry.memo)
    if entry.kind == EntryKind.GRANT and entry.project_id:
        project = session.get(Project, entry.project_id)
        assert project is not None
        return f"{project.number} {project.title}"
    return " ".join(part for part in (entry.memo, entry.counterparty) if part)
