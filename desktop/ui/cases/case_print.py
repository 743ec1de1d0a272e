"""The case's papers: the 个案服务记录表 and the client's 服务对象基本信息表, written on the database worker
with progress, then previewed, saved or printed (``ui.pdf_preview``)."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import shiboken6
from PySide6.QtWidgets import QWidget

from desktop.i18n import _
from desktop.reports.case_record_sheet import write_case_record
from desktop.reports.client_sheet import write_client_sheet
from desktop.services.case_summary import case_summary, client_sheet
from desktop.services.cases import CaseView
from desktop.ui.context import AppContext
from desktop.ui.gateway import Gateway
from desktop.ui.pdf_preview import preview_pdf
from desktop.ui.tasks import Job, Progress

STEPS = 2  # reading the file, writing the PDF
FORBIDDEN = set('\\/:*?"<>|')
S = TypeVar("S")


def _folder(prefix: str) -> Path:
    return Path(tempfile.mkdtemp(prefix=prefix))


def _file_name(text: str) -> str:
    """``text`` without the characters Windows refuses in a file name."""
    return "".join(c for c in text if c not in FORBIDDEN) or "wushe"


def _pdf_job(reading: str, read: Callable[[], S], write: Callable[[S], Path]) -> Job:
    """Read what the paper shows, then write the PDF, saying which step is under way."""
    def run(progress: Progress) -> Path:
        progress(0, STEPS, reading)
        data = read()
        progress(1, STEPS, _("Writing the PDF…"))
        return write(data)

    return run


def case_record_job(gateway: Gateway, case_id: str) -> Job:
    return _pdf_job(_("Reading the case file…"), lambda: gateway.read(case_summary, case_id),
                    lambda summary: write_case_record(summary, _folder("wushe-case-") / f"{summary.number}.pdf"))


def client_sheet_job(gateway: Gateway, client_id: str) -> Job:
    return _pdf_job(_("Reading the client's details…"), lambda: gateway.read(client_sheet, client_id),
                    lambda sheet: write_client_sheet(
                        sheet, _folder("wushe-client-") / f"{_file_name(sheet.client.name)}.pdf"))


def _run(ctx: AppContext, parent: QWidget, job: Job, title: str) -> None:
    def show(path: Path) -> None:  # over the window, unless it was closed while the PDF was written
        preview_pdf(path, title, parent if shiboken6.isValid(parent) else None)

    ctx.tasks.run(job, parent=parent, label=_("Writing {title}…").format(title=title), on_success=show)


def print_case_record(ctx: AppContext, case: CaseView, parent: QWidget) -> None:
    _run(ctx, parent, case_record_job(ctx.gateway, case.id),
         _("Case Service Record {number}").format(number=case.number))


def print_client_sheet(ctx: AppContext, case: CaseView, parent: QWidget) -> None:
    _run(ctx, parent, client_sheet_job(ctx.gateway, case.client_id),
         _("Client Information Sheet: {name}").format(name=case.client_name))
