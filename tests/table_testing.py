"""Typing into the cells of a table edited in place (``TableEditor``) as a person does."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from desktop.ui.projects.table_editor import TableEditor


def type_cell(qtbot, editor: TableEditor, row: int, key: str, text: str) -> None:
    """Open the cell for typing, type ``text`` (ASCII) over what it holds, and Tab on to the next one."""
    index = editor.model.index(row, editor.model.column_of(key))
    editor.view.setCurrentIndex(index)
    editor.view.edit(index)
    line = editor.view.indexWidget(index)
    assert isinstance(line, QLineEdit)
    line.selectAll()
    qtbot.keyClicks(line, text)
    qtbot.keyClick(line, Qt.Key.Key_Tab)


def pick_cell(qtbot, editor: TableEditor, row: int, key: str, code: str) -> None:
    index = editor.model.index(row, editor.model.column_of(key))
    editor.view.setCurrentIndex(index)
    editor.view.edit(index)
    combo = editor.view.indexWidget(index)
    combo.setCurrentIndex(combo.findData(code))
    qtbot.keyClick(combo, Qt.Key.Key_Tab)
