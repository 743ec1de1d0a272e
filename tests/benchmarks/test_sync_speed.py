"""Exporting and importing 1,000,000 row versions in one bundle, as a ratio to raw sqlite3.

Run with ``make bench``. One node writes the rows (``storage.bulk``), exports them all to a second node in
an encrypted bundle, which verifies, stages and merges them in one transaction. The baseline, timed in
the same run, is Python's sqlite3 inserting the same rows as stored with one ``executemany`` in one
transaction into a copy of the receiving node (the table alone: no change log or audit chain). Only the
figures are printed. WUSHE_BENCH_SCALE=0.1 moves a tenth of the rows, for a quick run.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import time
from contextlib import closing
from pathlib import Path

import pytest

from desktop.storage.bulk import insert_many
from desktop.storage.models import TimebankReward
from desktop.sync import exchange, peers
from sync_testing import make_node

ROWS = round(1_000_000 * float(os.environ.get("WUSHE_BENCH_SCALE", "1")))
BATCH = 50_000

pytestmark = pytest.mark.bench


def test_sync_speed(tmp_path: Path) -> None:
    sender, receiver = make_node(tmp_path / "a", "甲站"), make_node(tmp_path / "b", "县民政局", "county")
    for one, other in ((sender, receiver), (receiver, sender)):
        with other.db.read() as session:
            key = peers.my_key(session)
        with one.db.write() as session:
            peers.add_peer(session, key)
    for start in range(0, ROWS, BATCH):
        with sender.db.write() as session:
            insert_many(session, TimebankReward, [
                {"name": f"爱心超市兑换品{n}", "kind": "goods", "cost": 100 + n % 5000, "notes": "食用油一桶"}
                for n in range(start, min(ROWS, start + BATCH))])
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

