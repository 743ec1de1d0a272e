"""设置 → 审计: the audit log newest first, filtered in SQL, and a check of its hash chain.

A county holds the chains of the stations that sent it bundles (``sync.audit_chains``): the node column
and filter tell whose entry each is."""

from __future__ import annotations

from datetime import date, datetime, time
from operator import attrgetter

from PySide6.QtCore import QDate, QTimer
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDateEdit, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
                               QPushButton, QVBoxLayout, QWidget)

from desktop.domain.codes import AUDIT_ACTIONS, TABLE_LABELS, label
from desktop.errors import WusheError
from desktop.i18n import N_, _, format_datetime, format_number, ngettext
from desktop.services import audit_log
from desktop.services.audit_log import AuditQuery, AuditView
from desktop.services.listing import IdPage
from desktop.storage.audit import ChainReport
from desktop.sync.conflict_text import node_names
from desktop.ui.context import AppContext
from desktop.ui.forms import ERROR_COLOR, combo_value, fill_combo
from desktop.ui.list_view import list_view
from desktop.ui.registers.date_field import DateEdit
from desktop.ui.table_model import BATCH, RIGHT, Column, PagedTableModel
from desktop.ui.tasks import Progress, show_error

SEARCH_DELAY_MS = 250
NO_DATE = QDate(2000, 1, 1)  # the date edits' minimum, shown as "any"

COLUMNS: list[Column[AuditView]] = [
    Column(N_("No."), None, lambda e: format_number(e.seq), RIGHT),
    Column(N_("Time"), None, lambda e: format_datetime(e.at.astimezone(), "short")),
    Column(N_("Who"), None, attrgetter("actor")),
    Column(N_("Action"), None, lambda e: label(AUDIT_ACTIONS, e.action)),
    Column(N_("Table"), None, lambda e: label(TABLE_LABELS, e.table_name) if e.table_name else ""),
    Column(N_("Record"), None, attrgetter("row_id")),
    Column(N_("Detail"), None, attrgetter("detail")),
]


def _date_edit() -> QDateEdit:
    edit = DateEdit()
    edit.setMinimumDate(NO_DATE)
    edit.setSpecialValueText(_("any"))
    edit.setDate(NO_DATE)
    return edit


def _day(edit: QDateEdit) -> date | None:
    return None if edit.date() == NO_DATE else edit.date().toPython()


class AuditTab(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self._ctx = ctx
        self._names: dict[str, str] = {}
        self.node = QComboBox()
        self.node.setToolTip(_("Whose entries: this node's, or those of a node whose bundles brought its audit log."))
        self.actor = QComboBox()
        self.action = QLineEdit()
        self.action.setPlaceholderText(_("Action, e.g. login or user."))
        self.action.setToolTip(_("An action exactly, or the start of several ending in a dot: user. finds "
                                 "user.add, user.edit and the others."))
        self.table = QLineEdit()
        self.table.setPlaceholderText(_("Table, e.g. community"))
        self.since, self.until = _date_edit(), _date_edit()
        self.clear_button = QPushButton(_("Clear filters"))
        self.count = QLabel()
        self._fill_choices()
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.reload)
        for edit in (self.action, self.table):
            edit.setClearButtonEnabled(True)
            edit.textChanged.connect(lambda _text: self._search_timer.start())
        for combo in (self.node, self.actor):
            combo.activated.connect(lambda _index: self.reload())
        for date_edit in (self.since, self.until):
            date_edit.dateChanged.connect(lambda _date: self._search_timer.start())
        self.clear_button.clicked.connect(self.clear_filters)

        node = Column(N_("Node"), None, lambda e: self._names.get(e.node_id, e.node_id[:8]))
        self.model: PagedTableModel[AuditView] = PagedTableModel(
            [COLUMNS[0], node, *COLUMNS[1:]], self._fetch_page, self._fetch_rows, row_id=lambda e: str(e.seq))
        self.model.modelReset.connect(self._update_count)
        self.view = list_view(self.model)
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        for column in range(len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(COLUMNS), QHeaderView.ResizeMode.Stretch)
        header.setResizeContentsPrecision(BATCH)

        self.verify_button = QPushButton(_("Verify the chain"))
        self.verify_button.setToolTip(_("Recompute every entry's hash: any entry changed or removed afterwards "
                                        "breaks the chain from there on."))
        self.verify_button.clicked.connect(self.verify)
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)

        filters = QHBoxLayout()
        for caption, widget, stretch in ((_("Node"), self.node, 0), (_("Who"), self.actor, 0), (None, self.action, 2),
                                         (None, self.table, 1),
                                         (_("From"), self.since, 0), (_("To"), self.until, 0)):
            if caption:
                text = QLabel(caption)
                text.setBuddy(widget)
                filters.addWidget(text)
            filters.addWidget(widget, stretch)
        filters.addWidget(self.clear_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.verify_button)
        bottom.addWidget(self.verdict, 1)
        bottom.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)
        ctx.events.changed.connect(lambda _topic: self.reload())  # every write adds entries
        self.model.reload()

    # --- the query ------------------------------------------------------------------------
    def _fill_choices(self) -> None:
        chosen = combo_value(self.actor)
        actors = self._ctx.gateway.read(audit_log.actors)
        fill_combo(self.actor, {"": _("Everyone")} | {name: name for name in actors}, chosen)
        self._names = self._ctx.gateway.read(node_names)
        nodes = self._ctx.gateway.read(audit_log.nodes)
        fill_combo(self.node, {"": _("Every node")} | {node: self._names.get(node, node[:8]) for node in nodes},
                   combo_value(self.node))

    def query(self) -> AuditQuery:
        since, until = _day(self.since), _day(self.until)
        return AuditQuery(
            actor=combo_value(self.actor), action=self.action.text().strip(), table=self.table.text().strip(),
            node=combo_value(self.node),
            since=datetime.combine(since, time.min).astimezone() if since else None,
            until=datetime.combine(until, time.max).astimezone() if until else None,
        )

    def _fetch_page(self, _order_by: str, _descending: bool, offset: int, limit: int, with_total: bool) -> IdPage[str]:
        page = self._ctx.gateway.read(audit_log.list_page, self.query(), offset, limit, with_total)  # newest first
        return IdPage([str(seq) for seq in page.ids], page.total)

    def _fetch_rows(self, ids: list[str]) -> list[AuditView]:
        return self._ctx.gateway.read(audit_log.get_many, [int(i) for i in ids])

    def reload(self) -> None:
        self._search_timer.stop()
        self._fill_choices()
        self.model.reload()

    def clear_filters(self) -> None:
        for widget in (self.action, self.table):
            widget.clear()
        for date_edit in (self.since, self.until):
            date_edit.setDate(NO_DATE)
        self.actor.setCurrentIndex(0)
        self.node.setCurrentIndex(0)
        self.reload()

    def _update_count(self) -> None:
        total = self.model.total()
        self.count.setText(ngettext("{n} entry", "{n} entries", total).format(n=format_number(total)))

    # --- the chain ------------------------------------------------------------------------
    def verify(self) -> None:
        gateway = self._ctx.gateway
        self.verify_button.setEnabled(False)

        def job(_progress: Progress) -> ChainReport:
            return gateway.read(audit_log.verify)

        self._ctx.tasks.run(job, parent=self, label=_("Checking the audit chain…"), on_success=self._show_verdict,
                            on_failure=self._verify_failed)

    def _verify_failed(self, error: WusheError) -> None:
        self.verify_button.setEnabled(True)
        show_error(self, error)

    def _show_verdict(self, report: ChainReport) -> None:
        self.verify_button.setEnabled(True)
        if report.ok:
            self.verdict.setStyleSheet("")
            self.verdict.setText(_("The audit chain is intact: {n} entries.").format(n=format_number(report.entries)))
            return
        self.verdict.setStyleSheet(f"color: {ERROR_COLOR};")
        self.verdict.setText(_("The audit chain is broken at entry {seq} ({reason}).").format(
            seq=report.first_broken_seq, reason=report.reason))
        row = self.model.row_of(str(report.first_broken_seq))
        if row >= 0:
            self.view.selectRow(row)
            self.view.scrollTo(self.model.index(row, 0), QAbstractItemView.ScrollHint.PositionAtCenter)
