"""The password policy: long enough, letters with digits or symbols, varied, not the user name."""

from __future__ import annotations

import pytest

from desktop.domain.passwords import MIN_LENGTH, check_password
from desktop.errors import ValidationError


@pytest.mark.parametrize(
    ("password", "username"),
    [
        ("Qingshan-2026", "admin"),
        ("abcdefg1", ""),
        ("abcdefg!", ""),
        ("青山镇社工站密码2026", "lixia"),
        ("correct horse 7", "zhaolei"),
        ("Xa1" + "b" * 60, ""),
    ],
)
def test_accepted(password: str, username: str) -> None:
    check_password(password, username)


@pytest.mark.parametrize(
    ("password", "username", "message"),
    [
        ("", "", "at least 8"),
        ("Ab-1234", "", "at least 8"),  # seven characters
        ("abcdefgh", "", "Mix letters"),
        ("12345678", "", "Mix letters"),
        ("!@#$%^&*", "", "Mix letters"),
        ("abcd efgh", "", "Mix letters"),  # a space is not a symbol
        ("aaaa1111", "", "different characters"),
        ("ab1ab1ab1", "", "different characters"),
        ("lixia-2026", "lixia", "user name"),
        ("2026-LiXia!", "lixia", "user name"),  # whatever the case
        ("my.Admin.pass1", "ADMIN", "user name"),
    ],
)
def test_refused(password: str, username: str, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        check_password(password, username)
    assert caught.value.field == "password"
    assert message in caught.value.message


def test_the_minimum_is_eight() -> None:
    assert MIN_LENGTH == 8
    check_password("abcdef-1")
    with pytest.raises(ValidationError):
        check_password("abcde-1")


def test_the_field_is_named_by_the_caller() -> None:
    with pytest.raises(ValidationError) as caught:
        check_password("short", "lixia", field="new_password")
    assert caught.value.field == "new_password"
