"""冲突: records two nodes changed at the same time. The merge kept one version on the row and the other
here; a person compares them field by field, with when and by whom each was written, and keeps the current
one or takes the other back. A resolved one shows what was kept and what was set aside, who decided and when."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QCheckBox, QHeaderView, QLabel, QPushButton, QSplitter, \
    QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget
from PySide6.QtCore import Qt

from desktop.domain.codes import TABLE_LABELS, label
from desktop.domain.permissions import Action
from desktop.i18n import N_, _
from desktop.sync import conflicts
from desktop.sync.conflict_text import CURRENT, OTHER, Written, conflict_text, node_labels, resolution_text, \
    resolved_text, sides, value_text, written
from desktop.sync.conflict_fields import FieldPair, field_pairs
from desktop.sync.conflicts import ConflictView
from desktop.sync.field_labels import field_label, field_list
from desktop.ui.context import AppContext
from desktop.ui.layouts import button_row
from desktop.ui.list_view import list_view
from desktop.ui.sync import TOPIC
from desktop.ui.sync.formatting import NONE, when
from desktop.ui.table_model import Column, PagedTableModel, whole_list
from desktop.ui.tasks import Progress, show_error

DIFFERS = QColor("#fff3c4")  # a soft yellow, readable in both palettes' text colour
# Keys mean nothing to a person; they are shown only when the versions differ in them (derived columns never
# are: ``conflicts.compared``).
MACHINE_SUFFIXES = ("_id",)
RESOLUTIONS = conflicts.RESOLUTIONS


@dataclass(frozen=True)
class ConflictRow:
    view: ConflictView
    record: str  # what a person calls the record
    current_from: str  # the node names the two versions came from
    other_from: str


COLUMNS: list[Column[ConflictRow]] = [
    Column(N_("Detected"), None, lambda c: when(c.view.detected_at)),
    Column(N_("Table"), None, lambda c: label(TABLE_LABELS, c.view.table_name)),
    Column(N_("Record"), None, lambda c: c.record),
    Column(N_("Current version from"), None, lambda c: c.current_from),
    Column(N_("Other version from"), None, lambda c: c.other_from),
    Column(N_("Fields that differ"), None, lambda c: differing_fields(c.view)),
    Column(N_("Resolved"), None, lambda c: _(RESOLUTIONS[c.view.resolution]) if c.view.resolution in RESOLUTIONS
           else NONE),
]


def differing_fields(view: ConflictView) -> str:
    return field_list(view.table_name, [d.field for d in view.differences] + list(view.sealed_differ))


class ConflictsTab(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self._ctx = ctx
        self._found: dict[str, ConflictRow] = {}
        self.show_resolved = QCheckBox(_("Show resolved conflicts"))
        self.show_resolved.toggled.connect(lambda _checked: self.reload())
        self.model: PagedTableModel[ConflictRow] = PagedTableModel(
            COLUMNS, whole_list(self._fetch_ids), self._fetch_rows, row_id=lambda c: c.view.id,
            dimmed=lambda c: c.view.resolved_at is not None)
        self.view = list_view(self.model)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.view.selectionModel().currentRowChanged.connect(lambda _current, _previous: self._show_selected())
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.comparison = QTableWidget(0, 3)
        self.comparison.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.comparison.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.comparison.verticalHeader().hide()
        self.comparison.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.comparison.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.keep_button = QPushButton(_("Keep the current version"))
        self.keep_button.clicked.connect(lambda: self.resolve(conflicts.KEEP))
        self.take_button = QPushButton(_("Take the other version"))
        self.take_button.clicked.connect(lambda: self.resolve(conflicts.TAKE_OTHER))
        self._may = ctx.gateway.may(Action.SYNC)
        for button in (self.keep_button, self.take_button):
            button.setVisible(self._may)
        lower = QWidget()
        below = QVBoxLayout(lower)
        below.setContentsMargins(0, 0, 0, 0)
        below.addWidget(self.title)
        below.addWidget(self.comparison, 1)
        below.addLayout(button_row(self.keep_button, self.take_button))
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.view)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addWidget(self.show_resolved)
        layout.addWidget(splitter, 1)
        ctx.events.changed.connect(self._on_data_changed)
        self.reload()

    def reload(self) -> None:
        self.model.reload()
        if self.model.rowCount():
            self.view.setCurrentIndex(self.model.index(0, 0))
        self._show_selected()

    def _fetch_ids(self, _order_by: str, _descending: bool) -> list[str]:
        def read(session: Any) -> list[ConflictRow]:
            names = node_labels(session)
            return [ConflictRow(view, text.record, text.current_from, text.other_from)
                    for view in reversed(conflicts.list_conflicts(  # newest first
                        session, include_resolved=self.show_resolved.isChecked()))
                    for text in (conflict_text(session, view, names),)]

        self._found = {row.view.id: row for row in self._ctx.gateway.read(read)}
        return list(self._found)

    def _fetch_rows(self, ids: list[str]) -> list[ConflictRow]:
        return [self._found[i] for i in ids if i in self._found]

    def selected(self) -> ConflictRow | None:
        index = self.view.currentIndex()
        return self.model.row_object(index) if index.isValid() else None

    def _show_selected(self) -> None:
        row = self.selected()
        table = row.view.table_name if row is not None else ""

        def compared(session: Any) -> tuple[list[tuple[FieldPair, str, str]], tuple[Written, Written], str]:
            assert row is not None
            return ([(p, value_text(session, table, p.field, p.current), value_text(session, table, p.field, p.other))
                     for p in field_pairs(session, row.view.id)], written(session, row.view),
                    resolved_text(session, row.view, when))

        pairs, versions, resolved = self._ctx.gateway.read(compared) if row is not None else ([], None, "")
        first, second = sides(row.view) if row is not None else (CURRENT, OTHER)
        self.comparison.setHorizontalHeaderLabels([
            _("Field"),
            _(first.heading).format(node=row.current_from) if row else _(first.version),
            _(second.heading).format(node=row.other_from) if row else _(second.version)])
        sealed = row.view.sealed if row is not None else ()
        # When and by whom each version was written, above its fields.
        lines = [(_("Written at"), when(versions[0].at), when(versions[1].at), False),
                 (_("Written by"), versions[0].by, versions[1].by, False)] if versions is not None else []
        lines += [(field_label(table, p.field), current, other, p.differs) for p, current, other in pairs
                  if p.differs or not p.field.endswith(MACHINE_SUFFIXES)]
        lines += [(field_label(table, d.field), d.current or NONE, d.other or NONE, True) for d in sealed]
        self.comparison.setRowCount(len(lines))
        for number, (field, current, other, differs) in enumerate(lines):
            for column, text in enumerate((field, current, other)):
                item = QTableWidgetItem(text)
                if differs:
                    item.setBackground(QBrush(DIFFERS))
                    item.setForeground(QBrush(QColor("black")))
                    font = QFont(item.font())
                    font.setBold(True)
                    item.setFont(font)
                self.comparison.setItem(number, column, item)
        if row is None:
            self.title.setText(_("No conflicts: every concurrent edit merged cleanly.") if not self.model.rowCount()
                               else "")
        else:
            said = _("{table} “{record}”: {count} fields differ (highlighted). Resolved: {how}.") if resolved \
                else _("{table} “{record}”: {count} fields differ (highlighted).")
            self.title.setText(said.format(table=label(TABLE_LABELS, row.view.table_name), record=row.record,
                                           count=len(row.view.differences) + len(sealed), how=resolved))
        open_conflict = row is not None and row.view.resolved_at is None
        for button in (self.keep_button, self.take_button):
            button.setEnabled(open_conflict)

    def _on_data_changed(self, topic: str) -> None:
        if topic in (TOPIC, "all"):
            self.reload()

    def resolve(self, choice: str) -> None:
        row = self.selected()
        if row is None or row.view.resolved_at is not None:
            return
        for button in (self.keep_button, self.take_button):
            button.setEnabled(False)

        def job(_progress: Progress) -> tuple[ConflictView, str]:
            said = self._ctx.gateway.read(lambda session: resolution_text(
                conflict_text(session, conflicts.get_conflict(session, row.view.id)), choice))
            return self._ctx.gateway.write(conflicts.resolve, row.view.id, choice), said

        def done(outcome: tuple[ConflictView, str]) -> None:
            view, said = outcome
            self._ctx.events.publish(TOPIC if view.resolution == conflicts.KEEP else "all")
            self._ctx.events.tell(said)

        self._ctx.tasks.run(job, parent=self, label=_("Saving…"), on_success=done,
                            on_failure=lambda error: (self._show_selected(), show_error(self, error)))
