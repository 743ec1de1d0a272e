"""A file the person named that cannot be read, said in our words in one line. The system's own reason is
in the system's language (English on most machines, whatever the interface's), so it goes to the log only."""

from __future__ import annotations

import logging
from pathlib import Path

from desktop.errors import WusheError
from desktop.i18n import _

log = logging.getLogger(__name__)


def unreadable_reason(path: Path, exc: OSError) -> str:
    """Why ``path`` could not be opened: missing, a folder, not allowed, or otherwise unreadable."""
    log.info("cannot read %s: %s", path, exc)
    if isinstance(exc, FileNotFoundError):
        return _("There is no file {file}.").format(file=path)
    if isinstance(exc, IsADirectoryError):
        return _("{file} is a folder, not a file.").format(file=path)
    if isinstance(exc, PermissionError):
        return _("This computer's user may not read {file}.").format(file=path)
    return _("{file} cannot be read: the disk or the copy may be faulty.").format(file=path)


def check_readable(path: Path) -> None:
    """Raise ``unreadable_reason`` as a WusheError now if ``path`` cannot be opened for reading."""
    try:
        with open(path, "rb"):
            pass
    except OSError as exc:
        raise WusheError(unreadable_reason(path, exc)) from exc
