"""An activity's photos one at a time, fitted to the window: the file's name, size and, when the camera
wrote it, the date taken above; Previous and Next (or the arrow keys, Page Up/Down, Home and End) below.

A photo is read on the database worker, no larger than a big screen shows (a 24-megapixel photo read
whole takes about 100 MB), turned upright as its EXIF says, and only drawn here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import shiboken6
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImage, QImageReader, QKeySequence, QPalette, QPixmap, QResizeEvent, QShortcut
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from desktop.errors import StorageError
from desktop.i18n import _, format_datetime, format_number
from desktop.services import attachments
from desktop.services.attachments import AttachmentView
from desktop.ui.context import AppContext
from desktop.ui.gateway import Gateway
from desktop.ui.settings.backups_tab import size_text

LARGEST = QSize(2560, 2560)  # a photo is read no larger than this: more than a screen shows


@dataclass(frozen=True)
class FullPhoto:
    photo: AttachmentView
    image: QImage | None  # None: it could not be read, ``problem`` says why
    taken: datetime | None  # from EXIF, the camera's clock
    problem: str


def read_photo(gateway: Gateway, photo: AttachmentView) -> FullPhoto:
    """The photo upright and at most ``LARGEST`` (for the worker: a QImage, not a pixmap)."""
    try:
        path = gateway.read(attachments.path_of, photo)
    except StorageError as exc:
        return FullPhoto(photo, None, None, exc.message)
    reader = QImageReader(str(path))
    reader.setAutoTransform(True)
    size = reader.size()
    if size.isValid() and (size.width() > LARGEST.width() or size.height() > LARGEST.height()):
        reader.setScaledSize(size.scaled(LARGEST, Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    if image.isNull():
        return FullPhoto(photo, None, None, _("The photo cannot be shown: {reason}").format(
            reason=reader.errorString()))
    return FullPhoto(photo, image, attachments.taken_at(path), "")


def facts(shown: FullPhoto) -> str:
    """The line above the photo: name, size, date taken (when known), and its caption."""
    parts = [shown.photo.filename, size_text(shown.photo.size)]
    if shown.taken is not None:
        parts.append(_("taken {when}").format(when=format_datetime(shown.taken, "medium")))
    if shown.photo.caption and shown.photo.caption != shown.photo.filename:
        parts.append(shown.photo.caption)
    return " · ".join(parts)


class PhotoViewer(QDialog):
    """``photos`` of an activity, starting at ``index``."""

    def __init__(self, ctx: AppContext, photos: Sequence[AttachmentView], index: int, title: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._photos = list(photos)
        self.index = -1
        self.shown: FullPhoto | None = None
        self._pixmap: QPixmap | None = None
        self.setWindowTitle(title)
        self.facts = QLabel()
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.facts.setWordWrap(True)
        self.picture = QLabel()
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)  # the photo fits it
        self.picture.setMinimumSize(320, 240)
        self.picture.setBackgroundRole(QPalette.ColorRole.Dark)
        self.picture.setAutoFillBackground(True)
        self.picture.setWordWrap(True)
        self.previous_button = QPushButton(_("◀ Previous"))
        self.previous_button.clicked.connect(lambda: self.go(self.index - 1))
        self.position = QLabel()
        self.next_button = QPushButton(_("Next ▶"))
        self.next_button.clicked.connect(lambda: self.go(self.index + 1))
        close = QPushButton(_("Close"))
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.previous_button)
        buttons.addWidget(self.position)
        buttons.addWidget(self.next_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.facts)
        layout.addWidget(self.picture, 1)
        layout.addLayout(buttons)
        for keys, step in (((Qt.Key.Key_Left, Qt.Key.Key_PageUp), -1), ((Qt.Key.Key_Right, Qt.Key.Key_PageDown), 1)):
            for key in keys:
                QShortcut(QKeySequence(key), self, lambda step=step: self.go(self.index + step))
        QShortcut(QKeySequence(Qt.Key.Key_Home), self, lambda: self.go(0))
        QShortcut(QKeySequence(Qt.Key.Key_End), self, lambda: self.go(len(self._photos) - 1))
        self.resize(1100, 700)
        self.go(index)

    def go(self, index: int) -> None:
        """Show the photo at ``index`` (kept within the list)."""
        index = max(0, min(index, len(self._photos) - 1))
        if index == self.index:
            return
        self.index = index
        self.shown, self._pixmap = None, None
        photo = self._photos[index]
        self.facts.setText(photo.filename)
        self.picture.setPixmap(QPixmap())
        self.picture.setText(_("Reading the photo…"))
        self.position.setText(_("{n} of {total}").format(n=format_number(index + 1),
                                                         total=format_number(len(self._photos))))
        self.previous_button.setEnabled(index > 0)
        self.next_button.setEnabled(index < len(self._photos) - 1)
        gateway = self._ctx.gateway
        self._ctx.tasks.run(lambda _progress: read_photo(gateway, photo), parent=self, show_progress=False,
                            on_success=lambda found: self._show(index, found))

    def _show(self, index: int, found: FullPhoto) -> None:
        if not shiboken6.isValid(self) or index != self.index:
            return  # another photo was chosen while this one was read
        self.shown = found
        self.facts.setText(facts(found))
        if found.image is None:
            self.picture.setText(found.problem)
            return
        self._pixmap = QPixmap.fromImage(found.image)
        self._fit()

    def _fit(self) -> None:
        """Shrink the photo to the room there is; a small one is shown at its size, not blown up."""
        if self._pixmap is None:
            return
        room = self.picture.size()
        if self._pixmap.width() <= room.width() and self._pixmap.height() <= room.height():
            self.picture.setPixmap(self._pixmap)
            return
        self.picture.setPixmap(self._pixmap.scaled(room, Qt.AspectRatioMode.KeepAspectRatio,
                                                   Qt.TransformationMode.SmoothTransformation))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()
