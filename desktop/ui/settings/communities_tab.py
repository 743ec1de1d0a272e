"""The villages and communities list: filter bar, a paged table, and add / edit / delete / restore."""

from __future__ import annotations

from dataclasses import replace
from operator import attrgetter

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QCheckBox, QComboBox, QHBoxLayout, QHeaderView, QLabel,
                               QLineEdit, QMessageBox, QPushButton, QVBoxLayout, QWidget)

from desktop.domain.codes import COMMUNITY_SETTINGS, label
from desktop.domain.permissions import Action
from desktop.i18n import N_, _, format_datetime, format_number, ngettext
from desktop.services import communities
from desktop.services.communities import CommunityQuery, CommunityView
from desktop.ui.layouts import button_row
from desktop.ui.context import AppContext
from desktop.ui.forms import combo_value, fill_combo
from desktop.ui.settings.community_dialog import CommunityDialog
from desktop.ui.list_view import list_view
from desktop.ui.table_model import BATCH, RIGHT, Column, PagedTableModel
from desktop.ui.tasks import Job

SEARCH_DELAY_MS = 250  # wait for a pause in typing before querying again

COLUMNS: list[Column[CommunityView]] = [
    Column(N_("Name"), "name", attrgetter("name")),
    Column(N_("Urban or rural"), "setting", lambda r: label(COMMUNITY_SETTINGS, r.setting)),
    Column(N_("Resident population"), "population",
           lambda r: "—" if r.population is None else format_number(r.population), RIGHT),
    Column(N_("Division code"), "division_code", attrgetter("division_code")),
    Column(N_("Last changed"), "updated_at", lambda r: format_datetime(r.updated_at.astimezone(), "short")),
]


class CommunitiesTab(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self._ctx = ctx
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search by name (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.setting = QComboBox()
        fill_combo(self.setting, {"": _("Urban and rural")} | {c: _(t) for c, t in COMMUNITY_SETTINGS.items()})
        self.show_deleted = QCheckBox(_("Show deleted"))
        self.count = QLabel()
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.setting.activated.connect(lambda _index: self.reload())
        self.show_deleted.toggled.connect(lambda _on: self.reload())

        self.model: PagedTableModel[CommunityView] = PagedTableModel(
            COLUMNS, self._fetch_ids, self._fetch_rows, row_id=attrgetter("id"), dimmed=attrgetter("deleted"),
            dimmed_tip=N_("Deleted. Select it and choose Restore to bring it back."))
        self.model.modelReset.connect(self._update_count)
        self.view = list_view(self.model)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setResizeContentsPrecision(BATCH)  # fit columns to a batch, not to every row fetched
        header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.view.setSortingEnabled(True)  # sorts once, which loads the first batch
        # Not ``activated``: some desktops activate on a single click, which would open the editor.
        self.view.doubleClicked.connect(lambda _index: self.edit())
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            enter = QShortcut(QKeySequence(key), self.view)
            enter.setContext(Qt.ShortcutContext.WidgetShortcut)
            enter.activated.connect(self.edit)
        self.view.selectionModel().selectionChanged.connect(lambda *_args: self._update_buttons())

        self.add_button = QPushButton(_("Add…"))
        self.add_button.setShortcut(QKeySequence.StandardKey.New)
        self.edit_button = QPushButton(_("Edit…"))
        self.delete_button = QPushButton(_("Delete"))
        self.restore_button = QPushButton(_("Restore"))
        # The services refuse edits to some roles; their buttons stay disabled and say why.
        self._may_edit = ctx.gateway.may(Action.EDIT_COMMUNITIES)
        for button in (self.add_button, self.edit_button, self.delete_button, self.restore_button):
            button.setToolTip(ctx.gateway.refusal(Action.EDIT_COMMUNITIES))
        self.add_button.setEnabled(self._may_edit)
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit)
        self.delete_button.clicked.connect(self.delete)
        self.restore_button.clicked.connect(self.restore)
        find = QShortcut(QKeySequence.StandardKey.Find, self)
        find.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.activated.connect(self._focus_search)
        delete_key = QShortcut(QKeySequence.StandardKey.Delete, self.view)
        delete_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete_key.activated.connect(self.delete)

        filters = QHBoxLayout()
        filters.addWidget(self.search, 2)
        filters.addWidget(self.setting)
        filters.addWidget(self.show_deleted)
        filters.addStretch(1)
        filters.addWidget(self.count)
        buttons = button_row(self.add_button, self.edit_button, self.delete_button, self.restore_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        ctx.events.changed.connect(self._on_data_changed)
        self._update_count()
        self._update_buttons()

    # --- the query ------------------------------------------------------------------------
    def query(self) -> CommunityQuery:
        return CommunityQuery(text=self.search.text(), setting=combo_value(self.setting),
                              include_deleted=self.show_deleted.isChecked())

    def _fetch_ids(self, order_by: str, descending: bool) -> list[str]:
        query = replace(self.query(), order_by=order_by, descending=descending)
        return self._ctx.gateway.read(communities.list_ids, query)

    def _fetch_rows(self, ids: list[str]) -> list[CommunityView]:
        return self._ctx.gateway.read(communities.get_many, ids)

    def reload(self) -> None:
        """Query again; keep the selected record selected when it still matches."""
        current = self.selected()
        keep = current.id if current else None
        self._search_timer.stop()
        self.model.reload()
        if keep is not None:
            self._select(keep)
        self._update_buttons()

    def _select(self, record_id: str) -> None:
        row = self.model.row_of(record_id)
        if row >= 0:
            self.view.selectRow(row)
            self.view.scrollTo(self.model.index(row, 0))

    def selected(self) -> CommunityView | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_object(rows[0]) if rows else None

    def _on_data_changed(self, topic: str) -> None:
        if topic in ("communities", "all"):
            self.reload()

    def _update_count(self) -> None:
        total = self.model.total()
        self.count.setText(ngettext("{n} village or community", "{n} villages and communities", total)
                           .format(n=format_number(total)))

    def _update_buttons(self) -> None:
        row = self.selected() if self._may_edit else None
        self.edit_button.setEnabled(row is not None and not row.deleted)
        self.delete_button.setEnabled(row is not None and not row.deleted)
        self.restore_button.setEnabled(row is not None and row.deleted)

    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    # --- actions --------------------------------------------------------------------------
    def add(self) -> None:
        dialog = CommunityDialog(self._ctx, parent=self)
        if dialog.exec() and dialog.result_view is not None:
            self._select(dialog.result_view.id)  # the list already reloaded on the change event

    def edit(self) -> None:
        row = self.selected() if self._may_edit else None
        if row is None or row.deleted:
            return
        dialog = CommunityDialog(self._ctx, row, parent=self)
        if dialog.exec() and dialog.result_view is not None:
            self._select(dialog.result_view.id)

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
            self._write(lambda _p: self._ctx.gateway.write(communities.delete, row.id), _("Deleting…"))

    def restore(self) -> None:
        row = self.selected() if self._may_edit else None
        if row is not None and row.deleted:
            self._write(lambda _p: self._ctx.gateway.write(communities.restore, row.id), _("Restoring…"))

    def _write(self, job: Job, text: str) -> None:
        self._ctx.tasks.run(job, parent=self, label=text,
                            on_success=lambda _result: self._ctx.events.publish("communities"))
