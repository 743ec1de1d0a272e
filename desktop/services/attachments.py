"""Files attached to records: an activity's photos.

The bytes are kept once per content, in ``attachments/<sha256[:2]>/<sha256>`` of the data folder (the
database file's folder, as for backups), where bundles find them beside the rows; an ``Attachment`` row
ties a file to its owner with the name and caption it was given. Only JPEG and PNG images are taken,
recognised by their first bytes rather than the file's name and read whole with Pillow (which ReportLab
already brings), so a damaged photo is refused rather than kept. A file is copied before the row is
written, so a unit of work that fails leaves at most an unnamed copy, never a row without its file.

A photo taken off its record keeps its row, tombstoned with the reason and who took it off; its file is
deleted once the removal is committed and no live row names the content any more, whether it was taken
off here or the removal came in a bundle (``release_unused``, called by the merge).

Only a database file has a folder beside it: on a county hub's PostgreSQL server, or when the data
folder may not be written, attaching is refused with a message saying so (``storage_problem``), and
photos already listed show as missing rather than failing.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PIL import Image
from sqlalchemy import URL, event, select
from sqlalchemy.orm import Session

from desktop.domain.permissions import Action
from desktop.errors import NotFoundError, StorageError, ValidationError
from desktop.i18n import _
from desktop.paths import attachments_dir
from desktop.services.forms import optional_text, required_text
from desktop.services.guard import principal, require
from desktop.services.project_access import project_in
from desktop.services.records import tombstone
from desktop.storage.base import Synced
from desktop.storage.file_store import store, stored_at
from desktop.storage.models import Attachment, ProjectActivity

MAX_BYTES = 10 * 1024 * 1024
# First bytes of the accepted formats: JPEG's SOI marker, PNG's signature.
MEDIA_TYPES = ((b"\xff\xd8\xff", "image/jpeg"), (b"\x89PNG\r\n\x1a\n", "image/png"))
PILLOW_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG"}  # Pillow's name of each accepted media type


def _activity_editable(session: Session, row: Synced) -> None:
    """An activity's photos change as the activity does: while its project runs."""
    assert isinstance(row, ProjectActivity)
    project_in(session, row.project_id, Action.EDIT_PROJECTS)


# The tables whose records take attachments, what one must be allowed to do to attach to or remove from
# them, and the owner's own rule (a ValidationError when its record takes no change now).
OWNERS: dict[str, tuple[type[Synced], Action, Callable[[Session, Synced], None]]] = {
    ProjectActivity.__tablename__: (ProjectActivity, Action.EDIT_PROJECTS, _activity_editable),
}
FILENAME_LENGTH = 200  # Attachment.filename
REASON_LENGTH = 200  # Attachment.removed_reason
# EXIF tags: the Exif sub-IFD, its DateTimeOriginal (when the shutter fired), and IFD0's DateTime (when
# the file was last written, by the camera when nothing edited it) for cameras that leave the first out.
EXIF_IFD, DATE_TIME_ORIGINAL, DATE_TIME = 0x8769, 0x9003, 0x0132


@dataclass(frozen=True)
class AttachmentView:
    id: str
    owner_table: str
    owner_id: str
    filename: str
    media_type: str
    size: int
    sha256: str
    caption: str


@dataclass(frozen=True)
class RemovedView:
    """A photo taken off its record: when, by whom and why."""

    photo: AttachmentView
    removed_at: datetime
    removed_by: str
    reason: str


def _view(row: Attachment) -> AttachmentView:
    return AttachmentView(row.id, row.owner_table, row.owner_id, row.filename, row.media_type, row.size, row.sha256,
                          row.caption)


def folder_of(url: URL) -> Path:
    """The attachments folder beside the database file at ``url``; a StorageError for a database that
    is no file (a county hub's server, or one in memory)."""
    if url.get_backend_name() != "sqlite":
        raise StorageError(_("This database is on a server, which keeps no photo files: attach photos at a "
                             "station that works on a database file, and sync them here."))
    if url.database in (None, "", ":memory:"):
        raise StorageError(_("Photos are kept beside a database file; this database has none."))
    return attachments_dir(Path(url.database))


def _folder(session: Session) -> Path:
    return folder_of(session.get_bind().url)


def _writable(folder: Path) -> None:
    """A StorageError unless a file can be written in ``folder`` (made if need be): a permission, a
    read-only disk or a file in the folder's place all show only when one tries."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / f".probe-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise StorageError(_("Photos cannot be kept in {folder}: {reason}. Ask whoever looks after this "
                             "computer to let the data folder be written.").format(
            folder=folder, reason=exc.strerror or exc)) from exc


def storage_problem(session: Session) -> str:
    """Why photos cannot be attached with this database ("" when they can), for a window to say so
    before anyone chooses files."""
    try:
        _writable(_folder(session))
    except StorageError as exc:
        return exc.message
    return ""


def _image(source: Path) -> tuple[bytes, str]:
    """The file's bytes and media type, or a ValidationError saying why it is not taken."""
    try:
        if source.stat().st_size > MAX_BYTES:
            raise ValidationError("source_path", _("The file is larger than {size} MB.").format(
                size=MAX_BYTES // (1024 * 1024)))
        content = source.read_bytes()
    except OSError as exc:
        raise ValidationError("source_path", _("Cannot read {file}: {reason}").format(
            file=source, reason=exc.strerror or exc)) from exc
    media_type = next((kind for magic, kind in MEDIA_TYPES if content.startswith(magic)), None)
    if media_type is None or not _decodes(content, media_type):
        raise ValidationError("source_path", _("Only photos in JPEG or PNG format can be attached."))
    return content, media_type


def _decodes(content: bytes, media_type: str) -> bool:
    """Whether Pillow reads the bytes as a whole image of that type: right first bytes with junk or a
    cut-off after them are no photo. ``verify`` checks the structure (a PNG's checksums) but decodes
    no pixels, so a truncated JPEG passes it; loading the pixels catches that."""
    formats = [PILLOW_FORMATS[media_type]]
    try:
        with Image.open(io.BytesIO(content), formats=formats) as image:
            image.verify()
        with Image.open(io.BytesIO(content), formats=formats) as image:  # verify leaves the image unusable
            image.load()
    except Exception:  # noqa: BLE001 - a decoder fed arbitrary bytes raises many kinds of error
        return False
    return True


def _check_owner(session: Session, owner_table: str, owner_id: str) -> None:
    """The owner takes attachments, the signed-in user may edit it, it is not deleted and its own rule
    lets it change now."""
    if owner_table not in OWNERS:
        raise ValidationError("owner_table", _("Files cannot be attached to this kind of record."))
    model, action, editable = OWNERS[owner_table]
    require(session, action)
    row = session.get(model, owner_id) if owner_id else None
    if row is None or row.deleted_at is not None:
        raise NotFoundError(_("The record to attach to no longer exists."))
    editable(session, row)


def attach(session: Session, owner_table: str, owner_id: str, source_path: Path, caption: str = "") -> AttachmentView:
    """Copy a photo into the data folder and attach it to the record; the same photo twice on one
    record is refused, while on another record it shares the stored copy."""
    _check_owner(session, owner_table, owner_id)
    caption = optional_text(caption, "caption", 200)
    folder = _folder(session)
    content, media_type = _image(source_path)
    sha256 = hashlib.sha256(content).hexdigest()
    if session.scalar(select(Attachment.id).where(Attachment.owner_table == owner_table,
                                                  Attachment.owner_id == owner_id, Attachment.sha256 == sha256,
                                                  Attachment.deleted_at.is_(None))):
        raise ValidationError("source_path", _("This photo is already attached here."))
    _writable(folder)
    store(folder, sha256, content)
    name = source_path.name
    if len(name) > FILENAME_LENGTH:
        name = name[:FILENAME_LENGTH - len(source_path.suffix)] + source_path.suffix
    row = Attachment(owner_table=owner_table, owner_id=owner_id, filename=name, media_type=media_type,
                     size=len(content), sha256=sha256, caption=caption)
    session.add(row)
    session.flush()
    return _view(row)


def attachments(session: Session, owner_table: str, owner_id: str) -> list[AttachmentView]:
    """The record's attachments in the order they were added."""
    require(session, Action.VIEW)
    return [_view(row) for row in session.scalars(select(Attachment).where(
        Attachment.owner_table == owner_table, Attachment.owner_id == owner_id, Attachment.deleted_at.is_(None))
        .order_by(Attachment.hlc))]


def remove(session: Session, attachment_id: str, reason: str) -> RemovedView:
    """Take a photo off its record, as whoever may edit the record may: the row is tombstoned with
    ``reason`` and the name of who did it; the file goes once no live row names its content."""
    row = session.get(Attachment, attachment_id) if attachment_id else None
    if row is None or row.deleted_at is not None:
        raise NotFoundError(_("This photo was already removed."))
    _check_owner(session, row.owner_table, row.owner_id)
    row.removed_reason = required_text(reason, "reason", REASON_LENGTH)
    row.removed_by = principal(session).display_name
    tombstone(session, row)
    release_unused(session, [row.sha256])
    return _removed_view(row)


def release_unused(session: Session, digests: Iterable[str]) -> None:
    """Delete the files of ``digests`` that no live row names any more (a photo taken off here, or its
    removal merged from another node) once the transaction commits; a server keeps no files."""
    wanted = set(digests)
    if not wanted:
        return
    unused = wanted - set(session.scalars(select(Attachment.sha256).where(
        Attachment.sha256.in_(wanted), Attachment.deleted_at.is_(None))))
    try:
        folder = _folder(session)
    except StorageError:  # a server keeps no files: only the rows change
        return
    if unused:
        _delete_when_committed(session, [stored_at(folder, digest) for digest in sorted(unused)])


def _delete_when_committed(session: Session, paths: list[Path]) -> None:
    """Delete the files once the transaction that left them unused commits; a rollback keeps them, as
    the rows that name them are back. The write lock held until then keeps another writer from naming them."""
    def committed(_session: Session) -> None:
        event.remove(session, "after_rollback", rolled_back)
        for path in paths:
            with contextlib.suppress(OSError):  # the removal is committed; a file left over only takes room
                path.unlink(missing_ok=True)

    def rolled_back(_session: Session) -> None:
        event.remove(session, "after_commit", committed)

    event.listen(session, "after_commit", committed, once=True)
    event.listen(session, "after_rollback", rolled_back, once=True)


def removed(session: Session, owner_table: str, owner_id: str) -> list[RemovedView]:
    """The record's photos taken off it, most recently removed first."""
    require(session, Action.VIEW)
    rows = session.scalars(select(Attachment).where(
        Attachment.owner_table == owner_table, Attachment.owner_id == owner_id, Attachment.deleted_at.is_not(None))
        .order_by(Attachment.deleted_at.desc(), Attachment.hlc.desc()))
    return [_removed_view(row) for row in rows]


def _removed_view(row: Attachment) -> RemovedView:
    assert row.deleted_at is not None  # a tombstoned row
    return RemovedView(_view(row), row.deleted_at, row.removed_by, row.removed_reason)


def taken_at(path: Path) -> datetime | None:
    """When the photo was taken, as its camera wrote it in EXIF (camera clock, no time zone); None when
    the file says nothing readable."""
    try:
        with Image.open(path) as image:
            exif = image.getexif()
    except Exception:  # noqa: BLE001 - a decoder fed arbitrary bytes raises many kinds of error
        return None
    for stamp in (exif.get_ifd(EXIF_IFD).get(DATE_TIME_ORIGINAL), exif.get(DATE_TIME)):
        try:
            return datetime.strptime(str(stamp).strip("\x00 "), "%Y:%m:%d %H:%M:%S")
        except ValueError:  # absent, or a camera's placeholder such as "0000:00:00 00:00:00"
            continue
    return None


def path_of(session: Session, attachment: AttachmentView) -> Path:
    """Where the attachment's file is, or a StorageError when it is not there (a bundle from another
    station may bring rows before their files)."""
    require(session, Action.VIEW)
    path = stored_at(_folder(session), attachment.sha256)
    if not path.is_file():
        raise StorageError(_("The file of {name} is missing from the data folder.").format(name=attachment.filename))
    return path


def stored_file(folder: Path, sha256: str) -> Path:
    """Where the file of this content is kept in an attachments folder (sync reads it for bundles)."""
    return stored_at(folder, sha256)


def keep_file(folder: Path, sha256: str, content: bytes) -> None:
    """Keep a file that came in a bundle, as ``attach`` keeps a photo; content that does not hash to
    ``sha256`` is refused (the bundle reader checked it, this guards the folder)."""
    if hashlib.sha256(content).hexdigest() != sha256:
        raise StorageError(_("The file {name} does not match its hash.").format(name=sha256))
    store(folder, sha256, content)
