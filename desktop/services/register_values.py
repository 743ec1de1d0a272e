"""Register values as text, the same in the command-line tables and the export cells."""

from __future__ import annotations

from collections.abc import Iterable

from desktop.domain.codes import label
from desktop.i18n import _
from desktop.services.cell_parsers import listing


def marked_deleted(name: str, deleted: bool) -> str:
    return name + (_(" (deleted)") if deleted else "")


def labels(codes: dict[str, str], chosen: Iterable[str]) -> str:
    """Several codes as their labels in one cell, written the way the import splits them again."""
    return listing(label(codes, code) for code in chosen)
