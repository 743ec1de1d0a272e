"""How the sync tabs write times, gaps and clock skew."""

from __future__ import annotations

from datetime import datetime

from desktop.i18n import _, format_datetime, format_number
from desktop.sync.merge import SKEW_LIMIT_MS

NONE = "—"
HOUR_MS = 3_600_000


def when(value: datetime | None) -> str:
    return format_datetime(value.astimezone(), "short") if value is not None else NONE


def numbers(values: tuple[int, ...]) -> str:
    return ", ".join(format_number(n) for n in values) or NONE


def clock_ahead(ms: int) -> str:
    """The peer's clock against ours, flagged only beyond the limit the merge flags."""
    if ms <= SKEW_LIMIT_MS:
        return NONE
    return _("{hours} h ahead").format(hours=format_number(ms // HOUR_MS))
