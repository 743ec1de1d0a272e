"""``wushe ledger receipts|receipt-issue|receipt-void|receipt-ticket``: a fund's donation receipts (捐赠收据)
listed, issued for a donation entry, voided with a reason (the number stays) and matched to the official
公益事业捐赠票据 the host charity issued. The same service calls as the 收据 tab, so the same numbering and
the same rights: issuing, voiding and recording a ticket need the right to keep the ledger; listing, the
right to look. A receipt is named by its number (青山基金收〔2026〕0001号, [ ] accepted for 〔 〕) or id."""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from desktop.cli.auth import open_signed_in
from desktop.cli.ledger_common import BACKDATE_FLAG, entry_of, fund_of, looked_up, only_fund
from desktop.cli.output import print_json, print_table
from desktop.cli.projects import yuan
from desktop.i18n import _
from desktop.services import receipt_queue, receipts
from desktop.services.receipts import ReceiptView

RECEIPT_FLAGS = {"receipt_id": "--receipt", "fund": "--fund", "entry_id": "--entry", "donor_name": "--donor",
                 "purpose": "--purpose", "issued_on": "--on", "reason": "--reason",
                 "official_ticket_code": "--ticket-code", "official_ticket_number": "--ticket-number",
                 "correction": "--correction", "backdate_reason": BACKDATE_FLAG}


def register(commands: Any) -> None:
    """Add the receipt commands to the ``wushe ledger`` group's subparsers."""
    q = commands.add_parser("receipts", help=_("the donation receipts issued, voided ones included"))
    q.add_argument("--fund", default="", metavar="NAME_OR_ID", help=_("only this fund's"))
    q.add_argument("--year", type=int, default=None, help=_("only this year's"))
    q.add_argument("--waiting", action="store_true",
                   help=_("list instead the fund's donations that have no receipt yet, the newest first"))
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=_receipts, field_flags=RECEIPT_FLAGS)

    q = commands.add_parser("receipt-issue", help=_("issue a donation receipt for a donation entry; it takes the "
                                                    "fund's next number for its year"))
    q.add_argument("--entry", required=True, metavar="NO", help=_("the donation's entry number in the fund (or its id)"))
    q.add_argument("--fund", default="", metavar="NAME_OR_ID",
                   help=_("the entry's fund (needed when the station has several)"))
    q.add_argument("--donor", default="", metavar="NAME",
                   help=_("the donor as the receipt names them (the entry's donor when left out)"))
    q.add_argument("--purpose", default="", help=_("the purpose of the donation (the entry's 摘要 when left out)"))
    q.add_argument("--on", dest="issued_on", type=date.fromisoformat, default=None, metavar="YYYY-MM-DD",
                   help=_("the day it is issued (today when left out); not before the receipt numbered before it"))
    q.add_argument(BACKDATE_FLAG, dest="backdate_reason", default="", metavar="REASON",
                   help=_("why the receipt is dated on or before a bank balance already confirmed (the books are "
                          "closed up to it); kept in the audit log"))
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=_issue, field_flags=RECEIPT_FLAGS)

    q = commands.add_parser("receipt-void", help=_("void a receipt: it keeps its number, with the reason"))
    _receipt_arguments(q)
    q.add_argument("--reason", required=True, help=_("why the receipt is voided"))
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=_void, field_flags=RECEIPT_FLAGS)

    q = commands.add_parser("receipt-ticket", help=_("record the code and number of the official 公益事业捐赠票据 the "
                                                     "host charity issued for a receipt's donation"))
    _receipt_arguments(q)
    q.add_argument("--ticket-code", required=True, metavar="CODE", help=_("the ticket's code (票据代码)"))
    q.add_argument("--ticket-number", required=True, metavar="NUMBER", help=_("the ticket's number (票据号码)"))
    q.add_argument("--correction", default="", metavar="REASON",
                   help=_("why it replaces the ticket recorded before (needed only then)"))
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=_ticket, field_flags=RECEIPT_FLAGS)


def _receipt_arguments(q: argparse.ArgumentParser) -> None:
    q.add_argument("--receipt", required=True, metavar="NUMBER",
                   help=_("the receipt number, like 青山基金收〔2026〕0001号, or its id"))
    q.add_argument("--fund", default="", metavar="NAME_OR_ID", help=_("the fund, when two funds issued the same number"))


def receipt_row(r: ReceiptView) -> dict[str, Any]:
    return {"id": r.id, "number": r.number, "fund": r.fund_name, "donor": r.donor_name, "amount": yuan(r.amount_fen),
            "date": r.issued_on, "status": r.status, "void_reason": r.void_reason, "voided_on": r.voided_on,
            "official_ticket_code": r.official_ticket_code, "official_ticket_number": r.official_ticket_number,
            "ticket_correction": r.ticket_correction, "refunded": yuan(r.refunded_fen)}


def _receipts(args: argparse.Namespace) -> int:
    db = open_signed_in(args)
    with db.read() as session:
        fund_id = fund_of(session, args.fund) if args.fund.strip() else ""
        if args.waiting:
            return _waiting(session, fund_id, args.json)
        views = receipts.receipts(session, fund_id, args.year)
    if args.json:
        print_json([receipt_row(r) for r in views])
        return 0
    print_table([_("Receipt no."), _("Fund"), _("Donor"), _("Amount"), _("Date"), _("Status"), _("Ticket code"),
                 _("Ticket number"), _("Note")],
                [(r.number, r.fund_name, r.donor_name, yuan(r.amount_fen), r.issued_on.isoformat(), r.status_label,
                  r.official_ticket_code, r.official_ticket_number, r.note) for r in views])
    return 0


def _waiting(session: Session, fund_id: str, as_json: bool) -> int:
    """The fund's donations still owed a receipt, as the issue dialog offers them."""
    fund_id = fund_id or only_fund(session, _("Name the fund whose donations are waiting with --fund: {funds}."))
    entries = receipt_queue.donations_without_receipt(session, fund_id)
    if as_json:
        print_json([{"entry": e.number, "id": e.id, "posted_on": e.posted_on, "donor": e.counterparty,
                     "amount": yuan(e.amount_fen), "memo": e.memo} for e in entries])
        return 0
    print_table([_("Entry no."), _("Date"), _("Donor"), _("Amount"), _("Memo")],
                [(str(e.number), e.posted_on.isoformat(), e.counterparty, yuan(e.amount_fen), e.memo) for e in entries])
    return 0


def _said(args: argparse.Namespace, view: ReceiptView, message: str) -> int:
    if args.json:
        print_json(receipt_row(view))
    else:
        print(message)
    return 0


def _issue(args: argparse.Namespace) -> int:
    db = open_signed_in(args)
    with db.write() as session:
        entry = entry_of(session, args.entry, args.fund)
        view = receipts.issue(session, entry.id, args.purpose, args.donor, args.issued_on,
                              backdate_reason=args.backdate_reason)
    return _said(args, view, _("Receipt {number} issued to {donor} for {amount} yuan (entry {entry} of {fund}).")
                 .format(number=view.number, donor=view.donor_name, amount=yuan(view.amount_fen),
                         entry=view.entry_number, fund=view.fund_name))


def _named(session: Session, args: argparse.Namespace) -> str:
    with looked_up("--receipt"):
        return receipts.find(session, args.receipt, fund_of(session, args.fund) if args.fund.strip() else "")


def _void(args: argparse.Namespace) -> int:
    db = open_signed_in(args)
    with db.write() as session:
        view = receipts.void(session, _named(session, args), args.reason)
    return _said(args, view, _("Receipt {number} is void: {reason}. It keeps its number; a new receipt for the "
                               "donation takes the next one.").format(number=view.number, reason=view.void_reason))


def _ticket(args: argparse.Namespace) -> int:
    db = open_signed_in(args)
    with db.write() as session:
        view = receipts.record_official_ticket(session, _named(session, args), args.ticket_code, args.ticket_number,
                                               args.correction)
    return _said(args, view, _("Receipt {number}: official ticket code {code}, number {ticket} recorded.").format(
        number=view.number, code=view.official_ticket_code, ticket=view.official_ticket_number))
