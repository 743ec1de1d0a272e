"""项目清单: the micro-venture projects approved or later and the other service projects (kept as resources),
each with the needs its matches answer, read on the database worker. Double-click or Enter opens a
micro-venture project's window, or a service project's particulars."""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from desktop.domain.permissions import Action
from desktop.i18n import N_, _, format_number, ngettext
from desktop.services import matching, resources
from desktop.services.matching import ProjectListRow
from desktop.ui.context import AppContext
from desktop.ui.gateway import Gateway
from desktop.ui.layouts import button_row
from desktop.ui.needs.need_fields import REFRESH_ON, TOPIC, WholeList
from desktop.ui.needs.match_dialog import joined
from desktop.ui.projects.project_fields import published
from desktop.ui.registers.filter_bar import FilterBar
from desktop.ui.registers.paged_list import PagedListPage
from desktop.ui.registers.spec import Choice
from desktop.ui.table_model import Column, PagedTableModel

MICRO_VENTURE = "micro_venture"
KINDS = {MICRO_VENTURE: N_("Micro-venture project"), "service_project": N_("Other service project")}
COLUMNS: list[Column[ProjectListRow]] = [
    Column(N_("Kind"), "kind", lambda r: _(KINDS.get(r.kind, r.kind))),
    Column(N_("Project no."), "number", attrgetter("number")),
    Column(N_("Project"), "name", attrgetter("name")),
    Column(N_("Run by"), "org", attrgetter("org_or_provider")),
    Column(N_("Status"), None, attrgetter("status_label")),
    Column(N_("Areas (项目领域)"), None, attrgetter("areas_label")),
    Column(N_("Serves where"), "communities", attrgetter("communities")),
    Column(N_("Needs it answers"), None, lambda r: joined(r.needs)),
]
SORT_KEYS = {"kind": None, "number": attrgetter("number"), "name": attrgetter("name"),
             "org": attrgetter("org_or_provider"), "communities": attrgetter("communities")}


def _kinds(_gateway: Gateway) -> dict[str, str]:
    return {"": _("All projects")} | {code: _(text) for code, text in KINDS.items()}


class ProjectsTab(PagedListPage[ProjectListRow]):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self._ctx = ctx
        self.filters = FilterBar(ctx.gateway, [Choice("kind", _kinds)], N_("Project, number or who runs it (Ctrl+F)"))
        self.filters.show_deleted.hide()
        gateway = ctx.gateway
        self.whole = WholeList(ctx.tasks, lambda: gateway.read(matching.projects_list), self._kept,
                               attrgetter("id"), SORT_KEYS)
        self._init_list(PagedTableModel(COLUMNS, self.whole.fetch_page, self.whole.fetch_rows,
                                        row_id=attrgetter("id")), 0, Qt.SortOrder.AscendingOrder)
        self.open_button = QPushButton(_("Open…"))
        self.open_button.setToolTip(_("The project's window, or the service project's particulars (double-click "
                                      "or Enter)"))
        self.open_button.clicked.connect(self._open_selected)
        status_line = button_row(self.open_button)
        status_line.addWidget(self.count)
        self._lay_out(status_line, ctx.events, REFRESH_ON)
        self._load()

    def _load(self) -> None:
        """Read the list on the database worker, then show it as the filters say."""
        self.whole.load(lambda: self.reload() if shiboken6.isValid(self) else None)

    def _on_data_changed(self, topic: str) -> None:
        if topic in self._refresh_on:
            self.filters.refill()
            self._load()

    def _kept(self) -> Callable[[ProjectListRow], bool]:
        """Which rows the filters as they are now keep: the whole list is narrowed here."""
        filters = self.filters.value()
        kind, text = filters.choices["kind"], filters.text.strip().lower()
        return lambda row: (not kind or row.kind == kind) and (
            not text or any(text in part.lower() for part in (row.name, row.number, row.org_or_provider)))

    def _counted(self, total: int) -> str:
        if not self.whole.loaded:
            return ""
        return ngettext("{n} project", "{n} projects", total).format(n=format_number(total))

    def _listed_so_far(self, listed: int) -> str:
        return self._counted(listed)

    def _empty_text(self) -> str:
        if not self.whole.loaded:
            return _("Reading the projects…")
        if self.filters.narrowed():
            return _("No project matches the search and filters.")
        return _("No projects yet: micro-venture projects show here once approved, other service projects once they "
                 "are on the resources list as “Service project”.")

    def _update_buttons(self) -> None:
        self.open_button.setEnabled(self.selected() is not None)

    def _open_selected(self) -> None:
        row = self.selected()
        if row is None:
            return
        if row.kind == MICRO_VENTURE:
            from desktop.ui.projects.project_window import open_project_window

            open_project_window(self._ctx, row.id, self.window())
            return
        from desktop.ui.needs.resource_dialog import ResourceDialog

        dialog = ResourceDialog(self._ctx, self._ctx.gateway.read(resources.resource, row.id), self)
        if not self._ctx.gateway.may(Action.EDIT_NEEDS):
            dialog.show_read_only()
        published(self._ctx, dialog, TOPIC)
