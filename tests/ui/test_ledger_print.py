"""Printing a fund's papers from the screen: a receipt straight to the preview; the statement after asking
the period and PDF or .xlsx (the workbook saved where the user says); the notice after asking the period
and its posting. A period that ends before it starts is refused in the dialog. (Without pdfium the
preview opens the system viewer, which the tests catch.)"""

from __future__ import annotations

import os
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QLabel, QWidget

from desktop.services import receipts
from desktop.services.demo_ledger import DEMO_FUND
from desktop.services.ledger_papers import find_fund
from desktop.services.spreadsheet import read_sheet
from desktop.ui import pdf_preview
from desktop.ui.fonts import register_font
from desktop.ui.ledger import ledger_print
from desktop.ui.ledger.ledger_print import PeriodDialog, print_notice, print_receipt, print_statement

TODAY = date.today()


def _fund(ctx) -> str:
    return ctx.gateway.read(find_fund, DEMO_FUND)


def _viewer(monkeypatch) -> list[str]:
    opened: list[str] = []
    monkeypatch.setattr(pdf_preview, "can_preview", lambda: False)
    monkeypatch.setattr(pdf_preview.QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()))
    return opened


def _is_pdf(path: str) -> bool:
    with open(path, "rb") as pdf:
        return pdf.read(5) == b"%PDF-"


def test_a_receipt_goes_to_the_preview(ctx, qtbot, settle, monkeypatch):
    opened = _viewer(monkeypatch)
    receipt = ctx.gateway.read(receipts.receipts, _fund(ctx))[0]
    parent = QWidget()
    qtbot.addWidget(parent)
    print_receipt(ctx, parent, receipt.id)
    settle(ctx)
    qtbot.waitUntil(lambda: bool(opened), timeout=10000)
    assert opened[0].endswith(f"{receipt.number}.pdf") and _is_pdf(opened[0])


def test_the_period_dialog_refuses_a_period_that_ends_before_it_starts(qtbot):
    dialog = PeriodDialog("Fund statement", formats=True)
    qtbot.addWidget(dialog)
    assert (dialog.start.date().toPython(), dialog.end.date().toPython()) == (date(TODAY.year, 1, 1), TODAY)
    dialog.end.setDate(QDate(TODAY.year - 1, 12, 31))
    ok = dialog.ok_button
    assert not ok.isEnabled()
    dialog.accept()
    assert dialog.period is None and not dialog.result()
    assert "The period ends before it starts." in [label.text() for label in dialog.findChildren(QLabel)]
    dialog.end.setDate(QDate(TODAY))
    assert ok.isEnabled()
    dialog.accept()
    assert dialog.period is not None and dialog.period.form == "pdf"


def test_the_statement_as_pdf_and_as_a_workbook(ctx, qtbot, settle, monkeypatch, when_shown, tmp_path: Path):
    opened = _viewer(monkeypatch)
    fund_id = _fund(ctx)
    parent = QWidget()
    qtbot.addWidget(parent)

    def choose(form: str):
        def act(dialog: PeriodDialog) -> None:
            dialog.start.setDate(QDate(TODAY - timedelta(days=365)))
            dialog.format.setCurrentIndex(dialog.format.findData(form))
            dialog.accept()
        return act

    when_shown(PeriodDialog, choose("pdf"))
    print_statement(ctx, parent, fund_id)
    settle(ctx)
    qtbot.waitUntil(lambda: bool(opened), timeout=10000)
    assert DEMO_FUND in opened[0] and _is_pdf(opened[0])

    told: list[str] = []
    ctx.events.notice.connect(told.append)
    target = tmp_path / "year"
    monkeypatch.setattr(ledger_print.QFileDialog, "getSaveFileName", lambda *_args: (str(target), ""))
    when_shown(PeriodDialog, choose("xlsx"))
    print_statement(ctx, parent, fund_id)
    settle(ctx)
    qtbot.waitUntil(lambda: bool(told), timeout=10000)
    assert told == ["The statement is saved as year.xlsx."]
    journal = read_sheet(tmp_path / "year.xlsx", "Journal").rows
    assert journal[0][0] == f"Fund Statement: {DEMO_FUND}"  # the statement's head over the sheet
    top = next(n for n, row in enumerate(journal) if row[0] == "Date")
    assert journal[top + 1][2] == "Opening balance" and journal[-1][2] == "Closing balance"
    assert journal[-1][7] == 79_750.0


def test_the_notice_asks_its_posting(ctx, qtbot, settle, monkeypatch, when_shown):
    opened = _viewer(monkeypatch)
    parent = QWidget()
    qtbot.addWidget(parent)

    def act(dialog: PeriodDialog) -> None:
        assert dialog.days.value() == 7 and dialog.posted_on.date().toPython() == TODAY
        dialog.days.setValue(10)
        dialog.anonymise.setChecked(True)
        dialog.accept()

    when_shown(PeriodDialog, act)
    print_notice(ctx, parent, _fund(ctx))
    settle(ctx)
    qtbot.waitUntil(lambda: bool(opened), timeout=10000)
    assert DEMO_FUND in opened[0] and _is_pdf(opened[0])


def test_the_notice_dialog_refuses_a_posting_before_the_period_ends(qapp, qtbot, tmp_path):
    """Written to $WUSHE_SHOTS when set, to look at."""
    register_font(qapp)
    dialog = PeriodDialog("Public notice", notice=True)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.days.maximum() == 90
    dialog.posted_on.setDate(QDate(TODAY - timedelta(days=1)))
    assert not dialog.ok_button.isEnabled()
    dialog.accept()
    assert dialog.period is None and not dialog.result()
    qtbot.wait(20)
    [error] = [label for label in dialog.findChildren(QLabel)
               if label.isVisible() and label.text().startswith("A notice is posted after its period ends")]
    assert error.height() >= error.heightForWidth(error.width()) > 0  # the dialog grew to show it
    dialog.grab().save(str(Path(os.environ.get("WUSHE_SHOTS") or tmp_path) / "ledger-notice-period.png"))
    dialog.posted_on.setDate(QDate(TODAY))
    dialog.accept()
    assert dialog.period is not None and dialog.period.posted_on == TODAY
