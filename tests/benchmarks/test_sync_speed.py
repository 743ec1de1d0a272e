"""Exporting and importing 1,000,000 row versions in one bundle, as a ratio to raw sqlite3.

Run with ``make bench``. One node writes the rows (``storage.bulk``), exports them all to a second node in
an encrypted bundle, which verifies, stages and merges them in one transaction. The baseline, timed in
the same run, is Python's sqlite3 inserting the same rows as stored with one ``executemany`` in one
transaction into a copy of the receiving node (the table alone: no change log or audit chain). Only the
figures are printed. WUSHE_BENCH_SCALE=0.1 moves a tenth of the rows, for a quick run. A second test
measures an import's peak memory on 200,000 rows, whole against in chunks.
"""

from __future__ import annotations

import gc
import os
import re
import shutil
import sqlite3
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest

from sqlalchemy import func, select

from desktop.storage.bulk import insert_many
from desktop.storage.models import TimebankReward
from desktop.storage.schema import SCHEMA_HEAD
from desktop.sync import audit_chains, exchange
from desktop.sync.bundle_read import read_bundle
from desktop.sync.merge import merge
from desktop.sync.staging import stage
from sync_testing import Node, make_node, pair_by_keys

ROWS = round(1_000_000 * float(os.environ.get("WUSHE_BENCH_SCALE", "1")))
MEMORY_ROWS = round(200_000 * float(os.environ.get("WUSHE_BENCH_SCALE", "1")))
BATCH = 50_000

pytestmark = pytest.mark.bench


def paired_nodes(tmp_path: Path, rows: int) -> tuple[Node, Node]:
    """A station holding ``rows`` rewards and a county, each trusting the other."""
    sender, receiver = make_node(tmp_path / "a", "甲站"), make_node(tmp_path / "b", "县民政局", "county")
    pair_by_keys(sender, receiver)
    for start in range(0, rows, BATCH):
        with sender.db.write() as session:
            insert_many(session, TimebankReward, [
                {"name": f"爱心超市兑换品{n}", "kind": "goods", "cost": 100 + n % 5000, "notes": "食用油一桶"}
                for n in range(start, min(rows, start + BATCH))])
    return sender, receiver


def test_sync_speed(tmp_path: Path) -> None:
    sender, receiver = paired_nodes(tmp_path, ROWS)
    assert receiver.db.path is not None
    baseline_copy = tmp_path / "baseline.db"
    shutil.copy(receiver.db.path, baseline_copy)

    began = time.perf_counter()
    bundle = exchange.export_to_peer(sender.db, receiver.node_id, tmp_path / "all.wsb")
    exported = time.perf_counter() - began
    began = time.perf_counter()
    done = exchange.import_file(receiver.db, bundle.path)
    imported = time.perf_counter() - began
    assert done.inserted == bundle.rows >= ROWS

    assert sender.db.path is not None
    with closing(sqlite3.connect(sender.db.path)) as source:
        rows = source.execute("SELECT * FROM timebank_reward").fetchall()
        columns = [d[0] for d in source.execute("SELECT * FROM timebank_reward LIMIT 0").description]
    with closing(sqlite3.connect(baseline_copy, isolation_level=None)) as conn:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        began = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany(f"INSERT INTO timebank_reward ({', '.join(columns)}) VALUES "
                         f"({', '.join('?' for _ in columns)})", rows)
        conn.execute("COMMIT")
        raw = time.perf_counter() - began
    size = bundle.path.stat().st_size
    print(f"\n{bundle.rows:,} row versions, bundle {size / 1e6:.1f} MB ({size / bundle.rows * 10_000 / 1e6:.2f} MB "
          f"per 10,000 rows)")
    print(f"export  {exported:7.1f} s  {bundle.rows / exported:10,.0f} rows/s")
    print(f"import  {imported:7.1f} s  {bundle.rows / imported:10,.0f} rows/s  {imported / raw:5.1f}× raw sqlite3")
    print(f"sqlite3 {raw:7.1f} s  {len(rows) / raw:10,.0f} rows/s (executemany, table only)")



class _RolledBack(Exception):
    pass


def _rss_kb(field: str) -> int:
    return int(re.search(rf"{field}:\s+(\d+) kB", Path("/proc/self/status").read_text())[1])


def _peak_rss_growth(run: Callable[[], object]) -> int:
    """How far the resident set rose above where it was while ``run`` ran, in bytes (Linux: the peak is
    reset through /proc/self/clear_refs first)."""
    gc.collect()
    Path("/proc/self/clear_refs").write_text("5")
    before = _rss_kb("VmRSS")
    try:
        run()
    except _RolledBack:
        pass
    return (_rss_kb("VmHWM") - before) * 1024


@pytest.mark.skipif(not Path("/proc/self/clear_refs").exists(), reason="needs Linux's /proc")
def test_sync_import_memory(tmp_path: Path) -> None:
    """Peak resident memory importing one bundle of MEMORY_ROWS rows: ``import_file``, which stages and
    merges it a chunk at a time, against the whole bundle read, staged and merged at once (as import did
    before; rolled back). The chunked import runs first, so memory the allocator keeps from it can only
    make the whole one look smaller."""
    sender, receiver = paired_nodes(tmp_path, MEMORY_ROWS)
    bundle = exchange.export_to_peer(sender.db, receiver.node_id, tmp_path / "all.wsb")
    my_id, my_key, peer_keys = exchange._keys(receiver.db)

    def whole() -> None:
        read = read_bundle(bundle.path, sender_key=peer_keys.get, my_node_id=my_id, my_encryption_key=my_key,
                           schema=SCHEMA_HEAD)
        with receiver.db.write() as session:
            # The audit entries a bundle carries are checked apart from the merge (``audit_chains``).
            changes = [wire for wire in read.changes if wire.get("table") != audit_chains.TABLE]
            merge(session, stage(changes), bundle_id=read.manifest["bundle_id"])
            raise _RolledBack

    chunked = _peak_rss_growth(lambda: exchange.import_file(receiver.db, bundle.path))
    with receiver.db.read() as session:
        assert session.scalar(select(func.count()).select_from(TimebankReward)) == MEMORY_ROWS
    at_once = _peak_rss_growth(whole)
    print(f"\nimport of {bundle.rows:,} rows ({bundle.path.stat().st_size / 1e6:.1f} MB bundle), peak RSS growth: "
          f"whole {at_once / 1e6:,.0f} MB, in chunks {chunked / 1e6:,.0f} MB ({at_once / chunked:.1f}× less)")
    assert chunked * 3 < at_once
