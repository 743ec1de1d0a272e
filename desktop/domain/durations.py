"""Service time: stored as whole minutes, entered and shown as hours (1.5 小时)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from desktop.errors import ValidationError
from desktop.i18n import _


def minutes_from_hours(text: str | int | Decimal, field: str = "minutes") -> int:
    """Hours as typed ("2", "1.5", "0.75") to whole minutes; a value that is not whole minutes is refused."""
    try:
        hours = Decimal(str(text).strip())
    except InvalidOperation:
        raise ValidationError(field, _("Enter the hours as a number, like 1.5.")) from None
    minutes = hours * 60
    if not minutes.is_finite() or minutes != minutes.to_integral_value():
        raise ValidationError(field, _("Enter the hours as a number, like 1.5."))
    return int(minutes)


def hours_text(minutes: int) -> str:
    """Minutes as hours with at most two decimals and no trailing zeros: 90 → "1.5", 480 → "8"."""
    return f"{(Decimal(minutes) / 60).quantize(Decimal('0.01')):f}".rstrip("0").rstrip(".")
