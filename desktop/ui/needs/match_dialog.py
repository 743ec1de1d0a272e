"""对接: the resources and projects that could answer a need, best first, each with its score, why it
ranks there and what to check (in amber: full, outside its dates). Choosing one records the match with
the reason as shown, which the person may reword. A full resource is matched only when the person ticks
that it can take one more."""

from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QCheckBox, QHeaderView, QLabel, QLayout, QLineEdit, QStackedWidget, QWidget

from desktop.errors import ValidationError, WusheError
from desktop.i18n import N_, _
from desktop.services import matching
from desktop.services.matching import Candidate
from desktop.services.needs import NeedRow
from desktop.ui.context import AppContext
from desktop.ui.form_dialog import FormDialog
from desktop.ui.forms import ERROR_COLOR
from desktop.ui.list_view import list_view
from desktop.ui.needs.need_fields import WARNING_COLOR
from desktop.ui.registers.paged_list import FullTextTips
from desktop.ui.table_model import RIGHT, Column
from desktop.ui.tasks import Job
from desktop.ui.volunteers.rows_model import RowsModel

REASON_LIMIT = 500
KINDS = {"resource": N_("Resource"), "project": N_("Micro-venture project")}


def joined(parts: tuple[str, ...]) -> str:
    # Translators: what separates the reasons listed in one line ("；" in Chinese).
    return _("; ").join(parts)


COLUMNS: list[Column[Candidate]] = [
    Column(N_("Score"), None, lambda c: str(c.score), RIGHT),
    Column(N_("Kind"), None, lambda c: _(KINDS.get(c.kind, c.kind))),
    Column(N_("Resource or project"), None, lambda c: c.name),
    Column(N_("Why"), None, lambda c: joined(c.reasons)),
    Column(N_("To check"), None, lambda c: joined(c.warnings)),
]
WARNINGS = len(COLUMNS) - 1


def _look(candidate: Candidate, column: int, role: int) -> Any:
    if role == Qt.ItemDataRole.ForegroundRole and column == WARNINGS:
        return WARNING_COLOR
    return None


class MatchDialog(FormDialog):
    """``outcome`` is the new match's id."""

    def __init__(self, ctx: AppContext, need: NeedRow, parent: QWidget | None = None) -> None:
        super().__init__(
            ctx, title=_("Find a match for “{title}”").format(title=need.title), ok_text=_("Record the match"),
            intro=_("{category} · {community} · {holder} · {urgency}. Resources and projects serving this category, "
                    "best first: the same village or community, then township-wide ones; what the need is about; "
                    "room left; how their earlier matches went.").format(category=need.category_label, community=need.community,
                                                    holder=need.holder_label, urgency=need.urgency_label),
            parent=parent)
        self.need = need
        self.content.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        self.model: RowsModel[Candidate] = RowsModel(COLUMNS, _look)
        self.view = list_view(self.model)
        self.view.setItemDelegate(FullTextTips(self.view))
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.view.setMinimumHeight(self.view.verticalHeader().defaultSectionSize() * 8 + header.sizeHint().height())
        self.none = QLabel(_("Looking for resources to match…"))  # in the list's place until it arrives
        self.none.setWordWrap(True)
        self.none.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.none.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.body = QStackedWidget()
        self.body.addWidget(self.view)
        self.body.addWidget(self.none)
        self.body.setCurrentWidget(self.none)
        self.content.insertWidget(1, self.body, 1)
        self.reason = QLineEdit()
        self.reason.setMaxLength(REASON_LIMIT)
        self.reason.setEnabled(False)  # until there is a candidate to say why
        self.form.add_row("reason", _("Why this one"), self.reason)
        self.over_capacity = QCheckBox(_("Its places are all taken: match it anyway, it can take one more"))
        self.form.add_row("over_capacity", "", self.over_capacity)
        self.form.layout.setRowVisible(self.over_capacity, False)
        self.over_capacity.toggled.connect(lambda _on: self.update_button())
        self.view.selectionModel().selectionChanged.connect(self._chosen)
        self.view.doubleClicked.connect(lambda _index: self.save())
        self.loaded = False  # the ranked list (or why there is none) has arrived
        self._closed = False
        self.update_button()
        self.resize(1000, 520)  # the reasons and warnings side by side
        self._find(ctx, need.id)

    def _find(self, ctx: AppContext, need_id: str) -> None:
        """Rank the candidates on the database worker: at a county's 200,000 needs it takes most of a second."""
        gateway = ctx.gateway
        ctx.tasks.run(lambda _progress: gateway.read(matching.candidates, need_id), parent=self, show_progress=False,
                      on_success=lambda found: self._arrived(found) if self._waiting() else None,
                      on_failure=lambda error: self._stale(error) if self._waiting() else None)

    def _waiting(self) -> bool:
        """Whether the ranked list is still wanted: not once the dialog was closed (or dropped)."""
        return shiboken6.isValid(self) and not self._closed and not self.loaded

    def done(self, result: int) -> None:
        self._closed = True
        super().done(result)

    def _arrived(self, found: list[Candidate]) -> None:
        self.loaded = True
        self.model.set_rows(found)
        self.none.setText(_("No resource or project serves this category yet. Add one to the resources list, or "
                            "close the need if it cannot be met."))
        self.none.setForegroundRole(QPalette.ColorRole.WindowText)
        self.body.setCurrentWidget(self.view if found else self.none)
        self.reason.setEnabled(bool(found))
        if found:
            self.view.resizeColumnsToContents()
            header = self.view.horizontalHeader()
            header.resizeSection(3, min(header.sectionSize(3), 440))  # a long explanation shows whole as a tooltip
            self.view.selectRow(0)
            self.view.setFocus()
        self.update_button()

    def _stale(self, error: WusheError) -> None:
        """Closed or deleted by someone else since the list was read: said in red; nothing to record."""
        self.loaded = True
        self.none.setForegroundRole(QPalette.ColorRole.WindowText)
        self.none.setText(error.message)
        self.none.setStyleSheet(f"color: {ERROR_COLOR}")

    def candidate(self) -> Candidate | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_object(rows[0]) if rows else None

    def _chosen(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        chosen = self.candidate()
        self.reason.setText(joined(chosen.reasons) if chosen is not None else "")
        self.over_capacity.setChecked(False)
        self.form.layout.setRowVisible(self.over_capacity, chosen is not None and chosen.full)
        self.update_button()

    def checked(self) -> tuple[Candidate, str]:
        chosen = self.candidate()
        if chosen is None:
            raise ValidationError("candidate", _("Choose a resource or project from the list."))
        if chosen.full and not self.over_capacity.isChecked():
            raise ValidationError("over_capacity", _("Tick that it can take one more, or choose another."))
        return chosen, self.reason.text().strip()

    def job(self, values: tuple[Candidate, str]) -> Job:
        gateway, need_id = self._ctx.gateway, self.need.id
        chosen, reason = values
        target = {"resource_id": chosen.id} if chosen.kind == "resource" else {"project_id": chosen.id}
        return lambda _progress: gateway.write(matching.record_match, need_id, reason=reason,
                                               allow_over_capacity=chosen.full, **target)
