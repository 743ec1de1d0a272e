"""One journal entry as it was posted: what a person picked, and the balanced lines it became."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QHeaderView, QLabel, QVBoxLayout, QWidget

from desktop.domain.codes import label
from desktop.domain.ledger import ACCOUNT_LABELS, Line, Side
from desktop.i18n import N_, _, format_date
from desktop.services.ledger_lists import EntryRow
from desktop.ui.ledger.journal_tab import note_of
from desktop.ui.list_view import list_view
from desktop.ui.projects.money_field import yuan
from desktop.ui.table_model import RIGHT, Column
from desktop.ui.volunteers.rows_model import RowsModel

LINE_COLUMNS: list[Column[Line]] = [
    Column(N_("Account"), None, lambda line: label(ACCOUNT_LABELS, line.account)),
    Column(N_("Debit (yuan)"), None, lambda line: yuan(line.amount_fen) if line.side == Side.DEBIT else "", RIGHT),
    Column(N_("Credit (yuan)"), None, lambda line: yuan(line.amount_fen) if line.side == Side.CREDIT else "", RIGHT),
]


class EntryDialog(QDialog):
    def __init__(self, row: EntryRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        entry = row.entry
        self.setWindowTitle(_("Entry No. {number}").format(number=entry.number))
        self.setMinimumWidth(560)
        form = QFormLayout()
        facts = ((_("Date"), format_date(entry.posted_on)), (_("Kind"), entry.kind_label),
                 (_("Amount (yuan)"), yuan(entry.amount_fen)), (_("Summary (摘要)"), entry.memo),
                 (_("Party"), entry.counterparty), (_("Note"), note_of(row)),
                 (_("Recorded by"), entry.by_name))
        for caption, text in facts:
            if text:
                value = QLabel(text)
                value.setWordWrap(True)
                value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                form.addRow(caption, value)
        if entry.anonymous:
            form.addRow("", QLabel(_("The donor is not named in public notices.")))
        lines: RowsModel[Line] = RowsModel(LINE_COLUMNS)
        lines.set_rows(entry.lines)
        self.lines = list_view(lines)
        self.lines.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.lines.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.lines.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # nothing to do in it: Esc and Enter close the dialog
        self.lines.setFixedHeight(self.lines.horizontalHeader().sizeHint().height() + 2 * self.lines.frameWidth()
                                  + self.lines.verticalHeader().defaultSectionSize() * len(entry.lines))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.lines)
        layout.addWidget(buttons)
