"""A small table edited in place (a proposal's team, activity plan and budget, a round's rubric): one row
per item, typed cell by cell (typing starts editing, Tab moves on), rows added, removed and moved with
the buttons under it.

Cells keep what was typed, so a mistake stays on screen, marked at its cell, until it is fixed. The
services name a cell's problem ``<prefix>.<n>.<key>`` with ``n`` counted from 1, as the printed tables
number their rows; ``cell_of`` reads such a name back to the row and column it marks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QAbstractTableModel, QDate, QModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QAbstractItemDelegate, QAbstractItemView, QComboBox, QDateEdit, QHeaderView,
                               QLineEdit, QPushButton, QStyledItemDelegate, QStyleOptionViewItem, QTableView,
                               QVBoxLayout, QWidget)

from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.ui.forms import ERROR_COLOR, READ_ONLY_STYLE
from desktop.ui.layouts import button_row
from desktop.ui.table_model import LEFT, RIGHT, Index

Row = dict[str, Any]  # a row's cells by key: typed text, a date, or a choice's code

TEXT, NUMBER, DATE, CHOICE = "text", "number", "date", "choice"
MARKED = QColor(ERROR_COLOR).lighter(190)  # the background of a cell with a problem
WIDEST = 420  # pixels a column may take when sized to its contents; longer text shows in the tooltip


@dataclass(frozen=True)
class Field:
    key: str  # the services' name for the cell (``<prefix>.<n>.<key>``)
    header: str  # marked with N_, translated when shown
    kind: str = TEXT  # TEXT, NUMBER (typed as text, right-aligned), DATE or CHOICE
    max_length: int = 100
    choices: Mapping[str, str] = field(default_factory=dict)  # CHOICE: code → label marked with N_
    shown: Callable[[Row], str] | None = None  # a value worked out from the row's cells: not editable
    display: Callable[[str], str] | None = None  # how typed text reads once typed (an amount with two places)
    stretch: bool = False  # the column that takes the room left


def cell_of(name: str, prefix: str) -> tuple[int, str] | None:
    """The row (from 0) and key a field name like ``lines.3.unit_price`` points at, or None."""
    head, _dot, rest = name.partition(".")
    number, _dot, key = rest.partition(".")
    if head != prefix or not number.isdigit() or int(number) < 1:
        return None
    return int(number) - 1, key


class EditRows(QAbstractTableModel):
    """The rows being edited, and the problems marked on their cells."""

    edited = Signal()  # the user changed a cell, or added, removed or moved a row

    def __init__(self, fields: Iterable[Field]) -> None:
        super().__init__()
        self.fields = list(fields)
        self._rows: list[Row] = []
        self._marks: dict[tuple[int, str], str] = {}
        self._read_only = False

    # --- what the editor asks ---------------------------------------------------------------
    def rows(self) -> list[Row]:
        return [dict(row) for row in self._rows]

    def set_rows(self, rows: Iterable[Row]) -> None:
        self.beginResetModel()
        self._rows = [dict(row) for row in rows]
        self._marks = {}
        self.endResetModel()

    def set_read_only(self, read_only: bool) -> None:
        self.beginResetModel()
        self._read_only = read_only
        self.endResetModel()

    def marks(self) -> dict[tuple[int, str], str]:
        return dict(self._marks)

    def set_marks(self, marks: Mapping[tuple[int, str], str]) -> None:
        """Exactly these problems marked, each on its cell (row from 0, key)."""
        if dict(marks) == self._marks:
            return
        self._marks = dict(marks)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(self.fields) - 1))

    def column_of(self, key: str) -> int:
        return next((n for n, f in enumerate(self.fields) if f.key == key), -1)

    def insert_row(self, at: int, row: Row) -> None:
        self.beginInsertRows(QModelIndex(), at, at)
        self._rows.insert(at, dict(row))
        self.endInsertRows()
        self.edited.emit()

    def remove_row(self, at: int) -> None:
        self.beginRemoveRows(QModelIndex(), at, at)
        del self._rows[at]
        self.endRemoveRows()
        self.edited.emit()

    def move_row(self, at: int, to: int) -> None:
        """Row ``at`` to the place ``to`` (both from 0, ``to`` an existing row)."""
        if at == to or not 0 <= to < len(self._rows):
            return
        destination = to + 1 if to > at else to  # Qt counts the place before the move
        self.beginMoveRows(QModelIndex(), at, at, QModelIndex(), destination)
        self._rows.insert(to, self._rows.pop(at))
        self.endMoveRows()
        self.edited.emit()

    # --- what views ask ---------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.fields)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return _(self.fields[section].header)
        return str(section + 1)  # the row's number, as problems and the printed table name it

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not self._read_only and self.fields[index.column()].shown is None:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        spec, row = self.fields[index.column()], self._rows[index.row()]
        mark = self._marks.get((index.row(), spec.key))
        if role == Qt.ItemDataRole.DisplayRole:
            return _shown(spec, row)
        if role == Qt.ItemDataRole.EditRole:
            return row.get(spec.key)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT if spec.kind == NUMBER or (spec.shown and spec.kind != TEXT) else LEFT
        if role == Qt.ItemDataRole.BackgroundRole and mark:
            return MARKED
        if role == Qt.ItemDataRole.ToolTipRole:
            return mark or _shown(spec, row) or None
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        editable = index.isValid() and self.flags(index) & Qt.ItemFlag.ItemIsEditable
        if role != Qt.ItemDataRole.EditRole or not editable:
            return False
        row, key = self._rows[index.row()], self.fields[index.column()].key
        if row.get(key) == value:
            return False
        row[key] = value
        # The whole row: the values worked out from it change with it.
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), len(self.fields) - 1))
        self.edited.emit()
        return True


def _shown(spec: Field, row: Row) -> str:
    if spec.shown is not None:
        return spec.shown(row)
    value = row.get(spec.key)
    if spec.kind == CHOICE:
        return _(spec.choices[value]) if value in spec.choices else ""
    if spec.kind == DATE:
        return value.isoformat() if isinstance(value, date) else ""
    text = "" if value is None else str(value)
    return spec.display(text) if spec.display is not None and text.strip() else text


class CellEditor(QStyledItemDelegate):
    """The input for a cell: a drop-down for a choice, a date edit for a date, a line for text and figures."""

    def __init__(self, fields: list[Field], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._fields = fields

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        spec = self._fields[index.column()]
        if spec.kind == CHOICE:
            combo = QComboBox(parent)
            for code, text in spec.choices.items():
                combo.addItem(_(text), code)
            return combo
        if spec.kind == DATE:
            edit = QDateEdit(parent)
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            return edit
        line = QLineEdit(parent)
        line.setMaxLength(spec.max_length)
        if spec.kind == NUMBER:
            line.setAlignment(RIGHT)
        return line

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(editor.findData(value))
        elif isinstance(editor, QDateEdit):
            editor.setDate(QDate(value) if isinstance(value, date) else QDate.currentDate())
        elif isinstance(editor, QLineEdit):
            editor.setText("" if value is None else str(value))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData() or "")
        elif isinstance(editor, QDateEdit):
            model.setData(index, editor.date().toPython())
        elif isinstance(editor, QLineEdit):
            model.setData(index, editor.text())


class TableEditor(QWidget):
    """``rows()`` are what the table says; ``edited`` fires on every change the user makes."""

    edited = Signal()

    def __init__(self, fields: Iterable[Field], new_row: Callable[[], Row], add_text: str,
                 prefix: str) -> None:
        super().__init__()
        self.prefix = prefix
        self._new_row = new_row
        self.model = EditRows(fields)
        self.model.edited.connect(self.edited)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setItemDelegate(CellEditor(self.model.fields, self.view))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed
                                  | QAbstractItemView.EditTrigger.AnyKeyPressed
                                  | QAbstractItemView.EditTrigger.SelectedClicked)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        header.setMaximumSectionSize(WIDEST)
        for column, spec in enumerate(self.model.fields):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch if spec.stretch
                                        else QHeaderView.ResizeMode.ResizeToContents)
        self.add_button = QPushButton(add_text)
        self.add_button.clicked.connect(self.add_row)
        self.remove_button = QPushButton(_("Remove"))
        self.remove_button.clicked.connect(self.remove_row)
        self.up_button = QPushButton(_("Move up"))
        self.up_button.clicked.connect(lambda: self.move_row(-1))
        self.down_button = QPushButton(_("Move down"))
        self.down_button.clicked.connect(lambda: self.move_row(1))
        self.view.selectionModel().currentChanged.connect(lambda *_args: self._update_buttons())
        self.model.rowsInserted.connect(lambda *_args: self._update_buttons())
        self.model.rowsRemoved.connect(lambda *_args: self._update_buttons())
        self.model.modelReset.connect(self._update_buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view, 1)
        layout.addLayout(button_row(self.add_button, self.remove_button, self.up_button, self.down_button))
        self._update_buttons()

    # --- contents ---------------------------------------------------------------------------
    def rows(self) -> list[Row]:
        return self.model.rows()

    def set_rows(self, rows: Iterable[Row]) -> None:
        self.model.set_rows(rows)

    def commit(self) -> None:
        """Take what is being typed in a cell into the table (before saving, say)."""
        editor = self.view.indexWidget(self.view.currentIndex())
        if editor is not None:
            self.view.commitData(editor)
            self.view.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def set_editable(self, editable: bool) -> None:
        """Off: the cells cannot be changed and the table looks it, on the window's colour as the read-only
        fields beside it (``forms.set_read_only``), not white like a grid to type in."""
        self.model.set_read_only(not editable)
        self.view.setStyleSheet("" if editable else f"QTableView {{ {READ_ONLY_STYLE} "
                                                    "alternate-background-color: palette(window); }")
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            button.setVisible(editable)

    # --- rows -------------------------------------------------------------------------------
    def current_row(self) -> int:
        index = self.view.currentIndex()
        return index.row() if index.isValid() else -1

    def add_row(self) -> None:
        """A new row at the end, its first cell open for typing."""
        at = self.model.rowCount()
        self.model.insert_row(at, self._new_row())
        first = next(n for n, spec in enumerate(self.model.fields) if spec.shown is None)
        self.view.setFocus()
        self.view.setCurrentIndex(self.model.index(at, first))
        self.view.edit(self.model.index(at, first))

    def remove_row(self) -> None:
        at = self.current_row()
        if at >= 0:
            self.model.remove_row(at)

    def move_row(self, delta: int) -> None:
        at = self.current_row()
        to = at + delta
        if at >= 0 and 0 <= to < self.model.rowCount():
            column = self.view.currentIndex().column()
            self.model.move_row(at, to)
            self.view.setCurrentIndex(self.model.index(to, column))

    def _update_buttons(self) -> None:
        at, count = self.current_row(), self.model.rowCount()
        self.remove_button.setEnabled(at >= 0)
        self.up_button.setEnabled(at > 0)
        self.down_button.setEnabled(0 <= at < count - 1)

    # --- problems ---------------------------------------------------------------------------
    def mark(self, problems: Iterable[tuple[str, str]]) -> None:
        """Mark the cells ``problems`` name (field, message); a problem of no cell of this table marks none."""
        marks: dict[tuple[int, str], str] = {}
        for name, message in problems:
            cell = cell_of(name, self.prefix)
            if cell is not None and cell not in marks:
                marks[cell] = message
        self.model.set_marks(marks)

    def show_error(self, error: ValidationError) -> None:
        """A problem found on saving: marked, and its cell made current so the user sees where."""
        self.mark([(error.field, error.message)])
        cell = cell_of(error.field, self.prefix)
        if cell is None:
            return
        row, key = cell
        column = max(self.model.column_of(key), 0)
        if row < self.model.rowCount():
            self.view.setFocus()
            self.view.setCurrentIndex(self.model.index(row, column))
            self.view.scrollTo(self.model.index(row, column))
