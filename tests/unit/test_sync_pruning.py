"""Pruning the change log: what every peer acknowledged goes after an acknowledgement is imported, an
export afterwards still carries everything a peer has not acknowledged, a peer added later is sent a
full bundle that is complete, and ``wushe sync prune --dry-run`` counts without dropping."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop.domain.hlc import pack
from desktop.storage.models import ChangeLogEntry
from desktop.sync import pruning
from sync_testing import Node, add_community, carry, edit_community, make_node, pair_by_keys
from wushe_testing import run_wushe


def log_size(node: Node) -> int:
    with node.db.read() as session:
        return session.scalar(select(func.count()).select_from(ChangeLogEntry)) or 0


def lines(node: Node) -> set[str]:
    return set(node.dump().splitlines())


@pytest.fixture(autouse=True)
def keep_no_days(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pruning, "KEEP_DAYS", 0)


def test_an_export_after_pruning_carries_all_the_peer_lacks_and_a_new_peer_gets_everything(tmp_path: Path) -> None:
    a, b, county = (make_node(tmp_path / "a", "甲站"), make_node(tmp_path / "b", "乙站"),
                    make_node(tmp_path / "c", "县民政局", kind="county"))
    pair_by_keys(a, b)
    kept = add_community(a, "石门村", 800)
    for n in range(10):
        add_community(a, f"青山{n}村", 100 + n)
    before = log_size(a)
    carry(a, b, tmp_path)  # b's acknowledgement lets a prune all but the newest entries
    assert log_size(a) <= 2 < before
    with a.db.read() as session:
        assert pruning.pruned_through(session) > 0

    edit_community(a, kept, population=801)
    add_community(a, "新村", 50)
    sent = carry(a, b, tmp_path)
    assert sent.rows == 2 and not sent.full
    assert lines(a) <= lines(b)

    pair_by_keys(a, county)  # a peer added after the pruning: its first bundle is full
    with county.db.read() as session:
        assert session.scalar(select(func.count()).select_from(ChangeLogEntry))  # its own station row
    first = carry(a, county, tmp_path)
    assert first.full and first.rows > 12
    assert lines(a) <= lines(county)
    then = carry(a, county, tmp_path)  # acknowledged now: incremental again
    assert not then.full and then.rows == 0


def test_a_node_with_a_peer_that_acknowledged_nothing_keeps_its_log(tmp_path: Path) -> None:
    a, b = make_node(tmp_path / "a", "甲站"), make_node(tmp_path / "b", "乙站")
    add_community(a, "石门村", 800)
    with a.db.write() as session:  # no peers yet
        assert pruning.prune(session).entries == 0
    pair_by_keys(a, b)
    with a.db.write() as session:
        assert pruning.prune(session).entries == 0


def test_prune_on_the_command_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pruning, "KEEP_DAYS", 30)  # as the command has it: nothing made today goes
    a, b = make_node(tmp_path / "a", "甲站"), make_node(tmp_path / "b", "乙站")
    pair_by_keys(a, b)
    for n in range(5):
        add_community(a, f"青山{n}村", 100 + n)
    carry(a, b, tmp_path)
    assert log_size(a) > 5
    assert a.db.path is not None
    a.db.close()
    with closing(sqlite3.connect(a.db.path)) as conn, conn:  # as if written 40 days ago
        conn.execute("UPDATE change_log SET hlc = hlc - ?", (pack(40 * 24 * 3600 * 1000, 0),))
    dry = json.loads(run_wushe(a.db.path, "sync", "prune", "--dry-run", "--json").stdout)
    assert dry["dry_run"] and dry["entries"] > 3 and dry["remaining"] <= 2  # the newest and the latest stamp stay
    shown = run_wushe(a.db.path, "sync", "prune").stdout
    assert f"{dry['entries']} change-log entries dropped; {dry['remaining']} remain." in shown
    again = json.loads(run_wushe(a.db.path, "sync", "prune", "--json").stdout)
    assert again["entries"] == 0 and again["remaining"] == dry["remaining"]
