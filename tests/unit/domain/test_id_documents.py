"""Identity documents of every type: canonical numbers, the blind-index key, masking."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.domain.id_documents import blind_key, checked_identity, mask_id_number, normalize_id_number
from desktop.domain.identity import make_resident_id, parse_resident_id
from desktop.errors import ValidationError


def test_a_resident_id_is_checked_and_masked_as_the_card_rules_say() -> None:
    number = make_resident_id("500110", date(1962, 4, 18), 0, False)
    assert normalize_id_number("resident_id", number.lower()) == number
    assert mask_id_number(number) == parse_resident_id(number).masked == number[:4] + "*" * 10 + number[-4:]
    with pytest.raises(ValidationError) as caught:
        normalize_id_number("resident_id", number[:-1] + ("0" if number[-1] != "0" else "1"))
    assert caught.value.field == "id_number"


def test_other_documents_get_a_shape_check() -> None:
    assert normalize_id_number("passport", " e1234 5678 ") == "E12345678"
    assert mask_id_number("E12345678") == "E1*****78"
    assert blind_key("passport", "E12345678") != blind_key("other", "E12345678")
    with pytest.raises(ValidationError):
        normalize_id_number("hk_macau", "H12")
    with pytest.raises(ValidationError) as caught:
        normalize_id_number("driving_licence", "E12345678")
    assert caught.value.field == "id_type"


def test_a_birth_date_before_1900_is_refused_as_a_slip_of_the_year() -> None:
    """1889 for 1989: the client form's date box starts at 1900 and would show such a date as unknown."""
    today = date(2026, 12, 3)
    assert checked_identity("resident_id", "", "female", date(1900, 1, 1), today).birth_date == date(1900, 1, 1)
    for typed in (date(1889, 5, 1), date(989, 5, 1)):
        with pytest.raises(ValidationError) as caught:
            checked_identity("resident_id", "", "female", typed, today)
        assert (caught.value.field, caught.value.message) == (
            "birth_date", f"The birth date {typed.isoformat()} is before 1900: check the year.")
