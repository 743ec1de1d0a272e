"""``wushe projects photos NUMBER`` lists the photos of a project's activities and ``wushe projects
photo-remove ID --reason R`` takes one off with its reason, under the rules the photo viewer keeps."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from cli_testing import as_json, sign_in_env, wushe
from desktop.domain.project_workflow import Status
from desktop.services import attachments, projects
from desktop.services.project_activities import OWNER_TABLE
from desktop.storage.database import Database
from photo_testing import activities, attach, photo, stored_path  # noqa: F401 (fixtures)
from running_testing import head, project, projects_template  # noqa: F401 (fixtures)

REASON = "拍到了未同意拍照的居民"


@pytest.fixture
def number(head: Database, project: dict[Status, str], monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    sign_in_env(monkeypatch, "admin")
    with head.read() as session:
        yield projects.get(session, project[Status.RUNNING]).number


def test_photos_are_listed_and_one_is_removed_with_its_reason(
        head: Database, activities: tuple[str, str], number: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    first = attach(head, activities[0], photo(tmp_path, "生日会合影.jpg"), "长者生日会合影")
    second = attach(head, activities[1], photo(tmp_path, "手工.png", "PNG", "green"))
    listed = as_json(capsys, head.path, "projects", "photos", number)
    assert [(p["id"], p["activity"], p["filename"], p["caption"]) for p in listed] == [
        (first.id, "长者生日会", "生日会合影.jpg", "长者生日会合影"), (second.id, "手工小组", "手工.png", "")]
    assert hashlib.sha256(Path(listed[0]["path"]).read_bytes()).hexdigest() == first.sha256
    table = wushe(capsys, head.path, "projects", "photos", number)
    assert "Photo ID" in table and first.id in table and "生日会合影.jpg" in table
    # The file's own name, not the stored copy's (named by its hash, without extension).
    assert "In the data folder" in table and listed[0]["path"] not in table and first.sha256 not in table

    refused = wushe(capsys, head.path, "projects", "photo-remove", first.id, "--reason", "  ", expect=2)
    assert "--reason" in refused and stored_path(head, first).is_file()
    removed = as_json(capsys, head.path, "projects", "photo-remove", first.id, "--reason", REASON)
    assert (removed["removed"]["reason"], removed["removed"]["photo"]["id"]) == (REASON, first.id)
    assert not stored_path(head, first).exists()
    with head.read() as session:
        [gone] = attachments.removed(session, OWNER_TABLE, activities[0])
    assert (gone.reason, gone.removed_by) == (REASON, head.principal.display_name)
    assert [p["id"] for p in as_json(capsys, head.path, "projects", "photos", number)] == [second.id]
    again = wushe(capsys, head.path, "projects", "photo-remove", first.id, "--reason", REASON, expect=2)
    assert "This photo was already removed." in again


def test_a_viewer_lists_photos_but_may_not_remove_one(
        head: Database, activities: tuple[str, str], number: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    view = attach(head, activities[0], photo(tmp_path, "合影.jpg"))
    monkeypatch.setenv("WUSHE_USER", "zhaolei")
    assert view.id in wushe(capsys, head.path, "projects", "photos", number)
    wushe(capsys, head.path, "projects", "photo-remove", view.id, "--reason", REASON, expect=2)
    assert stored_path(head, view).is_file()


def test_a_photo_named_without_an_extension_is_listed_with_its_kinds(
        head: Database, activities: tuple[str, str], number: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    attach(head, activities[0], photo(tmp_path, "IMG_0042"))  # a JPEG named without an extension
    listing = wushe(capsys, head.path, "projects", "photos", number)
    row = next(line for line in listing.splitlines() if "IMG_0042" in line)
    assert "IMG_0042.jpg" in row and row.rstrip().endswith("yes")
