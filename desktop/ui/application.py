"""The composition root: builds the application's objects once and passes them down."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6 import QtCore
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop import __version__
from desktop.errors import StorageError
from desktop.i18n import _
from desktop.logs import configure_logging
from desktop.ui.crash import CrashHandler
from desktop.ui.event_loop_collector import collecting
from desktop.ui.fonts import register_font
from desktop.ui.language import Language, preferred_locale
from desktop.ui.main_window import MainWindow

log = logging.getLogger(__name__)

APP_NAME = "Wushe Desk"
ORG_NAME = "WusheDesk"


def _cannot_open(db_path: Path, reason: str) -> int:
    QMessageBox.critical(None, _("Wushe Desk"),
                         _("The database {path} cannot be opened.\n\n{error}").format(path=db_path, error=reason))
    return 1


def run_gui(db_path: Path, locale: str | None = None) -> int:
    """Run the desktop app on ``db_path``; the process exit code."""
    QApplication.setApplicationName(APP_NAME)
    QApplication.setOrganizationName(ORG_NAME)
    QApplication.setApplicationVersion(__version__)
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    crash = CrashHandler(configure_logging(db_path), app)
    crash.install()
    try:
        with collecting(app):
            return _run(app, db_path, locale)
    finally:
        crash.uninstall()


def _run(app: QApplication, db_path: Path, locale: str | None) -> int:
    register_font(app)
    settings = QSettings()
    language = Language(settings, app)
    language.apply(preferred_locale(settings, locale))
    log.info("Wushe Desk %s starting on %s", __version__, db_path)
    window = MainWindow(settings)  # the frame is on screen before the data layer is even imported
    window.show()
    app.processEvents()
    try:
        return _open(app, window, db_path, language, settings)
    finally:
        window.close()  # also when set-up or signing in was cancelled or the file would not open


def _open(app: QApplication, window: MainWindow, db_path: Path, language: Language, settings: QSettings) -> int:
    QApplication.setOverrideCursor(QtCore.Qt.CursorShape.WaitCursor)  # QtCore.Qt: see main_window
    try:
        # Imported here, after the first frame: SQLAlchemy and the services take longer than Qt's start.
        from desktop.storage.opening import open_database
        from desktop.ui.access.controller import AccessController
        from desktop.ui.context import make_context
        from desktop.ui.operations import back_up_if_due

        db = open_database(db_path)
    except StorageError as exc:
        return _cannot_open(db_path, exc.message)
    except Exception:  # noqa: BLE001 - e.g. SQLite's "file is not a database": no start, but a clear word
        log.exception("cannot open %s", db_path)
        return _cannot_open(db_path, _("It is damaged or not a Wushe Desk database; the log file has the details."))
    finally:
        QApplication.restoreOverrideCursor()
    ctx = make_context(db, language, settings, app)
    access = AccessController(ctx, app)
    try:
        # Set-up, the first account or signing in; nobody gets past it without a password.
        if not access.start():
            return 0
        # After set-up, so the first daily backup holds the station rather than an empty file.
        back_up_if_due(ctx)
        window.attach(ctx)
        access.attach(window)
        return app.exec()
    finally:
        access.close()
        ctx.tasks.wait()  # a backup or save under way finishes before the file is closed
        db.close()
