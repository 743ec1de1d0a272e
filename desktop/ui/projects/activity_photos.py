"""The photos of one activity as a column of thumbnails beside the activities, and "Attach photos…" (JPEG
or PNG, through the attachments service, which keeps one copy of each photo in the data folder).
Double-click or Enter on a photo opens it full size; "Remove photo…" takes one off with a reason, and
the photos taken off are listed under the others with when, by whom and why.

Photos may be several megabytes each: they are read and scaled down on the database worker, as small
images, and only drawn on the GUI thread. Each file is attached in its own write, so one the service
refuses (not a photo, too large) leaves the others attached and is named in the message. Where photos
cannot be kept (a county hub's server, a data folder that may not be written) "Attach photos…" is off
and says why before anyone chooses files.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import shiboken6
from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QImage, QImageReader, QKeyEvent, QPalette, QPixmap
from PySide6.QtWidgets import (QFileDialog, QLabel, QListView, QListWidget, QListWidgetItem, QMessageBox, QPushButton,
                               QStyle, QVBoxLayout, QWidget)
from sqlalchemy.orm import Session

from desktop.errors import StorageError, ValidationError
from desktop.i18n import _, format_date, ngettext
from desktop.services import attachments
from desktop.services.attachments import AttachmentView, RemovedView
from desktop.services.project_activities import OWNER_TABLE
from desktop.ui.context import AppContext
from desktop.ui.gateway import Gateway
from desktop.ui.projects.photo_viewer import PhotoViewer
from desktop.ui.tasks import Progress
from desktop.ui.volunteers.fields import ReasonDialog

THUMBNAIL = QSize(160, 120)
PHOTO_PATTERNS = "*.jpg *.jpeg *.png"


@dataclass(frozen=True)
class Thumbnail:
    photo: AttachmentView
    image: QImage | None  # None: the file is not in the data folder
    problem: str


@dataclass(frozen=True)
class Attached:
    """What attaching a batch of files came to: how many were attached, and each refusal with its file."""

    attached: int
    refused: tuple[tuple[str, str], ...]  # (file name, why)


def _files(session: Session, activity_id: str) -> list[tuple[AttachmentView, Path | StorageError]]:
    found: list[tuple[AttachmentView, Path | StorageError]] = []
    for photo in attachments.attachments(session, OWNER_TABLE, activity_id):
        try:
            found.append((photo, attachments.path_of(session, photo)))
        except StorageError as exc:
            found.append((photo, exc))
    return found


def _scaled(path: Path) -> QImage:
    """The photo read at thumbnail size (a JPEG is decoded small, not whole and then shrunk), upright."""
    reader = QImageReader(str(path))
    reader.setAutoTransform(True)
    size = reader.size()
    if size.isValid():
        reader.setScaledSize(size.scaled(THUMBNAIL, Qt.AspectRatioMode.KeepAspectRatio))
    return reader.read()


def thumbnails(gateway: Gateway, activity_id: str) -> list[Thumbnail]:
    """The activity's photos, scaled down (for the worker: no pixmaps, which belong to the GUI thread)."""
    return [Thumbnail(photo, None, found.message) if isinstance(found, StorageError)
            else Thumbnail(photo, _scaled(found), "")
            for photo, found in gateway.read(_files, activity_id)]


def photos_of(gateway: Gateway, activity_id: str) -> tuple[list[Thumbnail], list[RemovedView]]:
    """The activity's photos and those taken off it (for the worker)."""
    return thumbnails(gateway, activity_id), gateway.read(attachments.removed, OWNER_TABLE, activity_id)


def removal_line(gone: RemovedView) -> str:
    return _("{file} removed on {date} by {name}: {reason}").format(
        file=gone.photo.filename, date=format_date(gone.removed_at.astimezone().date(), "short"),
        name=gone.removed_by, reason=gone.reason)


def attach_files(gateway: Gateway, activity_id: str, paths: Sequence[Path], progress: Progress) -> Attached:
    attached, refused = 0, []
    for done, path in enumerate(paths):
        progress(done, len(paths), path.name)
        try:
            gateway.write(attachments.attach, OWNER_TABLE, activity_id, path)
            attached += 1
        except (ValidationError, StorageError) as exc:
            refused.append((path.name, exc.message))
    return Attached(attached, tuple(refused))


class PhotoStrip(QListWidget):
    """Enter opens the current photo here and goes no further: not to the window's default button, and
    whether or not the window is active (a shortcut would need it to be)."""

    entered = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.entered.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class ActivityPhotos(QWidget):
    """``show_activity(id)`` shows that activity's photos (None: none chosen); ``changed`` fires after photos
    were attached or removed, so the activity list counts them. ``may_change``: whether the user may
    attach and remove photos (the rules of editing the activity)."""

    changed = Signal()

    def __init__(self, ctx: AppContext, may_change: bool) -> None:
        super().__init__()
        self._ctx = ctx
        self.activity_id: str | None = None
        self.photos: list[AttachmentView] = []
        self.cannot_keep = ctx.gateway.read(attachments.storage_problem) if may_change else ""
        self.caption = QLabel()
        self.caption.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.caption.setWordWrap(True)
        self.attach_button = QPushButton(_("Attach photos…"))
        self.attach_button.setVisible(may_change)
        self.attach_button.setToolTip(self.cannot_keep)
        self.attach_button.clicked.connect(self.choose_files)
        self.remove_button = QPushButton(_("Remove photo…"))
        self.remove_button.setVisible(may_change)
        self.remove_button.clicked.connect(self.remove_selected)
        self.removed_note = QLabel()
        self.removed_note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.removed_note.setWordWrap(True)
        self.removed_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.strip = PhotoStrip()
        self.strip.setViewMode(QListView.ViewMode.IconMode)
        self.strip.setFlow(QListView.Flow.TopToBottom)
        self.strip.setWrapping(False)
        self.strip.setMovement(QListView.Movement.Static)
        self.strip.setIconSize(THUMBNAIL)
        self.strip.setSpacing(4)
        self.strip.itemDoubleClicked.connect(lambda item: self.open_photo(self.strip.row(item)))
        self.strip.entered.connect(lambda: self.open_photo(self.strip.currentRow()))
        self.strip.currentRowChanged.connect(lambda _row: self._update_remove())
        scroll_bar = self.strip.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        self.setFixedWidth(THUMBNAIL.width() + scroll_bar + 32)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.caption)
        layout.addWidget(self.attach_button)
        layout.addWidget(self.remove_button)
        layout.addWidget(self.strip, 1)
        layout.addWidget(self.removed_note)
        layout.addStretch(0)  # what is left below the caption while there is no photo to show
        self.show_activity(None)

    def show_activity(self, activity_id: str | None) -> None:
        self.activity_id = activity_id
        self.photos = []
        self.strip.clear()
        self.attach_button.setEnabled(activity_id is not None and not self.cannot_keep)
        self._update_remove()
        self.strip.hide()
        self.removed_note.hide()
        if activity_id is None:
            self.caption.setText(_("Select an activity to see its photos."))
            return
        self.caption.setText(_("Reading the photos…"))
        gateway = self._ctx.gateway
        self._ctx.tasks.run(lambda _progress: photos_of(gateway, activity_id), parent=self, show_progress=False,
                            on_success=lambda found: self._show(activity_id, *found))

    def _show(self, activity_id: str, found: list[Thumbnail], gone: list[RemovedView]) -> None:
        if not shiboken6.isValid(self) or activity_id != self.activity_id:
            return  # another activity was chosen while these were read
        self.strip.clear()
        self.photos = [thumbnail.photo for thumbnail in found]
        for thumbnail in found:
            item = QListWidgetItem(thumbnail.photo.caption or thumbnail.photo.filename)
            item.setToolTip(thumbnail.problem or thumbnail.photo.filename)
            if thumbnail.image is not None and not thumbnail.image.isNull():
                item.setIcon(QPixmap.fromImage(thumbnail.image))
            item.setSizeHint(QSize(THUMBNAIL.width() + 8, THUMBNAIL.height() + self.strip.fontMetrics().height() + 12))
            item.setTextAlignment(Qt.AlignmentFlag.AlignHCenter)
            self.strip.addItem(item)
        self.strip.setVisible(bool(found))
        self._update_remove()
        if found:
            self.caption.setText(ngettext("{n} photo of this activity; double-click one to see it full size.",
                                          "{n} photos of this activity; double-click one to see it full size.",
                                          len(found)).format(n=len(found)))
        else:
            self.caption.setText(self.cannot_keep or _("No photo of this activity yet: Attach photos… adds JPEG or "
                                                       "PNG files."))
        self.removed_note.setText("\n".join(removal_line(photo) for photo in gone))
        self.removed_note.setVisible(bool(gone))

    def _update_remove(self) -> None:
        chosen = 0 <= self.strip.currentRow() < len(self.photos)
        self.remove_button.setEnabled(chosen)
        self.remove_button.setToolTip("" if chosen else _("Select a photo first."))

    def open_photo(self, row: int) -> None:
        """The photo at ``row`` of the strip full size, with the activity's others a key away."""
        if not 0 <= row < len(self.photos):
            return
        viewer = PhotoViewer(self._ctx, self.photos, row, _("Photos of the activity"), self)
        viewer.exec()
        viewer.deleteLater()

    @staticmethod
    def removal_intro(photo: AttachmentView) -> str:
        return _("“{file}” is taken off the activity. The activity keeps a note of it with this reason; the file "
                 "itself is deleted unless another activity uses it.").format(file=photo.filename)

    def remove_selected(self) -> None:
        """Ask why, then take the photo selected off the activity."""
        row = self.strip.currentRow()
        if not 0 <= row < len(self.photos) or self.activity_id is None:
            return
        photo = self.photos[row]
        gateway = self._ctx.gateway
        dialog = ReasonDialog(self._ctx, title=_("Remove a photo"), ok_text=_("Remove"), intro=self.removal_intro(photo),
                              work=lambda reason: gateway.write(attachments.remove, photo.id, reason), parent=self)
        accepted = bool(dialog.exec())
        dialog.deleteLater()
        if accepted:
            self.changed.emit()

    def choose_files(self) -> None:
        names, _filter = QFileDialog.getOpenFileNames(self, _("Choose photos of the activity"), str(Path.home()),
                                                      _("Photos ({patterns})").format(patterns=PHOTO_PATTERNS))
        if names:
            self.attach([Path(name) for name in names])

    def attach(self, paths: Sequence[Path]) -> None:
        """Attach ``paths`` to the activity shown, on the worker; say which files were refused and why."""
        activity_id = self.activity_id
        if activity_id is None or not paths:
            return
        gateway = self._ctx.gateway
        self._ctx.tasks.run(lambda progress: attach_files(gateway, activity_id, paths, progress), parent=self,
                            label=_("Attaching photos…"), on_success=self._attached)

    def _attached(self, outcome: Attached) -> None:
        if outcome.attached:
            self.changed.emit()
        if shiboken6.isValid(self) and outcome.refused:
            QMessageBox.warning(self, _("Attach photos"), "\n".join(
                [ngettext("{n} file was not attached:", "{n} files were not attached:", len(outcome.refused))
                 .format(n=len(outcome.refused))]
                + [_("{file}: {reason}").format(file=name, reason=why) for name, why in outcome.refused]))
