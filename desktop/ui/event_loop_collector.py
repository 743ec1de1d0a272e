"""The GUI's cycle collection, run by its event loop between events (``desktop.collector`` says why)."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from desktop import collector

INTERVAL_MS = 500  # how often the loop looks whether a collection is due: Python's own thresholds decide


def start_collecting(parent: QObject) -> QTimer:
    """Collect from ``parent``'s thread's event loop from now on; automatic collection must be ``deferred``."""
    timer = QTimer(parent, interval=INTERVAL_MS)
    timer.timeout.connect(collector.collect_due)
    timer.start()
    return timer
