"""Identity documents of any type: the canonical number, its blind-index key and its masked form.

Resident ID cards are checked in full (``identity``); the other documents (港澳/台湾 passes and
residence permits, passports) only get a shape check, since their numbering schemes vary.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from desktop.domain.codes import GENDERS, ID_TYPES
from desktop.domain.identity import EARLIEST_BIRTH_YEAR, FIELD, parse_resident_id, upgrade_legacy_id
from desktop.errors import ValidationError
from desktop.i18n import _

_OTHER = re.compile(r"[A-Z0-9]{5,30}")
LEGACY_ID = re.compile(r"[0-9]{15}")  # a first-generation ID card's number
_SPACES = re.compile(r"[\s-]+")


def tidy_id_text(text: str) -> str:
    """An ID number as typed or read from a cell, in the one form every check, blind index, last-four
    column and search compares: full-width characters folded (３３８Ｘ), spaces and hyphens dropped, upper
    case (a check digit typed x). Without this, 338x and 338X were two people to the duplicate guard."""
    if text.isascii() and text.isalnum():  # most numbers: nothing to fold or drop (an import tidies each thrice)
        return text.upper()
    return _SPACES.sub("", unicodedata.normalize("NFKC", text)).upper()


def normalize_id_number(id_type: str, text: str) -> str:
    """The number as stored and compared: checked, in the form ``tidy_id_text`` gives."""
    if id_type not in ID_TYPES:
        raise ValidationError("id_type", _("Choose one of the listed options."))
    number = tidy_id_text(text)
    if id_type == "resident_id":
        return parse_resident_id(number).number
    if not _OTHER.fullmatch(number):
        raise ValidationError(FIELD, _("A document number has 5 to 30 letters and digits."))
    return number


def upgraded_id(id_type: str, number: str) -> str:
    """An old 15-digit ID card number as the 18-character one (GB 11643: 19 before the year, a check digit
    after); any other number as it is. An import takes the upgrade with a warning; the client form offers it.
    Raises ValidationError for a 15-digit number that encodes no real date or division."""
    legacy = id_type == "resident_id" and len(number) == 15 and LEGACY_ID.fullmatch(number)  # the length first: cheap
    return upgrade_legacy_id(number) if legacy else number


def blind_key(id_type: str, number: str) -> str:
    """What the keyed blind index hashes: the type keeps a passport from matching an ID card."""
    return f"{id_type}:{number}"


def mask_id_number(number: str) -> str:
    """For lists and printouts: 5101**********1234 for an ID card; shorter numbers keep less."""
    keep = 4 if len(number) >= 12 else 2
    return number[:keep] + "*" * (len(number) - 2 * keep) + number[-keep:]


@dataclass(frozen=True)
class Identity:
    """A person's document as stored, with the birth date and gender a resident ID card settles."""

    id_type: str
    number: str  # canonical; "" when none is recorded
    gender: str  # GENDERS, or "" when not known
    birth_date: date | None


def checked_identity(id_type: str, number: str, gender: str, birth_date: date | None, today: date) -> Identity:
    """The number checked; for an ID card, the typed birth date and gender must agree with it, and are
    taken from it when blank. Registers of volunteers and of clients share this."""
    if gender and gender not in GENDERS:
        raise ValidationError("gender", _("Choose one of the listed options."))
    if birth_date is not None and birth_date.year < EARLIEST_BIRTH_YEAR:  # 1889 for 1989: the form's box cannot show it
        raise ValidationError("birth_date", _("The birth date {date} is before {year}: check the year.").format(
            date=birth_date.isoformat(), year=EARLIEST_BIRTH_YEAR))
    number = tidy_id_text(number)
    if not number:
        if id_type not in ID_TYPES:
            raise ValidationError("id_type", _("Choose one of the listed options."))
        return Identity(id_type, "", gender, birth_date)
    if id_type != "resident_id":
        return Identity(id_type, normalize_id_number(id_type, number), gender, birth_date)
    card = parse_resident_id(number, today=today)  # checked and decoded at once (an import checks 200,000)
    if birth_date and birth_date != card.birth_date:
        raise ValidationError("birth_date", _("The birth date does not agree with the ID card number "
                                              "({date}).").format(date=card.birth_date.isoformat()))
    if gender and gender != card.sex:
        raise ValidationError("gender", _("The gender does not agree with the ID card number."))
    return Identity(id_type, card.number, card.sex, card.birth_date)
