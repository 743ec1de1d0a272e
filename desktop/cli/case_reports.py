"""``wushe report case`` (个案服务记录表) and ``wushe report client`` (服务对象基本信息表).

A case is named by its number (or id); a client by number, ID number ending or name (``clients.find``).
Only the case's worker and the station head may print a case.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from desktop.cli.auth import open_signed_in
from desktop.cli.reports import report_written, write_pdf
from desktop.domain.durations import hours_text
from desktop.i18n import _, format_date
from desktop.reports.case_record_sheet import write_case_record
from desktop.reports.client_sheet import write_client_sheet
from desktop.services import clients
from desktop.services.case_summary import case_summary, client_sheet


def register(kinds: Any) -> None:
    q = kinds.add_parser("case", help=_("print a case's service record (个案服务记录表)"))
    q.add_argument("--case", required=True, metavar="NUMBER", help=_("the case number, like 个案-2026-0001, or its id"))
    q.add_argument("--out", type=Path, required=True, help=_("PDF file to write"))
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=cmd_case, field_flags={"out": "--out"})
    q = kinds.add_parser("client", help=_("print a client's information sheet (服务对象基本信息表)"))
    q.add_argument("--client", required=True, metavar="NUMBER_OR_NAME",
                   help=_("the client's number (编号, as clients list shows it), the last 4 characters of their "
                          "ID number, or their full name"))
    q.add_argument("--out", type=Path, required=True, help=_("PDF file to write"))
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=cmd_client, field_flags={"out": "--out"})


def cmd_case(args: argparse.Namespace) -> int:
    db = open_signed_in(args)
    with db.write() as session:  # phones and address printed in full are recorded as revealed
        summary = case_summary(session, args.case)
    write_pdf(write_case_record, summary, args.out)
    return report_written(args, "case", summary, [
        (_("Case no."), summary.number),
        (_("Client"), summary.client.name),
        (_("Social worker"), summary.worker),
        (_("Opened on"), format_date(summary.opened_on)),
        (_("Current stage"), summary.stage),
        (_("Service records"), _("{n}, {hours} hours").format(n=len(summary.records),
                                                               hours=hours_text(summary.minutes))),
    ])


def cmd_client(args: argparse.Namespace) -> int:
    db = open_signed_in(args)
    with db.write() as session:  # phones and address printed in full are recorded as revealed
        sheet = client_sheet(session, clients.find(session, args.client))
    write_pdf(write_client_sheet, sheet, args.out)
    return report_written(args, "client", sheet, [
        (_("Client"), sheet.client.name), (_("Village or community"), sheet.client.community),
        (_("Cases"), _(", ").join(c.number for c in sheet.cases) or _("No case")),
    ])
