"""When Python's cycle collector runs: in the GUI, only at points where no Qt code is under way.

Left automatic, the collector starts whenever an allocation crosses its threshold: halfway through a widget's
constructor, inside Qt's dispatch of an event, on a worker thread. Collecting there destroys the widgets that
only a reference cycle kept alive while Qt code on the stack is still walking its own lists of widgets, and
the process dies (a test process building the audit tab did, twice). So the GUI turns automatic collection
off (``deferred``) and collects the same generations by the same thresholds when its event loop calls
``collect_due``, and the UI tests do so between tests. Without a GUI (the command line) nothing changes.

A run that holds hundreds of thousands of rows pauses collection (``paused``): the collector would walk them
again and again as they pile up. Reference counting still frees what the run lets go of.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_pauses = 0  # runs under way that asked for no collection (on any thread)
_resume = False  # whether automatic collection was on when the first of them began


@contextmanager
def paused() -> Iterator[None]:
    """No collection while the block runs, automatic or by ``collect_due``."""
    global _pauses, _resume
    with _lock:
        if not _pauses:
            _resume = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _lock:
            _pauses -= 1
            if not _pauses and _resume:
                gc.enable()


@contextmanager
def deferred() -> Iterator[None]:
    """Automatic collection off while the block runs (the GUI's life, a UI test): ``collect_due`` collects."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def collect_due() -> int:
    """Collect the generations Python's automatic collector would have collected by now (none while a run
    has collection ``paused``); the number of unreachable objects found."""
    if _pauses:
        return 0
    young, collections, older_collections = gc.get_count()
    young_limit, collections_limit, older_limit = gc.get_threshold()
    if young <= young_limit:
        return 0
    generation = 0
    if collections >= collections_limit:
        generation = 2 if older_collections >= older_limit else 1
    return gc.collect(generation)
