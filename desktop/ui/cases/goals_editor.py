"""The goals of a new version of the service plan: one row each (goal, target date, how achievement is
judged), rows added and removed in place; a new version starts from the goals of the one before."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from itertools import pairwise

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QDateEdit, QGridLayout, QLabel, QLineEdit, QPushButton, QToolButton, QVBoxLayout, QWidget

from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.services.case_record import GoalInput
from desktop.services.forms import optional_text, required_text
from desktop.ui.volunteers.fields import day
from desktop.ui.registers.date_field import DateEdit

FIELD = "goals"  # the services' field name for the goals
NO_TARGET = QDate(2000, 1, 1)  # the lowest date, shown as "no target date"


def target_edit(value: date | None) -> QDateEdit:
    edit = DateEdit()
    edit.setMinimumDate(NO_TARGET)
    edit.setSpecialValueText(_("No target date"))
    edit.setDate(QDate(value) if value else NO_TARGET)
    return edit


class _GoalRow:
    def __init__(self, goal: GoalInput | None) -> None:
        self.goal = QLineEdit(goal.goal if goal else "")
        self.goal.setMaxLength(300)
        self.goal.setPlaceholderText(_("What the client will achieve"))
        self.target = target_edit(goal.target_on if goal else None)
        self.indicator = QLineEdit(goal.indicator if goal else "")
        self.indicator.setMaxLength(300)
        self.indicator.setPlaceholderText(_("How it is judged"))
        self.remove = QToolButton()
        self.remove.setText("×")
        self.remove.setToolTip(_("Remove this goal"))

    def widgets(self) -> tuple[QWidget, ...]:
        return self.goal, self.target, self.indicator, self.remove

    def blank(self) -> bool:
        return not self.goal.text().strip() and not self.indicator.text().strip()

    def value(self, effective_on: date) -> GoalInput:
        target = None if self.target.date() == NO_TARGET else day(self.target)
        if target is not None and target < effective_on:
            raise ValidationError(FIELD, _("A goal's target date is before the plan takes effect."))
        return GoalInput(required_text(self.goal.text(), FIELD, 300), target,
                         optional_text(self.indicator.text(), FIELD, 300))


class GoalsEditor(QWidget):
    edited = Signal()  # the user changed, added or removed a goal

    def __init__(self, goals: Sequence[GoalInput]) -> None:
        super().__init__()
        self._rows: list[_GoalRow] = []
        self._grid = QGridLayout()
        self._grid.setContentsMargins(0, 0, 0, 0)
        for column, text in enumerate((_("Goal"), _("Target date"), _("Indicator"))):
            self._grid.addWidget(QLabel(text), 0, column)
        self._grid.setColumnStretch(0, 3)
        self._grid.setColumnStretch(2, 2)
        self.add_button = QPushButton(_("Add a goal"))
        self.add_button.clicked.connect(lambda: self.add_goal(None, focus=True))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._grid)
        layout.addWidget(self.add_button)
        starting: list[GoalInput | None] = [*goals] or [None]  # a new plan starts with one empty row
        for goal in starting:
            self.add_goal(goal)

    def rows(self) -> list[_GoalRow]:
        return list(self._rows)

    def add_goal(self, goal: GoalInput | None, focus: bool = False) -> None:
        row = _GoalRow(goal)
        at = self._grid.rowCount()
        for column, widget in enumerate(row.widgets()):
            self._grid.addWidget(widget, at, column)
        row.goal.textEdited.connect(self.edited)
        row.indicator.textEdited.connect(self.edited)
        row.target.dateChanged.connect(self.edited)
        row.remove.clicked.connect(lambda: self._remove(row))
        self._rows.append(row)
        self._keep_tab_order()
        if focus:
            row.goal.setFocus()
            self.edited.emit()

    def _remove(self, row: _GoalRow) -> None:
        for widget in row.widgets():
            widget.deleteLater()
        self._rows.remove(row)
        self._keep_tab_order()
        self.edited.emit()

    def _keep_tab_order(self) -> None:
        """Tab goes along each row, then down to the next, then to "Add a goal"."""
        chain = [widget for row in self._rows for widget in row.widgets()] + [self.add_button]
        for before, after in pairwise(chain):
            QWidget.setTabOrder(before, after)

    def values(self, effective_on: date) -> tuple[GoalInput, ...]:
        goals = tuple(row.value(effective_on) for row in self._rows if not row.blank())
        if not goals:
            raise ValidationError(FIELD, _("Give the plan at least one goal."))
        return goals
