"""A large file's rows checked in a second process while this one writes them (``ImportSpec.apart``).

Checking a row needs no database once the register is loaded (``RowChecker``: parsing, the ID number's
checksum and birth date, consent, a client's blind index), so the import hands the rows to a worker
process in chunks and writes each chunk's outcomes as they come back; the writing (sealing, stamps,
digests, repeats against the register, links, the inserts, the one transaction) stays here, and the
report is the one ``RowChecker`` gives in this process. Sealing stays here too: moved to the worker it
left the worker the slower of the two.

The worker is spawned, never forked (the app has threads, Qt's and the database worker's), and lives
for one run. It is sent the spec, the register's lookups and the station's data key through its pipe,
in memory only: a ``Vault`` pickles as its key for multiprocessing's pipes alone, never on disk, in
argv or in the environment. A frozen app calls ``multiprocessing.freeze_support`` first thing.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import queue
import threading
import traceback
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from multiprocessing.reduction import ForkingPickler
from typing import Any

from desktop.i18n import current_locale, set_locale
from desktop.security.vault import Vault
from desktop.services.import_spec import ImportSpec, Mapping, Table
from desktop.services.row_checks import RowChecker, RowOutcome

# Rows from which a worker may pay: it costs 1.5–3 s of CPU to start (a fresh interpreter importing the
# app), and each row about 30 µs to send and receive, against the ~100 µs of checks it takes off this
# process; and only where a core is idle (see the README's benchmarks).
PROCESS_FROM_ROWS = 20_000
# CPUs this process may use from which one is idle for the worker beside the GUI and this process: on 2,
# measured under load here, the worker only made the import slower.
PROCESS_FROM_CPUS = 4
CHUNK_ROWS = 1_000  # rows sent at once: small enough that writing starts soon after the worker does
_POLL_SECONDS = 1.0  # how often a wait for the worker looks whether it is still alive


@dataclass(frozen=True)
class _Failed:
    """What the worker sends instead of outcomes when checking raised: the traceback, as text."""

    trace: str


def _vault_by_key(keys: Vault) -> tuple[type[Vault], tuple[bytes]]:
    return Vault, (keys.data_key,)


ForkingPickler.register(Vault, _vault_by_key)  # multiprocessing's pipes only: plain pickle still refuses it


def wanted(spec: ImportSpec[Any, Any], table: Table) -> bool:
    """Whether ``table``'s rows are checked in a worker process."""
    return spec.apart and len(table.rows) >= PROCESS_FROM_ROWS and _usable_cpus() >= PROCESS_FROM_CPUS


def _usable_cpus() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


@contextmanager
def checked_apart(spec: ImportSpec[Any, Any], lookups: Callable[[], Any], table: Table,
                  mapping: Mapping) -> Iterator[Iterable[list[RowOutcome]]]:
    """The outcomes of ``table``'s rows, a chunk at a time in row order, from a worker process; leaving
    the block (done, failed or cancelled) ends the worker. The worker starts (imports the app, a second
    or more) while ``lookups`` loads the register's."""
    context = multiprocessing.get_context("spawn")
    inbox: Any = context.Queue()
    outbox: Any = context.Queue()
    worker = context.Process(target=_serve, args=(inbox, outbox), name="wushe-import-check", daemon=True)
    worker.start()
    received: queue.SimpleQueue[list[RowOutcome] | _Failed] = queue.SimpleQueue()
    stop = threading.Event()
    starts = range(0, len(table.rows), CHUNK_ROWS)
    # A thread of this process takes the outcomes off the pipe as they come: a pipe holds 64 KiB, so a
    # chunk's outcomes cross in many turns, and the writer would otherwise wait through each of them.
    receiver = threading.Thread(target=_receive, args=(outbox, worker, len(starts), received, stop),
                                name="wushe-import-receive", daemon=True)
    receiver.start()
    try:
        # Queued here and sent by the queue's own thread as the worker reads: neither side waits on the other.
        inbox.put((current_locale(), spec, lookups(), replace(table, rows=[]), mapping))
        for start in starts:
            inbox.put(table.rows[start:start + CHUNK_ROWS])
        inbox.put(None)
        yield (_outcomes(received.get()) for _start in starts)
    finally:
        stop.set()
        if worker.is_alive():
            worker.terminate()
        worker.join()
        receiver.join()
        for box in (inbox, outbox):
            box.cancel_join_thread()  # what a cancelled run left unsent is dropped, not waited for
            box.close()


def _outcomes(message: list[RowOutcome] | _Failed) -> list[RowOutcome]:
    if isinstance(message, _Failed):
        raise RuntimeError(f"the import's worker process failed:\n{message.trace}")
    return message


def _receive(outbox: Any, worker: Any, chunks: int, received: queue.SimpleQueue[list[RowOutcome] | _Failed],
             stop: threading.Event) -> None:
    """The receiving thread: ``chunks`` messages from the worker, then done; a failure ends it early."""
    for _chunk in range(chunks):
        while not stop.is_set():
            try:
                message = outbox.get(timeout=_POLL_SECONDS)
            except queue.Empty:
                if worker.is_alive():
                    continue
                message = _Failed(f"it ended (exit code {worker.exitcode})")
            received.put(message)
            if isinstance(message, _Failed):
                return
            break


def _serve(inbox: Any, outbox: Any) -> None:
    """The worker: the run's spec, lookups, sheet and mapping, then chunks of rows until None."""
    # As an import's collector pause: a process living for one run frees by reference counts (a refused row
    # leaves no cycle, ``row_checks._unlinked``).
    gc.disable()
    try:
        locale, spec, lookups, table, mapping = inbox.get()
        set_locale(locale)
        check = RowChecker(spec, lookups, table, mapping)
        while (rows := inbox.get()) is not None:
            outbox.put(check(rows))
    except BaseException:  # noqa: BLE001 - whatever it was, the import must hear of it rather than wait
        outbox.put(_Failed(traceback.format_exc()))
