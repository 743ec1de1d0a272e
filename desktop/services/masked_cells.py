"""Masked values in a sheet (5101**********1234, 139****7265, 青山镇****), as the app's exports write
them: they cannot be imported, so the row comes in without them and the report warns about each."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from desktop.i18n import _

MASK = "*"  # no ID number, mobile number or address of a register has one


def is_masked(value: object) -> bool:
    return isinstance(value, str) and MASK in value


def without_masked(values: dict[str, Any], keys: Iterable[str]) -> dict[str, Any]:
    """``values`` with the masked ones among ``keys`` blanked."""
    blanked = {key: "" for key in keys if is_masked(values.get(key))}
    return {**values, **blanked}


def masked_warnings(values: dict[str, Any], keys: Iterable[str]) -> list[tuple[str, str]]:
    return [(key, _("“{value}” is masked, so it was left out; write it in full to import it.").format(
        value=values[key])) for key in keys if is_masked(values.get(key))]
