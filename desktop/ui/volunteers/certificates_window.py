"""The station's register of volunteer service certificates, searchable, with verification beside it."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLineEdit, QVBoxLayout, QWidget

from desktop.i18n import _
from desktop.ui.context import AppContext
from desktop.ui.volunteers.certificates_table import CertificatesTable
from desktop.ui.volunteers.verify_box import VerifyBox


class CertificatesWindow(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Volunteer service certificates"))
        self.resize(960, 600)
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Certificate or volunteer number, or the volunteer's name"))
        self.search.setClearButtonEnabled(True)
        self.table = CertificatesTable(ctx)
        self.search.textChanged.connect(self.table.search)
        self.verify = VerifyBox(ctx.gateway)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.verify)
        layout.addWidget(buttons)
