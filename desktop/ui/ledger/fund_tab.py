"""What the tabs of a fund's window over one list share (拨付, 收据): a line saying where the tab stands,
the table, a button row shown by permission, dialogs whose save refreshes the tab and tells the window."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QLabel, QPushButton, QWidget

from desktop.domain.permissions import Action
from desktop.services import funds
from desktop.services.funds import ACTIVE, FundView
from desktop.ui.context import AppContext
from desktop.ui.ledger.ledger_fields import TOPIC
from desktop.ui.table_model import Column, R
from desktop.ui.volunteers.record_tab import RecordTab
from desktop.ui.volunteers.rows_model import Decoration

WIDEST_COLUMN = 320  # pixels; longer text is cut, and shown whole in the tooltip


class FundTab(RecordTab[R]):
    """Rows have an ``id``; the one selected stays selected across ``refresh()``. Double-click or Enter on
    a row takes its next step (``next_step``)."""

    changed = Signal()  # after every write, so the fund window refreshes its other tabs

    def __init__(self, ctx: AppContext, fund_id: str, columns: Sequence[Column[R]],
                 load: Callable[[str], Sequence[R]], decoration: Decoration | None = None,
                 parent: QWidget | None = None) -> None:
        def look(row: R, column: int, role: int) -> object:
            found = decoration(row, column, role) if decoration else None
            if found is None and role == Qt.ItemDataRole.ToolTipRole:
                return columns[column].value(row) or None  # the whole text of a cell cut short
            return found

        super().__init__(ctx, columns, lambda: load(fund_id), look)
        self.setParent(parent)
        self.fund_id = fund_id
        self.fund: FundView = ctx.gateway.read(funds.get, fund_id)
        self.view.horizontalHeader().setMaximumSectionSize(WIDEST_COLUMN)
        self.view.activated.connect(lambda _index: self.next_step())
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.layout().insertWidget(0, self.summary)  # type: ignore[union-attr]

    @property
    def fund_open(self) -> bool:
        return self.fund.status == ACTIVE

    def button(self, text: str, slot: Callable[[], object], action: Action) -> QPushButton:
        """A button shown to the roles that may do ``action``."""
        button = self.action(text, slot)
        button.setVisible(self._ctx.gateway.may(action))
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
