"""The case's papers: the 个案服务记录表 and the client's 服务对象基本信息表, written on the database worker
with progress (a write: what prints in full is noted as revealed), then previewed, saved or printed (``ui.pdf_jobs``)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desktop.i18n import _
from desktop.reports.case_record_sheet import write_case_record
from desktop.reports.client_sheet import write_client_sheet
from desktop.services.case_summary import case_summary, client_sheet
from desktop.services.cases import CaseView
from desktop.ui.context import AppContext
from desktop.ui.gateway import Gateway
from desktop.ui.pdf_jobs import file_name, pdf_job, show_pdf, temp_folder
from desktop.ui.tasks import Job


def case_record_job(gateway: Gateway, case_id: str) -> Job:
    return pdf_job(_("Reading the case file…"), lambda: gateway.write(case_summary, case_id),
                   lambda summary: write_case_record(summary, temp_folder("wushe-case-") / f"{summary.number}.pdf"))


def client_sheet_job(gateway: Gateway, client_id: str) -> Job:
    return pdf_job(_("Reading the client's details…"), lambda: gateway.write(client_sheet, client_id),
                   lambda sheet: write_client_sheet(
                       sheet, temp_folder("wushe-client-") / f"{file_name(sheet.client.name)}.pdf"))


def print_case_record(ctx: AppContext, case: CaseView, parent: QWidget) -> None:
    show_pdf(ctx, parent, case_record_job(ctx.gateway, case.id),
         _("Case Service Record {number}").format(number=case.number))


def print_client_sheet(ctx: AppContext, case: CaseView, parent: QWidget) -> None:
    show_pdf(ctx, parent, client_sheet_job(ctx.gateway, case.client_id),
         _("Client Information Sheet: {name}").format(name=case.client_name))
