"""A bit flipped in a bundle's zip central directory, where no content is (a member's date), leaves the
bundle importable; the sender's next bundle must still follow it, since the chain links the signed
manifests, not the files' bytes (``sync.chain_link``). A bundle that names another predecessor still
breaks the chain."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from desktop.domain.permissions import Principal, Role
from desktop.storage.backup import backup_to
from desktop.storage.opening import open_database
from desktop.sync import exchange
from desktop.sync.chain_link import written_link
from desktop.sync.import_text import imported_lines
from desktop.storage.digest import file_sha256
from sync_testing import Node, a, add_community, b, pair_by_keys

__all__ = ["a", "b"]  # the fixtures

_DIRECTORY = b"PK\x01\x02"
_TIME = 12  # offset of "last mod file time" in a central directory entry


def flipped_in_directory(path: Path) -> bytes:
    """The bundle with one bit of the first central directory entry's time flipped, written back; its bytes."""
    data = bytearray(path.read_bytes())
    at = data.index(_DIRECTORY) + _TIME
    data[at] ^= 0x01
    path.write_bytes(bytes(data))
    return bytes(data)


@pytest.mark.parametrize("sensitive", ["encrypted", "left_out"])
def test_a_flip_outside_the_content_keeps_the_chain(a: Node, b: Node, tmp_path: Path, sensitive: str) -> None:
    pair_by_keys(a, b)
    add_community(a, "石门村", 800)
    first = exchange.export_to_peer(a.db, "乙站", tmp_path / "1.wsb", sensitive=sensitive)
    link = written_link(first.path)
    damaged = flipped_in_directory(first.path)
    with zipfile.ZipFile(first.path) as archive:  # the zip module reads the flipped date, and nothing else
        assert archive.infolist()[0].date_time != (1980, 1, 1, 0, 0, 0)
    assert file_sha256(first.path) != first.sha256 and written_link(first.path) == link

    done = exchange.import_file(b.db, first.path)
    assert done.inserted >= 1 and not done.chain_broken and damaged == first.path.read_bytes()

    add_community(a, "青山村", 300)
    second = exchange.export_to_peer(a.db, "乙站", tmp_path / "2.wsb", sensitive=sensitive)
    after = exchange.import_file(b.db, second.path)
    assert after.sequence == 2 and after.inserted == 1 and not after.chain_broken
    assert not any("does not follow" in line for line in imported_lines(after))


def test_a_bundle_that_follows_another_predecessor_breaks_the_chain(a: Node, b: Node, tmp_path: Path) -> None:
    """乙站 got a bundle 1 that 甲站 no longer counts as sent (甲站 was restored from a backup taken before it):
    甲站's next bundle 2 follows its new bundle 1, not the one 乙站 holds."""
    pair_by_keys(a, b)
    add_community(a, "石门村", 800)
    assert a.db.path is not None
    copy = backup_to(a.db.path, tmp_path / "a-backup" / "wushe.db")
    lost = exchange.export_to_peer(a.db, "乙站", tmp_path / "lost.wsb")
    exchange.import_file(b.db, lost.path)
    restored = Node("甲站", open_database(copy))
    restored.db.sign_in(Principal(None, "甲站-clerk", "甲站", Role.ADMIN), a.db.vault)
    again = exchange.export_to_peer(restored.db, "乙站", tmp_path / "again.wsb")
    add_community(restored, "青山村", 300)
    following = exchange.export_to_peer(restored.db, "乙站", tmp_path / "following.wsb")
    assert (again.sequence, following.sequence) == (1, 2) and written_link(again.path) != written_link(lost.path)
    done = exchange.import_file(b.db, following.path)
    assert done.chain_broken
    assert "This bundle does not follow the previous one received from 甲站." in imported_lines(done)
