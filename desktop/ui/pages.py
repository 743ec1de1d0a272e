"""The areas of the main window, in sidebar order. A new area appends its entry here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from desktop.i18n import N_
from desktop.ui.context import AppContext
from desktop.ui.home.page import HomePage
from desktop.ui.settings.page import SettingsPage


@dataclass(frozen=True)
class PageSpec:
    id: str  # stable: saved in the settings and used by the screenshot CLI
    title: str  # marked with N_, translated when shown
    factory: Callable[[AppContext], QWidget]


PAGES: list[PageSpec] = [
    PageSpec("home", N_("Home"), HomePage),
    PageSpec("settings", N_("Settings"), SettingsPage),
]


def page_ids() -> list[str]:
    return [spec.id for spec in PAGES]
