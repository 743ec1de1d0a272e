"""Photos attached to activities: copied once per content beside the database, JPEG and PNG only (by
their bytes), at most 10 MB, and found again from their rows."""

from __future__ import annotations

import hashlib
import io
import os
from datetime import datetime
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import make_url

from case_testing import as_user
from desktop.domain.project_workflow import Status
from desktop.errors import NotFoundError, StorageError
from desktop.services import attachments, project_activities, projects
from desktop.services.attachments import MAX_BYTES
from desktop.services.guard import PermissionDenied
from desktop.services.project_activities import OWNER_TABLE
from desktop.storage.database import Database
from photo_testing import activities, attach, photo, stored_path  # noqa: F401 (fixtures)
from running_testing import head, project, projects_template  # noqa: F401 (fixtures)
from wushe_testing import refusal


def test_a_photo_is_copied_beside_the_database_under_its_hash(head: Database, activities: tuple[str, str],
                                                              tmp_path: Path) -> None:
    source = photo(tmp_path, "生日会合影.jpg")
    view = attach(head, activities[0], source, "长者生日会合影")
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    assert (view.filename, view.media_type, view.size, view.sha256, view.caption) == (
        "生日会合影.jpg", "image/jpeg", source.stat().st_size, digest, "长者生日会合影")
    assert head.path is not None
    stored = head.path.parent / "attachments" / digest[:2] / digest
    with head.read() as session:
        assert attachments.path_of(session, view) == stored
        assert attachments.attachments(session, OWNER_TABLE, activities[0]) == [view]
        assert project_activities.get(session, activities[0]).photos == 1
    assert stored.read_bytes() == source.read_bytes()


def test_the_same_content_is_stored_once_and_refused_twice_on_one_record(head: Database, activities: tuple[str, str],
                                                                         tmp_path: Path) -> None:
    first = attach(head, activities[0], photo(tmp_path, "a.png", "PNG"))
    second = attach(head, activities[1], photo(tmp_path, "copy-of-a.png", "PNG"))
    assert first.sha256 == second.sha256 and first.id != second.id
    assert head.path is not None
    assert [p.name for p in (head.path.parent / "attachments").rglob("*") if p.is_file()] == [first.sha256]
    error = refusal(head, lambda s: attachments.attach(s, OWNER_TABLE, activities[0], tmp_path / "a.png"))
    assert "already attached" in error.message


@pytest.mark.parametrize(("content", "message"), [
    (b"%PDF-1.7 not a photo", "JPEG or PNG"),
    (b"", "JPEG or PNG"),
    (b"\xff\xd8\xff" + bytes(MAX_BYTES), "larger than 10 MB"),
])
def test_files_that_are_not_photos_or_too_large_are_refused(head: Database, activities: tuple[str, str],
                                                            tmp_path: Path, content: bytes, message: str) -> None:
    source = tmp_path / "photo.jpg"  # the name says JPEG; the bytes decide
    source.write_bytes(content)
    error = refusal(head, lambda s: attachments.attach(s, OWNER_TABLE, activities[0], source))
    assert (error.field, message in error.message) == ("source_path", True)
    assert head.path is not None and not (head.path.parent / "attachments").exists()


def encoded(fmt: str, size: tuple[int, int] = (64, 48)) -> bytes:
    out = io.BytesIO()
    Image.effect_noise(size, 60).convert("RGB").save(out, fmt)  # noise: the bytes are mostly pixel data
    return out.getvalue()


@pytest.mark.parametrize("content", [
    b"\xff\xd8\xff" + b"not a photo, only its first bytes" * 10,
    b"\x89PNG\r\n\x1a\n" + b"junk" * 50,
    encoded("JPEG", (320, 240))[:-2000],  # cut off: the header is whole, the pixels are not
    encoded("PNG")[:-100],
])
def test_the_first_bytes_of_a_photo_with_junk_or_a_cut_after_them_are_refused(
        head: Database, activities: tuple[str, str], tmp_path: Path, content: bytes) -> None:
    source = tmp_path / "photo.jpg"
    source.write_bytes(content)
    error = refusal(head, lambda s: attachments.attach(s, OWNER_TABLE, activities[0], source))
    assert (error.field, error.message) == ("source_path", "Only photos in JPEG or PNG format can be attached.")
    assert head.path is not None and not (head.path.parent / "attachments").exists()


def test_a_missing_file_and_a_wrong_owner_are_refused(head: Database, activities: tuple[str, str],
                                                      tmp_path: Path) -> None:
    assert "Cannot read" in refusal(head, lambda s: attachments.attach(
        s, OWNER_TABLE, activities[0], tmp_path / "nowhere.jpg")).message
    source = photo(tmp_path, "p.jpg")
    assert refusal(head, lambda s: attachments.attach(s, "client", activities[0], source)).field == "owner_table"
    with pytest.raises(NotFoundError), head.write() as session:
        attachments.attach(session, OWNER_TABLE, "no-such-activity", source)


def test_a_file_gone_from_the_data_folder_is_reported(head: Database, activities: tuple[str, str],
                                                      tmp_path: Path) -> None:
    view = attach(head, activities[0], photo(tmp_path, "p.jpg"))
    with head.read() as session:
        attachments.path_of(session, view).unlink()
        with pytest.raises(StorageError, match="missing"):
            attachments.path_of(session, view)


def test_a_viewer_may_not_attach(head: Database, activities: tuple[str, str], tmp_path: Path) -> None:
    source = photo(tmp_path, "p.jpg")
    with pytest.raises(PermissionDenied), as_user(head, "zhaolei").write() as session:
        attachments.attach(session, OWNER_TABLE, activities[0], source)


def test_a_removed_photo_keeps_its_row_with_the_reason_and_its_file_goes_once_committed(
        head: Database, activities: tuple[str, str], tmp_path: Path) -> None:
    view = attach(head, activities[0], photo(tmp_path, "合影.jpg"), "合影")
    with head.write() as session:
        gone = attachments.remove(session, view.id, "  拍到了未同意拍照的居民 ")
        assert stored_path(head, view).is_file()  # until the removal is committed
    assert (gone.photo, gone.reason, gone.removed_by != "") == (view, "拍到了未同意拍照的居民", True)
    assert not stored_path(head, view).exists()
    with head.read() as session:
        assert attachments.attachments(session, OWNER_TABLE, activities[0]) == []
        assert attachments.removed(session, OWNER_TABLE, activities[0]) == [gone]
        assert project_activities.get(session, activities[0]).photos == 0
    with pytest.raises(NotFoundError), head.write() as session:
        attachments.remove(session, view.id, "twice")


def test_a_file_stays_while_another_record_uses_it_and_a_rollback_keeps_it(
        head: Database, activities: tuple[str, str], tmp_path: Path) -> None:
    first = attach(head, activities[0], photo(tmp_path, "a.png", "PNG"))
    second = attach(head, activities[1], photo(tmp_path, "a-again.png", "PNG"))
    with head.write() as session:
        attachments.remove(session, first.id, "wrong activity")
    assert stored_path(head, second).is_file()
    with pytest.raises(RuntimeError), head.write() as session:
        attachments.remove(session, second.id, "changed my mind")
        raise RuntimeError("the unit of work fails after the removal")
    assert stored_path(head, second).is_file()
    with head.read() as session:
        assert attachments.attachments(session, OWNER_TABLE, activities[1]) == [second]
    with head.write() as session:
        attachments.remove(session, second.id, "not of this project")
    assert not stored_path(head, second).exists()


def test_removing_needs_a_reason_and_the_rules_of_editing_the_activity(
        head: Database, activities: tuple[str, str], project: dict[Status, str], tmp_path: Path) -> None:
    view = attach(head, activities[0], photo(tmp_path, "p.jpg"))
    assert refusal(head, lambda s: attachments.remove(s, view.id, " ")).field == "reason"
    with pytest.raises(PermissionDenied), as_user(head, "zhaolei").write() as session:
        attachments.remove(session, view.id, "a viewer only looks")
    with as_user(head, "admin").write() as session:
        projects.move(session, project[Status.RUNNING], "terminate", "the organisation dissolved")
    assert refusal(head, lambda s: attachments.remove(s, view.id, "after the end")).field == "project_id"
    assert refusal(head, lambda s: attachments.attach(s, OWNER_TABLE, activities[0], photo(tmp_path, "q.jpg"))
                   ).field == "project_id"
    with head.read() as session:
        assert attachments.attachments(session, OWNER_TABLE, activities[0]) == [view]


@pytest.mark.parametrize(("url", "message"), [
    ("postgresql+psycopg://hub.example/wushe", "on a server"),
    ("sqlite://", "has none"),
])
def test_a_database_that_is_no_file_keeps_no_photos_and_says_so(url: str, message: str) -> None:
    with pytest.raises(StorageError, match=message):
        attachments.folder_of(make_url(url))


def test_a_data_folder_that_cannot_be_written_refuses_with_a_message(head: Database, activities: tuple[str, str],
                                                                     tmp_path: Path) -> None:
    assert head.path is not None
    (head.path.parent / "attachments").write_text("a file where the folder should be", encoding="utf-8")
    with head.read() as session:
        problem = attachments.storage_problem(session)
    assert problem.startswith("Photos cannot be kept in ") and "data folder" in problem
    source = photo(tmp_path, "p.jpg")
    with pytest.raises(StorageError, match="Photos cannot be kept in"), head.write() as session:
        attachments.attach(session, OWNER_TABLE, activities[0], source)
    with head.read() as session:
        assert attachments.attachments(session, OWNER_TABLE, activities[0]) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="permissions do not bind root")
def test_a_read_only_data_folder_refuses_with_a_message(head: Database, activities: tuple[str, str],
                                                        tmp_path: Path) -> None:
    assert head.path is not None
    folder = head.path.parent / "attachments"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with head.read() as session:
            assert "Permission denied" in attachments.storage_problem(session)
        with pytest.raises(StorageError, match="Photos cannot be kept in"), head.write() as session:
            attachments.attach(session, OWNER_TABLE, activities[0], photo(tmp_path, "p.jpg"))
    finally:
        folder.chmod(0o755)


def test_the_date_taken_is_read_from_exif(tmp_path: Path) -> None:
    exif = Image.Exif()
    exif.get_ifd(attachments.EXIF_IFD)[attachments.DATE_TIME_ORIGINAL] = "2026:11:28 09:30:05"
    exif[attachments.DATE_TIME] = "2026:11:29 20:00:00"  # edited later: the shutter's time wins
    with_exif = tmp_path / "exif.jpg"
    Image.new("RGB", (32, 24), "green").save(with_exif, "JPEG", exif=exif)
    written_only = Image.Exif()
    written_only[attachments.DATE_TIME] = "0000:00:00 00:00:00"
    placeholder = tmp_path / "placeholder.jpg"
    Image.new("RGB", (32, 24), "green").save(placeholder, "JPEG", exif=written_only)
    assert attachments.taken_at(with_exif) == datetime(2026, 11, 28, 9, 30, 5)
    assert attachments.taken_at(placeholder) is None
    assert attachments.taken_at(photo(tmp_path, "plain.png", "PNG")) is None
    assert attachments.taken_at(tmp_path / "nowhere.jpg") is None
