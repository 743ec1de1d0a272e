"""项目: the proposals and projects, newest number first, filtered by round, status and community and
searched by title or number in SQL a window at a time. Double-click or Enter opens the project's window;
New proposal… starts a draft, and Delete takes away a draft entered by mistake (a tombstone: a submitted
proposal is withdrawn or terminated instead, never deleted)."""

from __future__ import annotations

from operator import attrgetter

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMessageBox, QPushButton

from desktop.domain.permissions import Action
from desktop.domain.project_workflow import EDITABLE, STATUS_LABELS
from desktop.i18n import N_, _, format_number, ngettext
from desktop.services import projects, rounds
from desktop.services.listing import IdPage
from desktop.services.projects import ProjectQuery, ProjectView
from desktop.sync.home_node import read_only_reason
from desktop.ui.context import AppContext
from desktop.ui.gateway import Gateway
from desktop.ui.layouts import button_row
from desktop.ui.projects.head_tab import round_label
from desktop.ui.projects.money_field import yuan
from desktop.ui.projects.project_fields import ROUNDS_TOPIC, TOPIC
from desktop.ui.registers.choices import community_filter
from desktop.ui.registers.filter_bar import FilterBar
from desktop.ui.registers.paged_list import PagedListPage
from desktop.ui.registers.spec import Choice
from desktop.ui.sort_arrows import arrows_follow_order
from desktop.ui.station_column import StationColumn
from desktop.ui.table_model import RIGHT, Column, PagedTableModel

# The service lists newest number first and sorts by nothing else: the header offers no other order.
COLUMNS: list[Column[ProjectView]] = [
    Column(N_("Number"), "number", attrgetter("number")),
    Column(N_("Title"), None, attrgetter("title")),
    Column(N_("Applicant"), None, attrgetter("org_name")),
    Column(N_("Community"), None, attrgetter("community")),
    Column(N_("Status"), "status", attrgetter("status_label")),
    Column(N_("Requested (yuan)"), "requested", lambda p: yuan(p.requested_fen), RIGHT),
    Column(N_("Approved (yuan)"), "approved", lambda p: "" if p.approved_fen is None else yuan(p.approved_fen), RIGHT),
    Column(N_("Round"), None, attrgetter("round_name")),
]
REFRESH_ON = (TOPIC, ROUNDS_TOPIC, "orgs", "communities", "all")  # a renamed round, applicant or community


def _rounds(gateway: Gateway) -> dict[str, str]:
    return {"": _("All rounds")} | {found.id: round_label(found) for found in gateway.read(rounds.list_all)}


class ProjectsTab(PagedListPage[ProjectView]):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self._ctx = ctx
        self._may_edit = ctx.gateway.may(Action.EDIT_PROJECTS)
        self.filters = FilterBar(ctx.gateway, [Choice("round", _rounds),
                                               Choice.of_codes("status", STATUS_LABELS, N_("All statuses")),
                                               community_filter()],
                                 N_("Title or number (Ctrl+F)"))
        self.filters.show_deleted.hide()  # a deleted proposal is listed nowhere
        station = StationColumn(ctx.gateway, "project", attrgetter("id"))  # at a county: whose proposal
        self._init_list(PagedTableModel(station.columns(COLUMNS), self._fetch_page,
                                        station.fetching(lambda ids: ctx.gateway.read(projects.get_many, ids)),
                                        row_id=attrgetter("id")), 0, Qt.SortOrder.DescendingOrder)
        arrows_follow_order(self.view.horizontalHeader())  # newest first: ▼ on 编号
        self.new_button = QPushButton(_("New proposal…"))
        self.new_button.setShortcut(QKeySequence.StandardKey.New)
        self.new_button.setVisible(self._may_edit)
        self.new_button.clicked.connect(self.new_proposal)
        self.open_button = QPushButton(_("Open…"))
        self.open_button.setToolTip(_("The proposal, its steps and papers (double-click or Enter)"))
        self.open_button.clicked.connect(self._open_selected)
        self.delete_button = QPushButton(_("Delete"))
        self.delete_button.setVisible(self._may_edit)
        self.delete_button.clicked.connect(self.delete_selected)
        status_line = button_row(self.new_button, self.open_button, self.delete_button)
        status_line.addWidget(self.count)
        self._lay_out(status_line, ctx.events, REFRESH_ON)  # loads the first window

    def query(self, order_by: str = "number", descending: bool = True) -> ProjectQuery:
        filters = self.filters.value()
        chosen = filters.choices
        return ProjectQuery(round_id=chosen["round"], status=chosen["status"], community_id=chosen["community"],
                            text=filters.text, order_by=order_by, descending=descending)

    def _fetch_page(self, order_by: str, descending: bool, offset: int, limit: int, with_total: bool) -> IdPage[str]:
        return self._ctx.gateway.read(projects.list_page, self.query(order_by, descending), offset, limit, with_total)

    def _counted(self, total: int) -> str:
        return ngettext("{n} project", "{n} projects", total).format(n=format_number(total))

    def _listed_so_far(self, listed: int) -> str:
        return ngettext("{n}+ project", "{n}+ projects", listed).format(n=format_number(listed))

    def _empty_text(self) -> str:
        if self.filters.narrowed():
            return _("Nothing matches the search and filters.")
        if not self._ctx.gateway.read(rounds.list_all):
            return _("No proposals yet.\n\nProposals are made in a round: open one on the Rounds tab first.")
        if self._may_edit:
            return _("No proposals yet.\n\nChoose New proposal… to write the first one.")
        return _("No proposals yet.")

    def _update_buttons(self) -> None:
        row = self.selected()
        self.open_button.setEnabled(row is not None)
        draft = row is not None and row.status in EDITABLE
        # At a county office a station's proposal is read-only (``sync.home_node``).
        not_here = self._ctx.gateway.read(read_only_reason, "project", row.id) if draft and row is not None else ""
        self.delete_button.setEnabled(draft and not not_here)
        self.delete_button.setToolTip(
            not_here or (_("Delete the draft proposal selected") if draft or row is None else
                         _("Only a draft can be deleted: a submitted proposal stays on the round's record, withdrawn "
                           "or terminated instead")))

    def delete_selected(self) -> None:
        """The draft selected, after a question, tombstoned; the list hears of it and reloads."""
        row = self.selected()
        if row is None or row.status not in EDITABLE or not self._may_edit or not self.delete_button.isEnabled():
            return
        answer = QMessageBox.question(
            self, _("Delete draft {number}?").format(number=row.number),
            _("The draft “{title}” and its budget, plan and team will no longer be listed.\n\nOnly a draft can be "
              "deleted: once submitted, a proposal is withdrawn or terminated instead.").format(title=row.title),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer == QMessageBox.StandardButton.Yes:
            self._ctx.tasks.run(lambda _progress: self._ctx.gateway.write(projects.delete, row.id), parent=self,
                                label=_("Deleting…"), on_success=lambda _result: self._ctx.events.publish(TOPIC))

    def new_proposal(self) -> None:
        """A new draft, selected in the list and opened in its window."""
        from desktop.ui.projects.new_proposal_dialog import NewProposalDialog

        dialog = NewProposalDialog(self._ctx, self)
        if dialog.exec() and dialog.outcome is not None:
            self.select(dialog.outcome.id)  # the list already reloaded on the change event
            self._open(dialog.outcome.id)
        dialog.deleteLater()

    def _open_selected(self) -> None:
        row = self.selected()
        if row is not None:
            self._open(row.id)

    def _open(self, project_id: str) -> None:
        from desktop.ui.projects.project_window import open_project_window  # loaded when first used

        open_project_window(self._ctx, project_id, self)
