"""Online backups: verified copies with the data, rotation, daily schedule, restore checks and restore."""

from __future__ import annotations

import os
import shutil
import sqlite3
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from desktop.errors import StorageError
from desktop.paths import backups_dir
from desktop.storage.backup import (
    KEEP_PER_REASON,
    backup_if_due,
    backup_to,
    check_restorable,
    integrity_errors,
    list_backups,
    make_backup,
    restore,
)
from desktop.storage.database import Database
from desktop.storage.models import Community

pytestmark = pytest.mark.usefixtures("english")  # error messages are matched in English


def add_community(db: Database, name: str) -> None:
    with db.write() as session:
        session.add(Community(station_id=db.node_id, name=name, setting="rural"))


def names_in(path: Path) -> list[str]:
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        return [r[0] for r in conn.execute("SELECT name FROM community ORDER BY name")]


@pytest.fixture
def live(initialized_db: Database) -> Database:
    add_community(initialized_db, "石桥村")
    return initialized_db


def test_make_backup_is_sound_and_holds_the_data(live: Database) -> None:
    assert live.path is not None
    info = make_backup(live.path)  # taken while the database is open, with its WAL not checkpointed
    assert info.path.parent == backups_dir(live.path)
    assert info.reason == "manual"
    assert info.size == info.path.stat().st_size > 0
    assert abs(datetime.now(UTC) - info.created) < timedelta(minutes=1)
    assert integrity_errors(info.path) == []
    assert names_in(info.path) == ["石桥村"]
    check_restorable(info.path)
    assert list_backups(live.path) == [info]


def test_backups_folder_holds_only_finished_backups(live: Database) -> None:
    """No half-written ``.part`` files and no -wal / -shm side files are left beside the backups."""
    assert live.path is not None
    for _ in range(3):
        make_backup(live.path)
    files = sorted(p.name for p in backups_dir(live.path).iterdir())
    assert len(files) == 3
    assert all(name.endswith("-manual.db") for name in files), files
    for info in list_backups(live.path):
        # a backup is one self-contained file, readable where it lies (even on read-only media)
        with closing(sqlite3.connect(info.path)) as conn:
            assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"


def test_backup_to_a_chosen_file(live: Database, tmp_path: Path) -> None:
    assert live.path is not None
    dest = tmp_path / "usb" / "copy.db"
    assert backup_to(live.path, dest) == dest
    assert names_in(dest) == ["石桥村"]
    assert sorted(p.name for p in dest.parent.iterdir()) == ["copy.db"]


def test_rotation_keeps_the_newest_per_reason(live: Database) -> None:
    assert live.path is not None
    manual = [make_backup(live.path, "manual") for _ in range(KEEP_PER_REASON + 3)]
    daily = [make_backup(live.path, "daily") for _ in range(2)]
    kept = list_backups(live.path)
    kept_manual = [b for b in kept if b.reason == "manual"]
    assert len(kept_manual) == KEEP_PER_REASON
    assert {b.path for b in kept_manual} == {b.path for b in manual[-KEEP_PER_REASON:]}
    assert not any(b.path.exists() for b in manual[:3])
    assert {b.path for b in kept if b.reason == "daily"} == {b.path for b in daily}
    assert [b.created for b in kept] == sorted((b.created for b in kept), reverse=True)


def test_backup_if_due_makes_one_only_when_due(live: Database) -> None:
    assert live.path is not None
    first = backup_if_due(live.path)
    assert first is not None and first.reason == "daily"
    assert backup_if_due(live.path) is None
    make_backup(live.path, "manual")  # other reasons do not count as the daily one
    assert backup_if_due(live.path) is None
    assert len([b for b in list_backups(live.path) if b.reason == "daily"]) == 1

    # a day later it is due again
    old = first.created - timedelta(hours=25)
    aged = first.path.with_name(f"wushe-{old.strftime('%Y%m%d-%H%M%S-%f')}-daily.db")
    first.path.rename(aged)
    second = backup_if_due(live.path)
    assert second is not None
    assert backup_if_due(live.path, every=timedelta(0)) is not None
    assert len([b for b in list_backups(live.path) if b.reason == "daily"]) == 3


def test_list_backups_ignores_other_files(live: Database) -> None:
    assert live.path is not None
    make_backup(live.path)
    (backups_dir(live.path) / "notes.txt").write_text("hello", encoding="utf-8")
    (backups_dir(live.path) / "wushe-latest.db").write_bytes(b"")
    assert len(list_backups(live.path)) == 1


def test_check_restorable_refuses_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="No such file"):
        check_restorable(tmp_path / "nothing.db")


def test_check_restorable_refuses_a_text_file(tmp_path: Path) -> None:
    text = tmp_path / "notes.db"
    text.write_text("这不是数据库 " * 200, encoding="utf-8")
    with pytest.raises(StorageError, match="not a sound database") as info:
        check_restorable(text)
    assert "notes.db" in info.value.message


def test_check_restorable_refuses_a_truncated_copy(live: Database, tmp_path: Path) -> None:
    assert live.path is not None
    for i in range(40):
        add_community(live, f"村{i:02d}" + "长名字" * 20)
    good = make_backup(live.path).path
    cut = tmp_path / "cut.db"
    data = good.read_bytes()
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(StorageError, match="not a sound database") as info:
        check_restorable(cut)
    assert "cut.db" in info.value.message


def test_check_restorable_refuses_a_foreign_sqlite_file(tmp_path: Path) -> None:
    foreign = tmp_path / "other-app.db"
    with closing(sqlite3.connect(foreign)) as conn:
        conn.execute("CREATE TABLE contacts (name TEXT)")
        conn.execute("INSERT INTO contacts VALUES ('张三')")
        conn.commit()
    with pytest.raises(StorageError, match="not a Wushe Desk database") as info:
        check_restorable(foreign)
    assert "other-app.db" in info.value.message


def test_restore_brings_back_the_old_content(live: Database) -> None:
    path = live.path
    assert path is not None
    saved = make_backup(path).path
    add_community(live, "后来加的村")
    live.close()

    safety = restore(path, saved)

    assert names_in(path) == ["石桥村"]
    assert integrity_errors(path) == []
    assert safety.reason == "prerestore"
    assert sorted(names_in(safety.path)) == ["后来加的村", "石桥村"]
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    reopened = Database.open_file(path)
    try:
        assert reopened.node_id == live.node_id
        add_community(reopened, "恢复后新增")
        assert names_in(path) == ["恢复后新增", "石桥村"]
    finally:
        reopened.close()


def test_restore_of_a_bad_file_changes_nothing(live: Database, tmp_path: Path) -> None:
    path = live.path
    assert path is not None
    live.close()
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"SQLite format 3\x00" + os.urandom(4000))
    with pytest.raises(StorageError):
        restore(path, bad)
    assert names_in(path) == ["石桥村"]
    assert not [b for b in list_backups(path) if b.reason == "prerestore"]


def test_restore_from_a_copy_elsewhere(live: Database, tmp_path: Path) -> None:
    path = live.path
    assert path is not None
    elsewhere = tmp_path / "from-usb.db"
    shutil.copy(make_backup(path).path, elsewhere)
    add_community(live, "多余")
    live.close()
    restore(path, elsewhere)
    assert names_in(path) == ["石桥村"]
    # reading the source left nothing beside it (it may sit on a read-only USB stick)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("from-usb")) == ["from-usb.db"]
