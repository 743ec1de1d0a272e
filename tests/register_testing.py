"""Driving a register page and its detail dialog as a person does, for the UI tests of each register."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QLabel

from desktop.services import signin
from desktop.storage.database import Database
from desktop.ui.context import AppContext
from desktop.ui.registers.register_page import RegisterPage
from desktop.ui.registers.record_dialog import RecordDialog
from wushe_testing import DEMO_PASSWORD, shown

PageClass = Callable[[AppContext], RegisterPage[Any]]


def page_as(qtbot, demo: Database, make_ctx, page_class: PageClass,  # type: ignore[no-untyped-def]
            username: str) -> RegisterPage[Any]:
    """The page on the demo station, ``username`` signed in."""
    signin.sign_in(demo, username, DEMO_PASSWORD)
    return shown(qtbot, page_class(make_ctx(demo)), (1280, 700))


def column(page: RegisterPage[Any], header: str) -> list[str]:
    """What the rows loaded so far show under ``header`` (tests read English headers)."""
    model = page.model
    number = next(n for n in range(model.columnCount()) if model.headerData(n, Qt.Orientation.Horizontal) == header)
    return [model.data(model.index(row, number)) for row in range(model.rowCount())]


def pick(combo: QComboBox, code: str) -> None:
    """Choose the item holding ``code`` as a user does (``activated``, which marks a form field as edited)."""
    combo.setCurrentIndex(combo.findData(code))
    combo.activated.emit(combo.currentIndex())


def pick_text(combo: QComboBox, text: str) -> None:
    """Choose the item shown as ``text`` (a community, whose id the test does not know)."""
    pick(combo, combo.itemData(combo.findText(text)))


def select(page: RegisterPage[Any], name: str, header: str = "Name") -> None:
    page.view.selectRow(column(page, header).index(name))


def opened(qtbot, page: RegisterPage[Any], name: str | None,  # type: ignore[no-untyped-def]
           header: str = "Name") -> RecordDialog[Any]:
    """The detail dialog of the record called ``name`` (None: a new record), shown."""
    if name is not None:
        select(page, name, header)
    dialog = page.detail(page.selected() if name is not None else None)
    return shown(qtbot, dialog)


def refused(dialog: RecordDialog[Any], field: str, words: str) -> QLabel:
    """The error line under ``field``, which says ``words`` while Save stays disabled."""
    error: QLabel = dialog.form._fields[field].error
    assert error.isVisible() and words in error.text()
    assert not dialog.ok_button.isEnabled()
    return error


def save(qtbot, dialog: RecordDialog[Any], settle) -> Any:  # type: ignore[no-untyped-def]
    """Click Save and wait for the worker; returns the saved view."""
    dialog.ok_button.click()
    settle(dialog._ctx)
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted)
    return dialog.outcome
