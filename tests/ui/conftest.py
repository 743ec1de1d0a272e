"""UI fixtures: offscreen Qt, throw-away settings, real database files, and a context per test."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import logging
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget

from desktop.i18n import current_locale, set_locale
from desktop.services.demo import load_demo
from desktop.storage.database import Database
from desktop.ui.context import AppContext, make_context
from desktop.ui.language import Language


@pytest.fixture(autouse=True)
def _isolated_settings_and_locale(tmp_path: Path) -> Iterator[None]:
    """Any QSettings() lands in the test's folder; the locale and log handlers are put back."""
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qsettings"))
    locale = current_locale()
    handlers = list(logging.getLogger().handlers)
    yield
    set_locale(locale)
    for handler in logging.getLogger().handlers:
        if handler not in handlers:
            logging.getLogger().removeHandler(handler)
            handler.close()


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def demo_db(db: Database) -> Database:
    load_demo(db)
    return db


@pytest.fixture
def make_ctx(qapp: QApplication, settings: QSettings) -> Iterator[Callable[[Database], AppContext]]:
    made: list[AppContext] = []

    def make(database: Database) -> AppContext:
        language = Language(settings)
        language.apply(current_locale())
        ctx = make_context(database, language, settings, "tester")
        made.append(ctx)
        return ctx

    yield make
    for ctx in made:
        ctx.tasks.wait()
        qapp.processEvents()
        ctx.language.detach()


def _commit_text(widget: QWidget, text: str) -> None:
    widget.setFocus()
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


@pytest.fixture
def type_text() -> Callable[[QWidget, str], None]:
    """Types as an input method commits text, so Chinese works (QTest.keyClicks is ASCII only)."""
    return _commit_text


@pytest.fixture
def settle(qtbot) -> Callable[[AppContext], None]:
    """Waits until every queued job ran and its result reached the GUI thread."""

    def wait(ctx: AppContext) -> None:
        ctx.tasks.wait()
        qtbot.waitUntil(lambda: not ctx.tasks.busy(), timeout=5000)

    return wait
