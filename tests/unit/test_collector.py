"""desktop.collector: collection deferred to the GUI's event loop, by Python's own thresholds, and paused
while a run holds many rows, however the pauses of several threads overlap."""

from __future__ import annotations

import gc
import threading
import weakref
from collections.abc import Iterator

import pytest

from desktop import collector


class Node:
    def __init__(self) -> None:
        self.me = self  # a cycle: only the collector frees it


@pytest.fixture(autouse=True)
def automatic() -> Iterator[None]:
    gc.enable()
    yield
    gc.enable()


def cycle() -> weakref.ref[Node]:
    return weakref.ref(Node())


def allocate(count: int) -> list[list[int]]:
    """Containers kept alive: the young generation counts allocations less those freed."""
    return [[] for _n in range(count)]


def test_deferred_turns_automatic_collection_off_and_back_on():
    with collector.deferred():
        assert not gc.isenabled()
        with collector.deferred():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer block is still under way
    assert gc.isenabled()


def test_collect_due_collects_once_the_young_threshold_is_crossed():
    with collector.deferred():
        gc.collect()
        lost = cycle()
        assert collector.collect_due() == 0 and lost() is not None  # nothing due yet
        kept = allocate(gc.get_threshold()[0] + 1)
        assert collector.collect_due() >= 1 and lost() is None
        assert len(kept) > 1


def test_nothing_is_collected_while_a_run_pauses_and_its_cycles_go_after():
    with collector.deferred():
        gc.collect()
        with collector.paused():
            lost = cycle()
            kept = allocate(10 * gc.get_threshold()[0])
            assert collector.collect_due() == 0 and lost() is not None
        assert collector.collect_due() >= 1 and lost() is None
        assert len(kept) > 1


def test_overlapping_pauses_on_two_threads_restore_automatic_collection_at_the_last():
    first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()

    def first() -> None:
        with collector.paused():
            first_in.set()
            second_in.wait(5)
        first_out.set()

    worker = threading.Thread(target=first)
    worker.start()
    first_in.wait(5)
    with collector.paused():
        second_in.set()
        first_out.wait(5)
        assert not gc.isenabled()  # the first pause ended; this one has not
    worker.join()
    assert gc.isenabled()
