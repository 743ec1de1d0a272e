"""A register's page: the filter bar, a paged table (or what to do while it is empty), the actions
add / edit / delete / restore for the roles that may, import from and export to spreadsheets, and the
count in the status line. A register longer than a window is counted on the database worker while its
first window is on screen ("200+ clients" until then), as the case list is: 200,000 clients or
volunteers would hold the GUI thread for the count."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from operator import attrgetter
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QPalette
from PySide6.QtWidgets import QLabel, QMessageBox, QPushButton

from desktop.domain.permissions import Action
from desktop.i18n import N_, _
from desktop.services.listing import IdPage
from desktop.sync.home_node import read_only_reason
from desktop.ui.context import AppContext
from desktop.ui.layouts import button_row
from desktop.ui.registers.export_action import export_register
from desktop.ui.registers.filter_bar import FilterBar
from desktop.ui.registers.import_dialog import ImportDialog
from desktop.ui.registers.paged_list import PagedListPage, shortcut
from desktop.ui.registers.record_dialog import RecordDialog
from desktop.ui.registers.spec import R, RegisterSpec
from desktop.ui.table_model import Counting, PagedTableModel
from desktop.ui.tasks import Job


class RegisterPage(PagedListPage[R]):
    def __init__(self, ctx: AppContext, spec: RegisterSpec[R]) -> None:
        super().__init__()
        self._ctx, self._spec = ctx, spec
        self.filters = FilterBar(ctx.gateway, spec.choices, spec.search_hint)
        self._init_list(PagedTableModel(
            spec.columns, self._fetch_page, self._fetch_rows, row_id=attrgetter("id"), dimmed=attrgetter("deleted"),
            dimmed_tip=N_("Deleted. Select it and choose Restore to bring it back."),
            counting=Counting(ctx.tasks, self._count_job)), 0, Qt.SortOrder.AscendingOrder)
        shortcut(self.view, QKeySequence.StandardKey.Delete).activated.connect(self.delete)

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
        self._not_here = ""  # why the selected record is read-only at this node ("" when it is not)
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

        status_line = button_row(*self._buttons(), self.read_only)
        status_line.addWidget(self.import_button)
        status_line.addWidget(self.export_button)
        status_line.addSpacing(12)
        status_line.addWidget(self.count)
        self._lay_out(status_line, ctx.events, (spec.topic, "all", *spec.refresh_on))

    def _buttons(self) -> tuple[QPushButton, ...]:
        return self.add_button, self.edit_button, self.delete_button, self.restore_button

    # --- the query ------------------------------------------------------------------------
    def query(self) -> Any:
        """The register's service query for what the filter bar says."""
        return self._spec.query(self.filters.value())

    def _fetch_page(self, order_by: str, descending: bool, offset: int, limit: int, with_total: bool) -> IdPage[str]:
        query = replace(self.query(), order_by=order_by, descending=descending)
        return self._ctx.gateway.read(self._spec.service.list_page, query, offset, limit, with_total)

    def _fetch_rows(self, ids: list[str]) -> list[R]:
        return self._ctx.gateway.read(self._spec.service.get_many, ids)

    def _count_job(self) -> Callable[[], int]:
        """The count of the register as filtered now (read here, on the GUI thread), for the database worker."""
        query, gateway, count = self.query(), self._ctx.gateway, self._spec.service.count
        return lambda: gateway.read(count, query)

    def _counted(self, total: int) -> str:
        return self._spec.counted(total)

    def _listed_so_far(self, listed: int) -> str:
        return self._spec.listed_so_far(listed)

    def _empty_text(self) -> str:
        if self.filters.narrowed():
            return _("Nothing matches the search and filters.")
        if self._may_edit:
            return _("{empty}\n\nChoose Add… to enter the first one.").format(empty=_(self._spec.empty))
        return _(self._spec.empty)

    def _update_buttons(self) -> None:
        row = self.selected() if self._may_edit else None
        # A county office sees a station's records read-only: their buttons say whose they are.
        self._not_here = self._ctx.gateway.read(read_only_reason, self._spec.table, row.id) if row else ""
        editable = None if self._not_here else row
        self.edit_button.setEnabled(editable is not None and not editable.deleted)
        self.delete_button.setEnabled(editable is not None and not editable.deleted)
        self.restore_button.setEnabled(editable is not None and editable.deleted)
        for button in (self.edit_button, self.delete_button, self.restore_button):
            button.setToolTip(self._not_here)
        if self._may_edit:  # said beside the buttons too, where a role's refusal is said
            self.read_only.setText(self._not_here)
            self.read_only.setVisible(bool(self._not_here))

    # --- actions --------------------------------------------------------------------------
    def add(self) -> None:
        if self._may_edit:
            self._open(None)

    def edit(self) -> None:
        row = self.selected() if self._may_edit and not self._not_here else None
        if row is not None and not row.deleted:
            self._open(row)

    def _open_selected(self) -> None:
        if self._may_edit and not self._not_here:
            self.edit()
            return
        row = self.selected()
        if row is not None:
            self.shown_detail(row).exec()

    def detail(self, row: R | None) -> RecordDialog[R]:
        """The dialog for ``row`` (None: a new record), not yet shown."""
        return self._spec.dialog(self._ctx, row, self)

    def shown_detail(self, row: R) -> RecordDialog[R]:
        """The dialog for ``row`` as this user gets it: read-only for a role that may only look."""
        dialog = self.detail(row)
        if not self._may_edit or self._not_here:
            dialog.show_read_only()
        return dialog

    def _open(self, row: R | None) -> None:
        dialog = self.detail(row)
        if dialog.exec() and dialog.outcome is not None:
            self.select(dialog.outcome.id)  # the list already reloaded on the change event

    def import_rows(self) -> None:
        if self._spec.io is not None and self._may_edit:
            ImportDialog(self._ctx, self._spec.io, self).exec()  # the page hears of what arrived and reloads

    def export(self) -> None:
        if self._spec.io is not None:
            export_register(self._ctx, self._spec.io, self.query(), self)

    def delete(self) -> None:
        row = self.selected() if self._may_edit and not self._not_here else None
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
        row = self.selected() if self._may_edit and not self._not_here else None
        if row is not None and row.deleted:
            self._write(lambda _p: self._ctx.gateway.write(self._spec.service.restore, row.id), _("Restoring…"))

    def _write(self, job: Job, text: str) -> None:
        self._ctx.tasks.run(job, parent=self, label=text,
                            on_success=lambda _result: self._ctx.events.publish(self._spec.topic))
