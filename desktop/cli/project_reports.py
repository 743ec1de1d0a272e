"""``wushe report proposal`` (公益创投项目申报书) and ``wushe report final`` (结项报告).

A project is named by its number (创投-2026-0001) or id; anyone who may look at the data may print it.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from desktop.cli.auth import open_signed_in
from desktop.cli.reports import out_suffix, report_written, write_pdf
from desktop.domain.durations import hours_text
from desktop.domain.money import from_fen
from desktop.i18n import _
from desktop.reports.final_report import write_final_report
from desktop.reports.proposal import write_proposal
from desktop.services.project_papers import find_project, final_paper, proposal_paper


def register(kinds: Any) -> None:
    for kind, helptext, handler in (
            ("proposal", _("print a project's proposal (公益创投项目申报书)"), cmd_proposal),
            ("final", _("print a project's final report (结项报告)"), cmd_final)):
        q = kinds.add_parser(kind, help=helptext)
        q.add_argument("--project", required=True, metavar="NUMBER",
                       help=_("the project number, like 创投-2026-0001, or its id"))
        q.add_argument("--out", type=Path, required=True, help=_("PDF file to write"))
        q.add_argument("--json", action="store_true")
        q.set_defaults(handler=handler, field_flags={"out": "--out"})


def cmd_proposal(args: argparse.Namespace) -> int:
    out_suffix(args.out)
    db = open_signed_in(args)
    with db.write() as session:  # phones printed in full are recorded as revealed
        proposal = proposal_paper(session, find_project(session, args.project))
    write_pdf(write_proposal, proposal, args.out)
    head = proposal.head
    return report_written(args, "proposal", proposal, [
        (_("Project no."), head.number), (_("Project title"), head.title), (_("Applicant"), head.org),
        (_("Amount requested"), _("{amount} yuan ({words})").format(amount=from_fen(proposal.requested_fen),
                                                                    words=proposal.requested_in_words)),
    ])


def cmd_final(args: argparse.Namespace) -> int:
    out_suffix(args.out)
    db = open_signed_in(args)
    with db.read() as session:
        report = final_paper(session, find_project(session, args.project))
    write_pdf(write_final_report, report, args.out)
    head = report.head
    return report_written(args, "report", report, [
        (_("Project no."), head.number), (_("Project title"), head.title),
        (_("Activities held"), _("{n}, {times} person-times, {hours} volunteer hours").format(
            n=len(report.activities), times=report.person_times, hours=hours_text(report.volunteer_minutes))),
        (_("Actual spending"), _("{amount} yuan").format(amount=from_fen(report.spent_fen))),
        (_("Conclusion"), report.evaluation.conclusion if report.evaluation else ""),
    ])
