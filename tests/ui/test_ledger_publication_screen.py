"""The public notice from the fund window's papers: previewed and closed, it publishes nothing; a copy saved from
the preview is recorded as published, with the saved file's SHA-256, and the window is told the period is
closed. (The preview is Qt's, driven as a person would: "Save a copy…" with the file dialog answered.)"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog, QWidget

from desktop.services import publications
from desktop.services.demo_ledger import DEMO_FUND
from desktop.services.ledger_papers import find_fund
from desktop.ui import pdf_preview
from desktop.ui.ledger.ledger_print import PeriodDialog, print_notice
from desktop.ui.pdf_preview import PdfPreviewDialog
from desktop.storage.digest import file_sha256
from test_pdf_preview import pages_pdf

TODAY = date.today()


def _notice(ctx, qtbot, settle, when_shown, then) -> None:
    """Ask for the notice of 120 to 90 days ago, then do ``then`` in its preview and close it."""
    parent = QWidget()
    qtbot.addWidget(parent)

    def period(dialog: PeriodDialog) -> None:
        dialog.start.setDate(TODAY - timedelta(days=120))
        dialog.end.setDate(TODAY - timedelta(days=90))
        dialog.accept()

    def preview(dialog: PdfPreviewDialog) -> None:
        then(dialog)
        dialog.done(QDialog.DialogCode.Rejected)

    shown: list[PdfPreviewDialog] = []
    when_shown(PeriodDialog, period)
    when_shown(PdfPreviewDialog, lambda dialog: (shown.append(dialog), preview(dialog)))
    print_notice(ctx, parent, ctx.gateway.read(find_fund, DEMO_FUND))
    settle(ctx)
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    settle(ctx)


def test_a_preview_publishes_nothing_and_a_saved_copy_is_published(ctx, qtbot, settle, when_shown, monkeypatch,
                                                                  tmp_path: Path):
    monkeypatch.setattr(pdf_preview, "can_preview", lambda: True)
    fund_id = ctx.gateway.read(find_fund, DEMO_FUND)
    _notice(ctx, qtbot, settle, when_shown, lambda _dialog: None)
    assert ctx.gateway.read(publications.publications, fund_id) == []

    told: list[str] = []
    ctx.events.notice.connect(told.append)
    target = tmp_path / "公示"
    monkeypatch.setattr(pdf_preview.QFileDialog, "getSaveFileName", lambda *_args: (str(target), ""))
    _notice(ctx, qtbot, settle, when_shown, lambda dialog: dialog.save_action.trigger())
    qtbot.waitUntil(lambda: bool(told), timeout=10000)
    [published] = ctx.gateway.read(publications.publications, fund_id)
    end = TODAY - timedelta(days=90)
    assert (published.kind, published.start, published.end) == ("notice", TODAY - timedelta(days=120), end)
    assert published.sha256 == file_sha256(tmp_path / "公示.pdf")
    assert told == [f"Public notice for {published.start.isoformat()} – {end.isoformat()} is recorded as published: "
                    "an entry dated in that period or before it now needs a reason."]


def test_printing_from_the_preview_tells_what_was_printed(qtbot, tmp_path: Path):
    source = pages_pdf(tmp_path / "notice.pdf", 1)
    told: list[Path] = []
    dialog = PdfPreviewDialog(source, "Public notice", issued=told.append)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.wait(50)  # the preview paints its sheets: nothing printed
    assert told == []
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)  # a printer whose paper is a file
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    dialog.paint_pages(printer)
    assert told == [source]
