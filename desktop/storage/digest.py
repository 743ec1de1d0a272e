"""Canonical JSON and SHA-256 digests of row states and audit entries, and of files (bundles, printed papers)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from json.encoder import encode_basestring  # what the encoder writes text with
from operator import itemgetter
from pathlib import Path
from typing import Any

from sqlalchemy import inspect

GENESIS = "0" * 64


def _plain(value: Any) -> str:
    """A value JSON has no type for, as text; the encoder asks only for those."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return value.hex()
    raise TypeError(f"{type(value).__name__} has no canonical JSON form")


# Made once: ``json.dumps`` with these options would build an encoder per call (a bulk insert digests
# two dictionaries per row).
_ENCODER = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_plain)


def canonical_json(data: dict[str, Any]) -> str:
    return _ENCODER.encode(data)


def _quoted(text: str) -> str:
    return f'"{text}"'


_last_instant: tuple[datetime | None, str] = (None, "")  # one tuple, replaced whole: safe across threads


def _instant(value: datetime) -> str:
    """A datetime as ``canonical_json`` writes it. A bulk-inserted row's created and stamped times and
    its audit entry's are one object, written three times in a row: it is formatted once (an aware
    datetime's isoformat is most of a row's digest). Kept by identity, never by equality: equal instants
    in two time zones are written differently."""
    global _last_instant
    last = _last_instant
    if last[0] is value:
        return last[1]
    text = _quoted(value.isoformat())
    _last_instant = (value, text)
    return text


@lru_cache(maxsize=100_000)
def _day(value: date) -> str:
    """A date as ``canonical_json`` writes it: rows share their days (a birth date, the day registered)."""
    return _quoted(value.isoformat())


# How ``canonical_json`` writes a value of each of these exact types; the others are left to it.
_WRITTEN: dict[type, Callable[[Any], str]] = {
    str: encode_basestring, int: int.__repr__, bool: lambda flag: "true" if flag else "false",
    type(None): lambda _none: "null", bytes: lambda value: _quoted(value.hex()),
    datetime: _instant, date: _day, Decimal: lambda value: _quoted(str(value)),
}


def canonical_json_of(keys: Iterable[str]) -> Callable[[Mapping[str, Any]], str]:
    """``canonical_json`` of the dictionary of these ``keys`` of each mapping it is given, made for many
    mappings of one shape (a bulk insert's rows, audit entries): the keys are sorted and written once,
    and each value by its type; a mapping with a value of another type goes through ``canonical_json``."""
    ordered = tuple(sorted(keys))
    values = itemgetter(*ordered) if len(ordered) > 1 else lambda data: tuple(data[key] for key in ordered)
    # The keys written into one %-template: a mapping's text is one format of its values' texts.
    template = "{" + ",".join(encode_basestring(key).replace("%", "%%") + ":%s" for key in ordered) + "}"
    writer = _WRITTEN.__getitem__

    def written(data: Mapping[str, Any]) -> str:
        try:
            return template % tuple([writer(type(value))(value) for value in values(data)])
        except KeyError:
            return canonical_json({key: data[key] for key in ordered})

    return written


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(1024 * 1024):
            digest.update(block)
    return digest.hexdigest()


def row_state(obj: object, *, before: bool = False) -> dict[str, Any]:
    """Column values of a mapped object; with ``before``, as they were when loaded."""
    state = inspect(obj)
    values: dict[str, Any] = {}
    for attr in state.mapper.column_attrs:
        current = state.attrs[attr.key]
        if before:
            history = current.history
            values[attr.key] = history.deleted[0] if history.deleted else (
                history.unchanged[0] if history.unchanged else current.value
            )
        else:
            values[attr.key] = current.value
    return values


def row_digest(obj: object, *, before: bool = False) -> str:
    return sha256_hex(canonical_json(row_state(obj, before=before)))
