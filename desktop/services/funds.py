"""Community funds (社区慈善基金) and their management committees (管委会).

A fund has no bank account, seal or sub-fund of its own: its money sits in the account of its host
charity (托管慈善组织), and its ledger (``services.ledger``) says what of that money is the fund's.
Members join one at a time, so a committee may break the FORMS.md rules while it forms; it is shown
with what it lacks (``FundView.problems``) and may decide nothing until it meets every rule. Writing
needs MANAGE_FUNDS; reading, VIEW.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

from desktop.domain.codes import label
from desktop.domain.committee_state import withdraws
from desktop.domain.ledger import (
    APPROVAL_RULE_LABELS, FUND_STATUS_LABELS, MEMBER_ROLE_LABELS, RECEIPT_PREFIX_MAX, MemberRole, Seat,
    approvals_needed, committee_problems, default_receipt_prefix,
)
from desktop.domain.permissions import Action
from desktop.domain.pinyin import sort_key
from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _
from desktop.services.forms import one_of, optional_text, required_text
from desktop.services.guard import require
from desktop.services.links import live_community
from desktop.storage import audit
from desktop.storage.models import (
    Community, Disbursement, DisbursementApproval, Fund, FundMember, LedgerEntry, UserAccount,
)

ACTIVE = "active"
# The earliest day a fund may have opened: community charity funds began in the 2010s, so an earlier day is a
# mistyped year (1990 for 2019), which would also let entries be back-dated decades. The New fund dialog's
# date field starts here too.
FIRST_OPENING = date(2000, 1, 1)
WITHDRAWN = "fund_member.withdrawn"  # audit action of a membership withdrawn: {"reason", "by"}
ENDED = "fund_member.ended"  # audit action of a membership ended with a reason (期满, 辞任): {"reason", "by"}


@dataclass(frozen=True)
class FundInput:
    name: str  # FORMS.md: "<host charity><community>社区慈善基金"
    community_id: str
    host_charity: str  # 托管慈善组织, whose account holds the money
    opened_on: date
    purpose: str = ""
    approval_rule: str = "majority"  # domain.ledger.ApprovalRule
    receipt_prefix: str = ""  # the word before 〔year〕 on receipts, unique; made from the name when empty
    status: str = ACTIVE  # domain.ledger.FUND_STATUS_LABELS

    def validated(self, today: date) -> FundInput:
        if self.opened_on > today:
            raise ValidationError("opened_on", _("The date is in the future."))
        if self.opened_on < FIRST_OPENING:
            raise ValidationError("opened_on", _("A fund opens on {date} or later: check the year.").format(
                date=FIRST_OPENING.isoformat()))
        return replace(self, name=required_text(self.name, "name", 100),
                       host_charity=required_text(self.host_charity, "host_charity", 100),
                       receipt_prefix=optional_text(self.receipt_prefix, "receipt_prefix", RECEIPT_PREFIX_MAX),
                       purpose=optional_text(self.purpose, "purpose", 500),
                       approval_rule=one_of(self.approval_rule, APPROVAL_RULE_LABELS, "approval_rule"),
                       status=one_of(self.status, FUND_STATUS_LABELS, "status"))


@dataclass(frozen=True)
class MemberInput:
    name: str
    role: str  # domain.ledger.MemberRole
    joined_on: date
    affiliation: str = ""  # 居民代表, 辖区企业代表…
    unpaid: bool = True
    user_id: str | None = None  # their account, when they record their own decisions

    def validated(self, today: date) -> MemberInput:
        if not self.unpaid:
            raise ValidationError("unpaid", _("Committee members serve unpaid."))
        if self.joined_on > today:
            raise ValidationError("joined_on", _("The date is in the future."))
        return replace(self, name=required_text(self.name, "name", 50),
                       role=one_of(self.role, MEMBER_ROLE_LABELS, "role"),
                       affiliation=optional_text(self.affiliation, "affiliation", 100),
                       user_id=self.user_id or None)


@dataclass(frozen=True)
class MemberView:
    id: str
    fund_id: str
    name: str
    role: str
    affiliation: str
    unpaid: bool
    user_id: str | None
    joined_on: date
    left_on: date | None

    @property
    def role_label(self) -> str:
        return label(MEMBER_ROLE_LABELS, self.role)

    @property
    def withdrawn(self) -> bool:
        """The membership was withdrawn as entered by mistake: it served on no day."""
        return withdraws(self.joined_on, self.left_on)


@dataclass(frozen=True)
class FundView:
    id: str
    name: str
    community_id: str
    community: str
    host_charity: str
    opened_on: date
    purpose: str
    status: str
    approval_rule: str
    receipt_prefix: str
    committee: tuple[MemberView, ...]  # the members serving today
    problems: tuple[str, ...]  # the committee rules it breaks; none: it may decide
    approvals_needed: int  # of the committee serving today

    @property
    def status_label(self) -> str:
        return label(FUND_STATUS_LABELS, self.status)


def load_fund(session: Session, fund_id: str) -> Fund:
    """A fund that is not deleted, or NotFoundError."""
    row = session.get(Fund, fund_id) if fund_id else None
    if row is None or row.deleted_at is not None:
        raise NotFoundError(_("No such fund."))
    return row


def open_fund(session: Session, fund_id: str, field: str = "fund_id") -> Fund:
    """An active fund, locked for this unit of work (its numbers are taken next): on SQLite the
    write transaction holds the file already, on PostgreSQL this takes the row."""
    row = load_fund(session, fund_id)
    session.refresh(row, with_for_update=True)
    if row.status != ACTIVE:
        raise ValidationError(field, _("The fund {name} is closed.").format(name=row.name))
    return row


def fund_day(fund: Fund, day: date, field: str, today: date) -> date:
    """A day of something done in the fund: not before it opened, not in the future."""
    if day > today:
        raise ValidationError(field, _("The date is in the future."))
    if day < fund.opened_on:
        raise ValidationError(field, _("The date is before the fund opened ({date}).").format(
            date=fund.opened_on.isoformat()))
    return day


def serving(day: date) -> tuple[ColumnElement[bool], ...]:
    """Conditions on ``FundMember`` leaving the members serving on ``day``."""
    return (FundMember.deleted_at.is_(None), FundMember.joined_on <= day,
            or_(FundMember.left_on.is_(None), FundMember.left_on > day))


def committee_size(session: Session, fund_id: str, day: date) -> int:
    """How many members served on ``day``: what a decision taken that day was judged by. Read without a
    signed-in user, for ``wushe check`` too."""
    return session.scalar(select(func.count()).select_from(FundMember).where(
        FundMember.fund_id == fund_id, *serving(day))) or 0


def committee(session: Session, fund_id: str, on: date | None = None) -> list[MemberView]:
    """The members serving on ``on`` (today when None): the chair first, the supervisors last."""
    require(session, Action.VIEW)
    order = list(MemberRole)
    rows = session.scalars(select(FundMember).where(FundMember.fund_id == fund_id, *serving(on or date.today()))
                           .order_by(FundMember.joined_on, FundMember.name))
    views = [_member_view(row) for row in rows]
    return sorted(views, key=lambda m: order.index(MemberRole(m.role)) if m.role in order else len(order))


def check_committee(session: Session, fund: Fund, on: date) -> list[MemberView]:
    """The committee serving on ``on``, if it meets every rule; else its first problem, refused."""
    members = committee(session, fund.id, on)
    problems = committee_problems([Seat(m.role, m.unpaid) for m in members])
    if problems:
        raise ValidationError("committee", _("The committee of {fund} cannot decide yet: {problem}").format(
            fund=fund.name, problem=" ".join(problems)))
    return members


def _member_view(row: FundMember) -> MemberView:
    return MemberView(row.id, row.fund_id, row.name, row.role, row.affiliation, row.unpaid, row.user_id,
                      row.joined_on, row.left_on)


def _receipt_prefix(session: Session, data: FundInput, row: Fund | None) -> FundInput:
    """The prefix given, which no other live fund may use (their receipt numbers would be the same); when
    none is given, the fund's own, or one made from its name that no other fund uses."""
    others = {prefix: name for prefix, name in session.execute(select(Fund.receipt_prefix, Fund.name).where(
        Fund.deleted_at.is_(None), *(() if row is None else (Fund.id != row.id,))))}
    prefix = data.receipt_prefix or (row.receipt_prefix if row is not None else "")
    if not prefix:
        return replace(data, receipt_prefix=default_receipt_prefix(data.name, data.host_charity, others))
    if prefix in others:
        raise ValidationError("receipt_prefix", _("{fund} numbers its receipts with “{prefix}” already; choose "
                                                  "another prefix.").format(fund=others[prefix], prefix=prefix))
    return replace(data, receipt_prefix=prefix)


def _check_name(session: Session, data: FundInput, row: Fund | None) -> None:
    """No two live funds share a name: every ``--fund NAME`` would then be ambiguous."""
    taken = session.scalar(select(Fund.id).where(Fund.name == data.name, Fund.deleted_at.is_(None),
                                                 *(() if row is None else (Fund.id != row.id,))).limit(1))
    if taken is not None:
        raise ValidationError("name", _("A fund named {name} exists already; choose another name.").format(
            name=data.name))


def _apply(row: Fund, data: FundInput) -> None:
    for key in ("name", "community_id", "host_charity", "opened_on", "purpose", "approval_rule", "receipt_prefix",
                "status"):
        setattr(row, key, getattr(data, key))


def add(session: Session, data: FundInput, today: date | None = None) -> FundView:
    require(session, Action.MANAGE_FUNDS)
    data = data.validated(today or date.today())
    live_community(session, data.community_id)
    _check_name(session, data, None)
    data = _receipt_prefix(session, data, None)
    row = Fund()
    _apply(row, data)
    session.add(row)
    session.flush()
    return get(session, row.id)


def update(session: Session, fund_id: str, data: FundInput, today: date | None = None) -> FundView:
    """Change the fund's particulars; it cannot open after its first entry."""
    require(session, Action.MANAGE_FUNDS)
    row = load_fund(session, fund_id)
    data = data.validated(today or date.today())
    live_community(session, data.community_id)
    _check_name(session, data, row)
    data = _receipt_prefix(session, data, row)
    first = session.scalar(select(func.min(LedgerEntry.posted_on)).where(LedgerEntry.fund_id == row.id))
    if first is not None and data.opened_on > first:
        raise ValidationError("opened_on", _("The fund has entries from {date}; it cannot open later.").format(
            date=first.isoformat()))
    _apply(row, data)
    session.flush()
    return get(session, row.id)


def get(session: Session, fund_id: str) -> FundView:
    require(session, Action.VIEW)
    row = load_fund(session, fund_id)
    community = session.get(Community, row.community_id)
    members = tuple(committee(session, row.id))
    return FundView(row.id, row.name, row.community_id, community.name if community else "", row.host_charity,
                    row.opened_on, row.purpose, row.status, row.approval_rule, row.receipt_prefix, members,
                    tuple(committee_problems([Seat(m.role, m.unpaid) for m in members])),
                    approvals_needed(len(members), row.approval_rule))


def list_all(session: Session) -> list[FundView]:
    """Every fund, the active ones first, then by name in pinyin order, as the registers sort (a station has
    a few: sorted here, not in SQL, where 青山 would follow 河滨 by code point)."""
    require(session, Action.VIEW)
    rows = session.execute(select(Fund.id, Fund.name, Fund.status).where(Fund.deleted_at.is_(None))).all()
    ordered = sorted(rows, key=lambda row: (row.status != ACTIVE, sort_key(row.name), row.id))
    return [get(session, row.id) for row in ordered]


def _check_account(session: Session, user_id: str | None) -> None:
    if user_id is None:
        return
    account = session.get(UserAccount, user_id)
    if account is None or account.disabled_at is not None:
        raise ValidationError("user_id", _("Choose an account that is in use."))


def _last_decision(session: Session, fund_id: str, member_id: str | None = None) -> date | None:
    """The last day the fund's committee (or one member of it) recorded a decision: a membership may begin
    or end only after it, so no decided day's committee is changed afterwards."""
    query = (select(func.max(DisbursementApproval.decided_on))
             .join(Disbursement, DisbursementApproval.disbursement_id == Disbursement.id)
             .where(Disbursement.fund_id == fund_id, Disbursement.deleted_at.is_(None)))
    if member_id is not None:
        query = query.where(DisbursementApproval.member_id == member_id)
    return session.scalar(query)


def add_member(session: Session, fund_id: str, data: MemberInput, today: date | None = None) -> MemberView:
    """A member joins the committee; someone serving already, or a second chair, is refused."""
    require(session, Action.MANAGE_FUNDS)
    fund = load_fund(session, fund_id)
    data = data.validated(today or date.today())
    _check_account(session, data.user_id)
    current = committee(session, fund.id, max(data.joined_on, today or date.today()))
    if any(m.name == data.name for m in current):
        raise ValidationError("name", _("{name} serves on the committee already.").format(name=data.name))
    chair = next((m for m in current if m.role == MemberRole.CHAIR), None)
    if data.role == MemberRole.CHAIR and chair is not None:
        raise ValidationError("role", _("The committee has a chair already: {name}.").format(name=chair.name))
    decided = _last_decision(session, fund.id)
    if decided is not None and data.joined_on <= decided:  # a member back-dated would change a decided day's count
        raise ValidationError("joined_on", _("The committee decided on {date} without {name}: they join after "
                                             "it.").format(date=decided.isoformat(), name=data.name))
    row = FundMember(fund_id=fund.id, name=data.name, role=data.role, affiliation=data.affiliation,
                     unpaid=data.unpaid, user_id=data.user_id, joined_on=data.joined_on)
    session.add(row)
    session.flush()
    return _member_view(row)


def end_membership(session: Session, member_id: str, left_on: date, today: date | None = None,
                   reason: str = "") -> MemberView:
    """The member leaves the committee on ``left_on`` (the first day they no longer serve); ``reason`` (期满,
    辞任), when given, goes to the audit log. Ended on the day they joined, with no decision recorded, the
    membership is withdrawn as entered by mistake: they served on no day, and the reason is required. No day
    the committee decided on is changed: the member leaves after the last one."""
    who = require(session, Action.MANAGE_FUNDS)
    row = session.get(FundMember, member_id) if member_id else None
    if row is None or row.deleted_at is not None:
        raise NotFoundError(_("No such committee member."))
    if row.left_on is not None:
        raise ValidationError("member_id", _("{name} left the committee on {date}.").format(
            name=row.name, date=row.left_on.isoformat()))
    if left_on > (today or date.today()):
        raise ValidationError("left_on", _("The date is in the future."))
    if left_on < row.joined_on:
        raise ValidationError("left_on", _("The member cannot leave before they joined ({date}).").format(
            date=row.joined_on.isoformat()))
    last = _last_decision(session, row.fund_id, row.id)
    if last is not None and left_on <= last:  # they would have decided while not serving
        raise ValidationError("left_on", _("{name} recorded a decision on {date}: they leave after it.").format(
            name=row.name, date=last.isoformat()))
    decided = _last_decision(session, row.fund_id)
    if decided is not None and left_on <= decided:  # the committee that decided that day counted them
        raise ValidationError("left_on", _("The committee decided on {date} with {name} serving: they leave after "
                                           "it.").format(date=decided.isoformat(), name=row.name))
    if withdraws(row.joined_on, left_on) and not reason.strip():
        raise ValidationError("reason", _(
            "{name} joined on {date}: ending the membership that day withdraws it as entered by mistake (they "
            "served on no day). Give the reason.").format(name=row.name, date=row.joined_on.isoformat()))
    if reason.strip():
        audit.append(session, WITHDRAWN if withdraws(row.joined_on, left_on) else ENDED,
                     table_name=FundMember.__tablename__, row_id=row.id,
                     detail={"reason": required_text(reason, "reason", 200), "by": who.display_name})
    row.left_on = left_on
    session.flush()
    return _member_view(row)
