"""Money leaving a fund on the command line (募用分离): ``wushe ledger disbursements|propose|decide|pay|withdraw``.

A disbursement is proposed, each committee member serving decides on it once (``members``, of
``cli.ledger_committee``, names them),
and the finance officer pays an approved one, which posts its entry; one not paid may be withdrawn or
cancelled with a reason. The rules are ``services.disbursements``' (the 拨付 tab's).
A disbursement is known by its number in the fund, taken when it was proposed and kept as it is decided,
paid and synced (``disbursements.numbered``); its id is taken too.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from desktop.cli.auth import open_signed_in
from desktop.cli.ledger_committee import day_in_fund, fund_option, serving_member
from desktop.cli.ledger_common import (
    BACKDATE_FLAG, backdate_option, balance_row, entry_row, fen_typed, fund_of, looked_up,
)
from desktop.cli.output import print_json, print_table
from desktop.cli.projects import yuan
from desktop.domain.codes import label
from desktop.domain.ledger import ASSETS, DECISION_LABELS, Decision, DisbursementStatus, EntryKind
from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.services import disbursements, funds, ledger, outflows, projects
from desktop.services.disbursement_withdrawal import withdraw
from desktop.services.disbursements import DisbursementInput, DisbursementView

# What a person types for --kind, as the services name it.
KINDS = {"grant": EntryKind.GRANT, "expense": EntryKind.EXPENSE, "transfer": EntryKind.TRANSFER_OUT,
         "refund": EntryKind.REFUND}
# The services' fields as each command's options.
PROPOSE_FLAGS = {"fund_id": "--fund", "kind": "--kind", "amount": "--amount", "purpose": "--purpose",
                 "payee": "--payee", "project_id": "--project", "to_fund_id": "--to-fund",
                 "refund_of_id": "--donation", "proposed_on": "--date"}
DECIDE_FLAGS = {"member_id": "--member", "decision": "--decision", "note": "--note", "decided_on": "--date"}
PAY_FLAGS = {"fund_id": "--fund", "posted_on": "--date", "account": "--account", "backdate_reason": BACKDATE_FLAG}
WITHDRAW_FLAGS = {"fund_id": "--fund", "reason": "--reason"}


def register(commands: Any) -> None:
    """Add the five commands to the ``wushe ledger`` group's subparsers."""
    q = commands.add_parser("disbursements", help=_("a fund's disbursements (拨付), with the committee's decisions"))
    fund_option(q)
    q.add_argument("--status", default="", choices=list(DisbursementStatus), help=_("only those of this status"))
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=_list)

    q = commands.add_parser("propose", help=_("propose a grant, expense, transfer or refund for the committee"))
    fund_option(q)
    q.add_argument("--kind", required=True, choices=list(KINDS), help=_("what the money is paid as"))
    q.add_argument("--amount", required=True, metavar="YUAN", help=_("the amount in yuan, like 12.34"))
    q.add_argument("--purpose", required=True, help=_("what the money is for; it becomes the entry's summary (摘要)"))
    q.add_argument("--payee", default="", help=_("who is paid: needed for an expense; a grant pays the project's "
                                                 "organisation and a refund the donor when left out"))
    q.add_argument("--project", default="", metavar="NUMBER", help=_("a grant: the funded project's number"))
    q.add_argument("--to-fund", default="", metavar="NAME_OR_ID", help=_("a transfer: the fund that receives it"))
    q.add_argument("--donation", default="", metavar="ENTRY_NO",
                   help=_("a refund: the number of the donation entry it gives back"))
    _date_option(q, _("the day it is proposed (today when left out)"))
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=_propose, field_flags=PROPOSE_FLAGS)

    q = _on_one(commands, "decide", _("record a committee member's decision on a disbursement"), _decide,
                DECIDE_FLAGS)
    q.add_argument("--member", required=True, metavar="NAME_OR_ID",
                   help=_("the member of the committee, serving on the day of the decision"))
    q.add_argument("--decision", required=True, choices=list(Decision), help=_("approve or reject"))
    q.add_argument("--note", default="", help=_("why, or the conditions attached"))
    _date_option(q, _("the day the member decided (today when left out)"))

    q = _on_one(commands, "pay", _("pay a disbursement the committee approved and post its entry"), _pay, PAY_FLAGS)
    _date_option(q, _("the day it is paid (today when left out)"))
    q.add_argument("--account", default="", choices=ASSETS,
                   help=_("what it is paid from: bank (the usual), cash, or goods (an expense given out in kind)"))
    backdate_option(q)

    q = _on_one(commands, "withdraw", _("withdraw a proposed disbursement (its proposer or the head), or cancel an "
                                        "approved one not paid (the head)"), _withdraw, WITHDRAW_FLAGS)
    q.add_argument("--reason", required=True, help=_("why it will not be paid"))


def _on_one(commands: Any, name: str, helptext: str, handler: Callable[[argparse.Namespace], int],
            flags: dict[str, str]) -> argparse.ArgumentParser:
    """A command on one disbursement, named by its number (or id) and its fund, its result as JSON when asked."""
    q = commands.add_parser(name, help=helptext)
    q.add_argument("number", metavar="NO", help=_("the disbursement's number in the fund (or its id)"))
    fund_option(q)
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=handler, field_flags=flags)
    return q


def _date_option(q: argparse.ArgumentParser, helptext: str) -> None:
    q.add_argument("--date", dest="day", type=date.fromisoformat, default=None, metavar="YYYY-MM-DD", help=helptext)


def _find(session: Session, fund_id: str, wanted: str) -> tuple[int, DisbursementView]:
    """The fund's disbursement of this number, or with this id."""
    numbers = disbursements.numbered(session, fund_id)
    key = wanted.strip()
    found = next((i for i, n in numbers.items() if str(n) == key), key if key in numbers else None)
    if found is None:
        raise ValidationError("disbursement_id", _("{fund} has no disbursement {number}.").format(
            fund=funds.get(session, fund_id).name, number=key))
    return numbers[found], disbursements.disbursement(session, found)


def _named_text(row: DisbursementView) -> str:
    """What a grant or a refund is for: the project, or the donation given back."""
    if row.refund_of_number is not None:
        return _("Donation No. {number}").format(number=row.refund_of_number)
    return row.project_number


def _row(number: int, row: DisbursementView) -> dict[str, Any]:
    approvals, rejections = row.tally
    return {"number": number, "id": row.id, "proposed_on": row.proposed_on, "proposed_by": row.proposed_by,
            "kind": row.kind, "amount": yuan(row.amount_fen), "purpose": row.purpose, "payee": row.payee,
            "project": row.project_number or None, "to_fund_id": row.to_fund_id, "donation": row.refund_of_number,
            "status": row.status, "decided_on": row.decided_on, "entry": row.posted_number,
            "closed_on": row.closed_on, "closed_by": row.closed_by, "close_reason": row.close_reason,
            "reversed_by": row.reversed_by_number, "approvals": approvals, "rejections": rejections,
            "needed": row.approvals_needed,
            "decisions": [{"member": d.member_name, "decision": d.decision, "on": d.decided_on, "note": d.note,
                           "by": d.by_name, "amount": yuan(d.amount_fen) if d.amount_fen is not None else None,
                           "counted": d.counted, "after_decision": d.after_outcome}
                          for d in row.decisions]}


def _list(args: argparse.Namespace) -> int:
    db = open_signed_in(args)
    with db.read() as session:
        fund_id = fund_of(session, args.fund)
        numbers = disbursements.numbered(session, fund_id)
        rows = sorted((numbers[d.id], d) for d in disbursements.disbursements(session, fund_id, args.status))
    if args.json:
        print_json([_row(n, row) for n, row in rows])
        return 0
    # The use of the money last: it is the longest.
    print_table([_("No."), _("Proposed on"), _("Kind"), _("Paid to"), _("Project or donation"), _("Amount"),
                 _("Approvals"), _("Status"), _("Use of the money")],
                [(n, row.proposed_on.isoformat(), row.kind_label, row.payee, _named_text(row), yuan(row.amount_fen),
                  row.tally_text, row.status_label, row.purpose) for n, row in rows])
    return 0


def _check_options(args: argparse.Namespace) -> None:
    """Nothing typed is silently ignored: what names a project, fund or donation belongs to one kind (the
    services' rule), and a transfer pays the fund it names."""
    kind = KINDS[args.kind]
    outflows.check_named(kind, {"project_id": args.project, "to_fund_id": args.to_fund, "refund_of_id": args.donation})
    if kind == EntryKind.TRANSFER_OUT and args.payee:
        raise ValidationError("--payee", _("A transfer pays the fund that receives it: name it with --to-fund."))


def _input(session: Session, fund_id: str, args: argparse.Namespace) -> DisbursementInput:
    """What the options propose, the project, fund and donation they name found."""
    project_id = to_fund_id = refund_of_id = None
    if args.project.strip():
        with looked_up("--project"):
            project_id = projects.by_number(session, args.project).id
    if args.to_fund.strip():
        to_fund_id = fund_of(session, args.to_fund, "--to-fund")
    if args.donation.strip():
        wanted = args.donation.strip()
        with looked_up("--donation"):
            refund_of_id = ledger.entry_by_number(session, fund_id, int(wanted)).id if wanted.isdigit() else wanted
    return DisbursementInput(KINDS[args.kind], fen_typed(args.amount) or 0, args.purpose, project_id, args.payee,
                             to_fund_id, refund_of_id)


def _propose(args: argparse.Namespace) -> int:
    _check_options(args)
    db = open_signed_in(args)
    with db.write() as session:
        fund_id = fund_of(session, args.fund)
        data = _input(session, fund_id, args)
        day = day_in_fund(session, fund_id, args.day, "proposed_on")
        row = disbursements.propose_disbursement(session, fund_id, data, today=day)
        number = disbursements.numbered(session, fund_id)[row.id]
        fund = funds.get(session, fund_id)
        available = ledger.balances(session, fund_id).available_fen
    if args.json:
        print_json({"fund": fund.name, "disbursement": _row(number, row),
                    "available": yuan(available)})
        return 0
    print(_("Disbursement {number} proposed in {fund}: {kind}, {amount} yuan to {payee}. It awaits the committee: "
            "{needed} approvals are needed.").format(number=number, fund=fund.name, kind=row.kind_label,
                                                     amount=yuan(row.amount_fen), payee=row.payee,
                                                     needed=row.approvals_needed))
    if row.amount_fen > available:
        print(_("{amount} yuan more than the fund has available now: it can be paid only once the fund holds it.")
              .format(amount=yuan(row.amount_fen - available)))
    return 0


def _decide(args: argparse.Namespace) -> int:
    db = open_signed_in(args)
    with db.write() as session:
        fund_id = fund_of(session, args.fund)
        number, row = _find(session, fund_id, args.number)
        day = day_in_fund(session, fund_id, args.day, "decided_on")
        if day < row.proposed_on:  # only here can a decision be dated: the 拨付 tab records it today
            raise ValidationError("decided_on", _("The decision is dated before the disbursement was proposed "
                                                  "({date}).").format(date=row.proposed_on.isoformat()))
        member_id = serving_member(session, fund_id, args.member, day)
        row = disbursements.approve_disbursement(session, row.id, member_id, args.decision, args.note, today=day)
        fund = funds.get(session, fund_id)
    if args.json:
        print_json({"fund": fund.name, "disbursement": _row(number, row)})
        return 0
    decided = next(d for d in row.decisions if d.member_id == member_id)
    print(_("{member}: {decision}, recorded on disbursement {number} of {fund}.").format(
        member=decided.member_name, decision=label(DECISION_LABELS, decided.decision), number=number,
        fund=fund.name))
    print(_("Approvals: {approvals}. Status: {status}.").format(
        approvals=row.tally_text, status=row.status_label))
    if decided.after_outcome:
        assert row.decided_on is not None
        print(_("The committee approved it on {date}: a decision recorded now is for the minutes and does not "
                "change that.").format(date=row.decided_on.isoformat()))
    return 0


def _pay(args: argparse.Namespace) -> int:
    db = open_signed_in(args)
    with db.write() as session:
        fund_id = fund_of(session, args.fund)
        number, row = _find(session, fund_id, args.number)
        entry = disbursements.post_disbursement(session, row.id, args.day, args.account,
                                                backdate_reason=args.backdate_reason)
        held = ledger.balances(session, fund_id)
        row = disbursements.disbursement(session, row.id)
        fund = funds.get(session, fund_id)
    if args.json:
        print_json({"fund": fund.name, "disbursement": _row(number, row),
                    "entry": entry_row(entry), "balance": balance_row(held)})
        return 0
    print(_("Disbursement {number} paid: entry {entry} posted in {fund}, {kind}, {amount} yuan to {payee}.").format(
        number=number, entry=entry.number, fund=fund.name, kind=entry.kind_label, amount=yuan(entry.amount_fen),
        payee=row.payee))
    print(_("The fund holds {amount} yuan (bank and cash).").format(amount=yuan(held.available_fen)))
    return 0


def _withdraw(args: argparse.Namespace) -> int:
    db = open_signed_in(args)
    with db.write() as session:
        fund_id = fund_of(session, args.fund)
        number, row = _find(session, fund_id, args.number)
        row = withdraw(session, row.id, args.reason)
        fund = funds.get(session, fund_id)
    if args.json:
        print_json({"fund": fund.name, "disbursement": _row(number, row)})
        return 0
    print(_("Disbursement {number} of {fund}: {status}. Reason: {reason}").format(
        number=number, fund=fund.name, status=row.status_label, reason=row.close_reason))
    return 0
