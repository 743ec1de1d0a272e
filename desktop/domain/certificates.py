"""Rules of the volunteer service certificate (志愿服务记录证明): numbers, verification codes, masking.

A verification code is 12 random Crockford base32 characters (60 bits: not guessable, short
enough to read over the phone), shown in groups of four. Crockford's alphabet has no I, L, O or U,
so a code typed with those letters is read as 1, 1 and 0, and hyphens and spaces are ignored.
"""

from __future__ import annotations

import secrets
from datetime import date

from desktop.errors import ValidationError
from desktop.i18n import N_, _

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 12
GROUP = 4
QR_PREFIX = "WUSHE-CERT:"
# What verification finds.
VALID, REVOKED, UNKNOWN, ALTERED = "valid", "revoked", "unknown", "altered"
VERDICTS: dict[str, str] = {
    VALID: N_("Valid: in the register and unchanged since it was issued"),
    REVOKED: N_("Revoked: the station has withdrawn this certificate"),
    UNKNOWN: N_("Unknown: no certificate in the register has this code"),
    ALTERED: N_("Altered: the register entry no longer matches what was issued"),
}
_LOOKALIKES = str.maketrans({"I": "1", "L": "1", "O": "0"})
# The township's own suffix is left out of the issuer's short name: 青山镇 → 青山志证〔2026〕0001号.
_TOWNSHIP_SUFFIXES = ("街道办事处", "街道", "苏木", "镇", "乡")


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _i in range(CODE_LENGTH))


def normalize_code(text: str) -> str:
    """The 12-character code from what a person typed or a QR scanner read (``WUSHE-CERT:…``)."""
    code = text.strip().upper()
    code = code.removeprefix(QR_PREFIX)
    code = "".join(code.replace("-", " ").split()).translate(_LOOKALIKES)
    if len(code) != CODE_LENGTH or any(c not in ALPHABET for c in code):
        raise ValidationError("code", _("A verification code has 12 letters and digits, like 7K3M-Q9TX-2HDP."))
    return code


def format_code(code: str) -> str:
    return "-".join(code[i:i + GROUP] for i in range(0, len(code), GROUP))


def qr_payload(code: str) -> str:
    return QR_PREFIX + format_code(code)


def plain_number(year: int, serial: int) -> str:
    """The sortable number used on the command line: ZYZ-2026-0001 (志愿证)."""
    return f"ZYZ-{year}-{serial:04d}"


def official_number(issuer: str, year: int, serial: int) -> str:
    """The number as a station writes it on paper: 青山志证〔2026〕0001号."""
    return f"{issuer_short_name(issuer)}志证〔{year}〕{serial:04d}号"


def issuer_short_name(name: str) -> str:
    for suffix in _TOWNSHIP_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name.removesuffix(suffix)
    return name


def mask_name(name: str) -> str:
    """A checker learns whose certificate it is without the full name: 张*明, 李*, 欧阳**华."""
    name = name.strip()
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def check_period(start: date, end: date, today: date) -> None:
    if end < start:
        raise ValidationError("period_to", _("The period ends before it starts."))
    if end > today:
        raise ValidationError("period_to", _("The period cannot end after today."))
