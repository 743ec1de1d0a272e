"""A fund's management committee (管委会) on the command line: ``wushe ledger members|member-add|member-end``.

The same service calls as the 管委会 box of a fund's window, so the same rules and rights: a member joins
on a day in the fund's life (not two of the same name serving, one chair), and leaves on the first day
they no longer serve, with a reason if one is given; ended on the day they joined, with a reason, the
membership is withdrawn as entered by mistake (they served on no day); both need the right to set up funds. A committee may break the rules while it
forms; each command says what it still lacks, as the box does. A member is named by their name or id.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from desktop.cli.auth import open_signed_in
from desktop.cli.code_options import code_option
from desktop.cli.ledger_common import fund_of
from desktop.cli.output import print_json, print_table
from desktop.domain.committee_state import committee_state
from desktop.domain.ledger import MEMBER_ROLE_LABELS, Seat, approvals_needed
from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.services import funds
from desktop.services.funds import FundView, MemberInput, MemberView, fund_day, load_fund

ADD_FLAGS = {"fund_id": "--fund", "name": "--name", "role": "--role", "affiliation": "--affiliation",
             "joined_on": "--from"}
END_FLAGS = {"fund_id": "--fund", "member_id": "--member", "left_on": "--on", "reason": "--reason"}
DAY = {"type": date.fromisoformat, "default": None, "metavar": "YYYY-MM-DD"}


def register(commands: Any) -> None:
    """Add the three commands to the ``wushe ledger`` group's subparsers."""
    q = commands.add_parser("members", help=_("a fund's management committee (管委会): the names decide --member "
                                              "takes"))
    fund_option(q)
    q.add_argument("--date", dest="day", **DAY, help=_("those serving on this day (today when left out)"))
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=_members)

    q = commands.add_parser("member-add", help=_("a member joins a fund's management committee (管委会)"))
    fund_option(q)
    q.add_argument("--name", required=True, help=_("the member's name"))
    q.add_argument("--role", required=True, **code_option(MEMBER_ROLE_LABELS, _("their seat on the committee")))
    q.add_argument("--affiliation", default="", help=_("whom they speak for, like 居民代表 or 辖区企业代表"))
    q.add_argument("--from", dest="joined_on", **DAY, help=_("the first day they serve (today when left out)"))
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=_add, field_flags=ADD_FLAGS)

    q = commands.add_parser("member-end", help=_("a member leaves a fund's management committee; they stay on file "
                                                 "with the decisions they recorded"))
    fund_option(q)
    q.add_argument("--member", required=True, metavar="NAME_OR_ID", help=_("the member serving now who leaves"))
    q.add_argument("--on", dest="left_on", **DAY, help=_("the first day they no longer serve (today when left "
                                                         "out)"))
    q.add_argument("--reason", default="", help=_("why the member leaves (期满, 辞任), kept in the audit log; required "
                                                  "for a membership ended on the day it began, which is withdrawn as "
                                                  "entered by mistake"))
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=_end, field_flags=END_FLAGS)


def fund_option(q: argparse.ArgumentParser) -> None:
    q.add_argument("--fund", required=True, metavar="NAME_OR_ID", help=_("the fund's name or id"))


def member_row(member: MemberView) -> dict[str, Any]:
    return {"id": member.id, "name": member.name, "role": member.role, "affiliation": member.affiliation,
            "joined_on": member.joined_on, "left_on": member.left_on, "withdrawn": member.withdrawn,
            "has_account": member.user_id is not None}


def state_text(fund: FundView) -> str:
    """What the committee serving today lacks under the rules, or that it may decide."""
    return committee_state([Seat(m.role, m.unpaid) for m in fund.committee], fund.approvals_needed)


def serving_member(session: Session, fund_id: str, wanted: str, day: date) -> str:
    """The member serving on ``day`` with this name or id."""
    serving = funds.committee(session, fund_id, day)
    found = [m.id for m in serving if wanted.strip() in (m.id, m.name)]
    if len(found) == 1:
        return found[0]
    if found:
        raise ValidationError("--member", _("Several members are named {name}; give the member's id.").format(
            name=wanted.strip()))
    raise ValidationError("--member", _("{name} is not on the committee serving on {date}; it is: {members}.").format(
        name=wanted.strip(), date=day.isoformat(), members=", ".join(m.name for m in serving) or _("nobody")))


def day_in_fund(session: Session, fund_id: str, day: date | None, field: str) -> date:
    """The day an option gives (today when None): in the fund's life, not in the future (as the date fields
    of the fund's window allow)."""
    today = date.today()
    return fund_day(load_fund(session, fund_id), day or today, field, today)


def _members(args: argparse.Namespace) -> int:
    db = open_signed_in(args)
    with db.read() as session:
        fund_id = fund_of(session, args.fund)
        day = args.day or date.today()
        serving = funds.committee(session, fund_id, day)
        fund = funds.get(session, fund_id)
    if args.json:
        print_json({"fund": fund.name, "on": day, "approvals_needed": approvals_needed(len(serving),
                                                                                              fund.approval_rule),
                    "members": [member_row(m) for m in serving]})
        return 0
    print_members(serving)
    return 0


def print_members(serving: Sequence[MemberView]) -> None:
    print_table([_("Member name"), _("Committee role"), _("Affiliation"), _("Serving since"),
                 _("Records own decision")],
                [(m.name, m.role_label, m.affiliation, m.joined_on.isoformat(),
                  _("yes") if m.user_id is not None else "") for m in serving])


def _add(args: argparse.Namespace) -> int:
    db = open_signed_in(args)
    with db.write() as session:
        fund_id = fund_of(session, args.fund)
        joined_on = day_in_fund(session, fund_id, args.joined_on, "joined_on")
        member = funds.add_member(session, fund_id, MemberInput(args.name, args.role, joined_on, args.affiliation))
        fund = funds.get(session, fund_id)
    return _done(args, fund, member, _("{name} serves on the committee of {fund} from {date}: {role}.").format(
        name=member.name, role=member.role_label, fund=fund.name, date=member.joined_on.isoformat()))


def _end(args: argparse.Namespace) -> int:
    db = open_signed_in(args)
    with db.write() as session:
        fund_id = fund_of(session, args.fund)
        # Only a member serving now has a membership to end (one who left has their day already).
        found = serving_member(session, fund_id, args.member, date.today())
        left_on = day_in_fund(session, fund_id, args.left_on, "left_on")
        member = funds.end_membership(session, found, left_on, reason=args.reason)
        fund = funds.get(session, fund_id)
    if member.withdrawn:
        said = _("{name}'s membership of the committee of {fund} is withdrawn as entered by mistake: they served on "
                 "no day.").format(name=member.name, fund=fund.name)
    else:
        said = _("{name} leaves the committee of {fund}: {date} is the first day they no longer serve.").format(
            name=member.name, fund=fund.name, date=left_on.isoformat())
    return _done(args, fund, member, said)


def _done(args: argparse.Namespace, fund: FundView, member: MemberView, said: str) -> int:
    """The member as the write left them, and the committee serving today."""
    if args.json:
        print_json({"fund": fund.name, "member": member_row(member), "problems": list(fund.problems),
                    "approvals_needed": fund.approvals_needed, "committee": [member_row(m) for m in fund.committee]})
        return 0
    print(said)
    print(state_text(fund))
    return 0
