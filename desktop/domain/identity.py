"""Mainland resident ID card numbers (公民身份号码, GB 11643-1999).

Numbers are checked here, once, with messages that tell a clerk which part is wrong;
python-stdnum only supplies the ISO 7064 MOD 11-2 arithmetic.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from stdnum.cn import ric

from desktop.domain.division import PROVINCE_CODES
from desktop.errors import ValidationError
from desktop.i18n import _

FIELD = "id_number"
EARLIEST_BIRTH_YEAR = 1900


@dataclass(frozen=True)
class ResidentId:
    """A checked ID number and what it encodes; ``number`` is the canonical 18-character form."""

    number: str
    birth_date: date
    sex: str  # "male" | "female"
    division_code: str

    @property
    def masked(self) -> str:
        """For lists and printouts, where the full number would leak personal data."""
        return self.number[:4] + "*" * 10 + self.number[-4:]


def _check_digit(first17: str) -> str:
    # stdnum expects the check position to be present and ignores its value.
    return ric.calc_check_digit(first17 + "0")


def _is_digits(text: str) -> bool:
    """ASCII digits only (``str.isdigit`` alone takes full-width and other Unicode digits), at least one."""
    return text.isascii() and text.isdigit()


def _check_division(code: str) -> None:
    if code[:2] not in PROVINCE_CODES:
        raise ValidationError(
            FIELD,
            _("The ID card number starts with {code}, which is not a province-level division code.").format(
                code=code[:2]
            ),
        )


def _birth_date(digits: str, today: date) -> date:
    try:
        birth = date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        raise ValidationError(
            FIELD, _("The birth date in the ID card number ({digits}) is not a real date.").format(digits=digits)
        ) from None
    if birth > today:
        raise ValidationError(
            FIELD,
            _("The birth date in the ID card number ({date}) is in the future.").format(date=birth.isoformat()),
        )
    if birth.year < EARLIEST_BIRTH_YEAR:
        raise ValidationError(
            FIELD,
            _("The birth date in the ID card number ({date}) is before {year}.").format(
                date=birth.isoformat(), year=EARLIEST_BIRTH_YEAR
            ),
        )
    return birth


def parse_resident_id(text: str, *, today: date | None = None) -> ResidentId:
    """Check an 18-character ID number and decode it; raises ValidationError saying what is wrong."""
    number = text.strip().upper()
    if not number:
        raise ValidationError(FIELD, _("Enter the ID card number."))
    if len(number) == 15 and _is_digits(number):
        raise ValidationError(
            FIELD, _("This is an old 15-digit ID card number; enter the 18-character number of the current card.")
        )
    if len(number) != 18:
        raise ValidationError(
            FIELD, _("An ID card number has 18 characters; this one has {n}.").format(n=len(number))
        )
    if not _is_digits(number[:17]):
        raise ValidationError(FIELD, _("The first 17 characters of an ID card number must be digits."))
    if not (_is_digits(number[17]) or number[17] == "X"):
        raise ValidationError(FIELD, _("The last character of an ID card number must be a digit or X."))
    _check_division(number[:6])
    birth = _birth_date(number[6:14], today or date.today())
    # The expected digit is not shown: the typo is usually elsewhere, and showing it
    # would invite "fixing" the last digit into a valid-looking wrong number.
    if number[17] != _check_digit(number[:17]):
        raise ValidationError(
            FIELD, _("The ID card number does not match its check digit; a digit is probably mistyped.")
        )
    return ResidentId(
        number=number,
        birth_date=birth,
        sex="male" if int(number[16]) % 2 else "female",
        division_code=number[:6],
    )


def upgrade_legacy_id(text: str) -> str:
    """Turn a 15-digit first-generation number into the 18-character one (imports of old records)."""
    number = text.strip()
    if len(number) != 15 or not _is_digits(number):
        raise ValidationError(FIELD, _("An old ID card number has exactly 15 digits."))
    first17 = number[:6] + "19" + number[6:]
    return parse_resident_id(first17 + _check_digit(first17)).number


def make_resident_id(division: str, birth: date, sequence: int, male: bool) -> str:
    """Build a number with a valid check digit, for fictitious demo data and tests.

    ``sequence`` (0-99) gives digits 15-16; the sex digit 17 varies with it but keeps the parity
    of ``male``. Bad arguments are programming errors, hence ValueError.
    """
    if len(division) != 6 or not _is_digits(division):
        raise ValueError(f"division must be 6 digits, got {division!r}")
    if not 0 <= sequence <= 99:
        raise ValueError(f"sequence must be 0-99, got {sequence}")
    sex_digit = 2 * (sequence % 5) + (1 if male else 0)
    first17 = f"{division}{birth.year:04d}{birth.month:02d}{birth.day:02d}{sequence:02d}{sex_digit}"
    return first17 + _check_digit(first17)
