import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.domain.credit_code import ALPHABET, make_credit_code, normalize_credit_code
from desktop.errors import ValidationError

SAMPLE = "91110000600037341L"


def refusal(text: str) -> str:
    with pytest.raises(ValidationError) as info:
        normalize_credit_code(text)
    assert info.value.field == "credit_code"
    return info.value.message


def test_valid_code_is_normalized() -> None:
    assert normalize_credit_code(SAMPLE) == SAMPLE
    assert normalize_credit_code(" 91110000600037341l ") == SAMPLE


def test_codes_starting_with_a_letter_are_accepted() -> None:
    code = make_credit_code("N2510104MA6CXXXX0")
    assert normalize_credit_code(code) == code


@pytest.mark.parametrize(
    ("text", "fragment"), [("", "Enter"), ("  ", "Enter"), (SAMPLE[:17], "has 17"), (SAMPLE + "0", "has 19")]
)
def test_empty_and_length_refusals(text: str, fragment: str) -> None:
    assert fragment in refusal(text)


@pytest.mark.parametrize("bad", ["I", "O", "Z", "S", "V", "-", "中"])
def test_characters_outside_the_alphabet_are_named(bad: str) -> None:
    message = refusal(SAMPLE[:5] + bad + SAMPLE[6:])
    assert "Character 6" in message
    assert bad in message


def test_wrong_check_character_is_refused() -> None:
    assert "check character" in refusal(SAMPLE[:17] + "M")


def test_a_single_substituted_character_is_caught() -> None:
    assert "check character" in refusal(SAMPLE[:9] + "1" + SAMPLE[10:])


@pytest.mark.parametrize("body", ["", "9111000060003734", "911100006000373411", "9111000060003734I"])
def test_make_credit_code_refuses_bad_bodies(body: str) -> None:
    with pytest.raises(ValueError):
        make_credit_code(body)


@given(st.text(alphabet=ALPHABET, min_size=17, max_size=17))
def test_made_codes_validate(body: str) -> None:
    code = make_credit_code(body)
    assert code[:17] == body
    assert normalize_credit_code(code.lower()) == code


@given(st.text(alphabet=ALPHABET, min_size=17, max_size=17), st.sampled_from(ALPHABET))
def test_any_other_check_character_is_refused(body: str, check: str) -> None:
    code = make_credit_code(body)
    if check != code[-1]:
        with pytest.raises(ValidationError):
            normalize_credit_code(body + check)
