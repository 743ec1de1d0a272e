"""批次: the rounds, newest first — their pool, application window, proposals and what they granted, the
pool left red when overspent. Double-click or Enter opens a round (read-only unless the user runs
rounds); New round… opens one, and Delete takes away one opened by mistake, while no proposal has been
submitted to it (the service refuses otherwise and says why)."""

from __future__ import annotations

from operator import attrgetter
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QKeySequence, QPalette
from PySide6.QtWidgets import QHeaderView, QLabel, QMessageBox, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from desktop.domain.permissions import Action
from desktop.i18n import N_, _, format_number, ngettext
from desktop.services import rounds
from desktop.services.rounds import RoundView
from desktop.sync.home_node import read_only_reason
from desktop.ui.context import AppContext
from desktop.ui.forms import ERROR_COLOR
from desktop.ui.layouts import button_row
from desktop.ui.list_view import list_view
from desktop.ui.projects.money_field import yuan
from desktop.ui.projects.project_fields import ROUNDS_TOPIC, TOPIC
from desktop.ui.projects.round_dialog import RoundDialog
from desktop.ui.registers.paged_list import shortcut
from desktop.ui.table_model import RIGHT, Column
from desktop.ui.volunteers.rows_model import RowsModel

COLUMNS: list[Column[RoundView]] = [
    Column(N_("Round"), None, attrgetter("name")),
    Column(N_("Year"), None, lambda r: str(r.year), RIGHT),
    Column(N_("Pool (yuan)"), None, lambda r: yuan(r.pool_fen), RIGHT),
    Column(N_("Application window"), None, lambda r: f"{r.opens_on.isoformat()} – {r.closes_on.isoformat()}"),
    Column(N_("Proposals"), None, lambda r: format_number(r.projects), RIGHT),
    Column(N_("Approved (yuan)"), None, lambda r: yuan(r.approved_fen), RIGHT),
    Column(N_("Pool left (yuan)"), None, lambda r: yuan(r.pool_left_fen), RIGHT),
]
POOL_LEFT = 6
REFRESH_ON = (ROUNDS_TOPIC, TOPIC, "users", "all")  # a proposal added or approved changes the counts


def _overspent(row: RoundView, column: int, role: int) -> Any:
    if column == POOL_LEFT and row.pool_left_fen < 0:
        if role == Qt.ItemDataRole.ForegroundRole:
            return QColor(ERROR_COLOR)
        if role == Qt.ItemDataRole.ToolTipRole:
            return _("The round has granted more than its pool.")
    return None


class RoundsTab(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self._ctx = ctx
        self._may_manage = ctx.gateway.may(Action.MANAGE_ROUNDS)
        self.model: RowsModel[RoundView] = RowsModel(COLUMNS, _overspent)
        self.view = list_view(self.model)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.view.doubleClicked.connect(lambda _index: self.open_selected())
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            shortcut(self.view, key).activated.connect(self.open_selected)
        self.view.selectionModel().selectionChanged.connect(lambda *_args: self._update_buttons())
        self.empty = QLabel()
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.body = QStackedWidget()
        self.body.addWidget(self.view)
        self.body.addWidget(self.empty)
        self.new_button = QPushButton(_("New round…"))
        self.new_button.setShortcut(QKeySequence.StandardKey.New)
        self.new_button.setVisible(self._may_manage)
        self.new_button.clicked.connect(self.new_round)
        self.open_button = QPushButton(_("Open…") if self._may_manage else _("Show…"))
        self.open_button.setToolTip(_("The round's settings, rubric and reviewers (double-click or Enter)"))
        self.open_button.clicked.connect(self.open_selected)
        self.delete_button = QPushButton(_("Delete"))
        self.delete_button.setToolTip(_("Delete the round selected, while no proposal has been submitted to it"))
        self.delete_button.setVisible(self._may_manage)
        self.delete_button.clicked.connect(self.delete_selected)
        self.count = QLabel()
        status_line = button_row(self.new_button, self.open_button, self.delete_button)
        status_line.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addWidget(self.body, 1)
        layout.addLayout(status_line)
        ctx.events.changed.connect(lambda topic: self.reload() if topic in REFRESH_ON else None)
        self.reload()

    def reload(self) -> None:
        """Read the rounds again, keeping the selected one selected."""
        current = self.selected()
        found = self._ctx.gateway.read(rounds.list_all)
        self.model.set_rows(found)
        if current is not None:
            self.select(current.id)
        self.count.setText(ngettext("{n} round", "{n} rounds", len(found)).format(n=format_number(len(found))))
        self.empty.setText(_("No rounds yet.\n\nChoose New round… to open the first one: its pool, application "
                             "window, budget rules, rubric and reviewers.") if self._may_manage
                           else _("No rounds yet.\n\nThe station head opens rounds."))
        self.body.setCurrentWidget(self.view if found else self.empty)
        self._update_buttons()

    def selected(self) -> RoundView | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_object(rows[0]) if rows else None

    def select(self, round_id: str) -> None:
        for row, found in enumerate(self.model.rows()):
            if found.id == round_id:
                self.view.selectRow(row)
                return

    def new_round(self) -> None:
        dialog = RoundDialog(self._ctx, None, self)
        if dialog.exec() and dialog.outcome is not None:
            self.select(dialog.outcome.id)  # the list already reloaded on the change event
        dialog.deleteLater()

    def open_selected(self) -> None:
        found = self.selected()
        if found is None:
            return
        dialog = RoundDialog(self._ctx, self._ctx.gateway.read(rounds.get, found.id), self)
        dialog.exec()
        dialog.deleteLater()

    def delete_selected(self) -> None:
        """The round selected, after a question, tombstoned with its drafts; one with a submitted proposal
        is refused by the service, its message shown."""
        found = self.selected()
        if found is None or not self._may_manage:
            return
        told = [_("The round “{name}” will no longer be listed.").format(name=found.name)]
        if found.projects:
            told.append(ngettext("Its {n} draft proposal goes with it.", "Its {n} draft proposals go with it.",
                                 found.projects).format(n=found.projects))
        told.append(_("A round any proposal was submitted to stays on record and cannot be deleted."))
        answer = QMessageBox.question(
            self, _("Delete round {name}?").format(name=found.name), "\n\n".join(told),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer == QMessageBox.StandardButton.Yes:
            self._ctx.tasks.run(lambda _progress: self._ctx.gateway.write(rounds.delete, found.id), parent=self,
                                label=_("Deleting…"), on_success=lambda _result: self._deleted())

    def _deleted(self) -> None:
        self._ctx.events.publish(ROUNDS_TOPIC)
        self._ctx.events.publish(TOPIC)  # its drafts went with it

    def _update_buttons(self) -> None:
        found = self.selected()
        self.open_button.setEnabled(found is not None)
        # A round the county office runs is its own at a station (``sync.home_node.COUNTY_OWNED``).
        not_here = self._ctx.gateway.read(read_only_reason, "project_round", found.id) if found is not None else ""
        self.delete_button.setEnabled(found is not None and not not_here)
        self.delete_button.setToolTip(not_here or _("Delete the round selected, while no proposal has been submitted "
                                                    "to it"))
