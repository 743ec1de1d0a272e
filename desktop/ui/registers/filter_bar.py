"""The row above a register's table: the search box, its drop-down filters and "show deleted".

Each drop-down is as wide as the option it shows ("All villages and communities" whole; its list as wide
as its longest option), the search box taking the room they leave, and the search box and drop-downs may
all shrink on a narrow window (1366×768 at 125 %) rather than overlap."""

from __future__ import annotations

from collections.abc import Sequence
from math import ceil

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLineEdit, QWidget

from desktop.i18n import _
from desktop.ui.forms import combo_value, fill_combo
from desktop.ui.gateway import Gateway
from desktop.ui.registers.spec import Choice, Filters

SEARCH_DELAY_MS = 250  # wait for a pause in typing before querying again
COMBO_MIN_WIDTH = 72  # what a drop-down may shrink to on a narrow window
SEARCH_MIN_WIDTH = 140


class FilterBar(QWidget):
    """``changed`` fires when a filter is picked, or once typing in the search box pauses."""

    changed = Signal()

    def __init__(self, gateway: Gateway, choices: Sequence[Choice], search_hint: str) -> None:
        super().__init__()
        self._gateway = gateway
        self._choices = list(choices)
        self.search = QLineEdit()
        self.search.setPlaceholderText(_(search_hint))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(SEARCH_MIN_WIDTH)
        self.combos: dict[str, QComboBox] = {}
        self.show_deleted = QCheckBox(_("Show deleted"))
        self._typing = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._typing.timeout.connect(self.changed)
        self.search.textChanged.connect(lambda _text: self._typing.start())
        self.show_deleted.toggled.connect(lambda _on: self.changed.emit())
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search, 1)  # the search box takes the room the filters leave
        for choice in self._choices:
            combo = QComboBox()
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumWidth(COMBO_MIN_WIDTH)
            combo.activated.connect(lambda _index: self.changed.emit())
            combo.currentTextChanged.connect(lambda _text, combo=combo: _fit(combo))
            self.combos[choice.key] = combo
            layout.addWidget(combo)
        layout.addWidget(self.show_deleted)
        self.refill()

    def refill(self) -> None:
        """Read the choices' options again (a community was added, say), keeping what is picked."""
        for choice in self._choices:
            combo = self.combos[choice.key]
            fill_combo(combo, choice.options(self._gateway), combo_value(combo))
            combo.view().setMinimumWidth(combo.view().sizeHintForColumn(0) + 2 * combo.view().frameWidth())
            _fit(combo)

    def value(self) -> Filters:
        self._typing.stop()  # whoever asks now gets what is typed now
        return Filters(self.search.text(), {key: combo_value(combo) for key, combo in self.combos.items()},
                       self.show_deleted.isChecked())

    def narrowed(self) -> bool:
        """Whether the search or a filter leaves records out (an empty list then means "no match")."""
        filters = self.value()
        return bool(filters.text.strip()) or any(filters.choices.values())

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()


def _fit(combo: QComboBox) -> None:
    """``combo`` as wide as the option it shows, in the units Qt sizes a drop-down by (widths of "X"); it
    may still shrink to ``COMBO_MIN_WIDTH``, which the layout puts first."""
    metrics = combo.fontMetrics()
    shown = metrics.horizontalAdvance(combo.currentText())
    combo.setMinimumContentsLength(ceil(shown / metrics.horizontalAdvance("X")))
