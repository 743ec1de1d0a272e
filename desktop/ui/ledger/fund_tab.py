"""What the tabs of a fund's window over one list share (拨付, 收据): a line saying where the tab stands,
the table (or, with no rows, what to do first), a button row shown by permission, dialogs whose save
refreshes the tab and tells the window."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QDialog, QHeaderView, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.domain.permissions import Action
from desktop.services import funds
from desktop.services.funds import ACTIVE, FundView
from desktop.sync.home_node import UNWATCHED
from desktop.ui.context import AppContext
from desktop.ui.ledger.ledger_fields import TOPIC
from desktop.ui.list_view import ListOrEmpty
from desktop.ui.table_model import Column, R
from desktop.ui.volunteers.record_tab import RecordTab
from desktop.ui.volunteers.rows_model import Decoration

WIDEST_COLUMN = 320  # pixels; longer text is cut, and shown whole in the tooltip


class FundTab(RecordTab[R]):
    """Rows have an ``id``; the one selected stays selected across ``refresh()``. Double-click or Enter on
    a row takes its next step (``next_step``). The columns of ``whole`` (a status, a kind) are never cut
    to make room for the others. ``body`` holds the table, or ``empty_text()`` when it has no rows."""

    changed = Signal()  # after every write, so the fund window refreshes its other tabs

    def __init__(self, ctx: AppContext, fund_id: str, columns: Sequence[Column[R]],
                 load: Callable[[str], Sequence[R]], decoration: Decoration | None = None,
                 parent: QWidget | None = None, whole: Sequence[Column[R]] = ()) -> None:
        def look(row: R, column: int, role: int) -> object:
            found = decoration(row, column, role) if decoration else None
            if found is None and role == Qt.ItemDataRole.ToolTipRole:
                return columns[column].value(row) or None  # the whole text of a cell cut short
            return found

        super().__init__(ctx, columns, lambda: load(fund_id), look)
        self.setParent(parent)
        self.fund_id = fund_id
        self.fund: FundView = ctx.gateway.read(funds.get, fund_id)
        self._whole = [n for n, column in enumerate(columns) if column in whole]
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.removeWidget(self.view)
        self.body = ListOrEmpty(self.view)
        layout.insertWidget(0, self.body, 1)
        header = self.view.horizontalHeader()
        header.setMaximumSectionSize(WIDEST_COLUMN)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)  # sized by fit_columns
        self.view.viewport().installEventFilter(self)  # the table's own width, once laid out
        self.view.activated.connect(lambda _index: self.next_step())
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.layout().insertWidget(0, self.summary)  # type: ignore[union-attr]

    def load(self) -> None:
        super().load()
        self.body.show_rows(self.model.rowCount(), self.empty_text())
        self.fit_columns()

    def empty_text(self) -> str:
        """What the tab says in place of a table with no rows."""
        raise NotImplementedError

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if watched is self.view.viewport() and event.type() == QEvent.Type.Resize:
            self.fit_columns()
        return super().eventFilter(watched, event)

    def fit_columns(self) -> None:
        """Each column as wide as its text, and all of them in view: when the texts are wider than the
        table, the long texts already cut at WIDEST_COLUMN (a project, a purpose) are cut further first,
        then the widest columns alike, never below their header (the tooltip shows the whole text); so the
        last columns (a disbursement's status) are not pushed out of sight."""
        header = self.view.horizontalHeader()
        least = [header.sectionSizeHint(n) for n in range(header.count())]
        wanted = [min(WIDEST_COLUMN, max(f, self.view.sizeHintForColumn(n))) for n, f in enumerate(least)]
        for n in self._whole:
            least[n] = wanted[n]
        room = self.view.viewport().width()
        long_texts = [w if w >= WIDEST_COLUMN else 0 for w in wanted]
        short_texts = [w - long for w, long in zip(wanted, long_texts, strict=True)]
        cut = _capped(long_texts, [f if long else 0 for f, long in zip(least, long_texts, strict=True)],
                      room - sum(short_texts))
        widths = [c or w for c, w in zip(cut, short_texts, strict=True)]
        if sum(widths) > room:
            widths = _capped(wanted, least, room)
        for n, width in enumerate(widths):
            header.resizeSection(n, width)

    @property
    def fund_open(self) -> bool:
        return self.fund.status == ACTIVE

    def button(self, text: str, slot: Callable[[], object], action: Action) -> QPushButton:
        """A button shown to the roles that may do ``action``."""
        button = self.action(text, slot)
        button.setVisible(self._ctx.gateway.may(action))
        if action in UNWATCHED:  # it changes no record (a print): open on a record read-only here too
            self.edit_buttons.remove(button)
        return button

    def next_step(self) -> None:
        """What Enter on the selected row does: the first button that is shown and enabled, of those the
        tab lists in ``steps``."""
        button = next((b for b in self.steps() if b.isVisibleTo(self) and b.isEnabled()), None)
        if button is not None:
            button.click()

    def steps(self) -> list[QPushButton]:
        return []

    @staticmethod
    def allow(button: QPushButton, allowed: bool, why: str) -> None:
        button.setEnabled(allowed)
        button.setToolTip("" if allowed else why)

    def refresh(self) -> None:
        """Read the fund and the rows again."""
        self.fund = self._ctx.gateway.read(funds.get, self.fund_id)
        kept = self.selected()
        self.load()
        if kept is not None:
            self.select(kept.id)  # type: ignore[attr-defined]

    def select(self, row_id: str) -> None:
        """Select the row of ``row_id``, if it is listed."""
        ids = [row.id for row in self.model.rows()]  # type: ignore[attr-defined]
        if row_id in ids:
            self.view.selectRow(ids.index(row_id))

    def run(self, dialog: QDialog) -> bool:
        """Run ``dialog``; when it saved, show the row it wrote (its ``outcome``) and tell the window."""
        accepted = bool(dialog.exec())
        outcome = getattr(dialog, "outcome", None)
        dialog.deleteLater()
        if accepted:
            self.refresh()
            if outcome is not None and hasattr(outcome, "id"):
                self.select(outcome.id)
            self.changed.emit()
            self._ctx.events.publish(TOPIC)  # the fund list shows the money held
        return accepted


def _capped(wanted: Sequence[int], least: Sequence[int], room: int) -> list[int]:
    """``wanted`` with every width above the largest cap that fits ``room`` cut to it, none below ``least``."""
    def cut(cap: int) -> list[int]:
        return [max(f, min(w, cap)) for f, w in zip(least, wanted, strict=True)]

    low, high = 0, max(wanted, default=0)
    while low < high:  # the widest a column may be, to the pixel
        cap = (low + high + 1) // 2
        low, high = (cap, high) if sum(cut(cap)) <= room else (low, cap - 1)
    return cut(low)
