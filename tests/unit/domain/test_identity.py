from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.domain.identity import (
    PROVINCE_CODES,
    ResidentId,
    make_resident_id,
    parse_resident_id,
    upgrade_legacy_id,
)
from desktop.errors import ValidationError

TODAY = date(2024, 6, 1)
SAMPLE = "11010519491231002X"


def refusal(text: str, **kwargs: object) -> str:
    with pytest.raises(ValidationError) as info:
        parse_resident_id(text, **kwargs)  # type: ignore[arg-type]
    assert info.value.field == "id_number"
    return info.value.message


def test_well_known_sample_is_valid() -> None:
    rid = parse_resident_id(SAMPLE, today=TODAY)
    assert rid == ResidentId(SAMPLE, date(1949, 12, 31), "female", "110105")


def test_whitespace_and_lowercase_x_are_accepted() -> None:
    assert parse_resident_id(" 11010519491231002x\n").number == SAMPLE


def test_odd_17th_digit_is_male() -> None:
    number = make_resident_id("510104", date(1985, 3, 7), 12, male=True)
    rid = parse_resident_id(number)
    assert rid.sex == "male"
    assert int(number[16]) % 2 == 1


def test_masked_keeps_first_and_last_four() -> None:
    number = make_resident_id("510104", date(1985, 3, 7), 12, male=True)
    assert parse_resident_id(number).masked == "5101**********" + number[-4:]
    assert len(parse_resident_id(number).masked) == 18


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "Enter"),
        ("   ", "Enter"),
        ("110105491231002", "15-digit"),
        ("1101051949123100", "has 16"),
        ("11010519491231002X1", "has 19"),
        ("1101051949123100AX", "first 17"),
        ("１１010519491231002X", "first 17"),  # full-width digits
        (SAMPLE[:17] + "Y", "last character"),
        ("X10105194912310021", "first 17"),
    ],
)
def test_format_refusals(text: str, fragment: str) -> None:
    assert fragment in refusal(text, today=TODAY)


def test_unknown_province_is_refused() -> None:
    number = make_resident_id("990101", date(1980, 1, 1), 1, male=False)
    assert "99" in refusal(number, today=TODAY)


@pytest.mark.parametrize("code", ["00", "10", "16", "24", "47", "55", "66", "72", "83", "91"])
def test_non_province_prefixes_are_refused(code: str) -> None:
    assert code in refusal(make_resident_id(code + "0101", date(1980, 1, 1), 1, male=True), today=TODAY)


def test_impossible_birth_date_is_refused() -> None:
    first17 = "51010419990230123"
    for check in "0123456789X":
        assert "19990230" in refusal(first17 + check, today=TODAY)


def test_future_birth_date_is_refused() -> None:
    number = make_resident_id("510104", date(2024, 6, 2), 1, male=True)
    assert "future" in refusal(number, today=TODAY)
    assert parse_resident_id(make_resident_id("510104", TODAY, 1, male=True), today=TODAY).birth_date == TODAY


def test_birth_before_1900_is_refused() -> None:
    assert "1900" in refusal(make_resident_id("510104", date(1899, 12, 31), 1, male=True), today=TODAY)
    assert parse_resident_id(make_resident_id("510104", date(1900, 1, 1), 1, male=True)).birth_date.year == 1900


def test_wrong_check_digit_is_refused_without_revealing_the_right_one() -> None:
    message = refusal("110105194912310021", today=TODAY)
    assert "check digit" in message
    assert "X" not in message


def test_a_single_mistyped_digit_is_caught() -> None:
    typo = SAMPLE[:14] + "1" + SAMPLE[15:]  # 002X -> 012X
    assert "check digit" in refusal(typo, today=TODAY)


def test_upgrade_legacy_id() -> None:
    assert upgrade_legacy_id(" 110105491231002 ") == SAMPLE


@pytest.mark.parametrize("text", ["", "11010549123100", "1101054912310021", "11010549123100X", "110105490230002"])
def test_upgrade_legacy_id_refuses_bad_input(text: str) -> None:
    with pytest.raises(ValidationError) as info:
        upgrade_legacy_id(text)
    assert info.value.field == "id_number"


@pytest.mark.parametrize(
    ("division", "sequence"), [("51010", 1), ("51010a", 1), ("510104", -1), ("510104", 100)]
)
def test_make_resident_id_refuses_bad_arguments(division: str, sequence: int) -> None:
    with pytest.raises(ValueError):
        make_resident_id(division, date(1980, 1, 1), sequence, male=True)


divisions = st.builds(
    lambda province, rest: f"{province}{rest:04d}",
    st.sampled_from(sorted(PROVINCE_CODES)),
    st.integers(0, 9999),
)


@given(divisions, st.dates(date(1900, 1, 1), TODAY), st.integers(0, 99), st.booleans())
def test_made_ids_parse_back(division: str, birth: date, sequence: int, male: bool) -> None:
    number = make_resident_id(division, birth, sequence, male)
    rid = parse_resident_id(number, today=TODAY)
    assert (rid.number, rid.birth_date, rid.sex, rid.division_code) == (
        number,
        birth,
        "male" if male else "female",
        division,
    )
    assert number[14:16] == f"{sequence:02d}"


@given(divisions, st.dates(date(1900, 1, 1), date(1999, 12, 31)), st.integers(0, 99), st.booleans())
def test_upgrade_inverts_the_legacy_form(division: str, birth: date, sequence: int, male: bool) -> None:
    number = make_resident_id(division, birth, sequence, male)
    assert upgrade_legacy_id(number[:6] + number[8:17]) == number


@given(st.text(max_size=20))
def test_arbitrary_text_parses_or_raises_validation_error(text: str) -> None:
    try:
        parse_resident_id(text, today=TODAY)
    except ValidationError as error:
        assert error.field == "id_number"
