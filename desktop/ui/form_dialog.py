"""A small dialog whose OK button runs one service call on the database worker.

Subclasses add rows to ``form``, say in ``checked()`` what is wrong as the user types (raising the
services' ``ValidationError``; it returns the values to send), and give in ``job(values)`` the work
for the worker. On success ``outcome`` holds the job's result and the dialog is accepted; a
``ValidationError`` from the service appears at its field, any other error in a message box.
Enter in a one-line field or Ctrl+S saves, Esc cancels: at once when no field (nor cell of a table edited in
place) differs from what it showed on opening, else after asking whether to discard the changes.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QAbstractSpinBox, QComboBox, QDialog,
                               QDialogButtonBox, QLabel, QLineEdit, QMessageBox, QPlainTextEdit, QTextEdit,
                               QVBoxLayout, QWidget)

from desktop.errors import ValidationError, WusheError
from desktop.i18n import _
from desktop.ui.context import AppContext
from desktop.ui.forms import FieldForm, set_read_only
from desktop.ui.tasks import Job, show_error


_INPUT = Qt.ItemFlag.ItemIsEditable | Qt.ItemFlag.ItemIsUserCheckable  # a cell that is an input


def ask_discard(dialog: QWidget) -> bool:
    """Whether to throw away the changes made in ``dialog``: 放弃, or 继续编辑 (the default, and Esc's)."""
    box = QMessageBox(QMessageBox.Icon.Question, dialog.windowTitle(), _("Discard the unsaved changes?"),
                      parent=dialog)
    discard = box.addButton(_("Discard"), QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton(_("Keep editing"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)
    box.exec()
    return box.clickedButton() is discard


def field_values(dialog: QWidget) -> list[tuple[QWidget, object]]:
    """What every input of ``dialog``'s own window holds (not a calendar popup's), to tell whether it changed."""
    values: list[tuple[QWidget, object]] = []
    views = dialog.findChildren(QAbstractItemView)
    for widget in dialog.findChildren(QWidget):
        if widget.window() is not dialog or any(view is not widget and view.isAncestorOf(widget) for view in views):
            continue  # a cell's editor while it is open: the table's cells count instead
        if isinstance(widget, QLineEdit) and not isinstance(widget.parent(), (QAbstractSpinBox, QComboBox)):
            values.append((widget, widget.text()))
        elif isinstance(widget, (QPlainTextEdit, QTextEdit)):
            values.append((widget, widget.toPlainText()))
        elif isinstance(widget, QComboBox):
            values.append((widget, (widget.currentIndex(), widget.currentText())))
        elif isinstance(widget, QAbstractSpinBox):
            values.append((widget, widget.text()))
        elif isinstance(widget, QAbstractButton) and widget.isCheckable():
            values.append((widget, widget.isChecked()))
        elif isinstance(widget, QAbstractItemView) and _edited_in_place(model := widget.model()):
            values.append((widget, _cells(model)))
    return values


def _edited_in_place(model: QAbstractItemModel | None) -> bool:
    """Whether ``model``'s cells are typed in or ticked (a committee, a rubric, the villages a worker covers),
    not a list to choose from. An empty table tells nothing: once rows are added it counts, and so differs
    from when it had none."""
    return model is not None and any(model.flags(model.index(0, column)) & _INPUT for column in _columns(model))


def _columns(model: QAbstractItemModel) -> range:
    """The model's columns, found by their cells: a list widget's model keeps ``columnCount`` private."""
    count = 0
    while model.index(0, count).isValid():
        count += 1
    return range(count)


def _cells(model: QAbstractItemModel) -> tuple[tuple[object, object], ...]:
    """Each cell's text and tick, row by row."""
    columns = _columns(model)
    return tuple(_cell(model.index(row, column)) for row in range(model.rowCount(QModelIndex())) for column in columns)


def _cell(index: QModelIndex) -> tuple[object, object]:
    return index.data(Qt.ItemDataRole.EditRole), index.data(Qt.ItemDataRole.CheckStateRole)


class FormDialog(QDialog):
    def __init__(self, ctx: AppContext, *, title: str, ok_text: str, intro: str = "",
                 cancel_text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._busy = False
        self._read_only = False
        self.outcome: Any = None
        self._opened_with: list[tuple[QWidget, object]] | None = None  # the fields' values when first shown
        self.setWindowTitle(title)
        self.setMinimumWidth(500)
        self.form = FieldForm(self)
        self.buttons = QDialogButtonBox()
        self.ok_button = self.buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(cancel_text or _("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.content = QVBoxLayout(self)
        if intro:
            text = QLabel(intro)
            text.setWordWrap(True)
            self.content.addWidget(text)
        self.content.addLayout(self.form.layout)
        self.content.addWidget(self.buttons)
        # Enter in any field saves. Only once the button is in the dialog: before, Qt has no dialog to
        # make it the default of, and Enter went to the first push button of the form (a picker's "Add").
        self.ok_button.setDefault(True)
        self.form.edited.connect(lambda _field: self.update_button())
        QShortcut(QKeySequence.StandardKey.Save, self).activated.connect(self.save)

    # --- what subclasses define -----------------------------------------------------------
    def checked(self) -> Any:
        """The values to send, or a ``ValidationError`` naming the field that is wrong."""
        raise NotImplementedError

    def job(self, values: Any) -> Job:
        """The work for the database worker, given what ``checked()`` returned."""
        raise NotImplementedError

    def progress_text(self) -> str:
        return _("Saving…")

    # --- the shared behaviour -------------------------------------------------------------
    def show_read_only(self) -> None:
        """For a role that may look but not change: every field readable (text stays selectable), none
        editable, no Save. Buttons inside the form that only show things (a history, say) keep working."""
        self._read_only = True
        for widget in self.findChildren(QWidget):
            if isinstance(widget, (QLineEdit, QPlainTextEdit, QTextEdit)):
                set_read_only(widget)
                widget.setPlaceholderText("")  # a hint on what to type would read like a value
            elif isinstance(widget, (QComboBox, QAbstractSpinBox)) or (
                    isinstance(widget, QAbstractButton) and widget.isCheckable()):
                widget.setEnabled(False)
        self.ok_button.hide()
        self.cancel_button.setText(_("Close"))

    def update_button(self) -> None:
        self.ok_button.setEnabled(self.form.check(self.checked) is not None and not self._busy)

    def save(self) -> None:
        if self._read_only:
            return  # Ctrl+S in a dialog that only shows a record
        if self._busy:
            return
        self.form.touch_all()
        values = self.form.check(self.checked)
        if values is None:
            return
        self._busy = True
        self.update_button()
        self._ctx.tasks.run(self.job(values), parent=self, label=self.progress_text(), on_success=self._succeeded,
                            on_failure=self._failed)

    def _succeeded(self, result: object) -> None:
        self._busy = False
        self.outcome = result
        self.accept()

    def _failed(self, error: WusheError) -> None:
        self._busy = False
        self.update_button()
        self.show_failure(error)

    def show_failure(self, error: WusheError) -> None:
        if isinstance(error, ValidationError):
            self.form.show_error(error)
        else:
            show_error(self, error)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._opened_with is None:
            self._opened_with = field_values(self)

    def has_changes(self) -> bool:
        """Whether any field holds something else than when the dialog opened (typed, then put back, is not)."""
        return self._opened_with is not None and field_values(self) != self._opened_with

    def reject(self) -> None:
        if self._busy:  # a save under way finishes (or fails) before the dialog closes
            return
        if self._read_only or not self.has_changes() or ask_discard(self):
            super().reject()
