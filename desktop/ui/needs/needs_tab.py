"""需求清单: the needs found in the villages and communities, the most urgent first, filtered by community,
status (未结 by default: waiting for a match or matched) and category, and searched. Urgent needs show
red; closed ones dimmed. Double-click or Enter opens the need's matches; 对接… finds one."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from operator import attrgetter
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QKeySequence
from PySide6.QtWidgets import QMessageBox, QPushButton

from desktop.domain.codes import NEED_CATEGORIES, NEED_STATUSES
from desktop.domain.permissions import Action
from desktop.i18n import N_, _, format_date, format_number, ngettext
from desktop.services import needs
from desktop.services.listing import IdPage
from desktop.services.needs import NeedQuery, NeedRow
from desktop.ui.context import AppContext
from desktop.ui.forms import ERROR_COLOR
from desktop.ui.gateway import Gateway
from desktop.ui.layouts import button_row
from desktop.ui.needs.need_fields import GONE, REFRESH_ON, TOPIC, say_gone
from desktop.ui.projects.project_fields import published
from desktop.ui.registers.choices import community_filter
from desktop.ui.registers.filter_bar import FilterBar
from desktop.ui.registers.paged_list import PagedListPage
from desktop.ui.registers.spec import Choice
from desktop.ui.table_model import RIGHT, Column, Counting, PagedTableModel
from desktop.ui.tasks import Job

UNCLOSED = "unclosed"
CLOSED = ("solved", "unsolvable")
COLUMNS: list[Column[NeedRow]] = [
    Column(N_("Urgency"), "urgency", attrgetter("urgency_label")),  # the service's order: most urgent first
    Column(N_("Found on"), "found_on", lambda r: format_date(r.found_on, "medium")),
    Column(N_("Community"), "community", attrgetter("community")),
    Column(N_("Category"), "category", attrgetter("category_label")),
    Column(N_("Need"), "title", attrgetter("title")),
    Column(N_("For whom"), None, attrgetter("holder_label")),
    Column(N_("People"), "people", lambda r: "" if r.people is None else format_number(r.people), RIGHT),
    Column(N_("Status"), "status", attrgetter("status_label")),
    Column(N_("Matches under way"), "matches", lambda r: format_number(r.matches) if r.matches else "", RIGHT),
    Column(N_("What came of it"), None, attrgetter("outcome")),
]


def _statuses(_gateway: Gateway) -> dict[str, str]:
    return {"": _("All statuses"), UNCLOSED: _("Not closed (未结)")} | {
        code: _(text) for code, text in NEED_STATUSES.items()}


class NeedRows(PagedTableModel[NeedRow]):
    """An urgent need's urgency in red while it is not closed."""

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.column() == 0 and role == Qt.ItemDataRole.ForegroundRole:
            row = self.row_object(index)
            if row is not None and row.urgency == "high" and row.status not in CLOSED:
                return QColor(ERROR_COLOR)
        return super().data(index, role)


class NeedsTab(PagedListPage[NeedRow]):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self._ctx = ctx
        self._may_edit = ctx.gateway.may(Action.EDIT_NEEDS)
        self.filters = FilterBar(ctx.gateway, [community_filter(), Choice("status", _statuses),
                                               Choice.of_codes("category", NEED_CATEGORIES, N_("All categories"))],
                                 N_("Need, details or group (Ctrl+F)"))
        self.filters.show_deleted.hide()  # a deleted need is gone from the list; closed ones stay
        status = self.filters.combos["status"]
        status.setCurrentIndex(status.findData(UNCLOSED))
        self._init_list(NeedRows(COLUMNS, self._fetch_page, self._fetch_rows, row_id=attrgetter("id"),
                                 dimmed=lambda r: r.status in CLOSED,
                                 counting=Counting(ctx.tasks, self._count_job)), 0, Qt.SortOrder.AscendingOrder)

        self.add_button = self._button(_("New need…"), self.add, _("Record a need found on a visit or asked for"))
        self.add_button.setShortcut(QKeySequence.StandardKey.New)
        self.edit_button = self._button(_("Edit…"), self.edit)
        self.match_button = self._button(_("Find a match…"), self.find_match,
                                         _("Resources and projects that serve this need, best first"))
        self.close_button = self._button(_("Close…"), self.close_need, _("Solved, or cannot be solved, with how"))
        self.reopen_button = self._button(_("Reopen…"), self.reopen)
        self.delete_button = self._button(_("Delete"), self.delete)
        self.open_button = QPushButton(_("Matches…"))
        self.open_button.setToolTip(_("The need's matches and their follow-up notes (double-click or Enter)"))
        self.open_button.clicked.connect(self._open_selected)
        status_line = button_row(self.add_button, self.edit_button, self.match_button, self.open_button,
                                 self.close_button, self.reopen_button, self.delete_button)
        status_line.addWidget(self.count)
        self._lay_out(status_line, ctx.events, REFRESH_ON)

    def _button(self, text: str, slot: Any, tip: str = "") -> QPushButton:
        """A button for the roles that may change the lists; the others do not see it."""
        button = QPushButton(text)
        button.setToolTip(tip)
        button.setVisible(self._may_edit)
        button.clicked.connect(slot)
        return button

    # --- the query: a window at a time, sorted and filtered in SQL, counted on the database worker -------
    def query(self) -> NeedQuery:
        filters = self.filters.value()
        choices = filters.choices
        return NeedQuery(filters.text, choices["community"], choices["status"], choices["category"])

    def _fetch_page(self, order_by: str, descending: bool, offset: int, limit: int, with_total: bool) -> IdPage[str]:
        query = replace(self.query(), order_by=order_by, descending=descending)
        return self._ctx.gateway.read(needs.list_page, query, offset, limit, with_total)

    def _fetch_rows(self, ids: list[str]) -> list[NeedRow]:
        return self._ctx.gateway.read(needs.get_many, ids)

    def _count_job(self) -> Callable[[], int]:
        query, gateway = self.query(), self._ctx.gateway
        return lambda: gateway.read(needs.count, query)

    def show_community(self, community_id: str, status: str = "open") -> None:
        """The needs of one village or community, waiting for a match by default (from the 工作台)."""
        self.filters.search.clear()
        for key, code in (("community", community_id), ("status", status), ("category", "")):
            combo = self.filters.combos[key]
            combo.setCurrentIndex(max(combo.findData(code), 0))
        self.reload()

    # --- what the list says ----------------------------------------------------------------
    def _counted(self, total: int) -> str:
        return ngettext("{n} need", "{n} needs", total).format(n=format_number(total))

    def _listed_so_far(self, listed: int) -> str:
        return ngettext("{n}+ need", "{n}+ needs", listed).format(n=format_number(listed))

    def _empty_text(self) -> str:
        filters = self.filters.value()
        status = filters.choices["status"]
        hint = "\n\n" + _("Choose New need… to record one found on a visit or asked for.") if self._may_edit else ""
        if filters.text.strip() or status not in ("", UNCLOSED) or any(
                code for key, code in filters.choices.items() if key != "status"):
            return _("No need matches the search and filters.")
        if status == UNCLOSED:  # as the page opens
            return _("No need is waiting for a match or under way.") + hint
        return _("No needs on the list yet.") + hint

    def _update_buttons(self) -> None:
        row = self.selected()
        is_open = row is not None and row.status not in CLOSED
        self.edit_button.setEnabled(is_open)
        self.match_button.setEnabled(is_open)
        self.close_button.setEnabled(is_open)
        self.reopen_button.setEnabled(row is not None and not is_open)
        self.delete_button.setEnabled(row is not None and row.matches == 0 and is_open)
        self.open_button.setEnabled(row is not None)

    # --- actions --------------------------------------------------------------------------
    def _after(self, dialog: Any, need_id: str = "") -> None:
        """Run ``dialog``; when it saved, every list hears of it and the need (a new one: the id it
        gave back) is selected; when not, the list is read again."""
        if published(self._ctx, dialog, TOPIC):
            chosen = need_id or (dialog.outcome if isinstance(dialog.outcome, str) else "")
            if chosen:
                self.select(chosen)
        else:  # it may have found the need changed by someone else: show it as it is now
            self.reload()

    def add(self) -> None:
        from desktop.ui.needs.need_dialog import NeedDialog

        if self._may_edit:
            self._after(NeedDialog(self._ctx, None, self))

    def edit(self) -> None:
        from desktop.ui.needs.need_dialog import NeedDialog

        row = self.selected() if self._may_edit else None
        if row is None or row.status in CLOSED:
            return
        try:
            dialog = NeedDialog(self._ctx, row, self)
        except GONE as error:
            say_gone(self, error)
            self.reload()
            return
        self._after(dialog, row.id)

    def find_match(self) -> None:
        from desktop.ui.needs.match_dialog import MatchDialog

        row = self.selected() if self._may_edit else None
        if row is not None and row.status not in CLOSED:
            self._after(MatchDialog(self._ctx, row, self), row.id)

    def close_need(self) -> None:
        from desktop.ui.needs.close_dialog import close_need_dialog

        row = self.selected() if self._may_edit else None
        if row is not None and row.status not in CLOSED:
            self._after(close_need_dialog(self._ctx, row, self), row.id)

    def reopen(self) -> None:
        from desktop.ui.volunteers.fields import ReasonDialog

        row = self.selected() if self._may_edit else None
        if row is None or row.status not in CLOSED:
            return
        gateway = self._ctx.gateway
        self._after(ReasonDialog(
            self._ctx, title=_("Reopen a need"), ok_text=_("Reopen"), parent=self,
            intro=_("“{title}” goes back on the list, waiting for a match; why it was closed stays on "
                    "record.").format(title=row.title),
            work=lambda reason: gateway.write(needs.reopen_need, row.id, reason)), row.id)

    def delete(self) -> None:
        row = self.selected() if self._may_edit else None
        if row is None or row.matches or row.status in CLOSED:
            return
        answer = QMessageBox.question(
            self, _("Delete the need “{title}”?").format(title=row.title),
            _("Delete a need recorded by mistake; a real need that cannot be met is closed as "
              "“cannot be solved” instead, so it still counts."),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer == QMessageBox.StandardButton.Yes:
            self._write(lambda _p: self._ctx.gateway.write(needs.delete_need, row.id), _("Deleting…"))

    def _write(self, job: Job, text: str) -> None:
        self._ctx.tasks.run(job, parent=self, label=text, on_success=lambda _result: self._ctx.events.publish(TOPIC))

    def _open_selected(self) -> None:
        from desktop.ui.needs.need_window import open_need_window

        row = self.selected()
        if row is not None and not open_need_window(self._ctx, row.id, self):
            self.reload()
