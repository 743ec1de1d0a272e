"""Files attached to records: an activity's photos.

The bytes are kept once per content, in ``attachments/<sha256[:2]>/<sha256>`` of the data folder (the
database file's folder, as for backups), where bundles find them beside the rows; an ``Attachment`` row
ties a file to its owner with the name and caption it was given. Only JPEG and PNG images are taken,
recognised by their first bytes rather than the file's name and read whole with Pillow (which ReportLab
already brings), so a damaged photo is refused rather than kept. A file is copied before the row is
written, so a unit of work that fails leaves at most an unnamed copy, never a row without its file.
"""

from __future__ import annotations

import hashlib
import io
import os
from dataclasses import dataclass
from pathlib import Path

from PIL import Image
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.permissions import Action
from desktop.errors import NotFoundError, StorageError, ValidationError
from desktop.i18n import _
from desktop.paths import attachments_dir
from desktop.services.forms import optional_text
from desktop.services.guard import require
from desktop.storage.base import Synced
from desktop.storage.models import Attachment, ProjectActivity

MAX_BYTES = 10 * 1024 * 1024
# First bytes of the accepted formats: JPEG's SOI marker, PNG's signature.
MEDIA_TYPES = ((b"\xff\xd8\xff", "image/jpeg"), (b"\x89PNG\r\n\x1a\n", "image/png"))
PILLOW_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG"}  # Pillow's name of each accepted media type
# The tables whose records take attachments, and what one must be allowed to do to attach to them.
OWNERS: dict[str, tuple[type[Synced], Action]] = {
    ProjectActivity.__tablename__: (ProjectActivity, Action.EDIT_PROJECTS),
}
FILENAME_LENGTH = 200  # Attachment.filename


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


def _view(row: Attachment) -> AttachmentView:
    return AttachmentView(row.id, row.owner_table, row.owner_id, row.filename, row.media_type, row.size, row.sha256,
                          row.caption)


def _folder(session: Session) -> Path:
    """The attachments folder beside the database file this session works on."""
    url = session.get_bind().url
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        raise StorageError(_("Attachments are kept beside a database file; this database has none."))
    return attachments_dir(Path(url.database))


def _stored_at(folder: Path, sha256: str) -> Path:
    return folder / sha256[:2] / sha256


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


def _store(folder: Path, sha256: str, content: bytes) -> None:
    """Write the content under its hash, whole or not at all; once there, it is not written again."""
    target = _stored_at(folder, sha256)
    if target.exists():
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{sha256}.part")
    try:
        with partial.open("wb") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, target)
    except OSError as exc:
        raise StorageError(_("Cannot write {file}: {reason}").format(file=target, reason=exc.strerror or exc)) from exc
    finally:
        partial.unlink(missing_ok=True)


def _check_owner(session: Session, owner_table: str, owner_id: str) -> None:
    """The owner takes attachments, the signed-in user may edit it, and it is not deleted."""
    if owner_table not in OWNERS:
        raise ValidationError("owner_table", _("Files cannot be attached to this kind of record."))
    model, action = OWNERS[owner_table]
    require(session, action)
    row = session.get(model, owner_id) if owner_id else None
    if row is None or row.deleted_at is not None:
        raise NotFoundError(_("The record to attach to no longer exists."))


def attach(session: Session, owner_table: str, owner_id: str, source_path: Path, caption: str = "") -> AttachmentView:
    """Copy a photo into the data folder and attach it to the record; the same photo twice on one
    record is refused, while on another record it shares the stored copy."""
    _check_owner(session, owner_table, owner_id)
    caption = optional_text(caption, "caption", 200)
    content, media_type = _image(source_path)
    sha256 = hashlib.sha256(content).hexdigest()
    if session.scalar(select(Attachment.id).where(Attachment.owner_table == owner_table,
                                                  Attachment.owner_id == owner_id, Attachment.sha256 == sha256,
                                                  Attachment.deleted_at.is_(None))):
        raise ValidationError("source_path", _("This photo is already attached here."))
    _store(_folder(session), sha256, content)
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


def path_of(session: Session, attachment: AttachmentView) -> Path:
    """Where the attachment's file is, or a StorageError when it is not there (a bundle from another
    station may bring rows before their files)."""
    require(session, Action.VIEW)
    path = _stored_at(_folder(session), attachment.sha256)
    if not path.is_file():
        raise StorageError(_("The file of {name} is missing from the data folder.").format(name=attachment.filename))
    return path


def stored_file(folder: Path, sha256: str) -> Path:
    """Where the file of this content is kept in an attachments folder (sync reads it for bundles)."""
    return _stored_at(folder, sha256)


def keep_file(folder: Path, sha256: str, content: bytes) -> None:
    """Keep a file that came in a bundle, as ``attach`` keeps a photo; content that does not hash to
    ``sha256`` is refused (the bundle reader checked it, this guards the folder)."""
    if hashlib.sha256(content).hexdigest() != sha256:
        raise StorageError(_("The file {name} does not match its hash.").format(name=sha256))
    _store(folder, sha256, content)
