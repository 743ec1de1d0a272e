"""What a form or an import gives for a client (服务对象) and the members of their household, and the
checks it must pass before ``clients.add`` or ``clients.update`` stores it.

A resident ID card settles the birth date and gender (filled when blank, refused when they disagree).
A client under 18 needs a guardian; the consent to process the sealed fields follows the volunteers'
rule (``domain.consent``: under 14 the guardian gives it), and a consent the guardian gave is the
client's guardian's. Every sealed field needs it (``SEALED_LABELS``): the ID number, the phones, the
address and the notes on the client and the household.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from desktop.domain.codes import HOUSEHOLD_RELATIONS, TARGET_GROUPS
from desktop.domain.consent import Consent, age_on, checked_consent
from desktop.domain.id_documents import checked_identity
from desktop.domain.identity import EARLIEST_BIRTH_YEAR
from desktop.errors import ValidationError, ValidationErrors, each_problem, raise_all
from desktop.i18n import N_, _
from desktop.services.contacts import optional_phone
from desktop.services.forms import CLIENT_REGISTERED, one_of, optional_text, registration_day, required_text

ADULT_AGE = 18  # a minor (未成年人) has a guardian
CHILD_GROUPS = frozenset({"left_behind_child", "child_in_difficulty"})
# Spaces between two Chinese characters of a name (or the · of 阿卜杜·热合曼): padding typed to line
# up a roster's two-character names with its three-character ones (" 王 秀 兰 ").
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f·"
_PADDING = re.compile(f"(?<=[{_HAN}]) (?=[{_HAN}])")
# The fields sealed at rest (client_rows, and the household's notes), with their labels in the form: any of
# them given needs a recorded consent (PIPL art. 29), whose refusal names them.
SEALED_LABELS = {"id_number": N_("ID number"), "phone": N_("Phone"), "address": N_("Address"),
                 "guardian_phone": N_("Guardian's phone"), "notes": N_("Notes"),
                 "members": N_("Notes on household members")}


@dataclass(frozen=True)
class MemberInput:
    """One member of the household. ``id`` names the member an edit changes; "" adds one."""

    name: str
    relation: str  # HOUSEHOLD_RELATIONS: the member is the client's …
    birth_year: int | None = None
    lives_with: bool = True  # 同住
    notes: str = ""
    id: str = ""

    def validated(self, today: date) -> MemberInput:
        if self.birth_year is not None and not EARLIEST_BIRTH_YEAR <= self.birth_year <= today.year:
            raise ValidationError("members", _("A household member's birth year must be between {first} and "
                                               "{last}.").format(first=EARLIEST_BIRTH_YEAR, last=today.year))
        return replace(self, name=required_text(self.name, "members", 50),
                       relation=one_of(self.relation, HOUSEHOLD_RELATIONS, "members"),
                       notes=optional_text(self.notes, "members", 200))


@dataclass(frozen=True)
class ClientInput:
    """On update, ``id_number=None`` keeps the stored number (views carry only the masked one); on add it
    means none. ``members`` is the whole household: on update, a stored member left out is removed."""

    name: str
    community_id: str
    id_type: str = "resident_id"
    id_number: str | None = None
    gender: str = ""
    birth_date: date | None = None
    phone: str = ""
    address: str = ""
    target_groups: tuple[str, ...] = ()
    guardian_name: str = ""
    guardian_relation: str = ""  # free text: 祖母, 姑姑, 村委会指定
    guardian_phone: str = ""
    consent: Consent | None = None
    notes: str = ""
    registered_on: date | None = None  # today when not given
    members: tuple[MemberInput, ...] = ()

    def validated(self, today: date | None = None) -> ClientInput:
        """The input checked and tidied. What a person must correct is reported at once (``ValidationErrors``):
        a field typed wrong, the guardian a minor lacks and the consent missing, not one after the other."""
        today = today or date.today()
        found = checked_identity(self.id_type, self.id_number or "", self.gender, self.birth_date, today)
        registered = registration_day(self.registered_on, found.birth_date, today, CLIENT_REGISTERED)
        problems: list[ValidationError] = []
        checked: dict[str, Any] = {}
        try:  # checked in turn, then copied once (an import validates 200,000 clients)
            checked = {
                "name": required_text(person_name(self.name), "name", 100), "id_number": found.number,
                "gender": found.gender, "birth_date": found.birth_date, "registered_on": registered,
                "phone": optional_phone(self.phone), "address": optional_text(self.address, "address", 200),
                "target_groups": _groups(self.target_groups), "guardian_phone": _guardian_phone(self.guardian_phone),
                "notes": optional_text(self.notes, "notes", 500),
                "members": tuple(member.validated(today) for member in self.members)}
        except ValidationError as exc:
            problems.append(exc)
        name, relation, consent = self._guardian(found.birth_date, registered, problems)
        given = self.sealed_given(found.number)
        try:
            consent = checked_consent(consent, sensitive=bool(given), birth_date=found.birth_date, today=today,
                                      fields=[SEALED_LABELS[field] for field in given])
        except ValidationError as exc:
            problems.append(exc)
        raise_all(problems)
        # Built here rather than by ``replace``, which reads every field back first.
        return built(community_id=self.community_id, id_type=self.id_type, guardian_name=name,
                     guardian_relation=relation, consent=consent, **checked)

    def sealed_given(self, number: str | None = None) -> list[str]:
        """The sealed fields given (keys of ``SEALED_LABELS``), each needing the consent; ``number`` is the
        ID number as checked, when it has been."""
        return sealed_given(self.id_number if number is None else number, self.phone, self.address,
                            self.guardian_phone, self.notes, "".join([member.notes for member in self.members]))

    def _guardian(self, birth_date: date | None, registered_on: date,
                  problems: list[ValidationError]) -> tuple[str, str, Consent | None]:
        """The guardian's name and relation, and the consent: taken from the consent when the guardian
        gave it and none is named; a minor must have one. What is wrong is added to ``problems``."""
        name, relation = " ".join(self.guardian_name.split()), self.guardian_relation.strip()
        consent = self.consent
        if consent is not None and consent.given_by == "guardian":
            giver = " ".join(consent.guardian_name.split())
            if giver and name and giver != name:
                problems.append(ValidationError("guardian_name", _(
                    "The consent was given by {giver}, who is not the client's guardian ({name}).").format(
                    giver=giver, name=name)))
            name, relation = name or giver, relation or consent.guardian_relation.strip()
            consent = replace(consent, guardian_name=name, guardian_relation=relation)
        if len(name) > 50:
            problems.append(ValidationError("guardian_name", _("At most {n} characters.").format(n=50)))
        if len(relation) > 20:
            problems.append(ValidationError("guardian_relation", _("At most {n} characters.").format(n=20)))
        minor = birth_date is not None and age_on(birth_date, registered_on) < ADULT_AGE
        if minor and not name:
            problems.append(ValidationError("guardian_name", _(
                "The client is under {age}: enter the guardian's name.").format(age=ADULT_AGE)))
        if minor and not relation:
            problems.append(ValidationError("guardian_relation", _(
                "Enter how the guardian is related to the client.")))
        if not minor and not CHILD_GROUPS.isdisjoint(self.target_groups) and birth_date is not None:
            problems.append(ValidationError("target_groups", _(
                "Left-behind children and children in difficulty are under {age}; check the birth date.").format(
                age=ADULT_AGE)))
        if self.guardian_phone.strip() and not name:
            problems.append(ValidationError("guardian_name", _(
                "Enter the name of the guardian whose phone is given.")))
        return name, relation, consent


def built(**fields: Any) -> ClientInput:
    """``ClientInput(**fields)`` (a field with a default may be left out), without the frozen dataclass's
    ``__init__``: it sets each of the 16 fields through ``object.__setattr__``, a twentieth of an import's check
    each time it builds a row's input and then the checked one. The class has no ``__post_init__`` to miss."""
    made = object.__new__(ClientInput)
    made.__dict__.update(fields)
    return made


def sealed_given(*values: str | None) -> list[str]:
    """The sealed fields given, of the values of ``SEALED_LABELS``'s fields in its order (the members' notes
    run together): an import asks before it builds the input."""
    return [field for field, value in zip(SEALED_LABELS, values) if value and value.strip()]


CONSENT_FIELDS = frozenset({"consent_on", "consent_method", "consent_by"})


def refused_with_the_rest(data: ClientInput, refused: ValidationError) -> ValidationError:
    """The consent as given (a form's rows, a sheet's cells) was refused before ``data`` could hold it:
    that refusal with every other problem of ``data``, checked without a consent, to report all at once."""
    try:
        replace(data, consent=None).validated()
    except ValidationError as exc:
        rest = [problem for problem in each_problem(exc) if problem.field not in CONSENT_FIELDS]
        return ValidationErrors([refused, *rest]) if rest else refused
    return refused


def person_name(text: str) -> str:
    """A name as typed, its spaces collapsed to one and none left between Chinese characters: 王秀兰, and
    Maria Chen with its one space."""
    joined = " ".join(text.split())
    return _PADDING.sub("", joined) if " " in joined else joined  # most names have no space: no regex to run


def _groups(codes: tuple[str, ...]) -> tuple[str, ...]:
    """Each group once, in the order the groups are listed."""
    for code in codes:
        one_of(code, TARGET_GROUPS, "target_groups")
    return tuple(code for code in TARGET_GROUPS if code in codes)


def _guardian_phone(text: str) -> str:
    try:
        return optional_phone(text)
    except ValidationError as exc:
        raise ValidationError("guardian_phone", exc.message) from exc
