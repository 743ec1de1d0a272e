"""Driving the 供需对接 page and its dialogs as a person does, for its UI tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from desktop.services import signin
from desktop.storage.database import Database
from desktop.ui.needs.needs_tab import NeedsTab
from desktop.ui.needs.page import NeedsPage
from register_testing import column
from wushe_testing import DEMO_PASSWORD, shown


def needs_page(qtbot, demo: Database, make_ctx, username: str) -> NeedsPage:  # type: ignore[no-untyped-def]
    """The page on the demo station, ``username`` signed in."""
    signin.sign_in(demo, username, DEMO_PASSWORD)
    return shown(qtbot, NeedsPage(make_ctx(demo)), (1280, 760))


def titles(tab: NeedsTab) -> list[str]:
    return column(tab, "Need")  # type: ignore[arg-type]


def row_named(tab: NeedsTab, title: str) -> None:
    tab.view.selectRow(titles(tab).index(title))


def run_dialog(qtbot, fill: Callable[[Any], None]):  # type: ignore[no-untyped-def]
    """Stands in for a FormDialog's ``exec``: shows it, lets ``fill`` act, saves if it may and waits for the
    outcome; the dialog's result is what ``exec`` returns."""
    def run(dialog: Any) -> int:
        dialog.show()
        fill(dialog)
        if dialog.ok_button.isEnabled():
            dialog.save()
            dialog._ctx.tasks.wait()
            qtbot.waitUntil(lambda: not dialog._busy)
        return int(dialog.result())
    return run
