"""Mainland mobile numbers, kept in one canonical form so duplicates and searches match."""

from __future__ import annotations

import re

from desktop.errors import ValidationError
from desktop.i18n import _

FIELD = "phone"
_SEPARATORS = re.compile(r"[\s-]+")
_MOBILE = re.compile(r"1[3-9][0-9]{9}")


def normalize_mobile(text: str) -> str:
    """11 digits without spaces, hyphens or country code (+86 138-0013-8000 -> 13800138000)."""
    number = _SEPARATORS.sub("", text)
    if not number:
        raise ValidationError(FIELD, _("Enter a mobile number."))
    if number.startswith("+86"):
        number = number[3:]
    elif number.startswith("86") and len(number) == 13:
        number = number[2:]
    if not number.isascii() or not number.isdigit():
        raise ValidationError(FIELD, _("A mobile number may contain only digits, spaces, hyphens and +86."))
    if len(number) != 11:
        raise ValidationError(FIELD, _("A mobile number has 11 digits; this one has {n}.").format(n=len(number)))
    if not _MOBILE.fullmatch(number):
        raise ValidationError(FIELD, _("A mobile number starts with 13 to 19."))
    return number


def mask_mobile(number: str) -> str:
    """For lists and printouts: 138****5678. Raises ValidationError if ``number`` is not a mobile number."""
    normalized = normalize_mobile(number)
    return normalized[:3] + "****" + normalized[-4:]
