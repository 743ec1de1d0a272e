"""资源清单: what donors, organisations, volunteers, venues and departments offer, the categories of needs
each serves and how much of it is in use, filtered by kind, category, community and status. Paused or
ended resources are dimmed; a full one shows its use in amber."""

from __future__ import annotations

from operator import attrgetter
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMessageBox, QPushButton

from desktop.domain.codes import NEED_CATEGORIES, RESOURCE_KINDS, RESOURCE_STATUSES
from desktop.domain.permissions import Action
from desktop.i18n import N_, _, format_number, ngettext
from desktop.services import resources
from desktop.services.resources import ResourceRow
from desktop.ui.context import AppContext
from desktop.ui.layouts import button_row
from desktop.ui.needs.need_fields import REFRESH_ON, TOPIC, WARNING_COLOR, WholeList
from desktop.ui.projects.project_fields import published
from desktop.ui.registers.choices import community_filter
from desktop.ui.registers.filter_bar import FilterBar
from desktop.ui.registers.paged_list import PagedListPage
from desktop.ui.registers.spec import Choice
from desktop.ui.table_model import RIGHT, Column, PagedTableModel


def _use(row: ResourceRow) -> str:
    if row.capacity is None:
        return format_number(row.in_use) if row.in_use else ""
    return _("{used} of {capacity}").format(used=format_number(row.in_use), capacity=format_number(row.capacity))


def _full(row: ResourceRow) -> bool:
    return row.capacity is not None and row.in_use >= row.capacity


COLUMNS: list[Column[ResourceRow]] = [
    Column(N_("Name"), "name", attrgetter("name")),
    Column(N_("Kind"), "kind", attrgetter("kind_label")),
    Column(N_("Serves"), None, attrgetter("categories_label")),
    Column(N_("Provided by"), "provider", attrgetter("provider")),
    Column(N_("Serves where"), "community", attrgetter("community")),
    Column(N_("In use"), None, _use, RIGHT),
    Column(N_("Capacity note"), None, attrgetter("capacity_note")),
    Column(N_("Available when"), None, attrgetter("availability")),
    Column(N_("Status"), "status", attrgetter("status_label")),
]
IN_USE = 5
SORT_KEYS = {"name": None, "kind": lambda r: list(RESOURCE_KINDS).index(r.kind) if r.kind in RESOURCE_KINDS else 99,
             "provider": attrgetter("provider"), "community": attrgetter("community"), "status": attrgetter("status")}


class ResourceRows(PagedTableModel[ResourceRow]):
    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.column() == IN_USE and role in (Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.ToolTipRole):
            row = self.row_object(index)
            if row is not None and _full(row):
                return WARNING_COLOR if role == Qt.ItemDataRole.ForegroundRole else _("Full: no room for another need")
        return super().data(index, role)


class ResourcesTab(PagedListPage[ResourceRow]):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self._ctx = ctx
        self._may_edit = ctx.gateway.may(Action.EDIT_NEEDS)
        self.filters = FilterBar(ctx.gateway, [
            Choice.of_codes("kind", RESOURCE_KINDS, N_("All kinds")),
            Choice.of_codes("category", NEED_CATEGORIES, N_("All categories")), community_filter(),
            Choice.of_codes("status", RESOURCE_STATUSES, N_("All statuses"))],
            N_("Name, provider or notes (Ctrl+F)"))
        self.filters.show_deleted.hide()
        self._list = WholeList(self._read, attrgetter("id"), SORT_KEYS)
        self._init_list(ResourceRows(COLUMNS, self._list.fetch_page, self._list.fetch_rows, row_id=attrgetter("id"),
                                     dimmed=lambda r: r.status != "available"), 0, Qt.SortOrder.AscendingOrder)
        self.add_button = QPushButton(_("New resource…"))
        self.add_button.setShortcut(QKeySequence.StandardKey.New)
        self.add_button.clicked.connect(self.add)
        self.edit_button = QPushButton(_("Edit…"))
        self.edit_button.clicked.connect(self._open_selected)
        self.delete_button = QPushButton(_("Delete"))
        self.delete_button.setToolTip(_("Only a resource with no match under way; one no longer offered is "
                                        "better set to “No longer offered”, so its history stays"))
        self.delete_button.clicked.connect(self.delete)
        for button in (self.add_button, self.edit_button, self.delete_button):
            button.setVisible(self._may_edit)
        status_line = button_row(self.add_button, self.edit_button, self.delete_button)
        status_line.addWidget(self.count)
        self._lay_out(status_line, ctx.events, REFRESH_ON)

    def _read(self) -> list[ResourceRow]:
        filters = self.filters.value()
        choices = filters.choices
        return self._ctx.gateway.read(resources.list_resources, kind=choices["kind"] or None,
                                      category=choices["category"] or None,
                                      community_id=choices["community"] or None, status=choices["status"] or None,
                                      search=filters.text.strip())

    def _counted(self, total: int) -> str:
        return ngettext("{n} resource", "{n} resources", total).format(n=format_number(total))

    def _listed_so_far(self, listed: int) -> str:
        return self._counted(listed)

    def _empty_text(self) -> str:
        if self.filters.narrowed():
            return _("No resource matches the search and filters.")
        if self._may_edit:
            return _("No resources on the list yet.\n\nChoose New resource… to record what a donor, an organisation, "
                     "volunteers, a venue or a department offers.")
        return _("No resources on the list yet.")

    def _update_buttons(self) -> None:
        row = self.selected()
        self.edit_button.setEnabled(row is not None)
        self.delete_button.setEnabled(row is not None and row.in_use == 0)

    def add(self) -> None:
        from desktop.ui.needs.resource_dialog import ResourceDialog

        if self._may_edit:
            dialog = ResourceDialog(self._ctx, None, self)
            if published(self._ctx, dialog, TOPIC) and isinstance(dialog.outcome, str):
                self.select(dialog.outcome)

    def _open_selected(self) -> None:
        """Edit the resource; a role that may only look sees it read-only."""
        from desktop.ui.needs.resource_dialog import ResourceDialog

        row = self.selected()
        if row is None:
            return
        dialog = ResourceDialog(self._ctx, row, self)
        if not self._may_edit:
            dialog.show_read_only()
        if published(self._ctx, dialog, TOPIC):
            self.select(row.id)

    def delete(self) -> None:
        row = self.selected() if self._may_edit else None
        if row is None or row.in_use:
            return
        answer = QMessageBox.question(
            self, _("Delete {name}?").format(name=row.name),
            _("{name} will no longer be listed or offered in matching. Its past matches keep its name.").format(
                name=row.name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer == QMessageBox.StandardButton.Yes:
            self._ctx.tasks.run(lambda _p: self._ctx.gateway.write(resources.delete_resource, row.id), parent=self,
                                label=_("Deleting…"), on_success=lambda _result: self._ctx.events.publish(TOPIC))
