"""Printing the recovery-code sheet from inside the app: the same words as the PDF
(``desktop.reports.recovery_sheet``), laid out as a ``QTextDocument`` for ``QPrinter``."""

from __future__ import annotations

from html import escape

from PySide6.QtGui import QPageSize, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from desktop.i18n import _, format_datetime
from desktop.reports.recovery_sheet import RecoverySheet

BODY_POINTS = 11
CODE_POINTS = 18


def sheet_document(sheet: RecoverySheet) -> QTextDocument:
    rows = "".join(f"<tr><td>{escape(k)}</td><td>&nbsp;&nbsp;{escape(v)}</td></tr>" for k, v in (
        (_("Station"), sheet.station), (_("Node"), sheet.node_id),
        (_("Made"), format_datetime(sheet.made_at.astimezone(), "long"))))
    paragraphs = "".join(f"<p>{escape(text)}</p>" for text in (
        _("This code unlocks the station's protected data (ID card numbers, phone numbers, case notes) "
          "when every password has been lost. With it, the station head sets a new password at the "
          "sign-in window under “Forgot all passwords?”."),
        _("Keep this sheet locked away, apart from the computer, like the station's seal. Do not photograph "
          "it or keep it in a file. Whoever has the code and a copy of the database can read the protected "
          "data. If the sheet is lost, the station head makes a new code under Settings → Users, which "
          "makes this one useless.")))
    kept_by, day = escape(_("Kept by (signature)")), escape(_("Date"))
    signatures = f"<p><br><br>{kept_by} ________________ &nbsp; {day} ________</p>"
    font = QApplication.font()
    font.setPointSizeF(BODY_POINTS)  # the printer's page, not the screen's
    document = QTextDocument()
    document.setDefaultFont(font)
    document.setHtml(
        f"<h1 align='center'>{escape(_('Wushe Desk data recovery code'))}</h1><table>{rows}</table><br>"
        "<table width='100%' border='1' cellspacing='0' cellpadding='24' style='border-style: solid;'>"
        f"<tr><td align='center' style='font-size: {CODE_POINTS}pt; white-space: nowrap;'>{escape(sheet.code)}</td>"
        "</tr></table>"
        f"{paragraphs}{signatures}")
    return document


def print_sheet(sheet: RecoverySheet, parent: QWidget | None) -> bool:
    """Ask for a printer and print; False when the user cancelled the print dialog."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(_("Print the recovery code"))
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    sheet_document(sheet).print_(printer)
    return True
