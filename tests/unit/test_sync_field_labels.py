"""Conflicts name fields as the register forms do, in the language shown; money columns in yuan."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from babel.messages.pofile import read_po

from desktop.i18n import set_locale
from desktop.sync.field_labels import BY_TABLE, COMMON, field_label, field_list, field_value
from desktop.sync.registry import synced

PO = Path(__file__).parents[2] / "i18n" / "zh_CN" / "LC_MESSAGES" / "messages.po"


def _fields(table: str) -> set[str]:
    return {column.removesuffix("_sealed") for column in synced()[table].columns}


def test_every_label_names_a_real_column() -> None:
    for table, labels in BY_TABLE.items():
        assert set(labels) <= _fields(table), table
    everywhere = set().union(*(_fields(table) for table in synced()))
    assert set(COMMON) <= everywhere, set(COMMON) - everywhere


def test_the_labels_are_the_forms_msgids_and_translated() -> None:
    with PO.open("rb") as f:
        catalog = read_po(f)
    msgids = set(COMMON.values()) | {text for labels in BY_TABLE.values() for text in labels.values()}
    untranslated = {m for m in msgids if catalog.get(m) is None or not catalog.get(m).string}
    assert untranslated == set()


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
