"""状态记录: every step the project took — when, which step, from which status to which, why, and who."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QHeaderView, QVBoxLayout, QWidget

from desktop.domain.codes import label
from desktop.domain.project_workflow import STATUS_LABELS, find_move
from desktop.errors import ValidationError
from desktop.i18n import N_, _, format_date
from desktop.services.project_detail import StatusChangeView
from desktop.ui.list_view import list_view
from desktop.ui.table_model import Column
from desktop.ui.volunteers.rows_model import RowsModel

CREATED = "create"  # the action of the row that records the proposal's creation


def step_label(action: str) -> str:
    if action == CREATED:
        return _("Proposal created")
    try:
        return _(find_move(action).label)
    except ValidationError:  # a step of a newer version
        return action


COLUMNS: list[Column[StatusChangeView]] = [
    Column(N_("Date"), None, lambda c: format_date(c.changed_on, "medium")),
    Column(N_("Step"), None, lambda c: step_label(c.action)),
    Column(N_("From"), None, lambda c: label(STATUS_LABELS, c.from_status) if c.from_status else ""),
    Column(N_("To"), None, lambda c: label(STATUS_LABELS, c.to_status)),
    Column(N_("By"), None, lambda c: c.by_name),
    Column(N_("Reason"), None, lambda c: c.reason),
]


class HistoryTab(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.model: RowsModel[StatusChangeView] = RowsModel(COLUMNS)
        self.view = list_view(self.model)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        QVBoxLayout(self).addWidget(self.view)

    def fill(self, history: Sequence[StatusChangeView]) -> None:
        """Newest first: the step that brought the project where it is, on top."""
        self.model.set_rows(list(reversed(history)))
