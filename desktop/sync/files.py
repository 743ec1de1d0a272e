"""Putting a finished file in place so that a power cut leaves either the old file or the new one."""

from __future__ import annotations

import os
from pathlib import Path


def durable_replace(temporary: Path, path: Path) -> None:
    """Rename the fsynced ``temporary`` over ``path`` (same folder), then fsync the folder so the
    rename itself survives a power cut."""
    os.replace(temporary, path)
    if os.name == "nt":  # Windows cannot open a folder to fsync it; NTFS journals the rename
        return
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)
