"""A small table of new villages and communities for the setup wizard: one row of fields each.

Rows of widgets rather than an item view, so Tab walks name → urban/rural → population → next
row the way people type a list in. Each row is checked with ``CommunityInput.validated()``.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QScrollArea, QVBoxLayout,
                               QWidget)

from desktop.domain.codes import COMMUNITY_SETTINGS
from desktop.errors import ValidationError
from desktop.i18n import N_, _
from desktop.services.communities import CommunityInput
from desktop.ui.layouts import button_row
from desktop.ui.forms import combo_value, error_label, fill_combo

SPACING = 6
CAPTIONS = {"name": N_("Name"), "setting": N_("Urban or rural"), "population": N_("Resident population")}


def _setting_combo() -> QComboBox:
    combo = QComboBox()
    fill_combo(combo, {code: _(text) for code, text in COMMUNITY_SETTINGS.items()})
    return combo


class CommunityRow(QWidget):
    edited = Signal()
    remove_requested = Signal(object)

    def __init__(self, widths: tuple[int, int, int]) -> None:
        super().__init__()
        self.touched = False
        self.name = QLineEdit()
        self.name.setMaxLength(100)
        self.setting = _setting_combo()
        self.population = QLineEdit()
        self.remove = QPushButton(_("Remove"))
        for widget, width in zip((self.setting, self.population, self.remove), widths, strict=True):
            widget.setFixedWidth(width)
        self.error = error_label()
        fields = QHBoxLayout()
        fields.setContentsMargins(0, 0, 0, 0)
        fields.setSpacing(SPACING)
        fields.addWidget(self.name, 1)
        fields.addWidget(self.setting)
        fields.addWidget(self.population)
        fields.addWidget(self.remove)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(fields)
        layout.addWidget(self.error)
        self.name.textEdited.connect(self._touch)
        self.setting.activated.connect(self._touch)
        self.population.textEdited.connect(self._touch)
        self.remove.clicked.connect(lambda: self.remove_requested.emit(self))

    def _touch(self, *_args: object) -> None:
        self.touched = True
        self.edited.emit()

    def value(self) -> CommunityInput:
        return CommunityInput(self.name.text(), combo_value(self.setting), self.population.text())

    def is_blank(self) -> bool:
        return not self.name.text().strip() and not self.population.text().strip()

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message) and self.touched)


class CommunityRows(QWidget):
    """``validated()`` gives the rows to save, skipping blank ones, or None while any row is wrong."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[CommunityRow] = []
        headers = [QLabel(_(CAPTIONS[key])) for key in ("name", "setting", "population")]
        remove_width = QPushButton(_("Remove")).sizeHint().width()
        digits = self.fontMetrics().horizontalAdvance("0" * 10)
        self._widths = (
            max(_setting_combo().sizeHint().width(), headers[1].sizeHint().width()),
            max(digits, headers[2].sizeHint().width()) + 12,
            remove_width,
        )
        header = QHBoxLayout()
        header.setContentsMargins(0, 0, 0, 0)
        header.setSpacing(SPACING)  # the same as the rows', so the captions sit over their fields
        header.addWidget(headers[0], 1)
        for label, width in zip(headers[1:], self._widths, strict=False):
            label.setFixedWidth(width)
            header.addWidget(label)
        header.addSpacing(remove_width)
        self._list = QVBoxLayout()
        self._list.setContentsMargins(0, 0, 0, 0)
        self.add_button = QPushButton(_("Add a village or community"))
        self.add_button.setShortcut(QKeySequence.StandardKey.New)
        self.add_button.setToolTip(_("Add a row (Ctrl+N)"))
        self.add_button.clicked.connect(lambda: self.add_row())
        buttons = button_row(self.add_button)
        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 4, 0)
        body_layout.addLayout(self._list)
        body_layout.addLayout(buttons)  # right under the last row, where the eye already is
        body_layout.addStretch(1)
        self._scroll = QScrollArea()
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self._scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(header)
        layout.addWidget(self._scroll, 1)

    def add_row(self, focus: bool = True) -> CommunityRow:
        row = CommunityRow(self._widths)
        row.edited.connect(self.changed)
        row.remove_requested.connect(self._remove)
        self._list.addWidget(row)
        self.rows.append(row)
        if focus:
            row.name.setFocus()
            # The new row is laid out on the next pass of the event loop; then bring it into view.
            QTimer.singleShot(0, self, lambda: self._scroll.ensureWidgetVisible(self.add_button))
        self.changed.emit()
        return row

    def _remove(self, row: CommunityRow) -> None:
        index = self.rows.index(row)
        self.rows.remove(row)
        row.deleteLater()
        if self.rows:
            self.rows[min(index, len(self.rows) - 1)].name.setFocus()
        else:
            self.add_button.setFocus()
        self.changed.emit()

    def validated(self) -> list[CommunityInput] | None:
        result: list[CommunityInput] = []
        names: set[str] = set()
        ok = True
        for row in self.rows:
            if row.is_blank():
                row.show_error("")
                continue
            try:
                data = row.value().validated()
                if data.name in names:
                    raise ValidationError("name", _("{name} is already in the list.").format(name=data.name))
            except ValidationError as exc:
                caption = _(CAPTIONS[exc.field]) if exc.field in CAPTIONS else ""
                message = _("{field}: {message}").format(field=caption, message=exc.message)
                row.show_error(message if caption else exc.message)
                ok = False
                continue
            row.show_error("")
            names.add(data.name)
            result.append(data)
        return result if ok else None
