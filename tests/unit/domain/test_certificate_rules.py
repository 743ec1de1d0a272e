"""Certificate rules: verification codes people can type back, numbers as stations write them, masking."""

from datetime import date

import pytest

from desktop.domain.certificates import (
    ALPHABET, CODE_LENGTH, check_period, format_code, mask_name, new_code, normalize_code, official_number,
    plain_number, qr_payload,
)
from desktop.errors import ValidationError


def test_codes_are_random_crockford_base32_in_groups_of_four() -> None:
    codes = {new_code() for _i in range(2000)}
    assert len(codes) == 2000
    assert all(len(c) == CODE_LENGTH and set(c) <= set(ALPHABET) for c in codes)
    assert not set("ILOU") & set(ALPHABET)
    assert format_code("7K3MQ9TX2HDP") == "7K3M-Q9TX-2HDP"


@pytest.mark.parametrize("typed", ["7K3M-Q9TX-2HDP", "7k3m q9tx 2hdp", " 7K3MQ9TX2HDP ", "WUSHE-CERT:7K3M-Q9TX-2HDP",
                                   "wushe-cert:7k3mq9tx2hdp"])
def test_a_code_is_read_back_however_it_was_typed_or_scanned(typed: str) -> None:
    assert normalize_code(typed) == "7K3MQ9TX2HDP"


def test_letters_crockford_leaves_out_are_read_as_the_digits_they_look_like() -> None:
    assert normalize_code("oooo-iiii-llll") == "000011111111"


@pytest.mark.parametrize("typed", ["", "7K3M-Q9TX-2HD", "7K3M-Q9TX-2HDPX", "7K3M-Q9TX-2HDU", "7K3M-Q9TX-2HD#"])
def test_malformed_codes_are_refused(typed: str) -> None:
    with pytest.raises(ValidationError) as caught:
        normalize_code(typed)
    assert caught.value.field == "code"


def test_the_qr_code_carries_a_tagged_code_that_reads_back() -> None:
    assert qr_payload("7K3MQ9TX2HDP") == "WUSHE-CERT:7K3M-Q9TX-2HDP"
    assert normalize_code(qr_payload("7K3MQ9TX2HDP")) == "7K3MQ9TX2HDP"


def test_numbers_sort_as_text_and_print_in_the_official_form() -> None:
    assert plain_number(2026, 7) == "ZYZ-2026-0007" < plain_number(2026, 12) < plain_number(2027, 1)
    assert official_number("青山镇", 2026, 1) == "青山志证〔2026〕0001号"
    assert official_number("河滨街道", 2026, 12) == "河滨志证〔2026〕0012号"
    assert official_number("清河县民政局", 2026, 3) == "清河县民政局志证〔2026〕0003号"


@pytest.mark.parametrize(("name", "masked"), [("张三明", "张*明"), ("李四", "李*"), ("欧阳修华", "欧**华"), ("王", "王")])
def test_names_are_masked_keeping_the_first_and_last_character(name: str, masked: str) -> None:
    assert mask_name(name) == masked


def test_a_period_ends_after_it_starts_and_not_in_the_future() -> None:
    today = date(2026, 7, 1)
    check_period(date(2026, 1, 1), date(2026, 7, 1), today)
    with pytest.raises(ValidationError, match="before it starts"):
        check_period(date(2026, 2, 1), date(2026, 1, 31), today)
    with pytest.raises(ValidationError, match="after today"):
        check_period(date(2026, 1, 1), date(2026, 7, 2), today)
