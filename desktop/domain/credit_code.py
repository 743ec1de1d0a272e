"""Unified social credit codes (统一社会信用代码, GB 32100-2015) of partner organisations.

python-stdnum supplies the weighted mod 31 check; the messages are ours. Every position may hold
any character of the code's alphabet: codes of rural collectives, for instance, start with N.
"""

from __future__ import annotations

from stdnum.cn import uscc

from desktop.errors import ValidationError
from desktop.i18n import _

FIELD = "credit_code"
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # no I, O, Z, S, V: they look like 1, 0, 2, 5, U


def normalize_credit_code(text: str) -> str:
    """Upper-cased, stripped and checked; raises ValidationError naming what is wrong."""
    code = text.strip().upper()
    if not code:
        raise ValidationError(FIELD, _("Enter the unified social credit code."))
    if len(code) != 18:
        raise ValidationError(
            FIELD, _("A unified social credit code has 18 characters; this one has {n}.").format(n=len(code))
        )
    for position, char in enumerate(code, start=1):
        if char not in ALPHABET:
            raise ValidationError(
                FIELD,
                _("Character {position} (“{char}”) cannot appear in a unified social credit code.").format(
                    position=position, char=char
                ),
            )
    if code[-1] != uscc.calc_check_digit(code[:17]):
        raise ValidationError(
            FIELD, _("The unified social credit code does not match its check character; it is probably mistyped.")
        )
    return code


def make_credit_code(body17: str) -> str:
    """Append the check character to 17 code characters (demo data, tests); bad input is a ValueError."""
    if len(body17) != 17 or any(char not in ALPHABET for char in body17):
        raise ValueError(f"need 17 characters of {ALPHABET}, got {body17!r}")
    return body17 + uscc.calc_check_digit(body17)
