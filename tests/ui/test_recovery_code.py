from __future__ import annotations

import subprocess
from datetime import UTC, datetime

from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog

from desktop.reports.recovery_sheet import RecoverySheet
from desktop.ui.access.recovery_code import RecoveryCodeDialog, RecoveryCodeView
from desktop.ui.access.recovery_print import sheet_document

SHEET = RecoverySheet("青山镇社会工作服务站", "01a200b3-0000-7000-8000-000000000000",
                      "7QF2K-M3NP8-XR4TV-0AB9C-DEF12-GH345", datetime(2026, 3, 1, 9, 30, tzinfo=UTC))


def squeezed(text: str) -> str:
    """Without spaces, line breaks and dashes: the PDF may wrap the code at a dash."""
    return "".join(text.split()).replace("-", "")


def pdf_text(path) -> str:
    return squeezed(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout)


def test_save_as_pdf_writes_the_sheet(qtbot, ctx, tmp_path, monkeypatch, settle):
    view = RecoveryCodeView(ctx.tasks)
    qtbot.addWidget(view)
    view.set_sheet(SHEET)
    out = tmp_path / "code.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: (str(out), ""))
    view.save_button.click()
    settle(ctx)
    qtbot.waitUntil(lambda: str(out) in view.status.text())
    assert squeezed(SHEET.code) in pdf_text(out)


def test_print_sends_the_same_words_to_the_printer(qtbot, ctx, tmp_path, monkeypatch):
    view = RecoveryCodeView(ctx.tasks)
    qtbot.addWidget(view)
    view.set_sheet(SHEET)
    out = tmp_path / "printed.pdf"

    def accept(dialog: QPrintDialog) -> int:
        printer = dialog.printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", accept)
    view.print_button.click()
    assert view.status.text() == "Sent to the printer."
    printed = pdf_text(out)
    assert squeezed(SHEET.code) in printed and squeezed("Forgot all passwords?") in printed
    assert sheet_document(SHEET).toPlainText().count(SHEET.code) == 1


def test_the_dialog_closes_only_once_the_code_is_kept(qtbot, ctx):
    dialog = RecoveryCodeDialog(ctx.tasks, SHEET)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.view.code.text() == SHEET.code
    assert not dialog.close_button.isEnabled()
    dialog.reject()  # Escape, the window's close button
    assert dialog.isVisible()
    dialog.view.kept.click()
    assert dialog.close_button.isEnabled()
    dialog.close_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
