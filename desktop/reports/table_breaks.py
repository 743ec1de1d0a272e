"""Where a ruled table may break over pages: a short one not at all (it moves on whole, leaving little room
behind), a long one not within its header and first lines, nor within its last lines (the totals), so no
page holds a header alone or a total alone. ReportLab ``NOSPLIT`` commands, with no ReportLab import."""

from __future__ import annotations

from typing import Any

SHORT_TABLE = 8  # lines (a quarter's months, a few villages or donations): a table of so few is never split
END_LINES = 3  # lines that a table split over pages keeps at least with its header, and on its last page


def kept(lines: int) -> list[tuple[Any, ...]]:
    """The table style commands for a table of ``lines`` under its header."""
    if lines <= SHORT_TABLE:
        return [("NOSPLIT", (0, 0), (-1, -1))]
    return [("NOSPLIT", (0, 0), (-1, END_LINES)), ("NOSPLIT", (0, -END_LINES), (-1, -1))]
