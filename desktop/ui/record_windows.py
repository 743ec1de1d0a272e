"""One window per record (a case, a project): opening the record again raises the window already open."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

import shiboken6
from PySide6.QtWidgets import QWidget

from desktop.ui.context import AppContext


W = TypeVar("W", bound=QWidget)


class RecordWindows(Generic[W]):
    """The open windows of one kind of record, by the record's id."""

    def __init__(self) -> None:
        self._open: dict[str, W] = {}

    def show(self, ctx: AppContext, record_id: str, make: Callable[[], W]) -> W:
        """The record's window, shown and raised: the one already open (for this context), or ``make()``."""
        window = self._open.get(record_id)
        if window is None or not shiboken6.isValid(window) or getattr(window, "ctx", None) is not ctx:
            window = make()
            self._open[record_id] = window
            window.destroyed.connect(lambda _object=None, gone=window: self._forget(record_id, gone))
        window.show()
        window.raise_()
        window.activateWindow()
        return window

    def _forget(self, record_id: str, window: W) -> None:
        if self._open.get(record_id) is window:
            del self._open[record_id]
