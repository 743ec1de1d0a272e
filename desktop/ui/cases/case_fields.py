"""What the case window's tabs and dialogs share: the inputs for dates of work on a case and for longer
text, and the tab over a short list of the case's rows."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, cast

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDateEdit, QDialog, QLineEdit, QPlainTextEdit, QVBoxLayout

from desktop.domain.case_workflow import OPEN_STAGES
from desktop.domain.permissions import Action
from desktop.services.cases import CaseView
from desktop.ui.context import AppContext
from desktop.ui.table_model import Column, R
from desktop.ui.volunteers.fields import day_edit
from desktop.ui.volunteers.record_tab import RecordTab
from desktop.ui.volunteers.rows_model import Decoration

TOPIC = "cases"  # published after every change to a case, so its window and the lists refresh
TEXT_LINES = 3  # a multi-line field's height, in lines of text
WIDEST_COLUMN = 360  # pixels; longer text is cut, and shown whole in the tooltip


def case_day_edit(case: CaseView, value: date | None = None) -> QDateEdit:
    """A day of work on the case: from its opening to today, which is where it starts."""
    edit = day_edit(value)
    edit.setMinimumDate(QDate(case.opened_on))
    return edit


def line_edit(max_length: int, text: str = "") -> QLineEdit:
    edit = QLineEdit(text)
    edit.setMaxLength(max_length)
    return edit


def text_edit(text: str = "") -> QPlainTextEdit:
    """A few lines of text; Tab moves on to the next field, as everywhere else in a form."""
    edit = QPlainTextEdit(text)
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(edit.fontMetrics().lineSpacing() * TEXT_LINES + 2 * edit.frameWidth() + 8)
    return edit


def is_open(case: CaseView) -> bool:
    return case.stage in OPEN_STAGES


def saved(ctx: AppContext, dialog: QDialog) -> bool:
    """Run ``dialog`` and, when it saved, tell every view of cases; the dialog is dropped after."""
    accepted = bool(dialog.exec())
    dialog.deleteLater()
    if accepted:
        ctx.events.publish(TOPIC)
    return accepted


def adding(ctx: AppContext, dialog: Callable[[], QDialog]) -> Callable[[], bool]:
    """A button's slot that runs the dialog ``dialog()`` makes (see ``saved``)."""
    return lambda: saved(ctx, dialog())


class CaseTab(RecordTab[R]):
    """A tab of the case window: a table over one list of the case's rows, its buttons for roles that
    may edit cases. ``case`` is the case as last read; the window sets it before ``load()``."""

    def __init__(self, ctx: AppContext, case: CaseView, columns: Sequence[Column[R]],
                 load: Callable[[CaseView], Sequence[R]], decoration: Decoration | None = None) -> None:
        def look(row: Any, column: int, role: int) -> Any:
            found = decoration(row, column, role) if decoration else None
            if found is None and role == Qt.ItemDataRole.ToolTipRole:
                return columns[column].value(row) or None  # the whole text of a cell cut short
            return found

        super().__init__(ctx, columns, lambda: load(self.case), look)
        self.case = case
        self.may_edit = ctx.gateway.may(Action.EDIT_CASES)
        self.view.horizontalHeader().setMaximumSectionSize(WIDEST_COLUMN)

    @property
    def column(self) -> QVBoxLayout:
        """The tab's layout, top to bottom: the table, the totals line, the buttons."""
        return cast(QVBoxLayout, self.layout())

    def show_case(self, case: CaseView) -> None:
        self.case = case
        self.load()
