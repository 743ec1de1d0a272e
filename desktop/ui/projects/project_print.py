"""A project's papers: the proposal (申报书) and, once funded, the final report (结项报告), written on the
database worker with progress, then previewed, saved or printed (``ui.pdf_preview``), as the case
window prints its own (``ui.pdf_jobs``)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desktop.i18n import _
from desktop.reports.final_report import write_final_report
from desktop.reports.proposal import write_proposal
from desktop.services.project_papers import final_paper, proposal_paper
from desktop.services.projects import ProjectView
from desktop.ui.context import AppContext
from desktop.ui.gateway import Gateway
from desktop.ui.pdf_jobs import pdf_job, show_pdf, temp_folder
from desktop.ui.tasks import Job


def proposal_job(gateway: Gateway, project_id: str) -> Job:
    return pdf_job(_("Reading the proposal…"), lambda: gateway.write(proposal_paper, project_id),
                   lambda paper: write_proposal(paper, temp_folder("wushe-proposal-") / f"{paper.head.number}.pdf"))


def final_report_job(gateway: Gateway, project_id: str) -> Job:
    return pdf_job(_("Reading the project's activities and spending…"), lambda: gateway.read(final_paper, project_id),
                   lambda paper: write_final_report(paper, temp_folder("wushe-final-") / f"{paper.head.number}.pdf"))


def print_proposal(ctx: AppContext, project: ProjectView, parent: QWidget) -> None:
    show_pdf(ctx, parent, proposal_job(ctx.gateway, project.id),
         _("Proposal {number}: {title}").format(number=project.number, title=project.title))


def print_final_report(ctx: AppContext, project: ProjectView, parent: QWidget) -> None:
    show_pdf(ctx, parent, final_report_job(ctx.gateway, project.id),
         _("Final Report {number}: {title}").format(number=project.number, title=project.title))
