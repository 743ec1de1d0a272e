"""A client's input reports what a person must correct at once: the guardian a minor lacks beside the
consent missing and a field typed wrong, one problem per field, and a single problem as itself; the checked
input is the one the class would build."""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import date, timedelta

import pytest

from client_testing import CHILD_ID, TODAY
from desktop.domain.consent import Consent
from desktop.errors import ValidationError, ValidationErrors, each_problem, raise_all
from desktop.services.client_input import ClientInput, refused_with_the_rest


def problems(data: ClientInput) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        data.validated()
    return {p.field: p.message for p in each_problem(caught.value)}


def test_a_minor_without_guardian_or_consent_hears_of_both_and_of_a_bad_field():
    child = ClientInput("", "community", "resident_id", CHILD_ID)
    assert problems(child) == {
        "name": "This field is required.",
        "guardian_name": "The client is under 18: enter the guardian's name.",
        "guardian_relation": "Enter how the guardian is related to the client.",
        "consent_on": "The person is under 14: sensitive personal information (ID number) needs the "
                      "guardian's consent; record when and how the guardian gave it."}


def test_the_consent_the_child_gave_is_refused_beside_the_missing_guardian():
    child = ClientInput("宋小花", "community", "resident_id", CHILD_ID, consent=Consent(TODAY, "written"))
    assert problems(child) == {
        "guardian_name": "The client is under 18: enter the guardian's name.",
        "guardian_relation": "Enter how the guardian is related to the client.",
        "consent_by": "The person was under 14 on the consent date: the guardian must give the consent."}


def test_one_problem_is_raised_as_itself_and_a_field_once():
    with pytest.raises(ValidationError) as caught:
        raise_all([ValidationError("name", "a"), ValidationErrors([ValidationError("name", "b")])])
    assert type(caught.value) is ValidationError and (caught.value.field, caught.value.message) == ("name", "a")
    raise_all([])  # nothing found: nothing raised


def test_a_consent_unreadable_before_the_input_holds_it_is_reported_with_the_rest():
    refused = ValidationError("consent_on", "Enter the date the consent was given.")
    child = ClientInput("宋小花", "community", "resident_id", CHILD_ID)
    combined = refused_with_the_rest(child, refused)
    assert [(p.field, p.message) for p in each_problem(combined)] == [
        ("consent_on", "Enter the date the consent was given."),
        ("guardian_name", "The client is under 18: enter the guardian's name."),
        ("guardian_relation", "Enter how the guardian is related to the client.")]
    assert str(combined).splitlines()[0] == "consent_on: Enter the date the consent was given."
    adult = ClientInput("宋德海", "community")
    assert refused_with_the_rest(adult, refused) is refused  # nothing else wrong


def test_a_checked_input_is_the_one_the_class_would_build():
    """``validated`` builds its result without the frozen dataclass's ``__init__`` (``client_input.built``): the
    same value, every field its own, hashable and copied by ``replace`` as one built the usual way."""
    data = ClientInput(" 王 秀 兰 ", "community", phone="139 0013 8000", target_groups=("tekun", "dibao"),
                       consent=Consent(TODAY, "written")).validated(TODAY)
    usual = ClientInput(**{field.name: getattr(data, field.name) for field in fields(ClientInput)})
    assert data == usual and hash(data) == hash(usual) and replace(data, notes="x") == replace(usual, notes="x")
    assert set(vars(data)) == {field.name for field in fields(ClientInput)}
    assert (data.name, data.phone, data.target_groups, data.registered_on) == ("王秀兰", "13900138000",
                                                                              ("dibao", "tekun"), TODAY)


def test_a_clients_date_entered_in_the_register_is_named_as_the_register_names_it():
    """登记日期, not a volunteer's 注册日期: the words differ in Chinese."""
    later = ClientInput("宋德海", "community", registered_on=date.today() + timedelta(days=1))
    assert problems(later) == {"registered_on": "The date entered in the register is in the future."}
    unborn = ClientInput("宋德海", "community", birth_date=date(2020, 5, 1), registered_on=date(2019, 1, 1))
    assert problems(unborn) == {"birth_date": "The birth date must be before the date entered in the register."}
