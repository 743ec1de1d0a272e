"""A register's page: the filter bar, a paged table (or what to do while it is empty), the actions
add / edit / delete / restore for the roles that may, import from and export to spreadsheets, and the
count in the status line."""

from __future__ import annotations

from dataclasses import replace
from operator import attrgetter
from typing import Any, Generic

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (QHeaderView, QLabel, QMessageBox, QPushButton, QStackedWidget, QTableView,
                               QVBoxLayout, QWidget)

from desktop.domain.permissions import Action
from desktop.i18n import N_, _
from desktop.ui.context import AppContext
from desktop.ui.layouts import button_row
from desktop.ui.list_view import list_view
from desktop.ui.registers.export_action import export_register
from desktop.ui.registers.filter_bar import FilterBar
from desktop.ui.registers.import_dialog import ImportDialog
from desktop.ui.registers.record_dialog import RecordDialog
from desktop.ui.registers.spec import R, RegisterSpec
from desktop.ui.table_model import BATCH, PagedTableModel
from desktop.ui.tasks import Job


def _shortcut(widget: QWidget, key: QKeySequence | QKeySequence.StandardKey | Qt.Key,
              context: Qt.ShortcutContext = Qt.ShortcutContext.WidgetShortcut) -> QShortcut:
    shortcut = QShortcut(QKeySequence(key), widget)
    shortcut.setContext(context)
    return shortcut


class RegisterPage(QWidget, Generic[R]):
    def __init__(self, ctx: AppContext, spec: RegisterSpec[R]) -> None:
        super().__init__()
        self._ctx, self._spec = ctx, spec
        self.filters = FilterBar(ctx.gateway, spec.choices, spec.search_hint)
        self.filters.changed.connect(self.reload)
        self.model: PagedTableModel[R] = PagedTableModel(
            spec.columns, self._fetch_ids, self._fetch_rows, row_id=attrgetter("id"), dimmed=attrgetter("deleted"),
            dimmed_tip=N_("Deleted. Select it and choose Restore to bring it back."))
        self.model.modelReset.connect(self._update_status)
        self.view = self._table()
        self.empty = QLabel()
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self._body = QStackedWidget()
        self._body.addWidget(self.view)
        self._body.addWidget(self.empty)

        self.add_button = QPushButton(_("Add…"))
        self.add_button.setShortcut(QKeySequence.StandardKey.New)
        self.edit_button = QPushButton(_("Edit…"))
        self.delete_button = QPushButton(_("Delete"))
        self.restore_button = QPushButton(_("Restore"))
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit)
        self.delete_button.clicked.connect(self.delete)
        self.restore_button.clicked.connect(self.restore)
        # Roles the services would refuse see no actions, only the services' own words for why.
        self._may_edit = ctx.gateway.may(spec.edit_action)
        refusal = ctx.gateway.refusal(spec.edit_action)
        for button in self._buttons():
            button.setToolTip(refusal)
            button.setVisible(self._may_edit)
        self.add_button.setEnabled(self._may_edit)
        self.read_only = QLabel(refusal)
        self.read_only.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.read_only.setVisible(not self._may_edit)
        self.import_button = QPushButton(_("Import…"))
        self.import_button.setToolTip(_("Add records from a spreadsheet (.xlsx, .xls or .ods)"))
        self.import_button.setVisible(spec.io is not None and self._may_edit)
        self.import_button.clicked.connect(self.import_rows)
        self.export_button = QPushButton(_("Export…"))
        self.export_button.setToolTip(_("Save the records listed, as searched and filtered, to an .xlsx file"))
        self.export_button.setVisible(spec.io is not None and ctx.gateway.may(Action.VIEW))
        self.export_button.clicked.connect(self.export)
        self.count = QLabel()
        _shortcut(self, QKeySequence.StandardKey.Find, Qt.ShortcutContext.WidgetWithChildrenShortcut).activated.connect(
            self.filters.focus_search)

        status_line = button_row(*self._buttons(), self.read_only)
        status_line.addWidget(self.import_button)
        status_line.addWidget(self.export_button)
        status_line.addSpacing(12)
        status_line.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addWidget(self.filters)
        layout.addWidget(self._body, 1)
        layout.addLayout(status_line)
        ctx.events.changed.connect(self._on_data_changed)
        self.view.setSortingEnabled(True)  # sorts once, which loads the first batch
        self._update_buttons()

    def _table(self) -> QTableView:
        view = list_view(self.model)
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)  # names are never cut short
        header.setStretchLastSection(True)
        header.setResizeContentsPrecision(BATCH)  # fit columns to a batch, not to every row fetched
        header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        # Not ``activated``: some desktops activate on a single click, which would open the editor.
        view.doubleClicked.connect(lambda _index: self.edit())
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            _shortcut(view, key).activated.connect(self.edit)
        _shortcut(view, QKeySequence.StandardKey.Delete).activated.connect(self.delete)
        view.selectionModel().selectionChanged.connect(lambda *_args: self._update_buttons())
        return view

    def _buttons(self) -> tuple[QPushButton, ...]:
        return self.add_button, self.edit_button, self.delete_button, self.restore_button

    # --- the query ------------------------------------------------------------------------
    def query(self) -> Any:
        """The register's service query for what the filter bar says."""
        return self._spec.query(self.filters.value())

    def _fetch_ids(self, order_by: str, descending: bool) -> list[str]:
        query = replace(self.query(), order_by=order_by, descending=descending)
        return self._ctx.gateway.read(self._spec.service.list_ids, query)

    def _fetch_rows(self, ids: list[str]) -> list[R]:
        return self._ctx.gateway.read(self._spec.service.get_many, ids)

    def reload(self) -> None:
        """Query again; keep the selected record selected when it still matches."""
        current = self.selected()
        self.model.reload()
        if current is not None:
            self._select(current.id)
        self._update_buttons()

    def _select(self, record_id: str) -> None:
        row = self.model.row_of(record_id)
        if row >= 0:
            self.view.selectRow(row)
            self.view.scrollTo(self.model.index(row, 0))

    def selected(self) -> R | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_object(rows[0]) if rows else None

    def _on_data_changed(self, topic: str) -> None:
        if topic in (self._spec.topic, "all", *self._spec.refresh_on):
            self.filters.refill()
            self.reload()

    def _update_status(self) -> None:
        total = self.model.total()
        self.count.setText(self._spec.counted(total))
        if total == 0:
            self.empty.setText(self._empty_text())
        self._body.setCurrentWidget(self.view if total else self.empty)

    def _empty_text(self) -> str:
        if self.filters.narrowed():
            return _("Nothing matches the search and filters.")
        if self._may_edit:
            return _("{empty}\n\nChoose Add… to enter the first one.").format(empty=_(self._spec.empty))
        return _(self._spec.empty)

    def _update_buttons(self) -> None:
        row = self.selected() if self._may_edit else None
        self.edit_button.setEnabled(row is not None and not row.deleted)
        self.delete_button.setEnabled(row is not None and not row.deleted)
        self.restore_button.setEnabled(row is not None and row.deleted)

    # --- actions --------------------------------------------------------------------------
    def add(self) -> None:
        if self._may_edit:
            self._open(None)

    def edit(self) -> None:
        row = self.selected() if self._may_edit else None
        if row is not None and not row.deleted:
            self._open(row)

    def detail(self, row: R | None) -> RecordDialog[R]:
        """The dialog for ``row`` (None: a new record), not yet shown."""
        return self._spec.dialog(self._ctx, row, self)

    def _open(self, row: R | None) -> None:
        dialog = self.detail(row)
        if dialog.exec() and dialog.outcome is not None:
            self._select(dialog.outcome.id)  # the list already reloaded on the change event

    def import_rows(self) -> None:
        if self._spec.io is not None and self._may_edit:
            ImportDialog(self._ctx, self._spec.io, self).exec()  # the page hears of what arrived and reloads

    def export(self) -> None:
        if self._spec.io is not None:
            export_register(self._ctx, self._spec.io, self.query(), self)

    def delete(self) -> None:
        row = self.selected() if self._may_edit else None
        if row is None or row.deleted:
            return
        answer = QMessageBox.question(
            self, _("Delete {name}?").format(name=row.name),
            _("{name} will no longer be listed or counted.\n\nNothing is erased: tick “Show deleted”, "
              "select it and choose Restore to bring it back.").format(name=row.name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer == QMessageBox.StandardButton.Yes:
            self._write(lambda _p: self._ctx.gateway.write(self._spec.service.delete, row.id), _("Deleting…"))

    def restore(self) -> None:
        row = self.selected() if self._may_edit else None
        if row is not None and row.deleted:
            self._write(lambda _p: self._ctx.gateway.write(self._spec.service.restore, row.id), _("Restoring…"))

    def _write(self, job: Job, text: str) -> None:
        self._ctx.tasks.run(job, parent=self, label=text,
                            on_success=lambda _result: self._ctx.events.publish(self._spec.topic))
