"""``wushe ledger statement``, ``wushe ledger notice`` and ``wushe ledger receipt``: a fund's papers as files;
``wushe ledger publications``: the statements and notices written so far.

A fund is named by its name or id, a receipt by its number (青山基金收〔2026〕0001号) or id; anyone who
may look at the data may print them. The statement is a PDF or, by the name of ``--out``, an .xlsx. A statement
or notice written is recorded as published (``services.publications``): its period's books are closed, unless the
period had not ended yet (a snapshot of a running period).
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from desktop.cli.auth import open_signed_in
from desktop.cli.output import print_json, print_table
from desktop.cli.projects import yuan
from desktop.cli.reports import out_suffix, report_written, write_pdf
from desktop.domain.money import from_fen
from desktop.i18n import _, format_datetime
from desktop.reports.donation_receipt import write_receipt
from desktop.reports.fund_notice import write_notice
from desktop.reports.fund_statement import write_statement
from desktop.services import publications
from desktop.services.publications import Publication
from desktop.services.fund_notice_paper import NOTICE_DAYS, NOTICE_MOST_DAYS, NoticePaper, notice_paper
from desktop.services.fund_statements import statement, statement_workbook
from desktop.services.ledger_papers import StatementPaper, find_fund, receipt_paper
from desktop.services.spreadsheet import write_workbook
from desktop.storage.database import Database

PERIOD_FLAGS = {"start": "--from", "end": "--to", "out": "--out", "days": "--days", "posted_on": "--posted-on"}


def register(commands: Any) -> None:
    """Add the three commands to the ``wushe ledger`` group's subparsers."""
    for name, helptext, handler in (
            ("statement", _("write a fund's statement for a period (收支明细) as PDF or .xlsx"), cmd_statement),
            ("notice", _("write a fund's public notice for a period (收支公示) as PDF"), cmd_notice)):
        q = commands.add_parser(name, help=helptext)
        q.add_argument("--fund", required=True, metavar="NAME_OR_ID", help=_("the fund's name or id"))
        q.add_argument("--from", dest="start", type=date.fromisoformat, required=True, metavar="YYYY-MM-DD",
                       help=_("the first day of the period"))
        q.add_argument("--to", dest="end", type=date.fromisoformat, required=True, metavar="YYYY-MM-DD",
                       help=_("the last day of the period"))
        q.add_argument("--out", type=Path, required=True,
                       help=_("file to write: .pdf, or .xlsx for a workbook") if name == "statement" else
                       _("PDF file to write"))
        q.add_argument("--json", action="store_true")
        q.set_defaults(handler=handler, field_flags=PERIOD_FLAGS)
        if name == "notice":
            q.add_argument("--anonymise-all", action="store_true",
                           help=_("show every donor as 爱心人士, not only those who asked"))
            q.add_argument("--posted-on", type=date.fromisoformat, default=None, metavar="YYYY-MM-DD",
                           help=_("the first day the notice is posted (today when left out)"))
            q.add_argument("--days", type=int, default=NOTICE_DAYS,
                           help=_("how many days the notice stays posted (公示期; 1 to {most}, default {days})")
                           .format(most=NOTICE_MOST_DAYS, days=NOTICE_DAYS))
    q = commands.add_parser("receipt", help=_("write a donation receipt (捐赠收据) as PDF"))
    q.add_argument("--receipt", required=True, metavar="NUMBER",
                   help=_("the receipt number, like 青山基金收〔2026〕0001号, or its id"))
    q.add_argument("--fund", metavar="NAME_OR_ID", help=_("the fund, when two funds issued the same number"))
    q.add_argument("--out", type=Path, required=True, help=_("PDF file to write"))
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=cmd_receipt, field_flags={"out": "--out", "fund": "--fund"})
    q = commands.add_parser("publications", help=_("the statements and notices of a fund written so far, and "
                                                   "whether each closed its period"))
    q.add_argument("--fund", required=True, metavar="NAME_OR_ID", help=_("the fund's name or id"))
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=cmd_publications, field_flags={"fund": "--fund"})


def _yuan(fen: int) -> str:
    return _("{amount} yuan").format(amount=from_fen(fen))


def cmd_statement(args: argparse.Namespace) -> int:
    suffix = out_suffix(args.out, workbook=True)
    db = open_signed_in(args)
    with db.read() as session:
        paper = statement(session, find_fund(session, args.fund), args.start, args.end)
    if suffix == ".xlsx":
        write_workbook(args.out, statement_workbook(paper))
    else:
        write_pdf(write_statement, paper, args.out)
    published = publish(db, paper, args.out)
    return report_written(args, "statement", paper, [
        (_("Fund"), paper.head.name), (_("Accounting period"), f"{args.start.isoformat()} – {args.end.isoformat()}"),
        (_("Opening balance"), _yuan(paper.opening_fen)), (_("Total in"), _yuan(paper.in_fen)),
        (_("Total out"), _yuan(paper.out_fen)), (_("Closing balance"), _yuan(paper.closing_fen)),
        (_("Entries"), str(len(paper.lines))), published.pair,
    ], {"publication": published.row})


def cmd_notice(args: argparse.Namespace) -> int:
    out_suffix(args.out)
    db = open_signed_in(args)
    with db.read() as session:
        paper = notice_paper(session, find_fund(session, args.fund), args.start, args.end, args.anonymise_all,
                             posted_on=args.posted_on, days=args.days)
    write_pdf(write_notice, paper, args.out)
    published = publish(db, paper, args.out)
    return report_written(args, "notice", paper, [
        (_("Fund"), paper.head.name), (_("Accounting period"), f"{args.start.isoformat()} – {args.end.isoformat()}"),
        (_("Received in the period"), _yuan(paper.received_fen)), (_("Used in the period"), _yuan(paper.used_fen)),
        *([(_("Corrections of earlier periods"), _yuan(paper.corrected_fen))] if paper.corrections else []),
        (_("Notice period"), f"{paper.posted_on.isoformat()} – {paper.posted_until.isoformat()}"), published.pair,
    ], {"publication": published.row})


@dataclass(frozen=True)
class Published:
    row: dict[str, Any]  # as ``publications --json`` lists it
    pair: tuple[str, str]  # the line saying so


def _row(p: Publication) -> dict[str, Any]:
    return {"id": p.id, "kind": p.kind, "from": p.start, "to": p.end, "at": p.at, "by": p.by, "sha256": p.sha256,
            "opening": yuan(p.totals.opening_fen), "in": yuan(p.totals.in_fen), "out": yuan(p.totals.out_fen),
            "closing": yuan(p.totals.closing_fen), "period_open": p.period_open}


def publish(db: Database, paper: StatementPaper | NoticePaper, out: Path) -> Published:
    """Record the paper written to ``out`` as published (its period's books are closed, unless it is still open)."""
    with db.write() as session:
        found = publications.record(session, paper, out)
    said = _("period still open: the books stay open; SHA-256 {digest}") if found.period_open else _(
        "books closed through {date}; SHA-256 {digest}")
    return Published(_row(found), (_("Published"), said.format(date=found.end.isoformat(), digest=found.sha256)))


def cmd_publications(args: argparse.Namespace) -> int:
    db = open_signed_in(args)
    with db.read() as session:
        found = publications.publications(session, find_fund(session, args.fund))
    if args.json:
        print_json([_row(p) for p in found])
        return 0
    print_table([_("Paper"), _("Accounting period"), _("Written"), _("By"), _("Opening (yuan)"), _("In (yuan)"),
                 _("Out (yuan)"), _("Closing (yuan)"), _("Books"), _("SHA-256")],
                [(p.kind_label, f"{p.start.isoformat()} – {p.end.isoformat()}", format_datetime(p.at.astimezone(), "short"), p.by,
                  yuan(p.totals.opening_fen), yuan(p.totals.in_fen), yuan(p.totals.out_fen),
                  yuan(p.totals.closing_fen), _("period still open") if p.period_open else _("books closed"),
                  p.sha256[:12]) for p in found],
                empty=_("No statement or notice of this fund was written yet."))
    return 0


def cmd_receipt(args: argparse.Namespace) -> int:
    out_suffix(args.out)
    db = open_signed_in(args)
    with db.read() as session:
        paper = receipt_paper(session, args.receipt, find_fund(session, args.fund) if args.fund else "")
    write_pdf(write_receipt, paper, args.out)
    return report_written(args, "receipt", paper, [
        (_("Receipt no."), paper.number), (_("Fund"), paper.head.name), (_("Donor"), paper.donor),
        (_("Amount"), _("{amount} yuan ({words})").format(amount=from_fen(paper.amount_fen),
                                                         words=paper.amount_in_words)),
        (_("Status"), paper.status_label),
    ])
