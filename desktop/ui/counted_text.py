"""A text box with its length limit counted under it as the user types ("n/500", red past the limit):
for the fields the paper limits, such as a proposal's summary and an organisation's profile."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from desktop.ui.forms import ERROR_COLOR


class CountedText(QWidget):
    """``box`` is the text box and ``count`` the label under it; focus given to the widget goes to the box."""

    def __init__(self, box: QPlainTextEdit, limit: int) -> None:
        super().__init__()
        self.box, self.limit = box, limit
        self.count = QLabel()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(box)
        column.addWidget(self.count, 0, Qt.AlignmentFlag.AlignRight)
        self.setFocusProxy(box)
        box.textChanged.connect(self._recount)
        self._recount()

    def _recount(self) -> None:
        typed = len(self.box.toPlainText().strip())  # as the service counts it
        self.count.setText(f"{typed}/{self.limit}")
        if typed > self.limit:
            self.count.setStyleSheet(f"color: {ERROR_COLOR};")
        else:
            self.count.setStyleSheet("")
            self.count.setForegroundRole(QPalette.ColorRole.PlaceholderText)
