"""``wushe ledger goods`` and ``wushe ledger goods-acknowledgement``: the goods a fund received, and the
acknowledgement (捐赠物资接收确认书) of goods that cannot be valued as a PDF, for the donor, who gets no
receipt for them (``services.goods_acknowledgement`` says why). An acknowledgement is named by its number
(from 1 in its fund, as ``goods`` lists it) or the record's id; anyone who may look at the data
may list and print."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from desktop.cli.auth import open_signed_in
from desktop.cli.ledger_common import fund_of, looked_up
from desktop.cli.output import print_json, print_table
from desktop.cli.projects import yuan
from desktop.cli.reports import out_suffix, report_written, write_pdf
from desktop.i18n import _
from desktop.reports.goods_acknowledgement import write_acknowledgement
from desktop.services import ledger_lists
from desktop.services.goods_acknowledgement import acknowledgement_numbers, acknowledgement_paper
from desktop.services.ledger_lists import GoodsView
from desktop.services.ledger_papers import quantity_text


def register(commands: Any) -> None:
    """Add the two commands to the ``wushe ledger`` group's subparsers."""
    q = commands.add_parser("goods", help=_("the goods a fund received (捐赠物资), valued or recorded by name only"))
    q.add_argument("--fund", required=True, metavar="NAME_OR_ID", help=_("the fund's name or id"))
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=_goods)

    q = commands.add_parser("goods-acknowledgement",
                            help=_("write the acknowledgement of goods that cannot be valued (捐赠物资接收确认书) as "
                                   "PDF: the goods by name and quantity, no amount"))
    q.add_argument("--goods", required=True, metavar="NUMBER",
                   help=_("the acknowledgement's number, as `wushe ledger goods` lists it, or the record's id"))
    q.add_argument("--fund", default="", metavar="NAME_OR_ID",
                   help=_("the fund, when the station has several (numbers run per fund)"))
    q.add_argument("--out", type=Path, required=True, help=_("PDF file to write"))
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=_acknowledgement, field_flags={"goods": "--goods", "fund": "--fund", "out": "--out"})


def _number(row: GoodsView, numbers: dict[str, str]) -> str:
    """The acknowledgement's number of goods with no valuation; valued goods have their entry's receipt."""
    return numbers[row.id] if row.entry_number is None else ""


def _state(row: GoodsView) -> str:
    if row.replaced:
        return _("corrected")
    if row.reversed_by is not None:
        return _("reversed by no. {number}").format(number=row.reversed_by)
    return ""


def _goods(args: argparse.Namespace) -> int:
    db = open_signed_in(args)
    with db.read() as session:
        fund_id = fund_of(session, args.fund)
        rows = ledger_lists.goods_received(session, fund_id)
        numbers = acknowledgement_numbers(session, fund_id)
    if args.json:
        print_json([{"id": g.id, "acknowledgement": _number(g, numbers) or None, "received_on": g.received_on, "name": g.name,
                     "quantity": g.quantity, "unit": g.unit, "valued": yuan(g.valued_fen), "donor": g.counterparty,
                     "entry": g.entry_number, "replaced": g.replaced, "reversed_by": g.reversed_by, "note": g.note,
                     "reason": g.reason} for g in rows])
        return 0
    print_table([_("Received"), _("Goods"), _("Quantity"), _("Valuation (yuan)"), _("Donor"), _("Entry no."),
                 _("Acknowledgement no."), _("Note")],
                [(g.received_on.isoformat(), g.name, quantity_text(g.quantity, g.unit),
                  _("not valued") if g.valued_fen is None else yuan(g.valued_fen), g.counterparty,
                  g.entry_number or "", _number(g, numbers), _state(g) or g.note) for g in rows])
    return 0


def _acknowledgement(args: argparse.Namespace) -> int:
    out_suffix(args.out)
    db = open_signed_in(args)
    with db.read() as session, looked_up("--goods"):
        paper = acknowledgement_paper(session, args.goods, fund_of(session, args.fund) if args.fund else "")
    write_pdf(write_acknowledgement, paper, args.out)
    return report_written(args, "acknowledgement", paper, [
        (_("Acknowledgement no."), paper.number), (_("Fund"), paper.head.name), (_("Donor"), paper.donor),
        (_("Goods"), _("; ").join(f"{g.name} {quantity_text(g.quantity, g.unit)}" for g in paper.goods)),
        (_("Status"), _("superseded by a correction") if paper.superseded else _("stands")),
    ])
