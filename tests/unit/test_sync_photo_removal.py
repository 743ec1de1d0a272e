"""A photo removed on another node: merging its tombstone deletes the file here once no live row names
the content, never a file a live row still uses, and never before the merge commits."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.paths import attachments_dir
from desktop.services.attachments import keep_file, stored_file
from desktop.storage.base import utcnow
from desktop.storage.models import Attachment
from desktop.sync.collect import collect
from desktop.sync.merge import merge
from desktop.sync.staging import stage
from sync_testing import Node, a, b, send  # noqa: F401 (fixtures)

ACTIVITY = "01900000-0000-7000-8000-0000000000a1"
CONTENT = b"\x89PNG\r\n\x1a\n" + bytes(range(256))
SHARED = b"\xff\xd8\xff" + bytes(range(255, -1, -1))


def stored(node: Node, content: bytes) -> Path:
    """Where the node keeps ``content``."""
    assert node.db.path is not None
    return stored_file(attachments_dir(node.db.path), hashlib.sha256(content).hexdigest())


def add_photo(node: Node, content: bytes, owner_id: str = ACTIVITY) -> str:
    """A photo as it stands after attaching (here) or after a bundle brought it (file kept first)."""
    path = stored(node, content)
    keep_file(path.parent.parent, path.name, content)
    with node.db.write() as session:
        row = Attachment(owner_table="project_activity", owner_id=owner_id, filename="合影.png",
                         media_type="image/png", size=len(content), sha256=path.name)
        session.add(row)
        session.flush()
        return row.id


def take_off(node: Node, row_id: str) -> None:
    """The removal as the other node records it (its own file is its own business)."""
    with node.db.write() as session:
        row = session.get(Attachment, row_id)
        assert row is not None
        row.removed_reason, row.removed_by, row.deleted_at = "拍到了未同意拍照的居民", "甲站-clerk", utcnow()


def arrive(sender: Node, receiver: Node, content: bytes) -> None:
    """The rows reach ``receiver`` with their file, as a bundle brings them."""
    send(sender, receiver)
    path = stored(receiver, content)
    keep_file(path.parent.parent, path.name, content)


def test_a_removal_merged_here_deletes_the_file(a: Node, b: Node) -> None:
    row_id = add_photo(a, CONTENT)
    arrive(a, b, CONTENT)
    assert stored(b, CONTENT).read_bytes() == CONTENT
    take_off(a, row_id)
    send(a, b)
    with b.db.read() as session:
        assert session.get(Attachment, row_id).removed_reason == "拍到了未同意拍照的居民"  # type: ignore[union-attr]
    assert not stored(b, CONTENT).exists()


def test_a_file_a_live_row_names_stays(a: Node, b: Node) -> None:
    """The same picture attached to another activity, there or here, keeps the file."""
    removed, kept_there = add_photo(a, SHARED), add_photo(a, SHARED, owner_id=ACTIVITY[:-1] + "2")
    arrive(a, b, SHARED)
    take_off(a, removed)
    send(a, b)
    assert stored(b, SHARED).read_bytes() == SHARED
    take_off(a, kept_there)
    add_photo(b, SHARED, owner_id=ACTIVITY[:-1] + "3")  # attached here meanwhile, in b's own row
    send(a, b)
    with b.db.read() as session:
        assert len(session.scalars(select(Attachment.id).where(Attachment.deleted_at.is_(None))).all()) == 1
    assert stored(b, SHARED).read_bytes() == SHARED


def test_a_merge_that_fails_keeps_the_file(a: Node, b: Node) -> None:
    row_id = add_photo(a, CONTENT)
    arrive(a, b, CONTENT)
    take_off(a, row_id)
    with a.db.read() as session:
        changes = collect(session, since_change_seq=a.acked.get(b.name, 0), skip_origin=b.node_id).changes
    with pytest.raises(RuntimeError), b.db.write() as session:
        merge(session, stage(changes), bundle_id="甲站->乙站")
        raise RuntimeError("the import fails after the merge")
    assert stored(b, CONTENT).read_bytes() == CONTENT
    with b.db.read() as session:
        assert session.get(Attachment, row_id).deleted_at is None  # type: ignore[union-attr]
