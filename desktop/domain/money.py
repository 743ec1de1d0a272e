"""Money: amounts are stored and summed as integer fen (分), never as floats.

Yuan amounts enter through ``to_fen`` only, so there is one place that decides what an amount is;
typed amounts may use full-width digits and marks and a leading ¥ or ￥.
"""

from __future__ import annotations

import re
from decimal import Context, Decimal, Inexact

from desktop.errors import ValidationError
from desktop.i18n import _

FIELD = "amount"
MAX_FEN = 2**63 - 1  # SQLite INTEGER is a signed 64-bit number
WORDS_LIMIT_FEN = 10**14  # 一万亿元: bills have no places beyond 仟亿

_AMOUNT = re.compile(
    r"(?P<sign>[-+]?)\s*[¥￥]?\s*(?P<number>[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]*)?|\.[0-9]+)"
)
# A Chinese IME types full-width forms (１２３．４５, １，０００, －５): folded to ASCII before reading. Only
# the full-width block, so that other digits (², ①, Arabic-Indic) stay refused. Whole numbers too (``forms.count``).
FULL_WIDTH = str.maketrans({chr(0xFF01 + i): chr(0x21 + i) for i in range(94)})
# Exact arithmetic: an amount with a non-zero digit beyond the fen must raise, not round.
_EXACT = Context(prec=40, traps=[Inexact])

_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_PLACES = ("仟", "佰", "拾", "")
_GROUPS = ((10**8, "亿"), (10**4, "万"), (1, ""))


def _too_large() -> ValidationError:
    return ValidationError(FIELD, _("The amount is too large."))


def _decimal_to_fen(value: Decimal) -> int:
    if not value.is_finite():
        raise ValidationError(FIELD, _("An amount must be a finite number."))
    if value.is_zero():
        return 0
    if value.adjusted() >= 17:  # refused before int() would build a huge number
        raise _too_large()
    try:
        fen = int(value.scaleb(2, _EXACT).to_integral_exact(context=_EXACT))
    except Inexact:
        raise ValidationError(FIELD, _("An amount can have at most two decimal places.")) from None
    if abs(fen) > MAX_FEN:
        raise _too_large()
    return fen


def _str_to_decimal(text: str) -> Decimal:
    stripped = text.strip()
    if not stripped:
        raise ValidationError(FIELD, _("Enter an amount."))
    match = _AMOUNT.fullmatch(stripped.translate(FULL_WIDTH))
    if match is None:
        raise ValidationError(FIELD, _("“{text}” is not an amount; write it like 1409.50.").format(text=stripped))
    return Decimal(match["sign"] + match["number"].replace(",", ""))


def to_fen(value: Decimal | str | int) -> int:
    """Yuan to integer fen. Floats are refused: 0.1 yuan as a float is not exactly 1 jiao."""
    if isinstance(value, bool) or not isinstance(value, Decimal | str | int):
        # Mistakes in code rather than typing, but still reported per field so a form never crashes.
        raise ValidationError(
            FIELD, _("{value} is not an exact amount; use a decimal number.").format(value=repr(value))
        )
    if isinstance(value, int):
        if abs(value) * 100 > MAX_FEN:
            raise _too_large()
        return value * 100
    return _decimal_to_fen(_str_to_decimal(value) if isinstance(value, str) else value)


def from_fen(fen: int) -> Decimal:
    """Integer fen to yuan with exactly two places (Decimal('1409.50'))."""
    if isinstance(fen, bool) or not isinstance(fen, int):
        raise ValidationError(FIELD, _("{value} is not a whole number of fen.").format(value=repr(fen)))
    sign, digits, _exponent = Decimal(fen).as_tuple()
    return Decimal((sign, digits, -2))


def _group_in_words(group: int) -> str:
    """0 < group < 10000; one 零 for any run of inner zeros, none for trailing zeros."""
    words, pending_zero = "", False
    for place, unit in zip((1000, 100, 10, 1), _PLACES):
        digit = group // place % 10
        if digit == 0:
            pending_zero = bool(words)
            continue
        if pending_zero:
            words += "零"
            pending_zero = False
        words += _DIGITS[digit] + unit  # 10 is 壹拾, never 拾: no room to add a digit in front
    return words


def _yuan_in_words(yuan: int) -> str:
    """0 < yuan < 10**12, read in groups of four (亿, 万, units) as Chinese is read aloud."""
    words, pending_zero = "", False
    for size, unit in _GROUPS:
        group = yuan // size % 10000
        if group == 0:
            pending_zero = bool(words)
            continue
        if words and (pending_zero or group < 1000):
            words += "零"
        words += _group_in_words(group) + unit
        pending_zero = False
    return words


def amount_in_words(amount: Decimal | int | str) -> str:
    """Chinese upper-case amount as the People's Bank's rules for bills write it (壹仟肆佰零玖元伍角).

    Where the rules allow a 零 or not (元位 0 before a non-zero 角), the 零 is written, as banks do;
    整 follows 元 only.
    """
    fen = to_fen(amount)
    if abs(fen) >= WORDS_LIMIT_FEN:
        raise ValidationError(FIELD, _("Amounts in words are limited to less than one trillion yuan."))
    yuan, jiao, fen_digit = abs(fen) // 100, abs(fen) // 10 % 10, abs(fen) % 10
    words = _yuan_in_words(yuan) + "元" if yuan else ""
    if jiao == 0 and fen_digit == 0:
        words = (words or "零元") + "整"
    else:
        if jiao:
            words += ("零" if yuan and yuan % 10 == 0 else "") + _DIGITS[jiao] + "角"
        if fen_digit:
            words += ("零" if yuan and not jiao else "") + _DIGITS[fen_digit] + "分"
    return ("负" if fen < 0 else "") + words
