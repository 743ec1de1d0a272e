"""gettext translations and Babel formatting for the active locale.

Import ``_`` explicitly (``from desktop.i18n import _``). Strings defined at import time
(labels of codes) are marked with ``N_`` and translated when shown.
"""

from __future__ import annotations

import functools
import gettext
from typing import TYPE_CHECKING

from desktop.paths import catalogs_dir

if TYPE_CHECKING:
    from datetime import date, datetime
    from decimal import Decimal

    from babel import Locale

# Babel is imported by the formatting functions, on first use: the app's first window needs none of it.

DOMAIN = "messages"
DEFAULT_LOCALE = "zh_CN"
LOCALES = ("zh_CN", "en")
# Shown in the language switch in their own language, so they are not translated.
LOCALE_NAMES = {"zh_CN": "简体中文", "en": "English"}

_state: dict[str, object] = {"locale": DEFAULT_LOCALE, "translations": gettext.NullTranslations()}


def set_locale(locale: str) -> None:
    """Make ``locale`` the active one; an unknown locale raises ValueError."""
    if locale not in LOCALES:
        raise ValueError(f"unsupported locale {locale!r}; choose one of {', '.join(LOCALES)}")
    _state["locale"] = locale
    _state["translations"] = gettext.translation(
        DOMAIN, localedir=str(catalogs_dir()), languages=[locale], fallback=True
    )


def current_locale() -> str:
    return str(_state["locale"])


def _(message: str) -> str:
    """Translate ``message`` into the active locale."""
    translations = _state["translations"]
    assert isinstance(translations, gettext.NullTranslations)
    return translations.gettext(message)


def N_(message: str) -> str:
    """Mark ``message`` for extraction without translating it now."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    translations = _state["translations"]
    assert isinstance(translations, gettext.NullTranslations)
    return translations.ngettext(singular, plural, n)


def babel_locale() -> Locale:
    return _parsed_locale(current_locale())


@functools.cache
def _parsed_locale(locale: str) -> Locale:
    """Parsing a locale reads Babel's data files: a report printing hundreds of dates parsed it each time."""
    from babel import Locale

    return Locale.parse(locale)


def format_date(value: date, fmt: str = "medium") -> str:
    from babel.dates import format_date as babel_format_date

    return babel_format_date(value, format=fmt, locale=babel_locale())


def format_datetime(value: datetime, fmt: str = "medium") -> str:
    from babel.dates import format_datetime as babel_format_datetime

    return babel_format_datetime(value, format=fmt, locale=babel_locale())


def format_number(value: int | Decimal) -> str:
    from babel.numbers import format_decimal

    return format_decimal(value, locale=babel_locale())


def format_money(value: Decimal) -> str:
    """Yuan amount with the currency sign and grouping of the active locale (¥1,409.50)."""
    from babel.numbers import format_currency

    return format_currency(value, "CNY", locale=babel_locale())


set_locale(DEFAULT_LOCALE)
