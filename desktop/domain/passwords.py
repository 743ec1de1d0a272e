"""The password policy: long enough, more than one kind of character, not the user name."""

from __future__ import annotations

from desktop.errors import ValidationError
from desktop.i18n import _

MIN_LENGTH = 8


def check_password(password: str, username: str = "", field: str = "password") -> None:
    if len(password) < MIN_LENGTH:
        raise ValidationError(field, _("Use at least {n} characters.").format(n=MIN_LENGTH))
    classes = [
        any(c.isalpha() for c in password),
        any(c.isdigit() for c in password),
        any(not c.isalnum() and not c.isspace() for c in password),
    ]
    if not (classes[0] and (classes[1] or classes[2])):
        raise ValidationError(field, _("Mix letters with digits or symbols."))
    if len(set(password)) < 4:
        raise ValidationError(field, _("Use more different characters."))
    if username and username.lower() in password.lower():
        raise ValidationError(field, _("The password must not contain the user name."))
