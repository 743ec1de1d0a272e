"""Community-fund ledgers on the command line: ``wushe ledger funds|post|reverse|balance`` (receipts are
listed, issued and voided by ``cli.ledger_receipts``; goods and their acknowledgements come from
``cli.ledger_goods``; the statement, the public notice and a receipt's PDF from ``cli.ledger_papers``;
proposing, deciding and paying disbursements from ``cli.ledger_disbursements``). A fund is named by its
name or id; entry numbers run per fund. Amounts are printed in yuan with two places, in JSON too."""

from __future__ import annotations

import argparse
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy.orm import Session

from desktop.cli import ledger_disbursements, ledger_entries, ledger_goods, ledger_papers, ledger_receipts
from desktop.cli import ledger_committee, ledger_funds, ledger_reconcile
from desktop.cli.auth import open_signed_in
from desktop.cli.ledger_common import (
    BACKDATE_FLAG, backdate_option, balance_row, entry_of, entry_row, fen_typed, fund_of, looked_up,
)
from desktop.cli.output import print_json, print_pairs, print_table
from desktop.cli.projects import yuan
from desktop.cli.station_column import add_station_option, by_station
from desktop.domain.codes import label
from desktop.domain.fund_balances import BOOK_BALANCE, MONEY_BALANCE, book_fen
from desktop.domain.ledger import ACCOUNT_LABELS, ASSETS, CHART, EntryKind
from desktop.errors import ValidationError
from desktop.i18n import N_, _
from desktop.services import disbursements, donors, funds, ledger, projects, reconciliation
from desktop.services.donors import DonorQuery
from desktop.services.goods_acknowledgement import acknowledgement_number
from desktop.services.ledger import EntryView, GoodsInput, PostingInput

# What a person types for --kind; a donation is of goods when --goods names them. Anything else pays a
# disbursement the committee approved (募用分离).
KINDS = ("donation", "expense", "grant", "transfer", "refund")
OUT_KINDS = {"expense": EntryKind.EXPENSE, "transfer": EntryKind.TRANSFER_OUT, "refund": EntryKind.REFUND}
# The services' fields as this command's options.
POST_FLAGS = {"kind": "--kind", "amount": "--amount", "posted_on": "--on", "account": "--account", "memo": "--memo",
              "counterparty": "--donor", "donor_id": "--donor", "to_fund_id": "--to-fund", "goods": "--goods",
              "quantity": "--quantity", "unit": "--unit", "note": "--goods-note", "project_id": "--project",
              "payee": "--payee", "refund_of_id": "--donor", "backdate_reason": BACKDATE_FLAG}


def register(commands: Any) -> None:
    p = commands.add_parser("ledger", help=_("community funds (社区基金): the journal, balances and receipts"))
    sub = p.add_subparsers(dest="action", required=True)
    q = sub.add_parser("funds", help=_("the funds, with the money each holds"))
    add_station_option(q, _("only this station's funds (a county office; a unique part of its name)"))
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=_funds)

    q = sub.add_parser("post", help=_("post a donation, grant, expense, transfer or refund"))
    q.add_argument("--fund", required=True, metavar="NAME_OR_ID", help=_("the fund's name or id"))
    q.add_argument("--kind", required=True, choices=KINDS,
                   help=_("what it is; a donation of goods names them with --goods"))
    q.add_argument("--amount", default=None, metavar="YUAN",
                   help=_("the amount in yuan, like 12.34; for goods, their valuation (leave it out for goods "
                          "that cannot be valued)"))
    q.add_argument("--on", dest="posted_on", type=date.fromisoformat, default=None, metavar="YYYY-MM-DD",
                   help=_("the day it happened (today when left out)"))
    q.add_argument("--account", default="", choices=ASSETS,
                   help=_("the money or goods it moves: bank (the usual), cash, or goods"))
    q.add_argument("--memo", default="", help=_("what it was for (摘要)"))
    q.add_argument("--donor", default="", metavar="NAME_OR_ID",
                   help=_("who gave (a donation): a donor of the register, or a name; or who is paid back (a "
                          "refund): the payee of its approved disbursement"))
    q.add_argument("--payee", default="", help=_("who is paid (an expense): the payee of its approved disbursement"))
    q.add_argument("--anonymous", action="store_true", help=_("the donor asked not to be named in public notices"))
    q.add_argument("--goods", default=None, metavar="NAME", help=_("a donation of goods: what they are"))
    q.add_argument("--quantity", default="", help=_("a donation of goods: how many, up to two decimal places"))
    q.add_argument("--unit", default="", help=_("a donation of goods: the unit they are counted in, like 份 or 件"))
    q.add_argument("--goods-note", default="", help=_("a note on the goods"))
    q.add_argument("--project", default="", metavar="NUMBER",
                   help=_("a grant: the project number; its disbursement must be approved by the committee"))
    q.add_argument("--to-fund", default="", metavar="NAME_OR_ID",
                   help=_("a transfer: the fund that receives it, as its approved disbursement names it"))
    backdate_option(q)
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=_post, field_flags=POST_FLAGS)

    q = sub.add_parser("reverse", help=_("undo an entry with a reversing entry that points at it"))
    q.add_argument("--entry", required=True, metavar="NO", help=_("the entry's number in the fund (or its id)"))
    q.add_argument("--fund", default="", metavar="NAME_OR_ID",
                   help=_("the entry's fund (needed when the station has several)"))
    q.add_argument("--reason", required=True, help=_("why the entry is reversed"))
    q.add_argument("--on", dest="posted_on", type=date.fromisoformat, default=None, metavar="YYYY-MM-DD",
                   help=_("the day of the reversal (today when left out)"))
    backdate_option(q)
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=_reverse, field_flags={"reason": "--reason", "posted_on": "--on", "entry_id": "--entry",
                                                  "backdate_reason": BACKDATE_FLAG})

    q = sub.add_parser("balance", help=_("a fund's balance on each account"))
    q.add_argument("--fund", required=True, metavar="NAME_OR_ID", help=_("the fund's name or id"))
    q.add_argument("--on", dest="as_of", type=date.fromisoformat, default=None, metavar="YYYY-MM-DD",
                   help=_("at the end of this day (everything posted when left out)"))
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=_balance)

    ledger_entries.register(sub)
    ledger_receipts.register(sub)
    ledger_goods.register(sub)
    ledger_papers.register(sub)
    ledger_disbursements.register(sub)
    ledger_funds.register(sub)
    ledger_committee.register(sub)
    ledger_reconcile.register(sub)


def _funds(args: argparse.Namespace) -> int:
    db = open_signed_in(args)
    with db.read() as session:
        views, station = by_station(session, "fund", funds.list_all(session), args.station)
        rows = [(view, ledger.balances(session, view.id)) for view in views]
    if args.json:
        print_json([{"id": view.id, "name": view.name, "community": view.community, "host": view.host_charity,
                     "status": view.status, "balance": yuan(held.available_fen),
                     "book_balance": yuan(book_fen(held.accounts)), **station.fields(view.id)} for view, held in rows])
        return 0
    print_table([*station.header(), _("Fund"), _("Community"), _("Host charity"), _("Status"), _(MONEY_BALANCE),
                 _(BOOK_BALANCE)],
                [(*station.cell(view.id), view.name, view.community, view.host_charity, view.status_label,
                  yuan(held.available_fen), yuan(book_fen(held.accounts))) for view, held in rows])
    return 0


def _quantity(text: str) -> Decimal:
    if not text.strip():  # goods are recorded by name and quantity: none is guessed
        raise ValidationError("quantity", _("Goods are recorded by name and quantity: say how many were given."))
    try:
        return Decimal(text.strip())
    except InvalidOperation:
        raise ValidationError("quantity", _("Enter a quantity above zero, with at most two decimal places.")) from None


def _donor_id(session: Session, name_or_id: str) -> str | None:
    """The register's donor named (or with the id) ``name_or_id``, if there is exactly one."""
    wanted = name_or_id.strip()
    if not wanted:
        return None
    found = [d.id for d in donors.list_all(session, DonorQuery(text=wanted)) if wanted in (d.id, d.name)]
    return found[0] if len(found) == 1 else None


def _check_options(args: argparse.Namespace) -> None:
    """Options that belong to another kind are refused, so nothing typed is silently ignored."""
    # The memo of money going out is the purpose the committee approved.
    belongs = {"--goods": ("donation",), "--project": ("grant",), "--to-fund": ("transfer",),
               "--donor": ("donation", "refund"), "--payee": ("expense",), "--anonymous": ("donation",),
               "--memo": ("donation",)}
    if args.goods is not None and not args.goods.strip():  # --goods "" is no money donation
        raise ValidationError("--goods", _("Name the goods given with --goods, or leave --goods out for a donation "
                                           "of money."))
    given = {"--goods": args.goods, "--project": args.project, "--to-fund": args.to_fund, "--donor": args.donor,
             "--payee": args.payee, "--anonymous": args.anonymous, "--memo": args.memo}
    for flag, kinds in belongs.items():
        if given[flag] and args.kind not in kinds:
            raise ValidationError(flag, _("“{kind}” takes no {flag}.").format(kind=args.kind, flag=flag))
    for flag, value in (("--quantity", args.quantity), ("--unit", args.unit), ("--goods-note", args.goods_note)):
        if value and not args.goods:
            raise ValidationError(flag, _("{flag} describes goods: name them with --goods.").format(flag=flag))
    if args.amount is None and not (args.kind == "donation" and args.goods):
        raise ValidationError("--amount", _("Give the amount in yuan, like 12.34."))
    if args.kind == "expense" and not args.payee.strip():
        raise ValidationError("--payee", _("An expense names who is paid: give --payee."))
    if args.kind == "refund" and not args.donor.strip():
        raise ValidationError("--donor", _("Name who is refunded."))
    if args.kind == "transfer" and not args.to_fund.strip():
        raise ValidationError("--to-fund", _("Choose the fund that receives the transfer."))


def _grant(session: Session, fund_id: str, args: argparse.Namespace, amount_fen: int | None) -> EntryView:
    """Pay the committee's approved grant to the project (of this amount, when several wait)."""
    if not args.project.strip():
        raise ValidationError("--project", _("A grant names its project: give --project NUMBER."))
    with looked_up("--project"):
        project = projects.by_number(session, args.project)
    waiting = [d for d in disbursements.disbursements(session, fund_id, "approved") if d.project_id == project.id]
    matching = [d for d in waiting if d.amount_fen == amount_fen]
    if not matching:
        raise ValidationError("--project", _(
            "No grant of {amount} yuan to project {number} is approved and waiting to be paid; the committee "
            "approves a grant first ({waiting}).").format(
            amount=yuan(amount_fen), number=project.number,
            waiting=", ".join(yuan(d.amount_fen) or "" for d in waiting) or _("none waiting")))
    return disbursements.post_disbursement(session, matching[0].id, args.posted_on, args.account,
                                           backdate_reason=args.backdate_reason)


# What pays an approved disbursement to a payee: the option naming the payee, and what is said when
# none of that amount to them is waiting.
PAID_TO = {
    EntryKind.EXPENSE: ("--payee", N_("No expense of {amount} yuan to {payee} is approved and waiting to be paid; "
                                      "the committee approves an expense first ({waiting}).")),
    EntryKind.TRANSFER_OUT: ("--to-fund", N_("No transfer of {amount} yuan to {payee} is approved and waiting to be "
                                             "paid; the committee approves a transfer first ({waiting}).")),
    EntryKind.REFUND: ("--donor", N_("No refund of {amount} yuan to {payee} is approved and waiting to be paid; the "
                                     "committee approves a refund of the donation first ({waiting}).")),
}


def _pay_to(session: Session, fund_id: str, kind: EntryKind, payee: str, args: argparse.Namespace,
            amount_fen: int | None) -> EntryView:
    """Pay the committee's approved ``kind`` of this amount to ``payee`` (the earliest proposed, when several)."""
    flag, missing = PAID_TO[kind]
    waiting = [d for d in disbursements.disbursements(session, fund_id, "approved") if d.kind == kind]
    matching = [d for d in waiting if d.amount_fen == amount_fen and d.payee == payee]
    if not matching:
        raise ValidationError(flag, _(missing).format(
            amount=yuan(amount_fen), payee=payee,
            waiting=", ".join(f"{d.payee} {yuan(d.amount_fen)}" for d in waiting) or _("none waiting")))
    return disbursements.post_disbursement(session, matching[-1].id, args.posted_on, args.account,
                                           backdate_reason=args.backdate_reason)


def _paid_to(session: Session, fund_id: str, args: argparse.Namespace) -> str:
    """Who a disbursement of ``args.kind`` pays, as its disbursement names them."""
    if args.kind == "transfer":
        target = fund_of(session, args.to_fund, "--to-fund")
        if target == fund_id:
            raise ValidationError("--to-fund", _("A transfer goes to another fund."))
        return funds.get(session, target).name
    return (args.payee if args.kind == "expense" else args.donor).strip()


def _post(args: argparse.Namespace) -> int:
    _check_options(args)
    amount_fen = fen_typed(args.amount)
    db = open_signed_in(args)
    with db.write() as session:
        fund_id = fund_of(session, args.fund)
        goods_id = None
        if args.kind == "grant":
            entry: EntryView | None = _grant(session, fund_id, args, amount_fen)
        elif args.kind in OUT_KINDS:
            entry = _pay_to(session, fund_id, OUT_KINDS[args.kind], _paid_to(session, fund_id, args), args,
                            amount_fen)
        else:
            goods = GoodsInput(args.goods, _quantity(args.quantity), args.unit, args.goods_note) \
                if args.goods else None
            donor_id = _donor_id(session, args.donor)
            # A donor of the register is named as the register names them; anyone else as typed.
            counterparty = "" if donor_id else args.donor
            posted = ledger.post(session, fund_id, PostingInput(
                EntryKind.DONATION_GOODS if goods else EntryKind.DONATION_MONEY, amount_fen,
                args.posted_on or date.today(), args.account, args.memo, counterparty, donor_id, goods,
                args.anonymous, args.backdate_reason))
            entry, goods_id = posted.entry, posted.goods_id
        held = ledger.balances(session, fund_id)
        fund_name = funds.get(session, fund_id).name
        number = acknowledgement_number(session, goods_id) if goods_id and entry is None else ""
    if args.json:
        print_json({"fund": fund_name, "entry": entry_row(entry) if entry else None, "goods_id": goods_id,
                    "acknowledgement": number or None, "balance": balance_row(held)})
        return 0
    if entry is None:
        print(_("Goods recorded in {fund} by name and quantity: they have no valuation, so they are not income.")
              .format(fund=fund_name))
        assert goods_id is not None
        print(_("The donor's acknowledgement is no. {number}: wushe ledger goods-acknowledgement --goods {number} "
                "--out FILE.pdf").format(number=number))
    else:
        print(_("Entry {number} posted in {fund}: {kind}, {amount} yuan.").format(
            number=entry.number, fund=fund_name, kind=entry.kind_label, amount=yuan(entry.amount_fen)))
    print(_("The fund holds {amount} yuan (bank and cash).").format(amount=yuan(held.available_fen)))
    return 0


def _reverse(args: argparse.Namespace) -> int:
    db = open_signed_in(args)
    with db.write() as session:
        original = entry_of(session, args.entry, args.fund)
        made = ledger.reverse(session, original.id, args.reason, on=args.posted_on,
                              backdate_reason=args.backdate_reason)
        held = ledger.balances(session, original.fund_id)
        fund_name = funds.get(session, original.fund_id).name
    if args.json:
        print_json({"fund": fund_name, "entry": entry_row(made), "balance": balance_row(held)})
        return 0
    print(_("Entry {number} of {fund} reverses entry {original}.").format(
        number=made.number, fund=fund_name, original=original.number))
    print(_("The fund holds {amount} yuan (bank and cash).").format(amount=yuan(held.available_fen)))
    return 0


def _balance(args: argparse.Namespace) -> int:
    db = open_signed_in(args)
    with db.read() as session:
        held = ledger.balances(session, fund_of(session, args.fund), args.as_of)
        fund_name = funds.get(session, held.fund_id).name
        # The bank statements recorded that the ledger disagrees with, a difference reconciled once included
        # when an entry posted later changed it (the 对账 tab shows the same in red).
        differing = [found for found in reconciliation.reconciliation(session, held.fund_id) if not found.reconciled]
    if args.json:
        print_json({"fund": fund_name, **balance_row(held), "differing": [
            {"on": found.on_date, "account": found.account, "source": found.source,
             "difference": yuan(found.difference_fen),
             "reconciled_difference": None if found.explained_fen is None else yuan(found.explained_fen)}
            for found in differing]})
        return 0
    print_pairs([(_("Fund"), fund_name), (_("On"), args.as_of.isoformat() if args.as_of else _("everything posted")),
                 (_(MONEY_BALANCE), yuan(held.available_fen)), (_(BOOK_BALANCE), yuan(book_fen(held.accounts))),
                 *[(_("Differs from the ledger"), _("{date} {source}: {difference} yuan").format(
                     date=found.on_date.isoformat(), source=found.source, difference=yuan(found.difference_fen)))
                   for found in differing]])
    print()
    print_table([_("Account"), _("Balance")],
                [(label(ACCOUNT_LABELS, account.code), yuan(held.accounts[account.code])) for account in CHART])
    return 0

