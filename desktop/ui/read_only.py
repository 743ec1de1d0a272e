"""A window over a record this node may not change (a station's case or fund at a county office,
``sync.home_node``): its editing buttons stay off and say whose the record is, as the register pages do,
whatever each tab would enable as rows are selected. The services refuse such a save anyway."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QAbstractButton, QLabel


class _HeldOff(QObject):
    """Put back "off" and the reason each time the button's own tab turns it on or retitles its tooltip."""

    def __init__(self, button: QAbstractButton, reason: str) -> None:
        super().__init__(button)  # lives as long as the button
        self.reason = reason

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        button = watched
        assert isinstance(button, QAbstractButton)
        if event.type() == QEvent.Type.EnabledChange and button.isEnabled():
            button.setEnabled(False)
        elif event.type() == QEvent.Type.ToolTipChange and button.toolTip() != self.reason:
            button.setToolTip(self.reason)
        return False


def hold_off(buttons: Iterable[QAbstractButton], reason: str) -> None:
    """Turn ``buttons`` off with ``reason`` as their tooltip and keep them so; nothing when ``reason`` is ""."""
    if not reason:
        return
    for button in buttons:
        button.installEventFilter(_HeldOff(button, reason))
        button.setEnabled(False)
        button.setToolTip(reason)


def read_only_note(reason: str) -> QLabel:
    """The reason said in the window, where a register page says it beside its buttons; hidden when ""."""
    note = QLabel(reason)
    note.setWordWrap(True)
    note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    note.setVisible(bool(reason))
    return note
