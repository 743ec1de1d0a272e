"""What ``wushe check`` finds wrong in the community-fund ledgers, beyond what the database refuses:
two live funds of one name (each node refuses a second, but two nodes may each open one and sync),
receipt numbers missing or repeated in a fund's year, disbursements paid with fewer approvals than
the fund's rule asked of the committee serving on the day it was decided, decisions recorded by a member after
their membership ended (on another node, then synced), and disbursements whose approvals
name another amount than theirs (rows written by an older version, synced in, or edited outside the
program), and statements or notices whose totals no longer match their period's entries (an entry let into a
published period with a reason: a corrected paper is due). Read without a signed-in user, like the rest of the
check; the papers are read again as a viewer would read them."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import func, select, tuple_
from sqlalchemy.orm import Session

from desktop.domain.ledger import Decision, DisbursementStatus, approvals_needed
from desktop.domain.money import from_fen
from desktop.domain.permissions import Principal, Role
from desktop.i18n import _, ngettext
from desktop.services import publications
from desktop.services.fund_notice_paper import notice_paper
from desktop.services.funds import committee_size
from desktop.services.ledger_papers import statement_paper
from desktop.services.late_decisions import counted, late_decisions, late_text
from desktop.storage.models import Community, Disbursement, DisbursementApproval, DonationReceipt, Fund, LedgerEntry


def same_named_funds(session: Session) -> list[str]:
    """One line for each name two or more live funds of one station share, naming each by its community and
    id: every ``--fund NAME`` there is ambiguous until all but one are renamed (Fund particulars). Funds of
    different stations may share a name: a county holds both and may rename neither."""
    station = Community.station_id
    shared = (select(Fund.name, station).join(Community, Fund.community_id == Community.id)
              .where(Fund.deleted_at.is_(None)).group_by(Fund.name, station).having(func.count() > 1))
    named: dict[tuple[str, str], list[str]] = {}
    for name, station_id, community, fund_id in session.execute(
            select(Fund.name, station, Community.name, Fund.id).join(Community, Fund.community_id == Community.id)
            .where(Fund.deleted_at.is_(None), tuple_(Fund.name, station).in_(shared))
            .order_by(Fund.name, station, Fund.id)):
        named.setdefault((name, station_id), []).append(
            _("{community} (id {id})").format(community=community, id=fund_id))
    return [ngettext("{n} live fund is named {name}: {funds}; rename all but one.",
                     "{n} live funds are named {name}: {funds}; rename all but one.", len(funds)).format(
        n=len(funds), name=name, funds=", ".join(funds)) for (name, _station), funds in named.items()]


def receipt_gaps(session: Session) -> list[str]:
    """Each fund and year whose receipt serials do not run 1, 2, 3… with none missing or repeated."""
    found: list[str] = []
    serial = DonationReceipt.serial
    rows = session.execute(select(Fund.name, DonationReceipt.year, func.count(), func.count(serial.distinct()),
                                  func.max(serial))
                           .join(Fund, DonationReceipt.fund_id == Fund.id)
                           .group_by(DonationReceipt.fund_id, Fund.name, DonationReceipt.year)
                           .order_by(Fund.name, DonationReceipt.year))
    for fund, year, count, distinct, last in rows:
        if count != distinct:
            found.append(ngettext("Receipts of {fund} in {year}: {n} number is used twice.",
                                  "Receipts of {fund} in {year}: {n} numbers are used twice.",
                                  count - distinct).format(fund=fund, year=year, n=count - distinct))
        if distinct != last:
            found.append(ngettext("Receipts of {fund} in {year}: {n} number up to {last} is missing.",
                                  "Receipts of {fund} in {year}: {n} numbers up to {last} are missing.",
                                  last - distinct).format(fund=fund, year=year, n=last - distinct, last=last))
    return found


def underapproved_payments(session: Session) -> list[str]:
    """Each paid disbursement whose approvals fall short of the fund's rule for the committee serving the day
    it was decided (members who joined later do not count against it); the payment day when that is not
    recorded. An approval recorded after its member left does not count (``late_decisions``)."""
    found: list[str] = []
    approvals = select(func.count()).where(DisbursementApproval.disbursement_id == Disbursement.id,
                                           DisbursementApproval.decision == Decision.APPROVE,
                                           counted()).scalar_subquery()
    rows = session.execute(select(Disbursement.fund_id, Fund.name, Fund.approval_rule, LedgerEntry.number,
                                  func.coalesce(Disbursement.decided_on, LedgerEntry.posted_on), approvals)
                           .join(Fund, Disbursement.fund_id == Fund.id)
                           .join(LedgerEntry, Disbursement.posted_entry_id == LedgerEntry.id)
                           .where(Disbursement.status == DisbursementStatus.POSTED, Disbursement.deleted_at.is_(None))
                           .order_by(Fund.name, LedgerEntry.number))
    for fund_id, fund, rule, number, day, approved in rows:
        needed = approvals_needed(committee_size(session, fund_id, day), rule)
        if approved < needed:
            found.append(_("Entry {number} of {fund} paid a disbursement {approved} of the committee approved; "
                           "{needed} were needed.").format(number=number, fund=fund, approved=approved,
                                                           needed=needed))
    return found


def decisions_after_leaving(session: Session) -> list[str]:
    """Each decision recorded after its member left the committee (on another node, then synced)."""
    return [late_text(found) for found in late_decisions(session)]


def approvals_of_another_amount(session: Session) -> list[str]:
    """Each disbursement with an approval naming another amount than its own: the amount was changed after
    the committee decided (the database refuses that since 0022, so outside the program or before it)."""
    rows = session.execute(select(Fund.name, Disbursement.id, Disbursement.amount_fen,
                                  func.min(DisbursementApproval.amount_fen), func.max(DisbursementApproval.amount_fen))
                           .join(Fund, Disbursement.fund_id == Fund.id)
                           .join(DisbursementApproval, DisbursementApproval.disbursement_id == Disbursement.id)
                           .where(DisbursementApproval.decision == Decision.APPROVE,
                                  DisbursementApproval.amount_fen.is_not(None),
                                  DisbursementApproval.amount_fen != Disbursement.amount_fen,
                                  Disbursement.deleted_at.is_(None))
                           .group_by(Fund.name, Disbursement.id, Disbursement.amount_fen)
                           .order_by(Fund.name, Disbursement.proposed_on, Disbursement.id))
    return [_("A disbursement of {fund} for {amount} yuan (id {id}) has approvals given for {approved} yuan.").format(
        fund=fund, amount=from_fen(amount), id=disbursement_id,
        approved=from_fen(low) if low == high else f"{from_fen(low)}–{from_fen(high)}")
        for fund, disbursement_id, amount, low, high in rows]


@contextmanager
def _reading(session: Session) -> Iterator[None]:
    """The block reads as a viewer (a paper's loaders ask for one), then as before: the check changes nothing."""
    before = session.info.get("principal")
    session.info["principal"] = Principal(None, "check", "check", Role.VIEWER)
    try:
        yield
    finally:
        if before is None:
            session.info.pop("principal", None)
        else:
            session.info["principal"] = before


def changed_publications(session: Session) -> list[str]:
    """Each statement or notice saved or printed whose totals differ from what its period's entries give now:
    an entry was let into the period (or before it) with a reason for back-dating it (``reconciliation.check_open``).
    Only the latest of a fund's papers of one kind and period counts: the corrected one, once it is printed; a
    snapshot of a running period (``Publication.period_open``) is not compared."""
    found: list[str] = []
    names = dict(session.execute(select(Fund.id, Fund.name).where(Fund.deleted_at.is_(None))).all())
    latest = {(p.fund_id, p.kind, p.start, p.end): p for p in publications.every_publication(session)}
    with _reading(session):
        for printed in latest.values():
            if printed.fund_id not in names:
                continue
            if printed.kind == publications.NOTICE:
                now = notice_paper(session, printed.fund_id, printed.start, printed.end, posted_on=printed.end).totals
            else:
                now = statement_paper(session, printed.fund_id, printed.start, printed.end).totals
            if now != printed.totals:
                found.append(_("{paper} of {fund} for {start} – {end}, printed on {on}, no longer matches its "
                               "entries: it closed at {printed} yuan, they now close at {now} yuan. Post a corrected "
                               "one.").format(
                    paper=printed.kind_label, fund=names[printed.fund_id], start=printed.start.isoformat(),
                    end=printed.end.isoformat(), on=printed.at.astimezone().date().isoformat(),
                    printed=from_fen(printed.totals.closing_fen), now=from_fen(now.closing_fen)))
    return found
