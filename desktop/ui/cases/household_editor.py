"""The members of a client's household as a small editable table: one row of inputs per member,
added and removed with buttons, in Tab order row by row."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QGridLayout, QLabel, QLineEdit, QPushButton, QSpinBox, QWidget

from desktop.domain.codes import HOUSEHOLD_RELATIONS
from desktop.domain.identity import EARLIEST_BIRTH_YEAR
from desktop.i18n import _
from desktop.services.clients import MemberInput, MemberView
from desktop.ui.forms import combo_value
from desktop.ui.registers.choices import choice_combo, labelled

NOT_KNOWN_YEAR = EARLIEST_BIRTH_YEAR - 1  # the spin box's lowest value, shown as "not known"
HEADERS = 1  # the grid's first row holds the column captions


@dataclass
class _Row:
    """The inputs of one member; ``member_id`` is the stored member an edit changes ("" adds one)."""

    member_id: str
    name: QLineEdit
    relation: QComboBox
    birth_year: QSpinBox
    lives_with: QCheckBox
    notes: QLineEdit
    remove: QPushButton

    def widgets(self) -> tuple[QWidget, ...]:
        return self.name, self.relation, self.birth_year, self.lives_with, self.notes, self.remove

    def value(self) -> MemberInput:
        year = self.birth_year.value()
        return MemberInput(self.name.text(), combo_value(self.relation), None if year == NOT_KNOWN_YEAR else year,
                           self.lives_with.isChecked(), self.notes.text(), self.member_id)


class HouseholdEditor(QWidget):
    """``members()`` is what the rows say, for ``ClientInput.members``; ``changed`` fires on every edit."""

    changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[_Row] = []
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        captions = (_("Full name"), _("Relation"), _("Born in"), _("Lives with the client"), _("Notes"))
        self._captions = [QLabel(text) for text in captions]
        for column, caption in enumerate(self._captions):
            self._grid.addWidget(caption, 0, column)
        self._grid.setColumnStretch(4, 1)  # the notes take the room left
        self.add_button = QPushButton(_("Add a member"))
        self.add_button.clicked.connect(lambda: self.add_row().name.setFocus())
        self._place_add_button()

    def fill(self, members: tuple[MemberView, ...]) -> None:
        """The stored household, for an edit; the rows keep the members' ids."""
        for member in members:
            row = self.add_row(member.id)
            row.name.setText(member.name)
            row.relation.setCurrentIndex(row.relation.findData(member.relation))
            row.birth_year.setValue(member.birth_year or NOT_KNOWN_YEAR)
            row.lives_with.setChecked(member.lives_with)
            row.notes.setText(member.notes)

    def members(self) -> tuple[MemberInput, ...]:
        return tuple(row.value() for row in self._rows)

    def add_row(self, member_id: str = "") -> _Row:
        name = QLineEdit()
        name.setMaxLength(50)
        relation = choice_combo(labelled(HOUSEHOLD_RELATIONS))
        year = QSpinBox()
        year.setRange(NOT_KNOWN_YEAR, date.today().year)
        year.setSpecialValueText(_("Not known"))
        year.setValue(NOT_KNOWN_YEAR)
        lives_with = QCheckBox()
        lives_with.setChecked(True)
        notes = QLineEdit()
        notes.setMaxLength(200)
        remove = QPushButton(_("Remove"))
        row = _Row(member_id, name, relation, year, lives_with, notes, remove)
        remove.clicked.connect(lambda: self._remove(row))
        for signal in (name.textEdited, relation.activated, year.valueChanged, lives_with.toggled, notes.textEdited):
            signal.connect(lambda *_args: self.changed.emit())
        self._rows.append(row)
        self._grid.removeWidget(self.add_button)
        for column, widget in enumerate(row.widgets()):
            self._grid.addWidget(widget, HEADERS + len(self._rows) - 1, column)
        self._place_add_button()
        self.changed.emit()
        return row

    def show_read_only(self) -> None:
        """Nobody to add or remove: the dialog only shows the client (a station's, at a county)."""
        for button in (self.add_button, *(row.remove for row in self._rows)):
            button.setEnabled(False)

    def _remove(self, row: _Row) -> None:
        index = self._rows.index(row)
        for widget in row.widgets():
            self._grid.removeWidget(widget)
            widget.deleteLater()
        del self._rows[index]
        # The rows below move up one, so the grid has no hole and Tab still goes row by row.
        for n, below in enumerate(self._rows[index:], start=index):
            for column, widget in enumerate(below.widgets()):
                self._grid.addWidget(widget, HEADERS + n, column)
        self._grid.removeWidget(self.add_button)
        self._place_add_button()
        self.changed.emit()

    def _place_add_button(self) -> None:
        self._grid.addWidget(self.add_button, HEADERS + len(self._rows), 0)
        for caption in self._captions:  # captions over no row would read as a table gone wrong
            caption.setVisible(bool(self._rows))
        # Tab goes row by row, then to the button: not in the order the widgets were made.
        chain = [widget for row in self._rows for widget in row.widgets()] + [self.add_button]
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)
