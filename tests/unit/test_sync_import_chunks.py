"""An import stages and merges a chunk of rows at a time, in one transaction: the end state is the
same as merging at once, and a row that does not fit in a late chunk leaves nothing of the earlier ones."""

from __future__ import annotations

import pytest

from desktop.sync.collect import collect
from desktop.sync.merge import merge_chunks
from desktop.sync.staging import stage_chunks
from desktop.sync.registry import WireError
from sync_testing import Node, a, add_community, b, community  # noqa: F401 (fixtures)


def rows_of(node: Node) -> list[dict]:
    with node.db.read() as session:
        return collect(session).changes


def test_merging_in_chunks_brings_every_row(a: Node, b: Node) -> None:
    ids = [add_community(a, f"青山{n}村", 100 + n) for n in range(7)]
    rows = rows_of(a)
    with b.db.write() as session:
        result = merge_chunks(session, stage_chunks(rows, size=2), total=len(rows), bundle_id="a->b")
    assert result.inserted == len(rows)
    assert all(community(b, row_id).name == community(a, row_id).name for row_id in ids)
    assert {line for line in a.dump().splitlines() if '"community"' in line} <= set(b.dump().splitlines())


def test_a_bad_row_in_a_late_chunk_leaves_nothing(a: Node, b: Node) -> None:
    ids = [add_community(a, f"青山{n}村", 100 + n) for n in range(5)]
    rows = rows_of(a)
    bad = {**rows[-1], "id": "01900000-0000-7000-8000-0000000000ff",
           "fields": {**rows[-1]["fields"], "no_such_column": 1}}
    before = b.dump()
    with pytest.raises(WireError, match="no_such_column"), b.db.write() as session:
        merge_chunks(session, stage_chunks([*rows, bad], size=2), total=len(rows) + 1, bundle_id="a->b")
    assert b.dump() == before and community(b, ids[0]) is None
