"""A dialog that grows when a note or a field's error appears in it: one already shown keeps its size, so
the new line would squeeze the rows instead (a combo box cut to half its height)."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget


def grow_to_fit(dialog: QWidget) -> None:
    """Grow ``dialog`` to the height its contents need, once its layout took the change in (a wrapped
    line's height is known only then); it never shrinks, so it does not jump as the user types."""
    QTimer.singleShot(0, dialog, lambda: _fit_height(dialog))


def _fit_height(dialog: QWidget) -> None:
    layout = dialog.layout()
    if layout is None:
        return
    needed = layout.totalHeightForWidth(dialog.width()) if layout.hasHeightForWidth() else dialog.sizeHint().height()
    if needed > dialog.height():
        dialog.resize(dialog.width(), needed)
