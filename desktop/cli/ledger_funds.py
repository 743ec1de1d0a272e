"""``wushe ledger fund-open``: a community fund (社区慈善基金) opened with the members of its committee (管委会),
in one write, by the same service call as the New fund dialog, so with its rules and its right (to set up
funds). A committee may be incomplete while it forms: the command says what it still lacks, and
``member-add`` (``cli.ledger_committee``) completes it.
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from desktop.cli.auth import open_signed_in
from desktop.cli.code_options import CodeChoice, code_option
from desktop.cli.ledger_committee import member_row, print_members, state_text
from desktop.cli.output import print_json, print_pairs
from desktop.cli.register_options import community_id
from desktop.domain.codes import label
from desktop.domain.ledger import APPROVAL_RULE_LABELS, MEMBER_ROLE_LABELS
from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.services import ledger_lists
from desktop.services.funds import FundInput, FundView, MemberInput

OPEN_FLAGS = {"name": "--name", "community": "--community", "community_id": "--community",
              "host_charity": "--charity", "opened_on": "--opened", "purpose": "--purpose",
              "approval_rule": "--approval-rule", "receipt_prefix": "--receipt-word", "committee": "--member"}
ROLE = CodeChoice(MEMBER_ROLE_LABELS)


def register(commands: Any) -> None:
    """Add ``fund-open`` to the ``wushe ledger`` group's subparsers."""
    q = commands.add_parser("fund-open", help=_("open a community fund, with the members of its committee (管委会)"))
    q.add_argument("--name", required=True, help=_("the fund's name, by FORMS.md <host charity><community>社区慈善基金"))
    q.add_argument("--community", required=True, help=_("the village or community (its name)"))
    q.add_argument("--charity", required=True, metavar="NAME",
                   help=_("the host charity (托管慈善组织) whose account holds the money and which issues the official "
                          "donation tickets"))
    q.add_argument("--opened", dest="opened_on", type=date.fromisoformat, default=None, metavar="YYYY-MM-DD",
                   help=_("the day it was set up (today when left out)"))
    q.add_argument("--purpose", default="", help=_("what the fund is for"))
    q.add_argument("--approval-rule", default="majority",
                   **code_option(APPROVAL_RULE_LABELS, _("how many of the committee approve a disbursement (by "
                                                         "default more than half)")))
    q.add_argument("--receipt-word", default="", metavar="WORD",
                   help=_("the word before 〔year〕 in its receipt numbers (made from the name when left out)"))
    q.add_argument("--member", dest="members", action="append", default=[], type=_member_typed,
                   metavar="NAME,ROLE[,AFFILIATION]",
                   help=_("a member of the committee, serving from the day the fund was set up; give it once for "
                          "each. The role: {roles}").format(roles=ROLE.shown()))
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=_open, field_flags=OPEN_FLAGS)


def _member_typed(text: str) -> tuple[str, str, str]:
    """NAME,ROLE[,AFFILIATION] as typed: the role's code (or its label), the affiliation what follows."""
    name, _comma, rest = text.partition(",")
    role, _comma, affiliation = rest.partition(",")
    if not name.strip() or not role.strip():
        raise argparse.ArgumentTypeError(_("give a member as NAME,ROLE or NAME,ROLE,AFFILIATION: {value}").format(
            value=text))
    return name.strip(), ROLE(role), affiliation.strip()


def fund_row(view: FundView) -> dict[str, Any]:
    return {"id": view.id, "name": view.name, "community": view.community, "host": view.host_charity,
            "opened_on": view.opened_on, "purpose": view.purpose, "status": view.status,
            "approval_rule": view.approval_rule, "receipt_prefix": view.receipt_prefix,
            "approvals_needed": view.approvals_needed, "problems": list(view.problems),
            "committee": [member_row(m) for m in view.committee]}


def _open(args: argparse.Namespace) -> int:
    opened_on = args.opened_on or date.today()
    members = [MemberInput(name, role, opened_on, affiliation) for name, role, affiliation in args.members]
    db = open_signed_in(args)
    with db.write() as session:
        data = FundInput(args.name, community_id(session, args.community), args.charity, opened_on, args.purpose,
                         args.approval_rule, args.receipt_word)
        try:
            fund = ledger_lists.open_with_committee(session, data, members)
        except ValidationError as exc:
            # committee.<n>.<field>: the n-th --member, named so, as the dialog marks its cell.
            number = exc.field.split(".")[1] if exc.field.startswith("committee.") else ""
            if not number:
                raise
            raise ValidationError("committee", _("{member}: {message}").format(
                member=members[int(number) - 1].name, message=exc.message)) from None
    if args.json:
        print_json(fund_row(fund))
        return 0
    print(_("Fund opened: {name}.").format(name=fund.name))
    print_pairs([(_("Village or community"), fund.community), (_("Host charity (托管慈善组织)"), fund.host_charity),
                 (_("Set up on"), fund.opened_on.isoformat()), (_("Fund purpose"), fund.purpose or "—"),
                 (_("Disbursements need"), label(APPROVAL_RULE_LABELS, fund.approval_rule)),
                 (_("Receipt word"), fund.receipt_prefix)])
    if fund.committee:
        print()
        print_members(fund.committee)
    print()
    print(state_text(fund))
    return 0
