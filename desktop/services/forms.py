"""Small field checks shared by the services' input validation."""

from __future__ import annotations

from datetime import date

from desktop.domain.money import FULL_WIDTH
from desktop.errors import ValidationError
from desktop.i18n import N_, _


def required_text(value: str, field: str, max_length: int) -> str:
    text = " ".join(value.split())
    if not text:
        raise ValidationError(field, _("This field is required."))
    return optional_text(text, field, max_length)


def optional_text(value: str, field: str, max_length: int) -> str:
    text = value.strip()
    if len(text) > max_length:
        raise ValidationError(field, _("At most {n} characters.").format(n=max_length))
    return text


def one_of(value: str, codes: dict[str, str], field: str) -> str:
    if value not in codes:
        raise ValidationError(field, _("Choose one of the listed options."))
    return value


# What registration_day says of a date in the future and of one before the birth: a volunteer is registered
# (注册, under the 志愿服务条例), a client entered in the station's register (登记): the words differ in Chinese.
VOLUNTEER_REGISTERED = (N_("The registration date is in the future."),
                        N_("The birth date must be before the registration date."))
CLIENT_REGISTERED = (N_("The date entered in the register is in the future."),
                     N_("The birth date must be before the date entered in the register."))


def registration_day(registered_on: date | None, birth_date: date | None, today: date,
                     texts: tuple[str, str] = VOLUNTEER_REGISTERED) -> date:
    """When a person was registered (today when not given): not in the future, nor before their birth."""
    registered = registered_on or today
    if registered > today:
        raise ValidationError("registered_on", _(texts[0]))
    if birth_date and registered < birth_date:
        raise ValidationError("birth_date", _(texts[1]))
    return registered


def count(value: int | str | None, field: str, *, required: bool = False, maximum: int = 10_000_000,
          not_whole: str = "") -> int | None:
    """A whole number ≥ 0 typed as text or given as int; empty means unknown unless required. ``not_whole``
    says what to enter instead of anything else (90分钟, 1.5), when the field's unit is worth saying."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise ValidationError(field, _("This field is required."))
        return None
    if isinstance(value, bool):
        raise ValidationError(field, not_whole or _("Enter a whole number."))
    if isinstance(value, str):
        text = value.translate(FULL_WIDTH).strip().replace(",", "")  # ９０ as an IME types it
        if not text.isascii() or not text.isdigit():
            raise ValidationError(field, not_whole or _("Enter a whole number."))
        value = int(text)
    if value < 0 or value > maximum:
        raise ValidationError(field, _("Enter a number between 0 and {max}.").format(max=maximum))
    return value
