"""``wushe ledger assert-balance|reconcile|assertion-withdraw|assertions`` (对账): what a bank statement, a cash
count or a stock-take says an account held at the end of a day, checked against the ledger; a difference
explained (未达账项) and marked reconciled; a mistyped balance withdrawn, or replaced by recording another for
the same account and day with ``--replace REASON``; the balances recorded, each against the ledger, in the
words the 对账 tab uses. The same service calls as the tab, so the same rights: recording, reconciling and
withdrawing need the right to keep the ledger; listing, the right to look. A balance is named by its number
(from 1 in its fund, as the commands print it) or its id."""

from __future__ import annotations

import argparse
from typing import Any

from desktop.cli.auth import open_signed_in
from desktop.cli.ledger_common import fen_typed, fund_of, looked_up, only_fund
from desktop.cli.needs_resources import DAY
from desktop.cli.output import print_json, print_pairs, print_table
from desktop.cli.projects import yuan
from desktop.domain.ledger import ASSETS
from desktop.domain.money import from_fen
from desktop.i18n import _
from desktop.services import reconciliation
from desktop.services.reconciliation import (
    SOURCES, Reconciliation, state_label, state_note, state_reason, state_text,
)

FLAGS = {"fund": "--fund", "account": "--account", "on_date": "--date", "amount": "--amount", "source": "--source",
         "note": "--note", "assertion_id": "--assertion", "explanation": "--note", "replace": "--replace",
         "reason": "--replace"}  # a replacing reason too long is refused at the reason it becomes
WITHDRAW_FLAGS = FLAGS | {"reason": "--reason"}


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
    q.add_argument("--source", default="", help=_("the source document (when left out: {sources})").format(
        sources=", ".join(f"{account} {source}" for account, source in SOURCES.items())))
    q.add_argument("--note", default="", help=_("a note on the balance"))
    q.add_argument("--replace", default="", metavar="REASON",
                   help=_("why the balance recorded for the same account and day is wrong: it is withdrawn, and this "
                          "one stands instead"))
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=_assert_balance, field_flags=FLAGS)

    q = commands.add_parser("reconcile", help=_("explain the difference of a balance that differs from the ledger "
                                                "(未达账项); it is then shown as reconciled"))
    q.add_argument("--fund", default="", metavar="NAME_OR_ID",
                   help=_("the fund's name or id (needed when the station has several)"))
    q.add_argument("--assertion", required=True, metavar="NUMBER",
                   help=_("the balance's number, as `wushe ledger assertions` lists it, or its id"))
    q.add_argument("--note", required=True, metavar="REASON",
                   help=_("why the source and the ledger differ (a deposit the bank had not credited yet, say)"))
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=_reconcile, field_flags=FLAGS)

    q = commands.add_parser("assertion-withdraw", help=_("withdraw a mistyped balance: it stays listed with the "
                                                         "reason, no longer compared with the ledger"))
    q.add_argument("--fund", required=True, metavar="NAME_OR_ID", help=_("the fund's name or id"))
    q.add_argument("--assertion", required=True, metavar="NUMBER",
                   help=_("the balance's number, as `wushe ledger assertions` lists it, or its id"))
    q.add_argument("--reason", required=True, help=_("why it is withdrawn (a mistyped figure, say)"))
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=_withdraw, field_flags=WITHDRAW_FLAGS)

    q = commands.add_parser("assertions", help=_("the balances recorded for a fund, each against the ledger, the "
                                                 "latest day first"))
    q.add_argument("--fund", required=True, metavar="NAME_OR_ID", help=_("the fund's name or id"))
    q.add_argument("--all", action="store_true", help=_("the withdrawn balances too, with why"))
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=_assertions, field_flags=FLAGS)


def _amount(fen: int) -> str:
    return str(from_fen(fen))


def _row(found: Reconciliation) -> dict[str, Any]:
    withdrawal = found.withdrawal
    return {"id": found.id, "number": found.number, "account": found.account, "on": found.on_date,
            "source": found.source, "says": yuan(found.expected_fen), "ledger": yuan(found.ledger_fen),
            "difference": yuan(found.difference_fen), "state": found.state, "shown": state_text(found, _amount),
            "reconciled_difference": yuan(found.explained_fen), "explanation": found.explanation,
            "reconciled_by": found.reconciled_by, "note": found.note,
            "withdrawal": None if withdrawal is None else {
                "reason": withdrawal.reason, "by": withdrawal.by, "on": withdrawal.on,
                "replaced_by": withdrawal.replaced_by or None}}


def _print(found: Reconciliation, fund: str) -> None:
    """One balance against the ledger, with what reconciled it and, while it differs, how to reconcile it."""
    pairs = [(_("Number"), str(found.number)), (_("Account"), found.account_label),
             (_("At the end of"), found.on_date.isoformat()), (_("Source document"), found.source),
             (_("Source says (yuan)"), yuan(found.expected_fen)), (_("Ledger says (yuan)"), yuan(found.ledger_fen)),
             (_("Difference (yuan)"), yuan(found.difference_fen)), (_("State"), state_text(found, _amount))]
    if found.withdrawal is not None:
        pairs += [(_("Withdrawn by"), found.withdrawal.by), (_("Withdrawn on"), found.withdrawal.on.isoformat())]
    elif found.explained_fen is not None:
        pairs += [(_("Reconciled difference (yuan)"), yuan(found.explained_fen)),
                  (_("Reason"), found.explanation), (_("Reconciled by"), found.reconciled_by)]
    if found.note:
        pairs.append((_("Note"), found.note))
    print_pairs(pairs)
    if found.state == "differs":
        print(_("It is shown as differing until the ledger agrees or the difference is explained: wushe ledger "
                "reconcile --fund {fund} --assertion {number} --note REASON").format(fund=fund, number=found.number))


def _assert_balance(args: argparse.Namespace) -> int:
    db = open_signed_in(args)
    with db.write() as session:
        found = reconciliation.assert_balance(session, fund_of(session, args.fund), args.account, args.on_date,
                                              fen_typed(args.amount), args.source or SOURCES[args.account], args.note,
                                              replace_reason=args.replace)
    return _done(args, found)


def _withdraw(args: argparse.Namespace) -> int:
    db = open_signed_in(args)
    with db.write() as session:
        fund_id = fund_of(session, args.fund)
        with looked_up("--assertion"):
            assertion_id = reconciliation.find_assertion(session, args.assertion, fund_id)
        found = reconciliation.withdraw(session, assertion_id, args.reason)
    return _done(args, found)


def _done(args: argparse.Namespace, found: Reconciliation) -> int:
    if args.json:
        print_json(_row(found))
    else:
        _print(found, args.fund or "NAME")
    return 0


def _reconcile(args: argparse.Namespace) -> int:
    db = open_signed_in(args)
    with db.write() as session:
        fund_id = fund_of(session, args.fund) if args.fund.strip() else only_fund(
            session, _("Balances are numbered per fund: name the fund with --fund ({funds})."))
        with looked_up("--assertion"):
            assertion_id = reconciliation.find_assertion(session, args.assertion, fund_id)
        found = reconciliation.reconcile(session, assertion_id, args.note)
    return _done(args, found)


def _assertions(args: argparse.Namespace) -> int:
    db = open_signed_in(args)
    with db.read() as session:
        found = reconciliation.reconciliation(session, fund_of(session, args.fund), withdrawn=args.all)
    if args.json:
        print_json([_row(row) for row in found])
        return 0
    # The state under 状态, why under 原因 (a withdrawal's reason, a difference's explanation), and who
    # withdrew a balance and when under 备注, as the 对账 tab's tooltip says it.
    print_table([_("Number"), _("At the end of"), _("Account"), _("Source document"), _("Source says (yuan)"),
                 _("Ledger says (yuan)"), _("Difference (yuan)"), _("State"), _("Reason"), _("Note")],
                [(str(row.number), row.on_date.isoformat(), row.account_label, row.source, yuan(row.expected_fen),
                  yuan(row.ledger_fen), yuan(row.difference_fen), state_label(row, _amount), state_reason(row),
                  _("; ").join(text for text in (row.note, state_note(row) if row.withdrawal else "") if text))
                 for row in found])
    return 0
