"""Time-bank (时间银行) arithmetic: points are whole hundredths, so sums are exact and never floats.

A rate is hundredths of a point per hour of confirmed service (100 = one point an hour); the storage
cap is counted in hours, as Nanjing's rules count it (1,500 h), and converted at the rate.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from desktop.errors import ValidationError
from desktop.i18n import _

CENTS = 100  # hundredths in a point
MAX_POINTS = 10**9  # a sanity bound for typed amounts, far above any cap


def points_for(minutes: int, rate: int) -> int:
    """Hundredths earned by ``minutes`` of service at ``rate`` hundredths an hour; a part of a
    hundredth is not credited (a reversal takes back exactly what the deposit gave)."""
    return minutes * rate // 60


def cap_points(cap_hours: int, rate: int) -> int:
    return cap_hours * rate


def split_credit(balance: int, amount: int, cap: int) -> tuple[int, int]:
    """(kept, excess) of crediting ``amount`` to ``balance`` under ``cap``: the excess is donated."""
    kept = max(0, min(amount, cap - balance))
    return kept, amount - kept


def parse_points(text: str | int | Decimal, field: str) -> int:
    """A typed number of points ("12", "1.5") to hundredths; at most two decimals, not negative."""
    try:
        value = Decimal(str(text).strip())
    except InvalidOperation:
        raise ValidationError(field, _("Enter a number of points, like 10 or 2.5.")) from None
    hundredths = value * CENTS
    if not hundredths.is_finite() or hundredths != hundredths.to_integral_value():
        raise ValidationError(field, _("Points have at most two decimal places."))
    if not 0 <= value <= MAX_POINTS:
        raise ValidationError(field, _("Enter a number between 0 and {max}.").format(max=MAX_POINTS))
    return int(hundredths)


def points_text(hundredths: int) -> str:
    """150 → "1.50": always two decimals, as a passbook prints them."""
    return f"{Decimal(hundredths).scaleb(-2):.2f}"
