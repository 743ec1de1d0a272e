"""Consent to process sensitive personal information (PIPL arts. 29 and 31).

A record that holds an ID number, a phone or other sensitive fields stores how and when the person
agreed; for a child under 14 the guardian agrees. Registers of volunteers and of clients share it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from desktop.domain.codes import CONSENT_GIVERS, CONSENT_METHODS
from desktop.errors import ValidationError
from desktop.i18n import N_, _

CHILD_AGE = 14  # PIPL art. 28: the personal information of a child under 14 is sensitive as such
PERSON_FIELDS = (N_("ID number"), N_("Phone"))  # a volunteer's sensitive fields; a client has more


def age_on(birth: date, day: date) -> int:
    """Whole years completed on ``day`` (a 29 February birthday is reached on 1 March)."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


@dataclass(frozen=True)
class Consent:
    given_on: date
    method: str  # CONSENT_METHODS
    given_by: str = "self"  # CONSENT_GIVERS
    guardian_name: str = ""
    guardian_relation: str = ""

    def validated(self, birth_date: date | None, today: date) -> Consent:
        """Checked against the person's birth date; guardian fields are cleared when the person agreed."""
        if self.method not in CONSENT_METHODS:
            raise ValidationError("consent_method", _("Choose how the consent was given."))
        if self.given_by not in CONSENT_GIVERS:
            raise ValidationError("consent_by", _("Choose who gave the consent."))
        if self.given_on > today:
            raise ValidationError("consent_on", _("The consent date is in the future."))
        if birth_date is not None and self.given_on < birth_date:
            raise ValidationError("consent_on", _("The consent date is before the birth date."))
        if birth_date is not None and age_on(birth_date, self.given_on) < CHILD_AGE and self.given_by != "guardian":
            raise ValidationError("consent_by", _("The person was under {age} on the consent date: the guardian "
                                                  "must give the consent.").format(age=CHILD_AGE))
        if self.given_by != "guardian":
            named = self.guardian_name or self.guardian_relation
            return replace(self, guardian_name="", guardian_relation="") if named else self
        name, relation = " ".join(self.guardian_name.split()), self.guardian_relation.strip()
        if not name:
            raise ValidationError("guardian_name", _("Enter the name of the guardian who gave the consent."))
        if len(name) > 50:
            raise ValidationError("guardian_name", _("At most {n} characters.").format(n=50))
        if len(relation) > 20:
            raise ValidationError("guardian_relation", _("At most {n} characters.").format(n=20))
        return replace(self, guardian_name=name, guardian_relation=relation)


def checked_consent(consent: Consent | None, *, sensitive: bool, birth_date: date | None, today: date,
                    fields: Sequence[str] = PERSON_FIELDS) -> Consent | None:
    """The consent, validated; refused when sensitive fields are given without one. ``fields`` names
    (msgids of their labels) those given, for the refusal to say what needs the consent."""
    if consent is not None:
        return consent.validated(birth_date, today)
    if not sensitive:
        return None
    named = _(", ").join(_(field) for field in fields)
    if birth_date is not None and age_on(birth_date, today) < CHILD_AGE:
        raise ValidationError("consent_on", _("The person is under {age}: sensitive personal information "
                                              "({fields}) needs the guardian's consent; record when and how the "
                                              "guardian gave it.").format(age=CHILD_AGE, fields=named))
    raise ValidationError("consent_on", _("Sensitive personal information ({fields}) needs the person's consent: "
                                          "record when and how it was given.").format(fields=named))
