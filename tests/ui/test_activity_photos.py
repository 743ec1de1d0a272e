"""An activity's photos in a running demo project, as a social worker uses them: one opened full size by
double-click (its name, size and date taken shown, the next one a key away), one removed with a reason
(noted under the others, gone from the count), and "Attach photos…" off, saying why, where the data
folder cannot take photos."""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QLabel

from desktop.domain.project_workflow import Status
from desktop.i18n import set_locale
from desktop.services import attachments, projects
from desktop.services.attachments import DATE_TIME_ORIGINAL, EXIF_IFD
from desktop.services.project_activities import OWNER_TABLE
from desktop.services.projects import ProjectQuery
from desktop.ui.fonts import register_font
from desktop.ui.projects.activities_tab import ActivitiesTab
from desktop.ui.projects.photo_viewer import PhotoViewer
from desktop.ui.projects.project_window import ProjectWindow, open_project_window
from desktop.ui.volunteers.fields import ReasonDialog
from wushe_testing import shown

SIZE = (1366, 768)


def photo(folder: Path, name: str, size: tuple[int, int], colour: str, taken: str = "") -> Path:
    exif = Image.Exif()
    if taken:
        exif.get_ifd(EXIF_IFD)[DATE_TIME_ORIGINAL] = taken
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "JPEG", exif=exif)
    path = folder / name
    path.write_bytes(out.getvalue())
    return path


@pytest.fixture
def window(qtbot, ctx) -> Callable[[], ProjectWindow]:
    def open_it() -> ProjectWindow:
        running = ctx.gateway.read(projects.list_page, ProjectQuery(status=Status.RUNNING), 0, 10, False).ids
        return shown(qtbot, open_project_window(ctx, running[0]), size=(1306, 708))

    return open_it


def activities_tab(window: ProjectWindow) -> ActivitiesTab:
    tab = next(t for t in window.running if isinstance(t, ActivitiesTab))
    window.tabs.setCurrentWidget(tab)
    return tab


def with_photos(window: ProjectWindow, settle, tmp_path: Path) -> ActivitiesTab:  # type: ignore[no-untyped-def]
    """The first activity selected, with a wide photo taken on 28 November and a small one."""
    tab = activities_tab(window)
    activity = tab.model.rows()[0]
    for path in (photo(tmp_path, "生日会合影.jpg", (3000, 2000), "teal", "2026:11:28 09:30:05"),
                 photo(tmp_path, "签到.jpg", (200, 150), "orange")):
        window.ctx.gateway.write(attachments.attach, OWNER_TABLE, activity.id, path)
    tab.load()
    tab.select(activity.id)
    tab.photos.show_activity(activity.id)
    settle(window.ctx)
    assert tab.photos.strip.count() == 2
    return tab


def test_a_photo_opens_full_size_with_its_facts_and_the_next_is_a_key_away(window, when_shown, settle, qtbot,
                                                                           tmp_path: Path):
    win = window()
    tab = with_photos(win, settle, tmp_path)
    seen: list[tuple[str, bool, bool, bool]] = []

    def look(viewer: PhotoViewer) -> None:
        settle(win.ctx)
        qtbot.waitUntil(lambda: viewer.shown is not None)
        picture = viewer.picture.pixmap()
        seen.append((viewer.facts.text(), picture.width() <= viewer.picture.width(),
                     viewer.previous_button.isEnabled(), viewer.next_button.isEnabled()))
        qtbot.keyClick(viewer, Qt.Key.Key_Right)
        settle(win.ctx)
        qtbot.waitUntil(lambda: viewer.shown is not None and viewer.index == 1)
        seen.append((viewer.facts.text(), viewer.picture.pixmap().width() == 200,
                     viewer.previous_button.isEnabled(), viewer.next_button.isEnabled()))
        viewer.accept()

    when_shown(PhotoViewer, look)
    rect = tab.photos.strip.visualItemRect(tab.photos.strip.item(0))
    qtbot.mouseClick(tab.photos.strip.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(tab.photos.strip.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    settle(win.ctx)
    assert len(seen) == 2
    first, second = seen
    assert first[0].startswith("生日会合影.jpg · ") and " KB · taken Nov 28, 2026, 9:30:05" in first[0]
    assert first[1:] == (True, False, True)  # fitted to the window; the first of two
    assert second[0].startswith("签到.jpg · ") and " KB" in second[0] and "taken" not in second[0]
    assert second[1:] == (True, True, False)  # a small photo is not blown up; the last of two
    opened_at: list[int] = []
    when_shown(PhotoViewer, lambda viewer: (opened_at.append(viewer.index), viewer.accept()))
    tab.photos.strip.setCurrentRow(1)
    qtbot.keyClick(tab.photos.strip, Qt.Key.Key_Return)  # the strip's own: never the window's default button
    settle(win.ctx)
    assert opened_at == [1]


def test_removing_a_photo_asks_why_and_the_activity_notes_it(window, when_shown, settle, type_text, qtbot,
                                                             tmp_path: Path):
    win = window()
    tab = with_photos(win, settle, tmp_path)
    activity_id = tab.photos.activity_id
    assert not tab.photos.remove_button.isEnabled()  # no photo chosen yet
    tab.photos.strip.setCurrentRow(1)
    assert tab.photos.remove_button.isEnabled()

    def fill(dialog: ReasonDialog) -> None:
        assert any("“签到.jpg” is taken off the activity." in label.text() for label in dialog.findChildren(QLabel))
        type_text(dialog.reason, "签到表有居民身份证号")
        dialog.save()

    when_shown(ReasonDialog, fill)
    tab.photos.remove_button.click()
    settle(win.ctx)
    settle(win.ctx)  # the photos of the reloaded list
    assert tab.selected().id == activity_id and tab.selected().photos == 1
    assert [tab.photos.strip.item(i).text() for i in range(tab.photos.strip.count())] == ["生日会合影.jpg"]
    assert tab.photos.removed_note.isVisible()
    assert tab.photos.removed_note.text().startswith("签到.jpg removed on ")
    assert tab.photos.removed_note.text().endswith(": 签到表有居民身份证号")


def test_where_the_data_folder_cannot_take_photos_attach_is_off_and_says_why(window, ctx, settle):
    assert ctx.gateway.path is not None
    (ctx.gateway.path.parent / "attachments").write_text("a file where the folder should be", encoding="utf-8")
    win = window()
    tab = activities_tab(win)
    tab.select(tab.model.rows()[0].id)
    settle(ctx)
    assert not tab.photos.attach_button.isEnabled()
    assert tab.photos.attach_button.toolTip().startswith("Photos cannot be kept in ")
    assert tab.photos.caption.text() == tab.photos.attach_button.toolTip()


def test_the_photos_the_viewer_and_the_removal_in_chinese_at_1366_by_768(qapp, qtbot, ctx, settle, tmp_path: Path):
    """Written to $WUSHE_SHOTS when set, to look at."""
    set_locale("zh_CN")
    register_font(qapp)
    folder = Path(os.environ.get("WUSHE_SHOTS") or tmp_path)
    running = ctx.gateway.read(projects.list_page, ProjectQuery(status=Status.RUNNING), 0, 10, False).ids
    win = shown(qtbot, open_project_window(ctx, running[0]), size=SIZE)
    tab = with_photos(win, settle, tmp_path)
    ctx.gateway.write(attachments.remove, tab.photos.photos[1].id, "签到表有居民身份证号")
    tab.photos.show_activity(tab.photos.activity_id)
    settle(ctx)
    tab.photos.strip.setCurrentRow(0)
    viewer = shown(qtbot, PhotoViewer(ctx, tab.photos.photos, 0, "活动照片", win))
    settle(ctx)
    qtbot.waitUntil(lambda: viewer.shown is not None)
    reason = shown(qtbot, ReasonDialog(ctx, title="移除照片", intro=tab.photos.removal_intro(tab.photos.photos[0]),
                                       ok_text="移除", work=lambda _reason: None, parent=win))
    qtbot.wait(50)
    for name, widget in (("activities", win), ("viewer", viewer), ("remove", reason)):
        path = folder / f"photos-{name}-zh_CN.png"
        widget.grab().save(str(path))
        assert not QImage(str(path)).isNull()
    assert tab.photos.removed_note.isVisible() and viewer.picture.pixmap().width() <= viewer.picture.width()
