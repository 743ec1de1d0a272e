"""Amounts in yuan as the micro-venture screens show and take them: shown with two places and grouping,
typed as yuan (``domain.money.to_fen`` decides what an amount is), refused under the form's own field."""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import format_decimal
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from desktop.domain.money import from_fen, to_fen
from desktop.errors import ValidationError
from desktop.i18n import _, babel_locale

YUAN_PATTERN = "#,##0.00"  # 12,345.00: always two places, as the printed tables have them


def yuan(fen: int) -> str:
    """``fen`` as yuan with two places and the locale's grouping, without the currency sign."""
    return format_decimal(from_fen(fen), format=YUAN_PATTERN, locale=babel_locale())


def fen_of(text: str, field: str) -> int:
    """What is typed, in fen; a ValidationError on ``field`` for text that is not an amount."""
    try:
        return to_fen(text)
    except ValidationError as exc:
        raise ValidationError(field, exc.message) from None


def optional_fen(text: str, field: str) -> int | None:
    """An amount that may be left empty (None: no such limit)."""
    return fen_of(text, field) if text.strip() else None


def money_edit(fen: int | None = None, placeholder: str = "") -> QLineEdit:
    """A field for an amount in yuan, right-aligned like the figures in a table."""
    edit = QLineEdit("" if fen is None else str(from_fen(fen)))
    edit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    edit.setPlaceholderText(placeholder or _("Yuan, e.g. 3500.00"))
    edit.setMaximumWidth(180)
    return edit


def plain_decimal(text: str, field: str, message: str) -> Decimal:
    """A number typed in a cell (a quantity), or ``message`` under ``field``."""
    try:
        value = Decimal(text.strip().replace(",", ""))
    except ArithmeticError:
        raise ValidationError(field, message) from None
    if not value.is_finite():
        raise ValidationError(field, message)
    return value
