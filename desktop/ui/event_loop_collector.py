"""The GUI's cycle collection, run by its event loop between events (``desktop.collector`` says why)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QObject, QTimer

from desktop import collector

INTERVAL_MS = 500  # how often the loop looks whether a collection is due: Python's own thresholds decide


@contextmanager
def collecting(parent: QObject) -> Iterator[None]:
    """While the block runs, no automatic collection: ``parent``'s thread's event loop collects instead."""
    timer = QTimer(parent, interval=INTERVAL_MS)
    timer.timeout.connect(collector.collect_due)
    timer.start()
    try:
        with collector.deferred():
            yield
    finally:
        timer.stop()
