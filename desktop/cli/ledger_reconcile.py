"""``wushe ledger assert-balance|reconcile|assertions`` (对账): what a bank statement, a cash count or a
stock-take says an account held at the end of a day, checked against the ledger; a difference explained
(未达账项) and marked reconciled; the balances recorded, each against the ledger. The same service calls as
the 对账 tab, so the same rights: recording and reconciling need the right to keep the ledger; listing, the
right to look. A balance is named by its number (the end of its id, as the commands print it) or its id."""

from __future__ import annotations

import argparse
from typing import Any

from desktop.cli.auth import open_signed_in
from desktop.cli.ledger_common import fen_typed, fund_of, looked_up
from desktop.cli.needs_resources import DAY
from desktop.cli.output import print_json, print_pairs, print_table
from desktop.cli.projects import yuan
from desktop.domain.ledger import ASSETS
from desktop.i18n import _
from desktop.services import reconciliation
from desktop.services.reconciliation import Reconciliation

FLAGS = {"fund": "--fund", "account": "--account", "on_date": "--date", "amount": "--amount", "source": "--source",
         "note": "--note", "assertion_id": "--assertion", "explanation": "--note"}
STATEMENT = "银行对账单"  # the source the 对账 tab proposes too


def register(commands: Any) -> None:
    """Add the three commands to the ``wushe ledger`` group's subparsers."""
    q = commands.add_parser("assert-balance", help=_("record what a bank statement (or a cash count, a stock-take) "
                                                     "says an account held at the end of a day, and compare it "
                                                     "with the ledger"))
    q.add_argument("--fund", required=True, metavar="NAME_OR_ID", help=_("the fund's name or id"))
    q.add_argument("--account", required=True, choices=ASSETS, help=_("the account: bank, cash or goods"))
    q.add_argument("--date", dest="on_date", required=True, **DAY,
                   help=_("the day whose closing balance the source states"))
    q.add_argument("--amount", required=True, metavar="YUAN", help=_("what the source says, in yuan, like 12.34"))
    q.add_argument("--source", default=STATEMENT, help=_("the source document (银行对账单 when left out)"))
    q.add_argument("--note", default="", help=_("a note on the balance"))
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=_assert_balance, field_flags=FLAGS)

    q = commands.add_parser("reconcile", help=_("explain the difference of a balance that differs from the ledger "
                                                "(未达账项); it is then shown as reconciled"))
    q.add_argument("--assertion", required=True, metavar="NUMBER",
                   help=_("the balance's number, as `wushe ledger assertions` lists it, or its id"))
    q.add_argument("--note", required=True, metavar="REASON",
                   help=_("why the source and the ledger differ (a deposit the bank had not credited yet, say)"))
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=_reconcile, field_flags=FLAGS)

    q = commands.add_parser("assertions", help=_("the balances recorded for a fund, each against the ledger, the "
                                                 "latest day first"))
    q.add_argument("--fund", required=True, metavar="NAME_OR_ID", help=_("the fund's name or id"))
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=_assertions, field_flags=FLAGS)


def _state(found: Reconciliation) -> str:
    """agrees, reconciled (a person explained this very difference) or differs."""
    if found.matches:
        return "agrees"
    return "reconciled" if found.explained else "differs"


def _state_label(found: Reconciliation) -> str:
    return {"agrees": _("Agrees"), "reconciled": _("Reconciled"), "differs": _("Differs")}[_state(found)]


def _row(found: Reconciliation) -> dict[str, Any]:
    return {"id": found.id, "number": found.number, "account": found.account, "on": found.on_date,
            "source": found.source, "says": yuan(found.expected_fen), "ledger": yuan(found.ledger_fen),
            "difference": yuan(found.difference_fen), "state": _state(found),
            "reconciled_difference": yuan(found.explained_fen), "explanation": found.explanation,
            "reconciled_by": found.reconciled_by, "note": found.note}


def _print(found: Reconciliation) -> None:
    """One balance against the ledger, with what reconciled it and, while it differs, how to reconcile it."""
    pairs = [(_("Number"), found.number), (_("Account"), found.account_label),
             (_("At the end of"), found.on_date.isoformat()), (_("Source document"), found.source),
             (_("Source says (yuan)"), yuan(found.expected_fen)), (_("Ledger says (yuan)"), yuan(found.ledger_fen)),
             (_("Difference (yuan)"), yuan(found.difference_fen)), (_("State"), _state_label(found))]
    if found.explained_fen is not None:
        pairs += [(_("Reconciled difference (yuan)"), yuan(found.explained_fen)),
                  (_("Reason"), found.explanation), (_("Reconciled by"), found.reconciled_by)]
    if found.note:
        pairs.append((_("Note"), found.note))
    print_pairs(pairs)
    if not found.reconciled:
        print(_("It is shown as differing until the ledger agrees or the difference is explained: wushe ledger "
                "reconcile --assertion {number} --note REASON").format(number=found.number))


def _assert_balance(args: argparse.Namespace) -> int:
    db = open_signed_in(args)
    with db.write() as session:
        found = reconciliation.assert_balance(session, fund_of(session, args.fund), args.account, args.on_date,
                                              fen_typed(args.amount), args.source, args.note)
    if args.json:
        print_json(_row(found))
    else:
        _print(found)
    return 0


def _reconcile(args: argparse.Namespace) -> int:
    db = open_signed_in(args)
    with db.write() as session:
        with looked_up("--assertion"):
            assertion_id = reconciliation.find_assertion(session, args.assertion)
        found = reconciliation.reconcile(session, assertion_id, args.note)
    if args.json:
        print_json(_row(found))
    else:
        _print(found)
    return 0


def _assertions(args: argparse.Namespace) -> int:
    db = open_signed_in(args)
    with db.read() as session:
        found = reconciliation.reconciliation(session, fund_of(session, args.fund))
    if args.json:
        print_json([_row(row) for row in found])
        return 0
    print_table([_("Number"), _("At the end of"), _("Account"), _("Source document"), _("Source says (yuan)"),
                 _("Ledger says (yuan)"), _("Difference (yuan)"), _("State"), _("Reason")],
                [(row.number, row.on_date.isoformat(), row.account_label, row.source, yuan(row.expected_fen),
                  yuan(row.ledger_fen), yuan(row.difference_fen), _state_label(row), row.explanation)
                 for row in found])
    return 0
