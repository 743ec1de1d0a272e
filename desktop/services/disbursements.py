"""Disbursements (拨付): money leaves a fund only after its committee approves (募用分离): a grant, an
expense, a transfer to another fund or a refund of a donation.

A disbursement is proposed; each member of the committee serving that day decides once; it is approved
as soon as the fund's rule (``domain.ledger.approvals_needed``) is met, and rejected once too few
members are left to meet it. A member of that committee who had not decided when it was approved may still
record their decision for the minutes until it is paid: no later decision can change an outcome the rule
reached (approvals only grow, and so do rejections), so it changes no status and shows as recorded after the
committee decided (``DecisionView.after_outcome``). The finance officer then pays it and posts the entry,
once the decisions recorded, counted again, still meet the rule as it stood for the committee serving the day it was
decided (members who join later do not raise the bar), and the committee meets every FORMS.md rule on
the payment day. A payment reversed in the journal shows as reversed (冲销). An expense names its payee; a
transfer names the fund that receives it and is posted as an entry in each fund; a refund names the
donation of money it gives back, never more than is left of it (``services.outflows``). A grant goes
to a funded micro-venture project (``project_workflow.FUNDED``) and, over every fund, never above the
project's approved amount (立项金额): grants posted net of reversals, and, when one is proposed, those
awaiting approval or payment too. Proposing needs APPROVE_DISBURSEMENTS, from a committee that meets
every rule. A member who has an account records their own decision (APPROVE_DISBURSEMENTS); the decisions
of members with none are recorded by the committee's clerk (DECIDE_DISBURSEMENTS: the head or the finance
officer), never by the account that proposed the disbursement, so no one person both asks for the money
and says the committee agreed. The supervisor (监督) votes: FORMS.md counts them in the committee of five
or more, an odd number so that a vote of all cannot tie. Paying needs RECORD_LEDGER, and another account
than the one that proposed it. Each approval names the amount it approved, and a payment needs every approval to name the
amount paid. One not paid yet may be withdrawn or cancelled (``disbursement_withdrawal``). A decision recorded on
another node after the member had left the committee there does not count (``late_decisions``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from desktop.domain.codes import label
from desktop.domain.ledger import (
    DECISION_LABELS, DISBURSED, DISBURSEMENT_STATUS_LABELS, ENTRY_KIND_LABELS, Decision, DisbursementStatus,
    EntryKind, approvals_needed, check_amount, lines_for, outcome,
)
from desktop.domain.money import from_fen
from desktop.domain.permissions import Action
from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _, ngettext
from desktop.services import ledger, outflows
from desktop.services.case_access import written
from desktop.services.client_input import person_name
from desktop.services.forms import one_of, optional_text, required_text
from desktop.services.funds import check_committee, committee_size, fund_day, load_fund, open_fund
from desktop.services.grant_room import OPEN, check_grant, funded_project
from desktop.services.guard import principal, require
from desktop.services.late_decisions import counted, late_decisions
from desktop.services.ledger import Draft, EntryView
from desktop.services.numbering import next_in_fund
from desktop.storage.models import (
    Disbursement, DisbursementApproval, Fund, FundMember, LedgerEntry, Project, SocialOrg,
)

@dataclass(frozen=True)
class DisbursementInput:
    kind: str  # domain.ledger.DISBURSED
    amount_fen: int
    purpose: str  # becomes the entry's 摘要
    project_id: str | None = None  # a grant's project
    payee: str = ""  # a grant's: the project's organisation when empty; a refund's: the donor when empty
    to_fund_id: str | None = None  # a transfer's receiving fund
    refund_of_id: str | None = None  # a refund's donation entry


@dataclass(frozen=True)
class DecisionView:
    member_id: str
    member_name: str
    decision: str  # domain.ledger.Decision
    decided_on: date
    note: str
    by_name: str  # who recorded it
    amount_fen: int | None = None  # what it decided on (None when written before approvals named it)
    counted: bool = True  # False: recorded after the member had left the committee (``late_decisions``)
    after_outcome: bool = False  # recorded once the committee had decided: for the minutes, it changed nothing


@dataclass(frozen=True)
class DisbursementView:
    id: str
    fund_id: str
    kind: str
    amount_fen: int
    project_id: str | None
    project_number: str
    project_title: str
    payee: str
    purpose: str
    proposed_on: date
    proposed_by: str
    status: str  # domain.ledger.DisbursementStatus
    decided_on: date | None
    posted_entry_id: str | None
    decisions: tuple[DecisionView, ...]
    posted_number: int | None = None  # the paying entry's number in the fund
    reversed_by_number: int | None = None  # the entry that reversed the payment (冲销), if one did
    to_fund_id: str | None = None  # a transfer's receiving fund (``payee`` is its name)
    refund_of_id: str | None = None  # a refund's donation entry
    refund_of_number: int | None = None  # that entry's number in the fund
    proposer: str | None = None  # the account that proposed it (its username), who may not pay it
    closed_on: date | None = None  # withdrawn or cancelled: when, by whom, why
    closed_by: str = ""
    close_reason: str = ""
    approvals_needed: int = 0  # by the fund's rule, of the committee serving the day it was decided (today if open)

    @property
    def status_label(self) -> str:
        if self.reversed_by_number is not None:
            return _("Paid, reversed by entry No. {number}").format(number=self.reversed_by_number)
        return label(DISBURSEMENT_STATUS_LABELS, self.status)

    @property
    def kind_label(self) -> str:
        return label(ENTRY_KIND_LABELS, self.kind)

    @property
    def tally(self) -> tuple[int, int]:
        """How many of the committee approved it and how many rejected it, by the decisions that count."""
        counting = [d.decision for d in self.decisions if d.counted]
        return counting.count(Decision.APPROVE), counting.count(Decision.REJECT)

    @property
    def tally_text(self) -> str:
        """The tally against the approvals needed (3 / 3, 1 against), and how many were recorded after the
        committee decided: the 表决 column of the CLI's list and of the 拨付 tab."""
        approvals, rejections = self.tally
        said = _("{approvals} / {needed}, {rejections} against").format(
            approvals=approvals, needed=self.approvals_needed, rejections=rejections) if rejections else \
            f"{approvals} / {self.approvals_needed}"
        late = sum(d.after_outcome for d in self.decisions)
        return ngettext("{tally} ({n} after the decision)",
                        "{tally} ({n} after the decision)", late).format(tally=said, n=late) \
            if late else said


def load_disbursement(session: Session, disbursement_id: str) -> Disbursement:
    row = session.get(Disbursement, disbursement_id) if disbursement_id else None
    if row is None or row.deleted_at is not None:
        raise NotFoundError(_("No such disbursement."))
    return row


def propose_disbursement(session: Session, fund_id: str, data: DisbursementInput,
                         today: date | None = None) -> DisbursementView:
    """Propose paying out money, for the committee to decide; ``today`` is the day it is proposed."""
    who = require(session, Action.APPROVE_DISBURSEMENTS)
    day = today or date.today()
    fund = open_fund(session, fund_id)
    fund_day(fund, day, "proposed_on", day)
    check_committee(session, fund, day)  # a committee that cannot decide gets nothing to decide
    kind = one_of(data.kind, {k: ENTRY_KIND_LABELS[k] for k in DISBURSED}, "kind")
    amount = check_amount(data.amount_fen)
    purpose = required_text(data.purpose, "purpose", 200)
    payee = optional_text(person_name(data.payee), "payee", 100)
    outflows.check_named(kind, {"project_id": data.project_id, "to_fund_id": data.to_fund_id,
                                "refund_of_id": data.refund_of_id})
    if kind == EntryKind.GRANT:
        project = funded_project(session, data.project_id)
        check_grant(session, project, amount, with_open=True)
        org = session.get(SocialOrg, project.org_id)
        payee = payee or (org.name if org else "")
    elif kind == EntryKind.TRANSFER_OUT:
        payee = outflows.receiving_fund(session, fund, data.to_fund_id, day, day).name
    elif kind == EntryKind.REFUND:
        donation = outflows.refunded_donation(session, fund, data.refund_of_id)
        outflows.check_refund(session, donation, amount, with_open=True)
        payee = payee or donation.counterparty
    else:
        payee = required_text(payee, "payee", 100)  # an expense says who is paid
    # Taken with the fund locked, as a receipt's serial is: two proposals at once never share one.
    number = next_in_fund(session, Disbursement.number, Disbursement.fund_id, fund.id)
    row = Disbursement(fund_id=fund.id, kind=kind, amount_fen=amount, project_id=data.project_id or None,
                       payee=payee, to_fund_id=data.to_fund_id or None, refund_of_id=data.refund_of_id or None,
                       purpose=purpose, proposed_on=day, proposed_by=who.display_name,
                       status=DisbursementStatus.PROPOSED, number=number, **written(today))
    session.add(row)
    session.flush()
    return disbursement(session, row.id)


def approve_disbursement(session: Session, disbursement_id: str, member_id: str, decision: str, note: str = "",
                         today: date | None = None) -> DisbursementView:
    """Record one committee member's decision; the disbursement is approved or rejected as soon as the
    decisions of the committee serving ``today`` settle it. Once approved, and until it is paid, a member of
    the committee that approved it records their decision for the minutes: the status stays as it is."""
    require(session, Action.VIEW)
    day = today or date.today()
    row = load_disbursement(session, disbursement_id)
    if row.status not in OPEN:
        raise ValidationError("disbursement_id", _("The disbursement is “{status}”: decisions are recorded while "
                                                   "it awaits the committee or, once approved, its payment.").format(
            status=label(DISBURSEMENT_STATUS_LABELS, row.status)))
    decision = one_of(decision, DECISION_LABELS, "decision")
    note = optional_text(note, "note", 200)
    fund = load_fund(session, row.fund_id)
    members = check_committee(session, fund, day)
    member = next((m for m in members if m.id == member_id), None)
    if member is None:
        raise ValidationError("member_id", _("Choose a member serving on the fund's committee."))
    if row.status == DisbursementStatus.APPROVED:
        assert row.decided_on is not None
        if day < row.decided_on:  # the decisions are read in the order dated (``_views``)
            raise ValidationError("decided_on", _(
                "The committee approved this disbursement on {date}: a decision recorded since is dated then or "
                "later.").format(date=row.decided_on.isoformat()))
        if member.joined_on > row.decided_on:
            raise ValidationError("member_id", _(
                "{name} joined the committee after it approved this disbursement ({date}).").format(
                name=member.name, date=row.decided_on.isoformat()))
    me = principal(session)
    if member.user_id is not None and member.user_id != me.user_id:
        raise ValidationError("member_id", _("{name} has an account and records their own decision.").format(
            name=member.name))
    own = member.user_id is not None
    who = require(session, Action.APPROVE_DISBURSEMENTS if own else Action.DECIDE_DISBURSEMENTS)
    # Before the station has accounts the set-up's system does everything: there is nobody to tell apart.
    if not own and who.user_id is not None and row.created_by == who.username:
        raise ValidationError("member_id", _(
            "You proposed this disbursement: the committee's clerk, another account, records the decisions of its "
            "members (募用分离)."))
    decided = {member_id: choice for member_id, choice in session.execute(select(
        DisbursementApproval.member_id, DisbursementApproval.decision).where(
        DisbursementApproval.disbursement_id == row.id))}
    if member.id in decided:
        raise ValidationError("member_id", _("{name} has decided on this disbursement already.").format(
            name=member.name))
    session.add(DisbursementApproval(disbursement_id=row.id, member_id=member.id, decision=decision,
                                     amount_fen=row.amount_fen, decided_on=day, note=note, by_name=who.display_name,
                                     **written(today)))
    decided[member.id] = decision
    serving = [decided.get(m.id) for m in members]
    result = outcome(len(members), fund.approval_rule, serving.count(Decision.APPROVE), serving.count(Decision.REJECT))
    if result is not None and row.status == DisbursementStatus.PROPOSED:
        row.status, row.decided_on = result, day
    session.flush()
    return disbursement(session, row.id)


def _check_approved(session: Session, fund: Fund, row: Disbursement, day: date) -> None:
    """The status is not trusted alone: on the payment day the committee meets every rule, the
    decisions recorded still reach what the fund's rule asked of the committee serving the day it was
    decided (the payment day when that is not recorded), and every approval names the amount paid (an
    amount changed behind the committee's back is not paid)."""
    check_committee(session, fund, day)
    approved = list(session.scalars(select(DisbursementApproval.amount_fen).where(
        DisbursementApproval.disbursement_id == row.id, DisbursementApproval.decision == Decision.APPROVE,
        counted())))
    if None in approved:
        raise ValidationError("disbursement_id", _(
            "An approval does not say what amount it approved (it was recorded by an older version): the head "
            "cancels this disbursement and the committee decides on a new proposal."))
    other = next((amount for amount in approved if amount != row.amount_fen), None)
    if other is not None:
        raise ValidationError("disbursement_id", _(
            "An approval was given for {approved} yuan, not the {amount} yuan to be paid: the head cancels this "
            "disbursement and the committee decides on a new proposal.").format(
            approved=from_fen(other), amount=from_fen(row.amount_fen)))
    approvals = len(approved)
    size = committee_size(session, fund.id, row.decided_on or day)
    needed = approvals_needed(size, fund.approval_rule)
    if approvals < needed:
        refused = _("The committee's decisions do not approve this disbursement: {approvals} approved, and a "
                    "committee of {size} needs {needed}.").format(approvals=approvals, size=size, needed=needed)
        late = [found.member for found in late_decisions(session, _approval_ids(session, row.id))]
        if late:  # approved on another node by the vote of a member who had left (``late_decisions``)
            refused = " ".join((refused, _(
                "The decisions of {members}, recorded after they left the committee, do not count: the head "
                "cancels this disbursement and the committee decides on a new proposal.").format(
                members=", ".join(late))))
        raise ValidationError("disbursement_id", refused)


def _approval_ids(session: Session, disbursement_id: str) -> list[str]:
    return list(session.scalars(select(DisbursementApproval.id).where(
        DisbursementApproval.disbursement_id == disbursement_id)))


def post_disbursement(session: Session, disbursement_id: str, posted_on: date | None = None, account: str = "",
                      today: date | None = None, backdate_reason: str = "") -> EntryView:
    """Pay an approved disbursement from ``account`` (the bank when empty) and post its entry, dated
    ``posted_on`` (today when None); ``backdate_reason`` as ``ledger.write_entry`` asks for it."""
    who = require(session, Action.RECORD_LEDGER)
    day_now = today or date.today()
    row = load_disbursement(session, disbursement_id)
    if row.status != DisbursementStatus.APPROVED:
        raise ValidationError("disbursement_id", _("Only an approved disbursement is paid; this one is “{status}”.")
                              .format(status=label(DISBURSEMENT_STATUS_LABELS, row.status)))
    # Before the station has accounts the set-up's system does everything: there is nobody to tell apart.
    if who.user_id is not None and row.created_by == who.username:
        raise ValidationError("disbursement_id", _(
            "You proposed this disbursement: another account pays it, so no one person both asks for the money and "
            "pays it out (募用分离)."))
    fund = open_fund(session, row.fund_id)
    day = fund_day(fund, posted_on or day_now, "posted_on", day_now)
    if row.decided_on is not None and day < row.decided_on:
        raise ValidationError("posted_on", _("The payment is dated before the committee approved it ({date}).")
                              .format(date=row.decided_on.isoformat()))
    _check_approved(session, fund, row, day)
    draft = Draft(row.kind, day, lines_for(row.kind, row.amount_fen, account), row.purpose, row.payee,
                  project_id=row.project_id, backdate_reason=backdate_reason)
    if row.kind == EntryKind.GRANT:
        check_grant(session, funded_project(session, row.project_id), row.amount_fen, with_open=False)
    elif row.kind == EntryKind.REFUND:
        donation = outflows.refunded_donation(session, fund, row.refund_of_id)
        outflows.check_refund(session, donation, row.amount_fen, with_open=False)
        draft = replace(draft, donor_id=donation.donor_id)
    if row.kind == EntryKind.TRANSFER_OUT:
        target = outflows.receiving_fund(session, fund, row.to_fund_id, day, day_now)
        entry = ledger.write_transfer(session, fund, target, replace(draft, counterparty=target.name), who, today)
    else:
        entry = ledger.write_entry(session, fund, draft, who, today)
    row.status, row.posted_entry_id = DisbursementStatus.POSTED, entry.id
    session.flush()
    return ledger.entry(session, entry.id)


def _needed(session: Session, row: Disbursement, paid_on: date | None) -> int:
    """The approvals the fund's rule asks of the committee serving the day ``row`` was decided (the payment
    day when that is not recorded), or today while it awaits the committee."""
    fund = session.get(Fund, row.fund_id)  # from the session's identity map after the first row
    assert fund is not None
    return approvals_needed(committee_size(session, fund.id, row.decided_on or paid_on or date.today()),
                            fund.approval_rule)


def _marked(session: Session, row: Disbursement, decisions: Sequence[DecisionView]) -> tuple[DecisionView, ...]:
    """``row``'s decisions in the order dated, those recorded once the ones before them had settled it (by the
    fund's rule, for the committee serving the day it was decided) marked ``after_outcome``."""
    if row.decided_on is None:
        return tuple(decisions)
    fund = session.get(Fund, row.fund_id)  # from the session's identity map after the first row
    assert fund is not None
    size = committee_size(session, fund.id, row.decided_on)
    marked: list[DecisionView] = []
    approvals = rejections = 0
    for decision in decisions:
        if outcome(size, fund.approval_rule, approvals, rejections) is not None:
            marked.append(replace(decision, after_outcome=True))
            continue
        if decision.counted:
            approvals += decision.decision == Decision.APPROVE
            rejections += decision.decision == Decision.REJECT
        marked.append(decision)
    return tuple(marked)


def _views(session: Session, ids: Sequence[str]) -> list[DisbursementView]:
    rows = {row.id: (row, number, title) for row, number, title in session.execute(
        select(Disbursement, Project.number, Project.title).outerjoin(Project, Disbursement.project_id == Project.id)
        .where(Disbursement.id.in_(ids)))}
    paid = [row.posted_entry_id for row, _number, _title in rows.values() if row.posted_entry_id]
    posted = {entry_id: (number, day) for entry_id, number, day in session.execute(
        select(LedgerEntry.id, LedgerEntry.number, LedgerEntry.posted_on).where(LedgerEntry.id.in_(paid)))}
    reversal = aliased(LedgerEntry)
    reversed_numbers = {original: number for original, number in session.execute(
        select(reversal.reverses_id, reversal.number).where(reversal.reverses_id.in_(paid)))}
    refunded_numbers = {entry_id: number for entry_id, number in session.execute(
        select(LedgerEntry.id, LedgerEntry.number).where(LedgerEntry.id.in_(
            [row.refund_of_id for row, _number, _title in rows.values() if row.refund_of_id])))}
    decisions: dict[str, list[DecisionView]] = {}
    for approval, name, counts in session.execute(
            select(DisbursementApproval, FundMember.name, counted())
            .join(FundMember, DisbursementApproval.member_id == FundMember.id)
            .where(DisbursementApproval.disbursement_id.in_(ids))
            .order_by(DisbursementApproval.decided_on, DisbursementApproval.hlc)):
        decisions.setdefault(approval.disbursement_id, []).append(DecisionView(
            approval.member_id, name, approval.decision, approval.decided_on, approval.note, approval.by_name,
            approval.amount_fen, bool(counts)))
    return [DisbursementView(row.id, row.fund_id, row.kind, row.amount_fen, row.project_id, number or "", title or "",
                             row.payee, row.purpose, row.proposed_on, row.proposed_by, row.status, row.decided_on,
                             row.posted_entry_id, _marked(session, row, decisions.get(row.id, ())),
                             posted.get(row.posted_entry_id or "", (None, None))[0],
                             reversed_numbers.get(row.posted_entry_id or ""), row.to_fund_id, row.refund_of_id,
                             refunded_numbers.get(row.refund_of_id or ""), row.created_by, row.closed_on,
                             row.closed_by, row.close_reason,
                             _needed(session, row, posted.get(row.posted_entry_id or "", (None, None))[1]))
            for row, number, title in (rows[i] for i in ids if i in rows)]


def disbursement(session: Session, disbursement_id: str) -> DisbursementView:
    require(session, Action.VIEW)
    load_disbursement(session, disbursement_id)
    return _views(session, [disbursement_id])[0]


def disbursements(session: Session, fund_id: str, status: str = "") -> list[DisbursementView]:
    """The fund's disbursements (of ``status`` only, when given), the latest proposed first."""
    require(session, Action.VIEW)
    load_fund(session, fund_id)
    where = [Disbursement.fund_id == fund_id, Disbursement.deleted_at.is_(None)]
    if status:
        where.append(Disbursement.status == status)
    return _views(session, list(session.scalars(select(Disbursement.id).where(*where).order_by(
        Disbursement.proposed_on.desc(), Disbursement.hlc.desc()))))


def numbered(session: Session, fund_id: str) -> dict[str, int]:
    """The fund's disbursements, id → number, as the CLI and the 拨付 tab show them: taken when proposed and
    never changed after, also by sync (``sync.registry.NUMBERED``)."""
    require(session, Action.VIEW)
    return {row_id: number for row_id, number in session.execute(select(Disbursement.id, Disbursement.number).where(
        Disbursement.fund_id == fund_id, Disbursement.deleted_at.is_(None), Disbursement.number.is_not(None)))}
