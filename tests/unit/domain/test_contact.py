import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.domain.contact import mask_mobile, mask_phone, normalize_mobile, normalize_phone
from desktop.errors import ValidationError


@pytest.mark.parametrize(
    "text",
    ["13800138000", " 138 0013 8000 ", "138-0013-8000", "+86 138 0013 8000", "+8613800138000", "8613800138000"],
)
def test_accepted_forms(text: str) -> None:
    assert normalize_mobile(text) == "13800138000"


@pytest.mark.parametrize("prefix", ["13", "14", "15", "16", "17", "18", "19"])
def test_all_mobile_prefixes(prefix: str) -> None:
    assert normalize_mobile(prefix + "012345678") == prefix + "012345678"


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "Enter"),
        (" - ", "Enter"),
        ("1380013800", "has 10"),
        ("138001380001", "has 12"),
        ("+86 138001380", "has 9"),
        ("12800138000", "13 to 19"),
        ("23800138000", "13 to 19"),
        ("1380013800O", "only digits"),
        ("(010) 12345678", "only digits"),
        ("١٣٨٠٠١٣٨٠٠٠", "only digits"),  # Arabic-Indic digits; full-width ones are read as digits
        ("+1 3800138000", "only digits"),
    ],
)
def test_refusals(text: str, fragment: str) -> None:
    with pytest.raises(ValidationError) as info:
        normalize_mobile(text)
    assert info.value.field == "phone"
    assert fragment in info.value.message


def test_mask_mobile() -> None:
    assert mask_mobile("138 1234 5678") == "138****5678"
    with pytest.raises(ValidationError):
        mask_mobile("12345")


@given(st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True))
def test_normalized_numbers_are_fixed_points(number: str) -> None:
    assert normalize_mobile(number) == number
    assert normalize_mobile(f"+86 {number[:3]}-{number[3:7]}-{number[7:]}") == number


@pytest.mark.parametrize(("text", "normalized", "masked"), [
    ("023-48612345", "023-48612345", "023-******45"),
    ("(023) 4861 2345", "023-48612345", "023-******45"),
    ("（010）62345678", "010-62345678", "010-******78"),
    ("02348612345", "023-48612345", "023-******45"),
    ("0571-8765432", "0571-8765432", "0571-*****32"),
    ("4861234", "4861234", "*****34"),
    ("138-0013-8000", "13800138000", "138****8000"),
    ("１３８　１２３４　５６７８", "13812345678", "138****5678"),  # typed with a Chinese input method
    ("＋８６ １３８１２３４５６７８", "13812345678", "138****5678"),
    ("（０２３）４８６１２３４５", "023-48612345", "023-******45"),
])
def test_a_phone_is_a_mobile_or_a_landline(text: str, normalized: str, masked: str) -> None:
    assert normalize_phone(text) == normalized
    assert normalize_phone(normalized) == normalized
    assert mask_phone(normalized) == masked


@pytest.mark.parametrize("text", ["0023-1234567", "023-0123456", "023-123456789", "电话", "12345"])
def test_a_phone_that_is_neither_is_refused(text: str) -> None:
    with pytest.raises(ValidationError) as refused:
        normalize_phone(text)
    assert refused.value.field == "phone"
