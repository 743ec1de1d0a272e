"""Backups carry the activity photos: one backup file restores the database and its photo files on
another computer, every file checked against its hash, all or nothing, the replaced data kept first."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from PIL import Image

from case_testing import as_user
from desktop.errors import StorageError
from desktop.paths import attachments_dir
from desktop.services import attachments, maintenance
from desktop.services.backup_access import BackupAccess
from desktop.services.demo import DEMO_STATION
from desktop.services.project_activities import OWNER_TABLE
from desktop.services.station import initialize
from desktop.storage.backup_files import TABLE
from desktop.storage.database import Database
from desktop.storage.opening import open_database
from running_testing import head, project, projects_template  # noqa: F401 (fixtures)
from photo_testing import activities, attach, photo, stored_path  # noqa: F401 (fixtures)
from wushe_testing import DEMO_PASSWORD, acting_as

pytestmark = pytest.mark.usefixtures("english")  # error messages are matched in English
HEAD = BackupAccess("admin", DEMO_PASSWORD)


@pytest.fixture
def other_pc(tmp_path: Path) -> Iterator[Database]:
    """A station set up anew on another computer: an empty data folder."""
    db = acting_as(open_database(tmp_path / "other-pc" / "wushe.db"), "新电脑管理员")
    initialize(db, DEMO_STATION)
    yield db
    db.close()


def digest_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_backup_restored_on_another_computer_brings_its_photos(
        head: Database, activities: tuple[str, str], other_pc: Database, tmp_path: Path) -> None:
    view = attach(head, activities[0], photo(tmp_path, "生日会合影.jpg"), "长者生日会合影")
    usb = maintenance.backup(head, out=tmp_path / "usb" / "station.db")
    assert sorted(p.name for p in usb.parent.iterdir()) == ["station.db"]  # one file to carry

    maintenance.restore(other_pc, usb, HEAD)

    assert other_pc.path is not None and attachments_dir(other_pc.path).parent == tmp_path / "other-pc"
    as_user(other_pc, "admin")
    with other_pc.read() as session:
        [restored] = attachments.attachments(session, OWNER_TABLE, activities[0])
        path = attachments.path_of(session, restored)
    assert restored == view and path.parent.parent == attachments_dir(other_pc.path)
    assert digest_of(path) == view.sha256
    with Image.open(path) as image:
        assert (image.format, image.size) == ("JPEG", (64, 48))
    with closing(sqlite3.connect(other_pc.path)) as conn:  # the database is as it was backed up
        assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = ?", (TABLE,)).fetchone() == (0,)
    assert maintenance.check(other_pc).ok


def test_restoring_replaces_the_photos_and_the_safety_backup_keeps_the_old_ones(
        head: Database, activities: tuple[str, str], tmp_path: Path) -> None:
    kept = attach(head, activities[0], photo(tmp_path, "合影.jpg"))
    saved = maintenance.backup(head, out=tmp_path / "before.db")
    later = attach(head, activities[1], photo(tmp_path, "手工.png", "PNG"))
    with head.write() as session:
        attachments.remove(session, kept.id, "拍到了未同意拍照的居民")
    assert not stored_path(head, kept).exists()

    safety = maintenance.restore(head, saved, HEAD)

    assert digest_of(stored_path(head, kept)) == kept.sha256
    assert not stored_path(head, later).exists()  # only the replaced data named it
    maintenance.restore(acting_as(head, "李站长"), safety, HEAD)  # and back again, from the safety backup
    assert digest_of(stored_path(head, later)) == later.sha256
    assert not stored_path(head, kept).exists()


def test_a_backup_whose_photo_is_damaged_is_refused_and_nothing_changes(
        head: Database, activities: tuple[str, str], tmp_path: Path) -> None:
    view = attach(head, activities[0], photo(tmp_path, "合影.jpg"))
    saved = maintenance.backup(head, out=tmp_path / "before.db")
    damaged = tmp_path / "damaged.db"
    shutil.copy(saved, damaged)
    with closing(sqlite3.connect(damaged)) as conn, conn:
        conn.execute(f"UPDATE {TABLE} SET content = substr(content, 1, 40)")
    later = attach(head, activities[1], photo(tmp_path, "手工.png", "PNG"))
    info = maintenance.node_info(head)
    with pytest.raises(StorageError, match="damaged photo file"):
        maintenance.restore(head, damaged, HEAD)
    assert maintenance.node_info(head) == info
    assert digest_of(stored_path(head, view)) == view.sha256 and digest_of(stored_path(head, later)) == later.sha256


def test_a_photo_missing_from_the_data_folder_leaves_the_backup_whole(
        head: Database, activities: tuple[str, str], tmp_path: Path) -> None:
    """A row whose file never arrived (a bundle brought the row alone) is backed up without it."""
    gone = attach(head, activities[0], photo(tmp_path, "合影.jpg"))
    there = attach(head, activities[1], photo(tmp_path, "手工.png", "PNG"))
    stored_path(head, gone).unlink()
    saved = maintenance.backup(head, out=tmp_path / "before.db")
    with closing(sqlite3.connect(saved)) as conn:
        assert conn.execute(f"SELECT sha256 FROM {TABLE}").fetchall() == [(there.sha256,)]
    maintenance.restore(head, saved, HEAD)
    assert digest_of(stored_path(head, there)) == there.sha256 and not stored_path(head, gone).exists()
