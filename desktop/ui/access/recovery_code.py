"""Showing a new recovery code once: big and selectable, to save as PDF or print, and a tick
that it was kept before the window may close."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (QCheckBox, QDialog, QDialogButtonBox, QFileDialog, QLabel, QPushButton,
                               QVBoxLayout, QWidget)

from desktop.i18n import _
from desktop.reports.recovery_sheet import RecoverySheet, write_recovery_sheet
from desktop.services.station import get_profile
from desktop.ui.layouts import button_row
from desktop.ui.access.recovery_print import print_sheet
from desktop.ui.gateway import Gateway
from desktop.ui.tasks import Progress, TaskRunner


def sheet_for(gateway: Gateway, code: str) -> RecoverySheet:
    profile = gateway.read(get_profile)
    return RecoverySheet(profile.name, profile.node_id, code, datetime.now(UTC))


class RecoveryCodeView(QWidget):
    """``confirmed`` follows the tick "I have printed or saved the recovery code"."""

    confirmed = Signal(bool)

    def __init__(self, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._sheet: RecoverySheet | None = None
        intro = QLabel(_("This code unlocks the station's protected data when every password has been lost. "
                         "It is shown only now: print it or save it, then keep the sheet locked away, "
                         "apart from the computer."))
        intro.setWordWrap(True)
        self.code = QLabel()
        self.code.setObjectName("recoveryCode")
        self.code.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                          | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        font = self.code.font()
        font.setPointSizeF(font.pointSizeF() * 2.2)
        font.setBold(True)
        font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 108)
        self.code.setFont(font)
        self.code.setStyleSheet("QLabel#recoveryCode { border: 2px solid palette(text); border-radius: 6px;"
                                " padding: 18px; background: palette(base); }")
        self.save_button = QPushButton(_("Save as PDF…"))
        self.save_button.clicked.connect(self.save_pdf)
        self.print_button = QPushButton(_("Print…"))
        self.print_button.clicked.connect(self.print_sheet)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.hide()
        self.kept = QCheckBox(_("I have printed or saved the recovery code"))
        self.kept.toggled.connect(self.confirmed)
        buttons = button_row(self.save_button, self.print_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        layout.addWidget(intro)
        layout.addWidget(self.code)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addSpacing(8)
        layout.addWidget(self.kept)
        layout.addStretch(1)

    def set_sheet(self, sheet: RecoverySheet) -> None:
        self._sheet = sheet
        self.code.setText(sheet.code)
        self.kept.setChecked(False)
        self._say("")

    def is_confirmed(self) -> bool:
        return self.kept.isChecked()

    def save_pdf(self) -> None:
        sheet = self._sheet
        if sheet is None:
            return
        name, _filter = QFileDialog.getSaveFileName(self, _("Save the recovery sheet"),
                                                    str(Path.home() / _("recovery-code.pdf")), _("PDF files (*.pdf)"))
        if not name:
            return
        out = Path(name)

        def job(_progress: Progress) -> Path:
            return write_recovery_sheet(sheet, out)

        self._tasks.run(job, parent=self, label=_("Writing the recovery sheet…"),
                        on_success=lambda path: self._say(_("Saved as {path}.").format(path=path)))

    def print_sheet(self) -> None:
        if self._sheet is not None and print_sheet(self._sheet, self):
            self._say(_("Sent to the printer."))

    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.status.setVisible(bool(text))


class RecoveryCodeDialog(QDialog):
    """A new code outside the wizard (a database without accounts, 设置 → 用户). It cannot be
    dismissed until the code is kept: after this, only the sheet has it."""

    def __init__(self, tasks: TaskRunner, sheet: RecoverySheet, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Recovery code"))
        self.setMinimumWidth(560)
        self.view = RecoveryCodeView(tasks)
        self.view.set_sheet(sheet)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Close)
        self.close_button.setText(_("Close"))
        self.close_button.setEnabled(False)
        self.view.confirmed.connect(self.close_button.setEnabled)
        buttons.rejected.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view)
        layout.addWidget(buttons)
        self.view.kept.setFocus()

    def reject(self) -> None:
        """Escape and the window's close button too: only once the code is kept."""
        if self.view.is_confirmed():
            self.accept()
