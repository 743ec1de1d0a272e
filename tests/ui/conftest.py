"""UI fixtures: offscreen Qt, throw-away settings, real database files, and a context per test."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import logging
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from desktop import collector
from desktop.i18n import current_locale, set_locale
from desktop.services import signin
from desktop.services.accounts import AccountInput
from desktop.services.demo import DEMO_STATION
from desktop.services.station import initialize
from desktop.storage.database import Database
from desktop.ui import form_dialog
from desktop.ui.access.controller import AccessController
from desktop.ui.context import AppContext, make_context
from desktop.ui.language import Language
from desktop.ui.main_window import open_main_window
from wushe_testing import DEMO_PASSWORD, DemoTemplate, open_copy, shown

PASSWORD = DEMO_PASSWORD  # every test account's; tests get it from the ``password`` fixture


@pytest.fixture(autouse=True)
def _collected_between_tests() -> Iterator[None]:
    """As in the app (``desktop.collector``): no automatic collection while a test drives widgets, which once
    freed an earlier test's widgets inside a new one's constructor and killed the process; what is due is
    collected after the test, its widgets closed, no Qt code under way."""
    with collector.deferred():
        yield
    collector.collect_due()


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


@pytest.fixture(autouse=True)
def _cancel_discards(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cancelling a form that was typed in discards it without the question (its box would wait for a click
    forever); the tests of that question give their own answer."""
    monkeypatch.setattr(form_dialog, "ask_discard", lambda _dialog: True)


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture
def demo_db(demo_template: DemoTemplate, tmp_path: Path) -> Iterator[Database]:
    """A copy of the demo station; its head ``admin`` is signed in, the demo users share ``PASSWORD``."""
    db = open_copy(demo_template.path, tmp_path / "demo")
    signin.sign_in(db, "admin", PASSWORD)
    yield db
    db.close()


@pytest.fixture
def head_db(db: Database) -> Database:
    """A station set up with its head ``admin`` signed in, and no other account."""
    initialize(db, DEMO_STATION, head=AccountInput("admin", "周站长", "admin", PASSWORD))
    return db


@pytest.fixture
def make_ctx(qapp: QApplication, settings: QSettings) -> Iterator[Callable[[Database], AppContext]]:
    made: list[AppContext] = []

    def make(database: Database) -> AppContext:
        language = Language(settings)
        language.apply(current_locale())
        ctx = make_context(database, language, settings)
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


@pytest.fixture
def when_shown(qapp: QApplication) -> Iterator[Callable[..., None]]:
    """``when_shown(kind, action)`` runs ``action`` on the first visible top-level window of ``kind``
    once an event loop (a dialog's ``exec``, the app's) shows it and ``ready(window)`` holds (the
    main window is shown before it has a database, so tests wait for ``MainWindow.is_attached``).
    A failing action closes that window, so the loop returns, and the failure is raised when the
    test ends."""
    errors: list[BaseException] = []

    def schedule(kind: type, action: Callable[[QWidget], object],
                 ready: Callable[[QWidget], bool] = lambda _widget: True) -> None:
        def attempt() -> None:
            for widget in QApplication.topLevelWidgets():
                if isinstance(widget, kind) and widget.isVisible() and ready(widget):
                    try:
                        action(widget)
                    except BaseException as exc:  # noqa: BLE001 - reported at the end of the test
                        errors.append(exc)
                        if isinstance(widget, QDialog):
                            QDialog.done(widget, QDialog.DialogCode.Rejected.value)
                        else:
                            widget.close()
                    return
            QTimer.singleShot(30, attempt)

        QTimer.singleShot(30, attempt)

    yield schedule
    if errors:
        raise errors[0]


@pytest.fixture
def make_controller(qapp: QApplication) -> Iterator[Callable[[AppContext], AccessController]]:
    """Access controllers that stop watching at the end of the test: a lock timer left running
    would fire minutes later, in another test of the same process, over a window long gone."""
    made: list[AccessController] = []

    def make(ctx: AppContext) -> AccessController:
        made.append(AccessController(ctx, qapp))
        return made[-1]

    yield make
    for controller in made:
        controller.close()


@pytest.fixture
def ctx(demo_db, make_ctx):
    return make_ctx(demo_db)


@pytest.fixture
def window(qtbot, ctx):
    """The main window on the demo station, signed in as its head."""
    return shown(qtbot, open_main_window(ctx))
