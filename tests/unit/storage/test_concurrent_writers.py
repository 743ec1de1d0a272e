"""Concurrent writers: BEGIN IMMEDIATE plus the busy timeout let every unit of work through, in order."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from sqlalchemy import func, select

from desktop.storage import audit
from desktop.storage.database import Database
from desktop.storage.models import AuditEntry, ChangeLogEntry, Community

UNITS = 50


def unit_of_work(db: Database, worker: int, i: int, read_first: bool = True) -> None:
    """Read-then-write deadlocks with a deferred BEGIN; a blind write must still stamp in commit order."""
    with db.write() as session:
        if read_first:
            session.scalar(select(func.count()).select_from(Community))
        row = Community(station_id=db.node_id, name=f"w{worker}-{i:02d}", setting="rural", population=i)
        session.add(row)
        session.flush()
        row.notes = "edited in the same unit"
        audit.append(session, "note", detail={"worker": worker, "i": i})


def run_threads(work: Callable[[int], None], workers: int = 2) -> list[BaseException]:
    errors: list[BaseException] = []
    start = threading.Barrier(workers)

    def target(worker: int) -> None:
        start.wait()
        try:
            work(worker)
        except BaseException as exc:  # noqa: BLE001  (reported by the test)
            errors.append(exc)

    threads = [threading.Thread(target=target, args=(w,)) for w in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not any(t.is_alive() for t in threads)
    return errors


def check_outcome(db: Database, workers: int) -> None:
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(Community)) == workers * UNITS
        notes = session.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "note"))
        assert notes == workers * UNITS
        report = audit.verify_chain(session)
        assert report.ok, report
        stamps = list(session.scalars(select(ChangeLogEntry.hlc).order_by(ChangeLogEntry.seq)))
    assert len(stamps) == 1 + workers * UNITS * 2  # station insert, then insert + update per unit
    assert len(set(stamps)) == len(stamps)
    # stamps follow commit order, so "everything after stamp X" never misses a later commit
    assert stamps == sorted(stamps)


@pytest.mark.parametrize("read_first", [True, False], ids=["read-then-write", "blind-write"])
def test_two_threads_sharing_one_database(initialized_db: Database, read_first: bool) -> None:
    db = initialized_db

    def work(worker: int) -> None:
        for i in range(UNITS):
            unit_of_work(db, worker, i, read_first)

    assert run_threads(work) == []
    check_outcome(db, 2)


def test_two_handles_on_the_same_file(initialized_db: Database) -> None:
    """Two Database objects (as two windows of the app would hold) writing at once."""
    assert initialized_db.path is not None
    second = Database.open_file(initialized_db.path)
    handles = [initialized_db, second]
    try:
        def work(worker: int) -> None:
            for i in range(UNITS):
                unit_of_work(handles[worker], worker, i, read_first=False)

        assert run_threads(work) == []
        check_outcome(initialized_db, 2)
    finally:
        second.close()
