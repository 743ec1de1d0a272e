"""What the tabs of a running project share (活动, 支出, 里程碑, 评估): a table over one list of the project's
rows under what the tab sums up, buttons for the roles that may record it, enabled while the project is
at a status that takes it, and the dates of things done on it (from its start to today)."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from datetime import date
from typing import Any, cast

from PySide6.QtCore import QDate, QItemSelectionModel, Qt
from PySide6.QtWidgets import QDateEdit, QPushButton, QVBoxLayout

from desktop.domain.codes import label
from desktop.domain.permissions import Action
from desktop.domain.project_workflow import STATUS_LABELS, Status
from desktop.i18n import _
from desktop.services import projects
from desktop.services.projects import ProjectView
from desktop.ui.context import AppContext
from desktop.ui.table_model import Column, R
from desktop.ui.volunteers.fields import day_edit
from desktop.ui.volunteers.record_tab import RecordTab
from desktop.ui.volunteers.rows_model import Decoration

WIDEST_COLUMN = 360  # pixels; longer text is cut, and shown whole in the tooltip


def project_day_edit(project: ProjectView, value: date | None = None) -> QDateEdit:
    """A day something was done on the project: from its start to today, which is where it starts."""
    edit = day_edit(value)
    edit.setMinimumDate(QDate(project.starts_on))
    return edit


def at_statuses(statuses: Collection[Status]) -> str:
    """"“Running”, “Mid-term evaluation”": the statuses at which something is recorded, for a tooltip."""
    return "”, “".join(label(STATUS_LABELS, status) for status in Status if status in statuses)


class RunningTab(RecordTab[R]):
    """``load()`` reads the rows again and ``reload()`` the project with them; rows have an ``id``, and the
    one selected stays selected across a reload. Buttons from ``action()`` show to roles that may do
    ``action``; ``allow()`` enables them while the project is at one of ``statuses``."""

    def __init__(self, ctx: AppContext, project_id: str, columns: Sequence[Column[R]],
                 load: Callable[[str], Sequence[R]], action: Action, statuses: Collection[Status],
                 decoration: Decoration | None = None) -> None:
        def look(row: Any, column: int, role: int) -> Any:
            found = decoration(row, column, role) if decoration else None
            if found is None and role == Qt.ItemDataRole.ToolTipRole:
                return columns[column].value(row) or None  # the whole text of a cell cut short
            return found

        super().__init__(ctx, columns, lambda: load(project_id), look)
        self.project_id = project_id
        self.project: ProjectView = ctx.gateway.read(projects.get, project_id)
        self.may_edit = ctx.gateway.may(action)
        self._statuses = statuses
        self.view.horizontalHeader().setMaximumSectionSize(WIDEST_COLUMN)

    @property
    def column(self) -> QVBoxLayout:
        """The tab's layout, top to bottom: the table, the totals line, the buttons."""
        return cast(QVBoxLayout, self.layout())

    def reload(self) -> None:
        """Read the project and its rows again (the window calls this after every change to projects)."""
        self.project = self._ctx.gateway.read(projects.get, self.project_id)
        self.load()

    def load(self) -> None:
        kept = self.selected()
        super().load()
        if kept is not None:
            self.select(kept.id)  # type: ignore[attr-defined]

    def select(self, row_id: str) -> None:
        """Select the row of ``row_id``, if it is listed."""
        for number, row in enumerate(self.model.rows()):
            if row.id == row_id:  # type: ignore[attr-defined]
                self.view.selectionModel().select(
                    self.model.index(number, 0),
                    QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
                self.view.scrollTo(self.model.index(number, 0))
                return

    def takes_entries(self) -> bool:
        """Whether the project is at a status at which this tab's entries are recorded."""
        return self.project.status in self._statuses

    def allow(self, button: QPushButton, allowed: bool, why: str = "") -> None:
        """Enable ``button`` when ``allowed`` and the project takes entries; say why not in its tooltip."""
        if not self.takes_entries():
            why = _("Recorded only while the project is at “{statuses}”.").format(statuses=at_statuses(self._statuses))
        button.setEnabled(allowed and self.takes_entries())
        button.setToolTip("" if button.isEnabled() else why)
