"""Donation receipts (捐赠收据): a fund's own acknowledgement of a donation, numbered per fund and year
with no gaps and no repeats (社区基金收〔2026〕0001号).

A receipt is not the official 公益事业捐赠票据, the donor's tax voucher, which only the host charity
issues through the finance system; the receipt records that ticket's code and number once it is
issued. A voided receipt keeps its number and says why, so the sequence has no gaps; the paper copy is
taken back, and a new receipt takes the next number. A serial is taken inside the write transaction
that holds the fund (``funds.open_fund``), so two workers issuing at once never share one; prefixes are
unique among live funds, so two funds never issue the same number (``find`` still names the fund for
receipts issued before that). The numbers follow the dates: a receipt is never dated before the one
numbered before it in its fund and year (a voided one included: it keeps its number and day). Dated
into books a balance of its donation's account closed, it needs a reason, as an entry does
(``reconciliation.check_open``), which the audit log keeps. The ticket, once recorded, changes only as a correction with a
reason, and no two live receipts record the same ticket. A refund does not void the receipt: the donation was
received as it says, and the official ticket may have been issued on it (the host charity corrects that by
its own rules); the receipt is shown refunded, in full or in part, from the refunds paid.
Issuing, voiding and recording the ticket need RECORD_LEDGER; reading, VIEW.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.domain.codes import label
from desktop.domain.id_documents import tidy_id_text
from desktop.domain.ledger import DONATIONS, RECEIPT_STATUS_LABELS
from desktop.domain.money import amount_in_words, from_fen
from desktop.domain.permissions import Action
from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _, format_date
from desktop.services import reconciliation
from desktop.services.case_access import written
from desktop.services.client_input import person_name
from desktop.services.forms import optional_text, required_text
from desktop.services.funds import open_fund
from desktop.services.guard import require
from desktop.services.outflows import refunded_of
from desktop.storage import audit
from desktop.storage.models import DonationReceipt, Fund, LedgerEntry, LedgerLine

# The word of a fund with no prefix, in every language: none since migration 0018 gave every live fund a
# unique one (``funds.FundInput.receipt_prefix``); kept for deleted funds' receipts.
RECEIPT_WORD = "社区基金收"
ISSUED, VOIDED = "issued", "voided"
BACKDATED = "donation_receipt.backdated"  # audit action: {"reason", "closed_through"}


@dataclass(frozen=True)
class ReceiptView:
    id: str
    fund_id: str
    fund_name: str
    number: str
    year: int
    serial: int
    entry_id: str
    entry_number: int
    donor_id: str | None
    donor_name: str
    amount_fen: int
    purpose: str
    issued_on: date
    issuer: str
    status: str  # issued or voided
    void_reason: str
    voided_on: date | None
    official_ticket_code: str  # of the 公益事业捐赠票据, once the host charity issues it
    official_ticket_number: str
    ticket_correction: str = ""  # why the ticket recorded replaced an earlier one
    refunded_fen: int = 0  # refunds of the donation paid and not reversed

    @property
    def amount_in_words(self) -> str:
        """The amount in Chinese upper case, as the receipt prints it (壹仟肆佰零玖元伍角)."""
        return amount_in_words(from_fen(self.amount_fen))

    @property
    def status_label(self) -> str:
        """Issued or voided, and for an issued one whose donation was refunded, how much."""
        status = label(RECEIPT_STATUS_LABELS, self.status)
        if self.status != ISSUED or not self.refunded_fen:
            return status
        if self.refunded_fen >= self.amount_fen:
            return _("{status}, fully refunded (已全额退款)").format(status=status)
        return _("{status}, {amount} yuan refunded (已退款)").format(status=status, amount=from_fen(self.refunded_fen))

    @property
    def note(self) -> str:
        """Why a receipt was voided, and when; for an issued one, why its ticket was corrected."""
        if self.status == ISSUED:
            return _("Ticket corrected: {reason}").format(reason=self.ticket_correction) if self.ticket_correction \
                else ""
        return _("Voided on {date}: {reason}").format(date=format_date(self.voided_on) if self.voided_on else "—",
                                                     reason=self.void_reason)


@dataclass(frozen=True)
class LastReceipt:
    """The receipt numbered last in a fund's year: the next one may not be dated before it."""

    number: str
    issued_on: date


def last_receipts(session: Session, fund_id: str, year: int | None = None) -> dict[int, LastReceipt]:
    """The receipt numbered last in each year of the fund (``year``'s only, when given), voided ones included."""
    require(session, Action.VIEW)
    where = [DonationReceipt.fund_id == fund_id, DonationReceipt.deleted_at.is_(None)]
    if year is not None:
        where.append(DonationReceipt.year == year)
    return {year: LastReceipt(number, issued_on) for year, number, issued_on in session.execute(
        select(DonationReceipt.year, DonationReceipt.number, DonationReceipt.issued_on).where(*where)
        .order_by(DonationReceipt.year, DonationReceipt.serial))}


def check_in_order(day: date, last: dict[int, LastReceipt]) -> None:
    """A receipt dated ``day`` takes the next number of its year: refused when ``last`` says the one
    before it is dated later, since the numbers would then run against the dates."""
    previous = last.get(day.year)
    if previous is not None and day < previous.issued_on:
        raise ValidationError("issued_on", _(
            "Receipt {number}, the one before in the numbering, is dated {date}: a receipt may not be dated before "
            "the one before it. Date it {date} or later.").format(number=previous.number,
                                                                  date=previous.issued_on.isoformat()))


def receipt_number(prefix: str, year: int, serial: int) -> str:
    return f"{prefix or RECEIPT_WORD}〔{year}〕{serial:04d}号"


def _load(session: Session, receipt_id: str) -> DonationReceipt:
    row = session.get(DonationReceipt, receipt_id) if receipt_id else None
    if row is None or row.deleted_at is not None:
        raise NotFoundError(_("No such receipt."))
    return row


def issue(session: Session, entry_id: str, purpose: str = "", donor_name: str = "", issued_on: date | None = None,
          today: date | None = None, backdate_reason: str = "") -> ReceiptView:
    """A receipt for a donation entry, signed by the signed-in user; ``purpose`` is the entry's 摘要 and
    ``donor_name`` its counterparty unless given. Dated ``issued_on`` (today when None): not before the
    donation, nor before the receipt numbered before it; ``backdate_reason`` as ``ledger.write_entry``
    asks for it."""
    who = require(session, Action.RECORD_LEDGER)
    day_now = today or date.today()
    entry = session.get(LedgerEntry, entry_id) if entry_id else None
    if entry is None:
        raise NotFoundError(_("No such ledger entry."))
    if entry.kind not in DONATIONS:
        raise ValidationError("entry_id", _("A receipt acknowledges a donation."))
    if session.scalar(select(LedgerEntry.id).where(LedgerEntry.reverses_id == entry.id)) is not None:
        raise ValidationError("entry_id", _("Entry {number} has been reversed.").format(number=entry.number))
    issued = session.scalar(select(DonationReceipt.number).where(DonationReceipt.entry_id == entry.id,
                                                                  DonationReceipt.status == ISSUED))
    if issued is not None:
        raise ValidationError("entry_id", _("Receipt {receipt} was issued for this donation already.").format(
            receipt=issued))
    fund = open_fund(session, entry.fund_id)
    day = issued_on or day_now
    if day > day_now:
        raise ValidationError("issued_on", _("The date is in the future."))
    if day < entry.posted_on:
        raise ValidationError("issued_on", _("A receipt is issued on or after the donation ({date}).").format(
            date=entry.posted_on.isoformat()))
    check_in_order(day, last_receipts(session, fund.id, day.year))
    # A receipt is on no statement or notice: only a recorded balance closes its day.
    closed = reconciliation.check_open(session, fund, day, backdate_reason,
                                       set(session.scalars(select(LedgerLine.account).where(
                                           LedgerLine.entry_id == entry.id))), published=False)
    serial = (session.scalar(select(func.max(DonationReceipt.serial)).where(
        DonationReceipt.fund_id == fund.id, DonationReceipt.year == day.year)) or 0) + 1
    row = DonationReceipt(fund_id=fund.id, year=day.year, serial=serial,
                          number=receipt_number(fund.receipt_prefix, day.year, serial), entry_id=entry.id,
                          donor_id=entry.donor_id, donor_name=required_text(person_name(donor_name) or entry.counterparty,
                                                                            "donor_name", 100),
                          amount_fen=entry.amount_fen, purpose=optional_text(purpose or entry.memo, "purpose", 200),
                          issued_on=day, issuer=who.display_name, status=ISSUED, **written(today))
    session.add(row)
    session.flush()
    if closed is not None:
        audit.append(session, BACKDATED, table_name=DonationReceipt.__tablename__, row_id=row.id,
                      detail={"reason": backdate_reason.strip(), "closed_through": closed.isoformat()})
        session.flush()
    return get(session, row.id)


def void(session: Session, receipt_id: str, reason: str, today: date | None = None) -> ReceiptView:
    """Void a receipt: it keeps its number, with the reason and the day."""
    require(session, Action.RECORD_LEDGER)
    row = _load(session, receipt_id)
    reason = required_text(reason, "reason", 200)
    if row.status != ISSUED:
        raise ValidationError("receipt_id", _("Receipt {number} is void already.").format(number=row.number))
    row.status, row.void_reason, row.voided_on = VOIDED, reason, today or date.today()
    session.flush()
    return get(session, row.id)


def record_official_ticket(session: Session, receipt_id: str, code: str, number: str,
                           correction: str = "") -> ReceiptView:
    """The code and number of the 公益事业捐赠票据 the host charity issued for this donation. Once
    recorded they change only as a correction, saying why (kept on the receipt, shown with it); the audit
    log keeps the earlier values."""
    require(session, Action.RECORD_LEDGER)
    row = _load(session, receipt_id)
    if row.status != ISSUED:
        raise ValidationError("receipt_id", _("Receipt {number} is void.").format(number=row.number))
    # Folded as an ID number is (full-width digits, spaces, hyphens): ５００１ 0126 is the ticket 50010126,
    # and the one-ticket-one-receipt check below compares the printed number, not the keystrokes.
    code = tidy_id_text(required_text(code, "official_ticket_code", 20))
    number = tidy_id_text(required_text(number, "official_ticket_number", 20))
    correction = optional_text(correction, "correction", 200)
    earlier = (row.official_ticket_code, row.official_ticket_number)
    if earlier == (code, number):
        raise ValidationError("official_ticket_number", _("Ticket {code} {number} is recorded for receipt {receipt} "
                                                          "already: nothing to correct.").format(
            code=code, number=number, receipt=row.number))
    holder = session.scalar(select(DonationReceipt.number).where(
        DonationReceipt.official_ticket_code == code, DonationReceipt.official_ticket_number == number,
        DonationReceipt.status == ISSUED, DonationReceipt.deleted_at.is_(None), DonationReceipt.id != row.id))
    if holder is not None:  # one official ticket acknowledges one donation
        raise ValidationError("official_ticket_number", _("Ticket {code} {number} is recorded for receipt {receipt}: "
                                                          "one ticket goes with one receipt.").format(
            code=code, number=number, receipt=holder))
    if any(earlier):
        if not correction:
            raise ValidationError("correction", _(
                "Ticket {code} {number} is recorded for receipt {receipt} already: give the reason to correct "
                "it.").format(code=earlier[0], number=earlier[1], receipt=row.number))
        audit.append(session, "receipt.ticket_corrected", table_name="donation_receipt", row_id=row.id,
                     detail={"code": earlier[0], "number": earlier[1], "new_code": code, "new_number": number,
                             "reason": correction})
        row.ticket_correction = correction
    row.official_ticket_code, row.official_ticket_number = code, number
    session.flush()
    return get(session, row.id)


def find(session: Session, number_or_id: str, fund_id: str = "") -> str:
    """The id of the receipt with this number (青山基金收〔2026〕0001号, square brackets [ ] accepted for
    〔 〕) or id, of ``fund_id`` when given; a number two funds share must name the fund."""
    require(session, Action.VIEW)
    wanted = number_or_id.strip()
    if session.get(DonationReceipt, wanted) is not None:
        return _load(session, wanted).id
    number = wanted.replace("[", "〔").replace("]", "〕")
    where = [DonationReceipt.number == number, DonationReceipt.deleted_at.is_(None)]
    if fund_id:
        where.append(DonationReceipt.fund_id == fund_id)
    found = list(session.scalars(select(DonationReceipt.id).where(*where)))
    if not found:
        raise NotFoundError(_("No receipt has the number {number}.").format(number=number))
    if len(found) > 1:
        raise ValidationError("fund", _("{count} funds issued a receipt numbered {number}: name the fund.").format(
            count=len(found), number=number))
    return found[0]


def _views(session: Session, ids: Sequence[str]) -> list[ReceiptView]:
    rows = {row.id: (row, fund, entry_number) for row, fund, entry_number in session.execute(
        select(DonationReceipt, Fund.name, LedgerEntry.number)
        .join(Fund, DonationReceipt.fund_id == Fund.id).join(LedgerEntry, DonationReceipt.entry_id == LedgerEntry.id)
        .where(DonationReceipt.id.in_(ids)))}
    refunded = refunded_of(session, [row.entry_id for row, _fund, _number in rows.values()])
    return [ReceiptView(row.id, row.fund_id, fund, row.number, row.year, row.serial, row.entry_id, entry_number,
                        row.donor_id, row.donor_name, row.amount_fen, row.purpose, row.issued_on, row.issuer, row.status,
                        row.void_reason, row.voided_on, row.official_ticket_code, row.official_ticket_number,
                        row.ticket_correction, refunded.get(row.entry_id, 0))
            for row, fund, entry_number in (rows[i] for i in ids if i in rows)]


def get(session: Session, receipt_id: str) -> ReceiptView:
    require(session, Action.VIEW)
    _load(session, receipt_id)
    return _views(session, [receipt_id])[0]


def receipts(session: Session, fund_id: str = "", year: int | None = None) -> list[ReceiptView]:
    """The receipts of one fund (every fund when empty) and year (every year when None), in number order."""
    require(session, Action.VIEW)
    where = [DonationReceipt.deleted_at.is_(None)]
    if fund_id:
        where.append(DonationReceipt.fund_id == fund_id)
    if year is not None:
        where.append(DonationReceipt.year == year)
    return _views(session, list(session.scalars(select(DonationReceipt.id).where(*where).order_by(
        DonationReceipt.fund_id, DonationReceipt.year, DonationReceipt.serial))))
