"""A certificate's PDF: written on the database worker, then opened or saved where the user says."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from desktop.i18n import _
from desktop.reports.volunteer_certificate import write_certificate
from desktop.services.certificates import CertificateView
from desktop.ui.pdf_preview import preview_pdf


def write_pdf(cert: CertificateView) -> Path:
    """Into a fresh temporary folder, named for the certificate (runs on the worker)."""
    folder = Path(tempfile.mkdtemp(prefix="wushe-certificate-"))
    return write_certificate(cert, folder / f"{cert.number}.pdf")


def offer_pdf(parent: QWidget, cert: CertificateView, path: Path) -> None:
    box = QMessageBox(QMessageBox.Icon.Information, _("Certificate ready"),
                      _("Certificate {number} for {name} is ready to print.").format(
                          number=cert.official_number, name=cert.volunteer_name), parent=parent)
    open_button = box.addButton(_("Open"), QMessageBox.ButtonRole.AcceptRole)
    save_button = box.addButton(_("Save as…"), QMessageBox.ButtonRole.ActionRole)
    box.addButton(_("Close"), QMessageBox.ButtonRole.RejectRole)
    box.exec()
    if box.clickedButton() is open_button:
        preview_pdf(path, _("Certificate {number}").format(number=cert.official_number), parent)
    elif box.clickedButton() is save_button:
        target, _filter = QFileDialog.getSaveFileName(parent, _("Save the certificate"), path.name,
                                                      _("PDF files (*.pdf)"))
        if target:
            shutil.copyfile(path, target)
