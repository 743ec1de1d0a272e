"""Mainland phone numbers (mobile, and landlines where a person has no mobile), kept in one canonical form so
duplicates and searches match."""

from __future__ import annotations

import re
import unicodedata

from desktop.errors import ValidationError
from desktop.i18n import _

FIELD = "phone"
_SEPARATORS = re.compile(r"[\s-]+")
_MOBILE = re.compile(r"1[3-9][0-9]{9}")
# A landline: an optional area code (010 and 02x have three digits, the others four), then a 7- or 8-digit local
# number that does not start with 0 or 1. Elderly clients often have only the house phone.
_LANDLINE = re.compile(r"(?:(0[12][0-9]|0[3-9][0-9]{2}))?([2-9][0-9]{6,7})")
_LANDLINE_SEPARATORS = re.compile(r"[\s\-()（）]+")


def _half_width(text: str) -> str:
    """Full-width digits, hyphens, spaces and brackets as typed with a Chinese input method (１３８　１２３４) made
    plain."""
    return text if text.isascii() else unicodedata.normalize("NFKC", text)


def normalize_mobile(text: str) -> str:
    """11 digits without spaces, hyphens or country code (+86 138-0013-8000 -> 13800138000), full-width or not."""
    text = _half_width(text)
    number = text if text.isalnum() else _SEPARATORS.sub("", text)  # most have no separator to drop
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


def normalize_phone(text: str) -> str:
    """A mobile number as ``normalize_mobile`` gives it, or a landline as ``023-48612345`` (``48612345``
    without an area code)."""
    text = _half_width(text)
    digits = text if text.isalnum() else _LANDLINE_SEPARATORS.sub("", text)
    if digits.startswith("1") or digits.startswith("+86") or not digits:
        return normalize_mobile(text)
    found = _LANDLINE.fullmatch(digits) if digits.isascii() and digits.isdigit() else None
    if found is None:
        raise ValidationError(FIELD, _("Enter a mobile number (11 digits) or a landline with its area code, "
                                       "like 023-48612345."))
    area, local = found.groups()
    return f"{area}-{local}" if area else local


def mask_phone(number: str) -> str:
    """A mobile number as ``mask_mobile`` masks it; a landline keeps its area code and last two digits."""
    if "-" not in number and not (len(number) in (7, 8) and number.isdigit()):
        return mask_mobile(number)
    area, _sep, local = number.rpartition("-")
    return (f"{area}-" if area else "") + "*" * (len(local) - 2) + local[-2:]


def mask_mobile(number: str) -> str:
    """For lists and printouts: 138****5678. Raises ValidationError if ``number`` is not a mobile number."""
    normalized = normalize_mobile(number)
    return normalized[:3] + "****" + normalized[-4:]
