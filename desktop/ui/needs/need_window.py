"""A need with its matches: what it is at the top, then each resource or project put to it, with why, the
latest follow-up note while it runs (the selected match's whole dated history below) and how it ended. The
roles that keep the lists find another match, note how one goes, and close it (done, or did not work)."""

from __future__ import annotations

from html import escape
from operator import attrgetter

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHeaderView, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.domain.permissions import Action
from desktop.i18n import N_, _, format_date, format_number
from desktop.services import matching, needs
from desktop.services.matching import MatchRow
from desktop.ui.context import AppContext
from desktop.ui.layouts import button_row
from desktop.ui.list_view import list_view
from desktop.ui.needs.close_dialog import close_match_dialog
from desktop.ui.needs.match_dialog import KINDS
from desktop.ui.needs.need_fields import GONE, TOPIC, say_gone
from desktop.ui.needs.needs_tab import CLOSED
from desktop.ui.projects.project_fields import published
from desktop.ui.registers.paged_list import FullTextTips
from desktop.ui.table_model import Column
from desktop.ui.volunteers.rows_model import RowsModel

ACTIVE = "active"
WIDEST = 260  # pixels a column takes at most when the window opens
EMPTY_WIDTH = 640  # pixels wide when it opens on a need with no match
COLUMNS: list[Column[MatchRow]] = [
    Column(N_("Matched on"), None, lambda m: format_date(m.matched_on, "medium")),
    Column(N_("Kind"), None, lambda m: _(KINDS.get(m.kind, m.kind))),
    Column(N_("Resource or project"), None, attrgetter("target_name")),
    Column(N_("Status"), None, attrgetter("status_label")),
    Column(N_("Why this one"), None, attrgetter("reason")),
    Column(N_("Latest follow-up"), None, lambda m: m.follow_up.rsplit("\n", 1)[-1]),
    Column(N_("What came of it"), None, lambda m: m.outcome if not m.closed_on else _("{outcome} ({date})").format(
        outcome=m.outcome, date=format_date(m.closed_on, "medium"))),
]


class NeedWindow(QDialog):
    def __init__(self, ctx: AppContext, need_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint)
        self._ctx, self.need_id = ctx, need_id
        self.resize(1000, 560)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.model: RowsModel[MatchRow] = RowsModel(COLUMNS)
        self.view = list_view(self.model)
        self.view.setItemDelegate(FullTextTips(self.view))
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.empty = QLabel()
        self.empty.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)  # under the heading
        self.history = QLabel()  # the selected match's follow-up notes, oldest first
        self.history.setWordWrap(True)
        self.history.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        may_edit = ctx.gateway.may(Action.EDIT_NEEDS)
        self.match_button = QPushButton(_("Find a match…"))
        self.match_button.clicked.connect(self.find_match)
        self.note_button = QPushButton(_("Follow-up notes…"))
        self.note_button.setToolTip(_("How the match is going: visits, calls, what was delivered"))
        self.note_button.clicked.connect(self.follow_up)
        self.close_button = QPushButton(_("Close the match…"))
        self.close_button.clicked.connect(self.close_match)
        for button in (self.match_button, self.note_button, self.close_button):
            button.setVisible(may_edit)
            button.setAutoDefault(False)
        self.view.selectionModel().selectionChanged.connect(lambda *_args: self._update_buttons())
        closing = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        closing.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty, 1)  # in the table's place while there is none
        layout.addWidget(self.history)
        row = button_row(self.match_button, self.note_button, self.close_button)
        row.addWidget(closing)
        layout.addLayout(row)
        try:
            self.refresh()
        except GONE:  # for open_need_window to say
            self.deleteLater()
            raise
        if not self.model.rowCount():  # the heading and a line: no room kept for a table
            self.resize(EMPTY_WIDTH, self.sizeHint().height())
        ctx.events.changed.connect(self._on_changed)

    def _on_changed(self, topic: str) -> None:
        if topic in (TOPIC, "all"):
            try:
                self.refresh()
            except GONE as error:  # deleted elsewhere while the window was open
                self._ctx.events.changed.disconnect(self._on_changed)
                self.reject()
                say_gone(self.parentWidget(), error)

    def refresh(self) -> None:
        selected = self.selected()
        self.need = need = self._ctx.gateway.read(needs.need, self.need_id)
        self.setWindowTitle(_("Need: {title}").format(title=need.title))
        facts = [need.community, need.category_label, need.holder_label, need.urgency_label, need.source_label,
                 _("found on {date}").format(date=format_date(need.found_on, "medium"))]
        if need.people is not None:
            facts.insert(3, _("{n} people").format(n=format_number(need.people)))
        text = f"<b>{escape(need.title)}</b> — {escape(need.status_label)}<br>{escape(' · '.join(facts))}"
        details = self._ctx.gateway.read(needs.need_input, self.need_id).details
        if details:
            text += "<br>" + escape(details)
        if need.outcome:
            text += "<br>" + escape(_("Outcome: {outcome}").format(outcome=need.outcome))
        self.heading.setText(text)
        rows = self._ctx.gateway.read(matching.matches_of_need, self.need_id)
        self.model.set_rows(rows)
        self.view.resizeColumnsToContents()
        header = self.view.horizontalHeader()
        for column in range(len(COLUMNS) - 1):  # a long note shows whole as a tooltip
            header.resizeSection(column, min(header.sectionSize(column), WIDEST))
        self.view.setVisible(bool(rows))
        self.empty.setText(_("No resource or project has been put to this need yet."))
        self.empty.setVisible(not rows)
        if selected is not None:
            self.select(selected.id)
        self._update_buttons()

    def selected(self) -> MatchRow | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_object(rows[0]) if rows else None

    def select(self, match_id: str) -> None:
        for number, row in enumerate(self.model.rows()):
            if row.id == match_id:
                self.view.selectRow(number)

    def _update_buttons(self) -> None:
        row = self.selected()
        notes = row.follow_up.splitlines() if row is not None else []
        self.history.setText(f"<b>{escape(_('Follow-up notes'))}</b><br>" + "<br>".join(map(escape, notes))
                             if notes else "")
        self.history.setVisible(bool(notes))
        self.match_button.setEnabled(self.need.status not in CLOSED)
        self.note_button.setEnabled(row is not None and row.status == ACTIVE)
        self.close_button.setEnabled(row is not None and row.status == ACTIVE)

    def find_match(self) -> None:
        from desktop.ui.needs.match_dialog import MatchDialog

        if self.need.status not in CLOSED:
            published(self._ctx, MatchDialog(self._ctx, self.need, self), TOPIC)

    def follow_up(self) -> None:
        from desktop.ui.needs.follow_up_dialog import FollowUpDialog

        row = self.selected()
        if row is not None and row.status == ACTIVE:
            published(self._ctx, FollowUpDialog(self._ctx, row, self), TOPIC)

    def close_match(self) -> None:
        row = self.selected()
        if row is not None and row.status == ACTIVE:
            published(self._ctx, close_match_dialog(self._ctx, row, self), TOPIC)


def open_need_window(ctx: AppContext, need_id: str, parent: QWidget | None = None) -> bool:
    """Show the need with its matches until closed; False, once said, when the need is gone (deleted by
    someone else since ``parent`` listed it), for ``parent`` to read its list again."""
    try:
        window = NeedWindow(ctx, need_id, parent)
    except GONE as error:
        say_gone(parent, error)
        return False
    window.exec()
    window.deleteLater()
    return True
