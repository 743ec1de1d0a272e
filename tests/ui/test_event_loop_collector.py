"""The GUI's event loop collects reference cycles, automatic collection being off as in the app: a dropped
widget that only a cycle kept is freed between events once a collection is due."""

from __future__ import annotations

import gc
import weakref

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from desktop.ui.event_loop_collector import collecting


class Panel(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.me = self  # a cycle through the Python wrapper: only the collector frees it


def test_the_event_loop_collects_a_dropped_widget_in_a_cycle(qtbot):
    assert not gc.isenabled()  # tests/ui/conftest.py defers collection, as run_gui does
    owner = QObject()
    lost = weakref.ref(Panel())
    # Due by far: the young count is allocations less frees, and waiting frees a few hundred objects.
    kept = [[] for _n in range(3 * gc.get_threshold()[0])]
    assert lost() is not None
    with collecting(owner):
        qtbot.waitUntil(lambda: lost() is None, timeout=3000)
    assert kept and not gc.isenabled()  # the test's own deferral goes on
