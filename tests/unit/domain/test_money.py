import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.domain.money import MAX_FEN, amount_in_words, from_fen, to_fen
from desktop.errors import ValidationError


def refusal(call, value: object) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as info:
        call(value)
    assert info.value.field == "amount"
    return info.value.message


@pytest.mark.parametrize(
    ("value", "fen"),
    [
        (Decimal("1409.5"), 140950),
        (Decimal("1409.50"), 140950),
        (Decimal("1.230"), 123),  # trailing zeros beyond the fen are exact, hence fine
        (Decimal("-0"), 0),
        (Decimal("0E+100"), 0),
        (Decimal("1E+2"), 10000),
        (12, 1200),
        (-3, -300),
        ("1409.5", 140950),
        (" 1,409.50 ", 140950),
        ("1,234,567.89", 123456789),
        ("¥12", 1200),
        ("￥ 12.3", 1230),
        ("-¥12", -1200),
        ("-0.01", -1),
        ("+5", 500),
        (".5", 50),
        ("0", 0),
        ("１２３", 12300),  # full-width, as a Chinese IME types them
        ("１２３.４５", 12345),
        ("１２３．４５", 12345),
        ("１，０００．５", 100050),
        ("￥１２３", 12300),
        ("¥１２３．４", 12340),
        ("－￥５", -500),
        ("\u3000１２\u3000", 1200),  # ideographic spaces around it
    ],
)
def test_to_fen_accepts(value: Decimal | str | int, fen: int) -> None:
    assert to_fen(value) == fen


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("", "Enter"),
        ("   ", "Enter"),
        ("1.234", "two decimal places"),
        (Decimal("1.234"), "two decimal places"),
        (Decimal("1E-999999999"), "two decimal places"),
        ("abc", "not an amount"),
        ("12元", "not an amount"),
        ("1,2345", "not an amount"),
        ("1,23.4", "not an amount"),
        ("1.2.3", "not an amount"),
        ("--1", "not an amount"),
        ("NaN", "not an amount"),
        ("Infinity", "not an amount"),
        ("1e3", "not an amount"),
        ("１e３", "not an amount"),
        ("²", "not an amount"),  # other digits than the ASCII and full-width ones
        ("①", "not an amount"),
        ("١٢", "not an amount"),
        ("¥", "not an amount"),
        (Decimal("NaN"), "finite"),
        (Decimal("sNaN"), "finite"),
        (Decimal("-Infinity"), "finite"),
        (Decimal("1E+17"), "too large"),
        (Decimal("1E+999999"), "too large"),
        (10**17, "too large"),
        (1.5, "not an exact amount"),
        (True, "not an exact amount"),
        (None, "not an exact amount"),
    ],
)
def test_to_fen_refuses(value: object, fragment: str) -> None:
    assert fragment in refusal(to_fen, value)


def test_to_fen_limit_is_a_64_bit_integer() -> None:
    assert to_fen(from_fen(MAX_FEN)) == MAX_FEN
    assert "too large" in refusal(to_fen, from_fen(MAX_FEN) + Decimal("0.01"))


def test_from_fen_has_two_places() -> None:
    assert str(from_fen(140950)) == "1409.50"
    assert str(from_fen(0)) == "0.00"
    assert str(from_fen(-5)) == "-0.05"
    assert str(from_fen(10**30)) == "1" + "0" * 28 + ".00"


@pytest.mark.parametrize("value", [1.0, "1", Decimal(1), True, None])
def test_from_fen_refuses_non_integers(value: object) -> None:
    refusal(from_fen, value)


# The People's Bank examples and the zero rules of the 《支付结算办法》 appendix.
@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("1409.50", "壹仟肆佰零玖元伍角"),
        ("6007.14", "陆仟零柒元壹角肆分"),
        ("1680.32", "壹仟陆佰捌拾元零叁角贰分"),
        ("107000.53", "壹拾万柒仟元零伍角叁分"),
        ("16409.02", "壹万陆仟肆佰零玖元零贰分"),
        ("325.04", "叁佰贰拾伍元零肆分"),
        ("100100", "壹拾万零壹佰元整"),
        ("10000", "壹万元整"),
        ("0", "零元整"),
        ("1004.06", "壹仟零肆元零陆分"),
        ("0.5", "伍角"),
        ("0.05", "伍分"),
        ("0.55", "伍角伍分"),
        ("100000000", "壹亿元整"),
        ("100010000", "壹亿零壹万元整"),
        ("100000001", "壹亿零壹元整"),
        ("10.00", "壹拾元整"),
        ("15", "壹拾伍元整"),
        ("110", "壹佰壹拾元整"),
        ("10001000", "壹仟万壹仟元整"),
        ("10100100", "壹仟零壹拾万零壹佰元整"),
        ("1680.30", "壹仟陆佰捌拾元零叁角"),
        ("999999999999.99", "玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"),
        (Decimal("-1409.5"), "负壹仟肆佰零玖元伍角"),
        (-10, "负壹拾元整"),
        ("-0.00", "零元整"),
    ],
)
def test_amount_in_words(amount: Decimal | int | str, words: str) -> None:
    assert amount_in_words(amount) == words


@pytest.mark.parametrize(
    ("amount", "fragment"),
    [("1.234", "two decimal places"), ("1000000000000", "one trillion"), (-(10**12), "one trillion"), (0.5, "exact")],
)
def test_amount_in_words_refuses(amount: object, fragment: str) -> None:
    assert fragment in refusal(amount_in_words, amount)


two_place_decimals = st.decimals(
    min_value=-(10**15), max_value=10**15, places=2, allow_nan=False, allow_infinity=False
)


@given(two_place_decimals)
def test_decimal_round_trip(value: Decimal) -> None:
    assert from_fen(to_fen(value)) == value
    assert to_fen(str(value)) == to_fen(value)


@given(st.integers(-(10**16), 10**16))
def test_fen_round_trip(fen: int) -> None:
    assert to_fen(from_fen(fen)) == fen
    assert to_fen(f"{from_fen(fen):,}") == fen


_TO_FULL_WIDTH = str.maketrans({chr(0x21 + i): chr(0xFF01 + i) for i in range(94)})


@given(st.integers(-(10**16), 10**16), st.sampled_from(["", "¥", "￥"]), st.booleans())
def test_full_width_round_trip(fen: int, currency: str, grouped: bool) -> None:
    """Any amount typed in full-width forms (digits, point, comma, sign) reads as the same fen, exactly."""
    yuan = from_fen(fen)
    typed = (f"{abs(yuan):,}" if grouped else str(abs(yuan))).translate(_TO_FULL_WIDTH)
    sign = "－" if fen < 0 else ""
    assert to_fen(f"{sign}{currency}{typed}") == fen
    assert from_fen(to_fen(typed)) == abs(yuan)


@given(st.floats(allow_nan=True, allow_infinity=True))
def test_floats_are_always_refused(value: float) -> None:
    with pytest.raises(ValidationError):
        to_fen(value)


@given(st.text(max_size=30))
def test_arbitrary_text_converts_or_raises_validation_error(text: str) -> None:
    try:
        to_fen(text)
    except ValidationError as error:
        assert error.field == "amount"


_VALUES = {ch: i for i, ch in enumerate("零壹贰叁肆伍陆柒捌玖")}
_UNITS = {"拾": 10, "佰": 100, "仟": 1000}


def _read_back(words: str) -> int:
    """An independent reader of amounts in words, to check the writer against (in fen)."""
    sign = -1 if words.startswith("负") else 1
    total = section = digit = 0
    for ch in words.removeprefix("负").removesuffix("整"):
        if ch in _VALUES:
            digit = _VALUES[ch]
        elif ch in _UNITS:
            section, digit = section + digit * _UNITS[ch], 0
        elif ch in ("亿", "万"):
            total, section, digit = total + (section + digit) * (10**8 if ch == "亿" else 10**4), 0, 0
        elif ch == "元":
            total, section, digit = (total + section + digit) * 100, 0, 0
        elif ch == "角":
            total, digit = total + digit * 10, 0
        elif ch == "分":
            total, digit = total + digit, 0
    return sign * total


@given(st.integers(-(10**14) + 1, 10**14 - 1))
def test_words_read_back_to_the_amount(fen: int) -> None:
    words = amount_in_words(from_fen(fen))
    assert _read_back(words) == fen
    assert "零零" not in words
    assert not re.search("零[元万亿角分整]|零$", words) or words == "零元整"
    assert words.endswith("整") == (fen % 100 == 0)
    assert words.startswith("负") == (fen < 0)
