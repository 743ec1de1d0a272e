"""Canonical JSON and SHA-256 digests of row states and audit entries."""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import inspect

GENESIS = "0" * 64


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return value.hex()
    return value


def canonical_json(data: dict[str, Any]) -> str:
    return json.dumps(
        {k: _plain(v) for k, v in data.items()}, sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


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
