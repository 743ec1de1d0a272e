"""对接: the resources and projects that could answer a need, best first, each with its score, why it
ranks there and what to check (in amber: full, outside its dates). Choosing one records the match with
the reason as shown, which the person may reword."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtWidgets import QHeaderView, QLabel, QLayout, QLineEdit, QWidget

from desktop.errors import ValidationError
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
                    "best first: the same village or community, then township-wide ones; room left; how their "
                    "earlier matches went.").format(category=need.category_label, community=need.community,
                                                    holder=need.holder_label, urgency=need.urgency_label),
            parent=parent)
        self.need = need
        self.content.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        self.model: RowsModel[Candidate] = RowsModel(COLUMNS, _look)
        stale = None
        try:
            self.model.set_rows(ctx.gateway.read(matching.candidates, need.id))
        except ValidationError as error:  # closed or deleted by someone else since the list was read
            stale = error
        self.view = list_view(self.model)
        self.view.setItemDelegate(FullTextTips(self.view))
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.view.resizeColumnsToContents()
        header.resizeSection(3, min(header.sectionSize(3), 440))  # a long explanation shows whole as a tooltip
        self.view.setMinimumHeight(self.view.verticalHeader().defaultSectionSize() * 8 + header.sizeHint().height())
        self.none = QLabel(_("No resource or project serves this category yet. Add one to the resources list, or "
                             "close the need if it cannot be met."))
        self.none.setWordWrap(True)
        has_any = self.model.rowCount() > 0
        if stale is not None:
            self.none.setText(stale.message)
            self.none.setStyleSheet(f"color: {ERROR_COLOR}")
        self.view.setVisible(has_any)
        self.none.setVisible(not has_any)
        self.content.insertWidget(1, self.view, 1)
        self.content.insertWidget(2, self.none)
        self.reason = QLineEdit()
        self.reason.setMaxLength(REASON_LIMIT)
        self.reason.setEnabled(stale is None)
        self.form.add_row("reason", _("Why this one"), self.reason)
        self.view.selectionModel().selectionChanged.connect(self._chosen)
        self.view.doubleClicked.connect(lambda _index: self.save())
        if has_any:
            self.view.selectRow(0)
        self.update_button()
        self.resize(1000, 520)  # the reasons and warnings side by side
        self.view.setFocus()

    def candidate(self) -> Candidate | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_object(rows[0]) if rows else None

    def _chosen(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        chosen = self.candidate()
        self.reason.setText(joined(chosen.reasons) if chosen is not None else "")
        self.update_button()

    def checked(self) -> tuple[Candidate, str]:
        chosen = self.candidate()
        if chosen is None:
            raise ValidationError("candidate", _("Choose a resource or project from the list."))
        return chosen, self.reason.text().strip()

    def job(self, values: tuple[Candidate, str]) -> Job:
        gateway, need_id = self._ctx.gateway, self.need.id
        chosen, reason = values
        target = {"resource_id": chosen.id} if chosen.kind == "resource" else {"project_id": chosen.id}
        return lambda _progress: gateway.write(matching.record_match, need_id, reason=reason, **target)
