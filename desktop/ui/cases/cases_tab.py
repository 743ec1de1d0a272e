"""个案: the case list, newest opened first, filtered and searched in SQL a window at a time and
counted on the database worker (a county's 400,000 cases show before they are counted); a follow-up
overdue shows red. Double-click or Enter opens the case window; New case… opens a case.

A social worker's list holds only their own cases (the services see to it); the station head sees
every case and may filter by worker.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from operator import attrgetter
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QKeySequence
from PySide6.QtWidgets import QCheckBox, QPushButton

from desktop.domain.case_workflow import STAGE_LABELS
from desktop.domain.codes import RISK_LEVELS, TARGET_GROUPS, label
from desktop.domain.permissions import Action
from desktop.i18n import N_, _, format_date, format_number, ngettext
from desktop.services import case_list, cases
from desktop.services.case_list import STAGE_GROUP_LABELS, CaseQuery, CaseRow
from desktop.services.clients import ClientView
from desktop.services.listing import IdPage
from desktop.ui.cases.case_fields import TOPIC
from desktop.ui.cases.case_form import CaseForm
from desktop.ui.context import AppContext
from desktop.ui.forms import ERROR_COLOR
from desktop.ui.gateway import Gateway
from desktop.ui.layouts import button_row
from desktop.ui.registers.choices import community_filter
from desktop.ui.registers.filter_bar import FilterBar
from desktop.ui.registers.paged_list import PagedListPage
from desktop.ui.registers.spec import Choice
from desktop.ui.sort_arrows import arrows_follow_order
from desktop.ui.station_column import StationColumn
from desktop.ui.table_model import Column, Counting, PagedTableModel

COLUMNS: list[Column[CaseRow]] = [
    Column(N_("Case number"), "number", attrgetter("number")),
    Column(N_("Client"), "client", attrgetter("client_name")),
    Column(N_("Community"), None, attrgetter("community")),  # not sortable: see case_list.ORDERS
    Column(N_("Worker"), "worker", attrgetter("worker_name")),
    Column(N_("Stage"), "stage", attrgetter("stage_label")),
    Column(N_("Risk"), "risk", lambda r: label(RISK_LEVELS, r.risk)),
    Column(N_("Opened"), "opened", lambda r: format_date(r.opened_on, "medium")),
    Column(N_("Next follow-up"), None, lambda r: format_date(r.next_due, "medium") if r.next_due else ""),
]
OPENED = 6  # the column of the default order, newest first
NEXT_DUE = 7
REFRESH_ON = (TOPIC, "clients", "communities", "users", "all")  # a renamed client, community or worker shows here


def _stages(_gateway: Gateway) -> dict[str, str]:
    """All, the open ones, each stage, and the ended ones (closed or referred out)."""
    return ({"": _("All stages"), "open": _(STAGE_GROUP_LABELS["open"])}
            | {stage: _(text) for stage, text in STAGE_LABELS.items()} | {"ended": _(STAGE_GROUP_LABELS["ended"])})


def _workers(gateway: Gateway) -> dict[str, str]:
    return {"": _("All workers")} | {w.id: w.name for w in gateway.read(cases.workers)}


class CaseRows(PagedTableModel[CaseRow]):
    """The paged case table; the next follow-up is red while it is overdue."""

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        overdue_roles = (Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.ToolTipRole)
        if self._columns[index.column()] is COLUMNS[NEXT_DUE] and role in overdue_roles:
            row = self.row_object(index)
            if row is not None and row.overdue:
                return QColor(ERROR_COLOR) if role == Qt.ItemDataRole.ForegroundRole else _("Overdue")
        return super().data(index, role)


class CasesTab(PagedListPage[CaseRow]):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self._ctx = ctx
        self._may_edit = ctx.gateway.may(Action.EDIT_CASES)
        choices = [Choice("stage", _stages), community_filter()]
        if ctx.gateway.may(Action.VIEW_ALL_CASES):  # a social worker's list is theirs alone anyway
            choices.append(Choice("worker", _workers))
        choices += [Choice.of_codes("target_group", TARGET_GROUPS, N_("All target groups")),
                    Choice.of_codes("risk", RISK_LEVELS, N_("All risk levels"))]
        # A hint short enough for the box at 1024 px beside the drop-downs; the whole of it as the tooltip.
        self.filters = FilterBar(ctx.gateway, choices, N_("Name, pinyin or no."))
        self.filters.search.setToolTip(_("Client name, pinyin initials, last 4 ID digits or case number (Ctrl+F)"))
        self.filters.show_deleted.hide()  # a deleted case is listed nowhere
        self.overdue = QCheckBox(_("Follow-up overdue"))
        self.overdue.toggled.connect(lambda _on: self.reload())
        filter_layout = self.filters.layout()
        assert filter_layout is not None
        filter_layout.addWidget(self.overdue)
        # Newest opened first; at a county, each case's station beside its number.
        station = StationColumn(ctx.gateway, "case_file", attrgetter("id"))
        self._init_list(CaseRows(station.columns(COLUMNS), self._fetch_page,
                                 station.fetching(lambda ids: ctx.gateway.read(case_list.rows, ids)),
                                 row_id=attrgetter("id"), counting=Counting(ctx.tasks, self._count_job)),
                        station.column_of(OPENED), Qt.SortOrder.DescendingOrder)
        arrows_follow_order(self.view.horizontalHeader())  # newest first: ▼ on 开案

        self.new_button = QPushButton(_("New case…"))
        self.new_button.setShortcut(QKeySequence.StandardKey.New)
        self.new_button.setVisible(self._may_edit)
        self.new_button.clicked.connect(lambda: self.new_case())
        self.open_button = QPushButton(_("Open…"))
        self.open_button.setToolTip(_("The case's record, steps and history (double-click or Enter)"))
        self.open_button.clicked.connect(self._open_selected)
        status_line = button_row(self.new_button, self.open_button)
        status_line.addWidget(self.count)
        self._lay_out(status_line, ctx.events, REFRESH_ON)

    # --- the query ------------------------------------------------------------------------
    def query(self) -> CaseQuery:
        filters = self.filters.value()
        chosen = filters.choices
        return CaseQuery(text=filters.text, stage=chosen["stage"], community_id=chosen["community"],
                         worker_user_id=chosen.get("worker", ""), target_group=chosen["target_group"],
                         risk=chosen["risk"], overdue=self.overdue.isChecked())

    def _fetch_page(self, order_by: str, descending: bool, offset: int, limit: int, with_total: bool) -> IdPage[str]:
        query = replace(self.query(), order_by=order_by, descending=descending)
        return self._ctx.gateway.read(case_list.list_page, query, offset, limit, with_total)

    def _count_job(self) -> Callable[[], int]:
        """The count of the list as filtered now (read here, on the GUI thread), for the database worker."""
        query, gateway = self.query(), self._ctx.gateway
        return lambda: gateway.read(case_list.count, query)

    def _counted(self, total: int) -> str:
        return ngettext("{n} case", "{n} cases", total).format(n=format_number(total))

    def _listed_so_far(self, listed: int) -> str:
        return ngettext("{n}+ case", "{n}+ cases", listed).format(n=format_number(listed))

    def _empty_text(self) -> str:
        if self.filters.narrowed() or self.overdue.isChecked():
            return _("Nothing matches the search and filters.")
        if self._may_edit:
            return _("No cases yet.\n\nChoose New case… to open the first one.")
        return _("No cases yet.")

    def _update_buttons(self) -> None:
        self.open_button.setEnabled(self.selected() is not None)

    # --- actions --------------------------------------------------------------------------
    def new_case(self, client: ClientView | None = None) -> None:
        """The case form, for ``client`` when one is chosen; the new case is selected in the list."""
        form = CaseForm(self._ctx, client, self)
        if form.exec() and form.outcome is not None:
            self.select(form.outcome.id)  # the list already reloaded on the change event

    def _open_selected(self) -> None:
        row = self.selected()
        if row is None:
            return
        from desktop.ui.cases.case_window import open_case_window  # a module of its own, loaded when first used

        open_case_window(self._ctx, row.id, self)
