"""Files kept once per content under their SHA-256, ``<folder>/<sha256[:2]>/<sha256>``: the layout of a
data folder's ``attachments/`` (activity photos), shared by attaching, sync and backups."""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator
from pathlib import Path

from desktop.errors import StorageError
from desktop.i18n import _

_DIGEST = re.compile(r"[0-9a-f]{64}")


def stored_at(folder: Path, sha256: str) -> Path:
    return folder / sha256[:2] / sha256


def store(folder: Path, sha256: str, content: bytes) -> None:
    """Write the content under its hash, whole or not at all; once there, it is not written again."""
    target = stored_at(folder, sha256)
    if target.exists():
        return
    partial = target.with_name(f".{sha256}.part")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with partial.open("wb") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, target)
    except OSError as exc:
        raise StorageError(_("Cannot write {file}: {reason}").format(file=target, reason=exc.strerror or exc)) from exc
    finally:
        with contextlib.suppress(OSError):  # the error above says what went wrong
            partial.unlink(missing_ok=True)


def kept(folder: Path) -> Iterator[str]:
    """The hashes of the files kept in ``folder`` (nothing when there is no such folder)."""
    if not folder.is_dir():
        return
    for path in folder.glob("??/*"):
        if _DIGEST.fullmatch(path.name) and path.parent.name == path.name[:2] and path.is_file():
            yield path.name
