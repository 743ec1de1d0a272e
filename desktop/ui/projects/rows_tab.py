"""A tab of the project window that is one table of the proposal's rows (its team, its activity plan):
each row is checked on its own as it is typed, and what is wrong is marked at its cell."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop.errors import ValidationError
from desktop.ui.projects.table_editor import Field, Row, TableEditor


class RowsTab(QWidget):
    """Subclasses say in ``checked_row`` what a row is as the services take it (or what is wrong with it)."""

    edited = Signal()  # the user changed the table

    def __init__(self, fields: Iterable[Field], new_row: Callable[[], Row], add_text: str, prefix: str,
                 intro: str) -> None:
        super().__init__()
        self.prefix = prefix
        self.editor = TableEditor(fields, new_row, add_text, prefix)
        self.editor.edited.connect(self._changed)
        self.intro = QLabel(intro)
        self.intro.setWordWrap(True)
        self.intro.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.editor, 1)

    def checked_row(self, row: Row, number: int) -> Any:
        """The row as the services take it, or a ValidationError named ``<prefix>.<number>.<key>``."""
        raise NotImplementedError

    def values(self) -> tuple[Any, ...]:
        """Every row as the services take it; the services check them again on saving."""
        return tuple(self.checked_row(row, n) for n, row in enumerate(self.editor.rows(), 1))

    def check(self) -> None:
        problems: list[tuple[str, str]] = []
        for number, row in enumerate(self.editor.rows(), 1):
            try:
                self.checked_row(row, number)
            except ValidationError as exc:
                problems.append((exc.field, exc.message))
        self.editor.mark(problems)

    def set_editable(self, editable: bool) -> None:
        self.editor.set_editable(editable)

    def owns(self, field: str) -> bool:
        return field == self.prefix or field.startswith(self.prefix + ".")

    def show_error(self, error: ValidationError) -> None:
        self.editor.show_error(error)

    def _changed(self) -> None:
        self.check()
        self.edited.emit()
