"""Administrative-division codes (行政区划代码): 6 digits county, 9 township, 12 village level."""

from __future__ import annotations

from desktop.errors import ValidationError
from desktop.i18n import _

PROVINCE_CODES = frozenset({
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
    "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64",
    "65", "71", "81", "82",
})
LENGTHS = (6, 9, 12)


def normalize_division_code(text: str, field: str = "division_code", *, required: bool = True) -> str:
    """Strip spaces and check length, digits and province; an empty optional code stays empty."""
    code = "".join(text.split())
    if not code:
        if required:
            raise ValidationError(field, _("Enter the administrative-division code."))
        return ""
    if not code.isascii() or not code.isdigit() or len(code) not in LENGTHS:
        raise ValidationError(field, _("A division code has 6, 9 or 12 digits."))
    if code[:2] not in PROVINCE_CODES:
        raise ValidationError(field, _("{code} does not start with a province code.").format(code=code[:2]))
    return code
