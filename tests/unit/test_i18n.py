"""Catalogs are complete: every marked string extracted from the source has a zh_CN and an en
translation with the same {placeholders} (the Electrum rule)."""

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from desktop import i18n
from desktop.paths import catalogs_dir

ROOT = Path(__file__).resolve().parents[2]
PLACEHOLDER = re.compile(r"\{[a-z_0-9]*\}")


def _key(message_id: str | tuple[str, ...]) -> str:
    """Plural messages are (singular, plural) pairs; the singular names them."""
    return message_id[0] if isinstance(message_id, tuple) else message_id


def _strings(string: str | tuple[str, ...]) -> tuple[str, ...]:
    return string if isinstance(string, tuple) else (string,)


def _source_ids() -> set[str]:
    found = extract_from_dir(
        str(ROOT / "desktop"), method_map=[("**.py", "python")], keywords={"_": None, "N_": None, "ngettext": (1, 2)}
    )
    ids: set[str] = set()
    for _filename, _lineno, message, _comments, _context in found:
        ids.add(_key(message))
    return ids


def _catalog(locale: str):
    with open(catalogs_dir() / locale / "LC_MESSAGES" / "messages.po", "rb") as f:
        return read_po(f, locale=locale)


@pytest.mark.parametrize("locale", ["zh_CN", "en"])
def test_every_source_string_is_translated(locale: str) -> None:
    catalog = _catalog(locale)
    translated = {_key(m.id) for m in catalog if m.id and all(_strings(m.string)) and "fuzzy" not in m.flags}
    missing = sorted(_source_ids() - translated)
    assert not missing, f"{len(missing)} strings lack a {locale} translation (run `make i18n`): {missing[:10]}"


@pytest.mark.parametrize("locale", ["zh_CN", "en"])
def test_placeholders_match(locale: str) -> None:
    for message in _catalog(locale):
        for string in _strings(message.string) if message.id else ():
            if string:
                expected = sorted(PLACEHOLDER.findall(_key(message.id)))
                assert sorted(PLACEHOLDER.findall(string)) == expected, message.id


def test_zh_cn_is_really_chinese() -> None:
    catalog = _catalog("zh_CN")
    strings = [s for m in catalog if m.id for s in _strings(m.string)]
    chinese = [s for s in strings if re.search(r"[\u4e00-\u9fff]", s)]
    assert len(chinese) >= 0.9 * len(strings)


def test_switching_locale_translates(tmp_path: Path) -> None:
    try:
        i18n.set_locale("zh_CN")
        zh = i18n._("This field is required.")
        i18n.set_locale("en")
        assert i18n._("This field is required.") == "This field is required."
        assert zh != "This field is required." and re.search(r"[\u4e00-\u9fff]", zh)
    finally:
        i18n.set_locale(i18n.DEFAULT_LOCALE)


def test_babel_formats_follow_the_locale() -> None:
    from datetime import date
    from decimal import Decimal

    try:
        i18n.set_locale("zh_CN")
        assert i18n.format_date(date(2026, 11, 21), "long") == "2026年11月21日"
        assert i18n.format_money(Decimal("1409.50")) == "¥1,409.50"
        i18n.set_locale("en")
        assert i18n.format_date(date(2026, 11, 21), "long") == "November 21, 2026"
        assert i18n.format_money(Decimal("1409.50")) in ("CN¥1,409.50", "¥1,409.50")
    finally:
        i18n.set_locale(i18n.DEFAULT_LOCALE)
