"""A fund's papers from the screen: a donation receipt (捐赠收据), the acknowledgement of goods that cannot be
valued (捐赠物资接收确认书), the statement for a period as PDF or
.xlsx, and the public notice (收支公示) for a period; read and written on the database worker with
progress, the PDFs then previewed, saved or printed (``ui.pdf_jobs``). A statement or notice printed or saved
(a workbook, saved) is recorded as published (``services.publications``); one only previewed is not."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TypeVar

from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFileDialog, QSpinBox, QVBoxLayout, QWidget,
)

from desktop.i18n import _
from desktop.reports.donation_receipt import write_receipt
from desktop.reports.fund_notice import write_notice
from desktop.reports.fund_statement import write_statement
from desktop.reports.goods_acknowledgement import write_acknowledgement
from desktop.services import publications
from desktop.services.fund_notice_paper import NOTICE_DAYS, NOTICE_MOST_DAYS, NoticePaper, check_notice, notice_paper
from desktop.services.goods_acknowledgement import acknowledgement_paper
from desktop.services.fund_statements import check_statement_period, statement, statement_workbook
from desktop.services.ledger_papers import StatementPaper, receipt_paper
from desktop.services.spreadsheet import write_workbook
from desktop.ui.context import AppContext
from desktop.ui.forms import FieldForm
from desktop.ui.gateway import Gateway
from desktop.ui.ledger.dialog_fit import grow_to_fit
from desktop.ui.pdf_jobs import file_name, pdf_job, show_pdf, temp_folder
from desktop.ui.registers.date_field import DateEdit
from desktop.ui.tasks import Job, Progress

PDF, XLSX = "pdf", "xlsx"
Paper = TypeVar("Paper", StatementPaper, NoticePaper)


class Issue:
    """The statement or notice a job wrote, kept so that printing or saving it records it as published."""

    def __init__(self, ctx: AppContext, parent: QWidget) -> None:
        self.ctx, self.parent = ctx, parent
        self.paper: StatementPaper | NoticePaper | None = None

    def keeping(self, write: Callable[[Paper], Path]) -> Callable[[Paper], Path]:
        """``write``, keeping the paper it writes (on the worker, before the preview shows it)."""
        def kept(paper: Paper) -> Path:
            self.paper = paper
            return write(paper)

        return kept

    def issued(self, path: Path) -> None:
        """The paper written to ``path`` was printed or saved: record it, on the worker, and say so."""
        paper = self.paper
        assert paper is not None
        self.ctx.tasks.run(lambda _progress: self.ctx.gateway.write(publications.record, paper, path),
                           parent=self.parent, show_progress=False, on_success=self._published)

    def _published(self, found: publications.Publication) -> None:
        said = _("{paper} for {start} – {end} is recorded as published; the period has not ended, so its books "
                 "stay open.") if found.period_open else _(
            "{paper} for {start} – {end} is recorded as published: an entry dated in that period or before it now "
            "needs a reason.")
        self.ctx.events.tell(said.format(paper=found.kind_label, start=found.start.isoformat(),
                                         end=found.end.isoformat()))


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    form: str = PDF  # the statement's: PDF or XLSX
    anonymise_all: bool = False  # the notice's
    posted_on: date | None = None  # the notice's first day posted
    days: int = NOTICE_DAYS


def _day(edit: QDateEdit) -> date:
    value: date = edit.date().toPython()
    return value


class PeriodDialog(QDialog):
    """Asks for a period (this year to today by default), and the statement's format or the notice's
    posting; ``period`` holds the answer once accepted."""

    def __init__(self, title: str, *, formats: bool = False, notice: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(420)
        self.period: Period | None = None
        self.notice = notice
        today = date.today()
        self.form = FieldForm(self)
        self.start = DateEdit(date(today.year, 1, 1))
        self.end = DateEdit(today)
        self.form.add_row("start", _("From"), self.start)
        self.form.add_row("end", _("To"), self.end)
        self.format = QComboBox()
        self.format.addItem(_("PDF to print"), PDF)
        self.format.addItem(_("Excel workbook (.xlsx)"), XLSX)
        self.anonymise = QCheckBox(_("Show every donor as 爱心人士, not only those who asked"))
        self.posted_on = DateEdit(today)
        self.days = QSpinBox()
        self.days.setRange(1, NOTICE_MOST_DAYS)
        self.days.setValue(NOTICE_DAYS)
        self.days.setSuffix(_(" days"))
        if formats:
            self.form.add_row("format", _("Format"), self.format)
        if notice:
            self.form.add_row("posted_on", _("Posted from"), self.posted_on)
            self.form.add_row("days", _("Notice period"), self.days)
            self.form.add_row("anonymise_all", _("Donors"), self.anonymise)
        for edit in (self.start, self.end):
            self.form.watch("end", edit.dateChanged)
        for edit in (self.end, self.posted_on):
            self.form.watch("posted_on", edit.dateChanged)
        self.buttons = QDialogButtonBox()
        self.ok_button = ok = self.buttons.addButton(_("Write"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        ok.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form.layout)
        layout.addWidget(self.buttons)
        self.form.edited.connect(lambda _field: self._show_check())

    def _show_check(self) -> None:
        self.ok_button.setEnabled(self.form.check(self.checked) is not None)
        grow_to_fit(self)  # room for the error shown, if any

    def checked(self) -> Period:
        start, end, posted_on = _day(self.start), _day(self.end), _day(self.posted_on)
        if self.notice:
            check_notice(start, end, posted_on, self.days.value())
        else:
            check_statement_period(start, end)
        return Period(start, end, self.format.currentData(), self.anonymise.isChecked(), posted_on,
                      self.days.value())

    def accept(self) -> None:
        self.form.touch_all()
        self.period = self.form.check(self.checked)
        if self.period is not None:
            super().accept()
        else:
            grow_to_fit(self)


def receipt_job(gateway: Gateway, receipt_id: str) -> Job:
    return pdf_job(_("Reading the receipt…"), lambda: gateway.read(receipt_paper, receipt_id),
                   lambda paper: write_receipt(paper, temp_folder("wushe-receipt-") / f"{file_name(paper.number)}.pdf"))


def acknowledgement_job(gateway: Gateway, goods_id: str) -> Job:
    return pdf_job(_("Reading the goods received…"), lambda: gateway.read(acknowledgement_paper, goods_id),
                   lambda paper: write_acknowledgement(paper, temp_folder("wushe-goods-")
                                                       / f"{file_name(paper.head.name + '-' + paper.number)}.pdf"))


def _stem(name: str, period: Period) -> str:
    return file_name(f"{name}-{period.start.isoformat()}-{period.end.isoformat()}")


def statement_job(gateway: Gateway, fund_id: str, period: Period, issue: Issue) -> Job:
    return pdf_job(_("Reading the fund's entries…"),
                   lambda: gateway.read(statement, fund_id, period.start, period.end),
                   issue.keeping(lambda paper: write_statement(paper, temp_folder("wushe-statement-")
                                                               / f"{_stem(paper.head.name, period)}.pdf")))


def statement_workbook_job(gateway: Gateway, fund_id: str, period: Period, path: Path) -> Job:
    """Write the workbook and record it as published: saved where the user said, it is issued."""
    def run(progress: Progress) -> publications.Publication:
        progress(0, 2, _("Reading the fund's entries…"))
        paper = gateway.read(statement, fund_id, period.start, period.end)
        progress(1, 2, _("Writing {file}…").format(file=path.name))
        write_workbook(path, statement_workbook(paper))
        return gateway.write(publications.record, paper, path)

    return run


def notice_job(gateway: Gateway, fund_id: str, period: Period, issue: Issue) -> Job:
    return pdf_job(_("Reading the fund's entries…"),
                   lambda: gateway.read(notice_paper, fund_id, period.start, period.end, period.anonymise_all,
                                        posted_on=period.posted_on, days=period.days),
                   issue.keeping(lambda paper: write_notice(paper, temp_folder("wushe-notice-")
                                                            / f"{_stem(paper.head.name, period)}.pdf")))


def print_receipt(ctx: AppContext, parent: QWidget, receipt_id: str) -> None:
    """Write the receipt's PDF and preview it."""
    show_pdf(ctx, parent, receipt_job(ctx.gateway, receipt_id), _("Donation receipt"))


def print_acknowledgement(ctx: AppContext, parent: QWidget, goods_id: str) -> None:
    """Write the acknowledgement of goods with no valuation and preview it."""
    show_pdf(ctx, parent, acknowledgement_job(ctx.gateway, goods_id), _("Acknowledgement of goods"))


def print_statement(ctx: AppContext, parent: QWidget, fund_id: str) -> None:
    """Ask for the period and the format, then preview the PDF or save the workbook where the user says."""
    dialog = PeriodDialog(_("Fund statement"), formats=True, parent=parent)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.period is None:
        return
    period = dialog.period
    if period.form == PDF:
        issue = Issue(ctx, parent)
        show_pdf(ctx, parent, statement_job(ctx.gateway, fund_id, period, issue), _("Fund statement"), issue.issued)
        return
    suggested = Path.home() / f"{_stem(_('Fund statement'), period)}.xlsx"
    name, _filter = QFileDialog.getSaveFileName(parent, _("Save the statement"), str(suggested),
                                                _("Excel workbooks (*.xlsx)"))
    if not name:
        return
    path = Path(name) if name.lower().endswith(".xlsx") else Path(f"{name}.xlsx")
    ctx.tasks.run(statement_workbook_job(ctx.gateway, fund_id, period, path), parent=parent,
                  label=_("Exporting to {file}…").format(file=path.name),
                  on_success=lambda _published: ctx.events.tell(
                      _("The statement is saved as {file}.").format(file=path.name)))


def print_notice(ctx: AppContext, parent: QWidget, fund_id: str) -> None:
    """Ask for the period and the posting, then preview the notice."""
    dialog = PeriodDialog(_("Public notice"), notice=True, parent=parent)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.period is None:
        return
    issue = Issue(ctx, parent)
    show_pdf(ctx, parent, notice_job(ctx.gateway, fund_id, dialog.period, issue), _("Public notice"), issue.issued)
