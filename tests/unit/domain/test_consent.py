"""Consent to process sensitive information: needed for sensitive fields, the guardian's under 14."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.domain.consent import Consent, age_on, checked_consent
from desktop.errors import ValidationError

TODAY = date(2026, 3, 1)


def refused(consent: Consent | None, birth: date | None = None, *, sensitive: bool = True) -> str:
    with pytest.raises(ValidationError) as caught:
        checked_consent(consent, sensitive=sensitive, birth_date=birth, today=TODAY)
    return caught.value.field


def test_sensitive_fields_need_a_consent() -> None:
    assert refused(None) == "consent_on"
    assert checked_consent(None, sensitive=False, birth_date=None, today=TODAY) is None


def test_an_adult_consents_and_guardian_fields_are_cleared() -> None:
    given = Consent(date(2026, 2, 1), "written", "self", "张三", "父亲")
    assert checked_consent(given, sensitive=True, birth_date=date(1990, 5, 1), today=TODAY) == Consent(
        date(2026, 2, 1), "written", "self")


def test_a_child_under_14_needs_the_guardian_with_a_name() -> None:
    birth = date(2012, 3, 2)  # 13 on 2026-03-01, the day before the 14th birthday
    assert refused(Consent(TODAY, "oral"), birth) == "consent_by"
    assert refused(Consent(TODAY, "oral", "guardian", "  "), birth) == "guardian_name"
    ok = checked_consent(Consent(TODAY, "oral", "guardian", " 李 红梅 ", "母亲"), sensitive=True, birth_date=birth,
                         today=TODAY)
    assert ok is not None and (ok.guardian_name, ok.guardian_relation) == ("李 红梅", "母亲")
    # on the 14th birthday the person consents for themself
    assert checked_consent(Consent(date(2026, 3, 2), "electronic"), sensitive=True, birth_date=birth,
                           today=date(2026, 3, 2)) is not None


@pytest.mark.parametrize(("consent", "field"), [
    (Consent(date(2026, 3, 2), "written"), "consent_on"),  # in the future
    (Consent(date(1989, 12, 31), "written"), "consent_on"),  # before the birth
    (Consent(TODAY, "fax"), "consent_method"),
    (Consent(TODAY, "written", "neighbour"), "consent_by"),
    (Consent(TODAY, "written", "guardian", "王" * 51), "guardian_name"),
    (Consent(TODAY, "written", "guardian", "王五", "舅" * 21), "guardian_relation"),
])
def test_bad_consents_are_refused_at_their_field(consent: Consent, field: str) -> None:
    assert refused(consent, date(1990, 1, 1)) == field


def test_age_on_leap_day_birthdays() -> None:
    assert age_on(date(2012, 2, 29), date(2026, 2, 28)) == 13
    assert age_on(date(2012, 2, 29), date(2026, 3, 1)) == 14
