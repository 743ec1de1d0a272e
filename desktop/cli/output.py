"""Printing results: JSON for machines (``--json``), aligned text for people, one-line errors."""

from __future__ import annotations

import dataclasses
import json
import sys
import unicodedata
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from desktop.i18n import _


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {k: _plain(v) for k, v in dataclasses.asdict(value).items()}
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    return value


def print_json(value: Any) -> None:
    json.dump(_plain(value), sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def _width(text: str) -> int:
    """Display width: CJK characters take two columns in a terminal."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def print_table(headers: Sequence[str], rows: Sequence[Sequence[Any]], empty: str = "") -> None:
    """The rows under their headers, aligned; with no rows, one line that says so (``empty``, or a plain
    "nothing found") rather than a header over nothing."""
    if not rows:
        print(empty or _("Nothing found."))
        return
    cells = [[str(h) for h in headers]] + [["" if v is None else str(v) for v in row] for row in rows]
    widths = [max(_width(row[i]) for row in cells) for i in range(len(headers))]
    for row in cells:
        print("  ".join(c + " " * (w - _width(c)) for c, w in zip(row, widths, strict=True)).rstrip())


def print_pairs(pairs: Sequence[tuple[str, Any]]) -> None:
    width = max(_width(k) for k, _ in pairs)
    for key, value in pairs:
        print(f"{key}{' ' * (width - _width(key))}  {'' if value is None else value}")


def error(message: str) -> None:
    print(message, file=sys.stderr)
