"""Small layout helpers shared by the pages, so every row of buttons looks and behaves alike."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QTabWidget, QVBoxLayout, QWidget


def button_row(*buttons: QWidget) -> QHBoxLayout:
    """Buttons side by side on the left, free space to their right."""
    row = QHBoxLayout()
    for button in buttons:
        row.addWidget(button)
    row.addStretch(1)
    return row


def inline_row(*widgets: QWidget) -> QWidget:
    """Widgets side by side as one field of a form (tick boxes, say), without margins of their own."""
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        layout.addWidget(widget)
    layout.addStretch(1)
    return row


def grid_of(widgets: Sequence[QWidget], columns: int) -> QWidget:
    """Widgets in rows of ``columns`` as one field of a form (a set of tick boxes, say), without margins."""
    grid = QWidget()
    layout = QGridLayout(grid)
    layout.setContentsMargins(0, 0, 0, 0)
    for n, widget in enumerate(widgets):
        layout.addWidget(widget, n // columns, n % columns)
    return grid


def tabbed_page(page: QWidget, settings: QSettings, key: str,
                tabs: Iterable[tuple[QWidget | None, str]]) -> QTabWidget:
    """The tabs that fill ``page``: each (widget, label) a tab, a None widget (a tab the role may not have)
    none. They open at the tab last shown and remember each change under ``key``: a page is rebuilt when
    the language or the user changes, and coming back to the same tab matters then."""
    widget = QTabWidget()
    for tab, label in tabs:
        if tab is not None:
            widget.addTab(tab, label)
    saved = settings.value(key, 0)
    widget.setCurrentIndex(int(saved) if str(saved).isdigit() else 0)
    widget.currentChanged.connect(lambda index: settings.setValue(key, index))
    layout = QVBoxLayout(page)
    layout.setContentsMargins(16, 12, 16, 12)
    layout.addWidget(widget)
    return widget
