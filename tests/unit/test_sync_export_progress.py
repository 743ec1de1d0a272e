"""An export tells how many of its rows it has read, and stops when told to: no bundle file, not even a
part of one, and no sequence number taken, so the next export is the one the peer expects."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop.storage.models import AuditEntry, Community, SyncBundleLog
from desktop.sync import exchange
from desktop.sync.collect import CHUNK
from sync_testing import Node, make_node, pair_by_keys

ROWS = 2 * CHUNK + 7  # three chunks: progress is told between them


class Stop(Exception):
    """What the UI's progress raises once Cancel is pressed (``ui.tasks.Cancelled``)."""


@pytest.fixture
def paired(tmp_path: Path) -> tuple[Node, Node]:
    a, b = make_node(tmp_path / "a", "甲站"), make_node(tmp_path / "b", "乙站")
    pair_by_keys(a, b)
    with a.db.write() as session:
        session.add_all(Community(station_id=a.node_id, name=f"村{i:04d}", setting="rural") for i in range(ROWS))
    return a, b


def sent(node: Node) -> tuple[int, int]:
    """Bundles recorded as sent, and audit entries of exports."""
    with node.db.read() as session:
        return (session.scalar(select(func.count()).select_from(SyncBundleLog)) or 0,
                session.scalar(select(func.count()).select_from(AuditEntry).where(
                    AuditEntry.action == "sync.export")) or 0)


def test_progress_counts_the_rows_read_of_the_total(paired: tuple[Node, Node], tmp_path: Path) -> None:
    a, b = paired
    told: list[tuple[int, int, str]] = []
    done = exchange.export_to_peer(a.db, b.node_id, tmp_path / "1.wsb", progress=lambda *args: told.append(args))
    total = done.rows
    assert total == ROWS + 1  # the villages and the station's own profile
    assert [(n, t) for n, t, _text in told] == [(0, total), (CHUNK, total), (2 * CHUNK, total), (total, total)]
    assert told[-1][2] == f"Collected {total:,} of {total:,} records…"


def test_an_acknowledgement_has_no_rows_to_tell(paired: tuple[Node, Node], tmp_path: Path) -> None:
    a, b = paired
    told: list[object] = []
    exchange.export_to_peer(a.db, b.node_id, tmp_path / "ack.wsb", kind="ack", progress=told.append)
    assert told == [] and (tmp_path / "ack.wsb").exists()


@pytest.mark.parametrize("stop_at", [0, 1, 3])  # before the first row, between chunks, after the last row
def test_a_cancelled_export_leaves_no_file_and_no_sequence(paired: tuple[Node, Node], tmp_path: Path,
                                                           stop_at: int) -> None:
    a, b = paired
    folder = tmp_path / "out"
    folder.mkdir()
    calls = 0

    def progress(done: int, total: int, text: str) -> None:
        nonlocal calls
        calls += 1
        if calls > stop_at:
            raise Stop

    with pytest.raises(Stop):
        exchange.export_to_peer(a.db, b.node_id, folder / "b.wsb", progress=progress)
    assert list(folder.iterdir()) == []  # neither the bundle nor a temporary part of it
    assert sent(a) == (0, 0)

    done = exchange.export_to_peer(a.db, b.node_id, folder / "b.wsb")
    assert done.sequence == 1 and done.rows == ROWS + 1
    imported = exchange.import_file(b.db, folder / "b.wsb")
    assert imported.missing_sequences == () and not imported.chain_broken and imported.inserted == ROWS + 1


def test_a_cancelled_export_keeps_an_earlier_file_of_that_name(paired: tuple[Node, Node], tmp_path: Path) -> None:
    a, b = paired
    out = tmp_path / "b.wsb"
    first = exchange.export_to_peer(a.db, b.node_id, out, full=True)
    before = out.read_bytes()

    def stop(done: int, total: int, text: str) -> None:
        if done:
            raise Stop

    with pytest.raises(Stop):
        exchange.export_to_peer(a.db, b.node_id, out, full=True, progress=stop)
    assert out.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == ["a", "b", "b.wsb"]
    assert sent(a) == (1, 1)
    assert first.sequence == 1 and exchange.export_to_peer(a.db, b.node_id, tmp_path / "2.wsb").sequence == 2
