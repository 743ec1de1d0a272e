"""Field forms that validate as you type and show each ``ValidationError`` under its field.

The services decide what is valid; a form only maps ``ValidationError.field`` to a widget.
Errors appear for fields the user has edited, so an empty form does not start out red.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from PySide6.QtCore import QObject, Qt, Signal, SignalInstance
from PySide6.QtWidgets import (QComboBox, QCompleter, QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QTextEdit,
                               QWidget)

from desktop.errors import ValidationError, each_problem

T = TypeVar("T")

ERROR_COLOR = "#c62828"
READ_ONLY_STYLE = "background: palette(window);"  # no white box, which reads as a place to type


def set_read_only(edit: QLineEdit | QPlainTextEdit | QTextEdit, read_only: bool = True) -> None:
    """Text that stays readable and selectable but cannot be changed, and looks it: on the window's colour,
    as fixed as the greyed-out choices beside it."""
    edit.setReadOnly(read_only)
    edit.setStyleSheet(READ_ONLY_STYLE if read_only else "")


def error_label() -> QLabel:
    """The red line that says what is wrong; hidden while there is nothing to say."""
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {ERROR_COLOR};")
    label.setObjectName("fieldError")
    label.hide()
    return label


def combo_value(combo: QComboBox) -> str:
    """The code stored in the current item's data (labels are translated, codes are not)."""
    data = combo.currentData()
    return data if isinstance(data, str) else ""


def make_searchable(combo: QComboBox) -> None:
    """Type any part of an item to find it in a long list; what is typed is never added as an item."""
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    completer = QCompleter(combo.model(), combo)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    combo.setCompleter(completer)


def fill_combo(combo: QComboBox, items: dict[str, str], selected: str = "") -> None:
    """``items`` maps code → translated label."""
    combo.clear()
    for code, text in items.items():
        combo.addItem(text, code)
    index = combo.findData(selected)
    combo.setCurrentIndex(max(index, 0))


@dataclass
class _Field:
    widget: QWidget
    error: QLabel
    error_row: int


class FieldForm(QObject):
    """A ``QFormLayout`` whose rows carry an error line, keyed by the service's field names."""

    edited = Signal(str)  # a field changed by the user (not by set-up code)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layout = QFormLayout()
        self.layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._fields: dict[str, _Field] = {}
        self._touched: set[str] = set()
        self._general: QLabel | None = None

    def add_row(self, field: str, label: str, widget: QWidget) -> None:
        caption = QLabel(label)
        caption.setBuddy(widget)
        self.layout.addRow(caption, widget)
        error = error_label()
        row = self.layout.rowCount()
        self.layout.setWidget(row, QFormLayout.ItemRole.FieldRole, error)
        self.layout.setRowVisible(row, False)
        self._fields[field] = _Field(widget, error, row)
        self._watch(field, widget)

    def widget(self, field: str) -> QWidget:
        return self._fields[field].widget

    def _watch(self, field: str, widget: QWidget) -> None:
        # Signals that fire for the user's edits only, not for set-up code filling the form; a
        # QPlainTextEdit has none, so fill it before its row is added.
        if isinstance(widget, QLineEdit):
            self.watch(field, widget.textEdited)
        elif isinstance(widget, QComboBox):
            self.watch(field, widget.activated)
        elif isinstance(widget, QPlainTextEdit):
            self.watch(field, widget.textChanged)

    def watch(self, field: str, *signals: SignalInstance) -> None:
        """Count ``signals`` as the user editing ``field``: for a field made of several inputs."""
        def touched(*_args: object) -> None:
            self._touched.add(field)
            self.edited.emit(field)

        for signal in signals:
            signal.connect(touched)

    def touch_all(self) -> None:
        self._touched.update(self._fields)

    def check(self, build: Callable[[], T]) -> T | None:
        """Run ``build`` (an ``Input(...).validated()``); show its error if the user touched that field."""
        try:
            value = build()
        except ValidationError as exc:  # several at once (ValidationErrors): each at its field
            self.show_errors({p.field: p.message for p in each_problem(exc) if p.field in self._touched})
            return None
        self.clear()
        return value

    def show_errors(self, errors: dict[str, str]) -> None:
        """Show exactly these errors; every other field's line is hidden."""
        for name, field in self._fields.items():
            message = errors.get(name, "")
            field.error.setText(message)
            field.error.setVisible(bool(message))
            self.layout.setRowVisible(field.error_row, bool(message))
        unplaced = [message for name, message in errors.items() if name not in self._fields]
        if unplaced or self._general is not None:
            self._general_label().setText("\n".join(unplaced))
            self._general_label().setVisible(bool(unplaced))

    def show_error(self, error: ValidationError) -> None:
        """A service's verdict on save (a duplicate name, say): shown at the field, which gets focus."""
        problems = each_problem(error)
        self._touched.update(p.field for p in problems if p.field in self._fields)
        if error.field in self._fields:
            self.widget(error.field).setFocus()
        self.show_errors({p.field: p.message for p in problems})

    def clear(self) -> None:
        self.show_errors({})

    def _general_label(self) -> QLabel:
        if self._general is None:
            self._general = error_label()
            self.layout.addRow(self._general)
        return self._general
