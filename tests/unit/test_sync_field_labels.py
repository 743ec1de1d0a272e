"""Conflicts name fields as the register forms do, in the language shown; money columns in yuan."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from babel.messages.pofile import read_po

from desktop.i18n import set_locale
from desktop.sync.conflicts import NOT_COMPARED
from desktop.sync.field_labels import BY_TABLE, COMMON, field_label, field_list, field_value
from desktop.sync.registry import synced

PO = Path(__file__).parents[2] / "i18n" / "zh_CN" / "LC_MESSAGES" / "messages.po"
PENDING = Path(__file__).parents[2] / "i18n" / "pending"


def _fields(table: str) -> set[str]:
    return {column.removesuffix("_sealed") for column in synced()[table].columns}


def test_every_label_names_a_real_column() -> None:
    for table, labels in BY_TABLE.items():
        assert set(labels) <= _fields(table), table
    everywhere = set().union(*(_fields(table) for table in synced()))
    assert set(COMMON) <= everywhere, set(COMMON) - everywhere


def test_the_labels_are_the_forms_msgids_and_translated() -> None:
    """Translated in the catalogue, or by the form's own pending file (merged into it by the lead)."""
    with PO.open("rb") as f:
        catalog = read_po(f)
    pending = set().union(*(json.loads(path.read_text(encoding="utf-8")) for path in PENDING.glob("*.json")))
    msgids = set(COMMON.values()) | {text for labels in BY_TABLE.values() for text in labels.values()}
    untranslated = {m for m in msgids if (catalog.get(m) is None or not catalog.get(m).string) and m not in pending}
    assert untranslated == set()


def test_the_needs_tables_and_the_volunteer_point_are_labelled_as_their_forms() -> None:
    set_locale("en")
    assert field_label("community", "volunteer_point") == "Volunteer service point"
    assert field_label("community", "volunteer_point_note") == "About the point"
    assert field_label("need", "title") == "Need" and field_label("need", "source") == "How it came to light"
    assert field_label("resource", "categories") == "Serves needs of"
    assert field_label("need_match", "reason") == "Why this one"
    assert field_label("policy_profile", "profile_id") == "Policy profile"
    shown = {(table, column) for table in ("need", "resource", "need_match", "policy_profile")
             for column in _fields(table) - {*NOT_COMPARED, "name_sort", "name_search"}}  # never compared, derived
    unlabelled = {(table, column) for table, column in shown if field_label(table, column) == column}
    assert unlabelled == set()


def test_a_column_is_named_by_its_table_then_commonly_then_by_name() -> None:
    set_locale("en")
    assert field_label("community", "population") == "Resident population"
    assert field_label("volunteer", "name") == "Full name" and field_label("community", "name") == "Name"
    assert field_label("client", "phone_sealed") == field_label("client", "phone") == "Phone"
    assert field_label("community", "volunteer_point_x") == "volunteer_point_x"  # from a newer node, say
    set_locale("zh_CN")
    try:
        assert field_label("community", "population") == "常住人口"
        assert field_label("volunteer", "name") == "姓名"
        assert field_list("community", ["notes", "population"]) == "备注、常住人口"
    finally:
        set_locale("en")


def test_money_is_shown_in_yuan() -> None:
    assert field_value("pool_fen", 1_234_567) == Decimal("12345.67")
    assert field_value("pool_fen", None) is None and field_value("population", 800) == 800
