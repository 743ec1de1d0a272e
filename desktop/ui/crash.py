"""The last resort for unexpected errors: log the traceback, show a copyable report, keep running."""

from __future__ import annotations

import logging
import platform
import sys
import threading
import traceback
from datetime import datetime
from pathlib import Path
from types import TracebackType

from PySide6 import __version__ as pyside_version
from PySide6 import QtCore
from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal, qVersion
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (QApplication, QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QPushButton,
                               QVBoxLayout, QWidget)

from desktop import __version__
from desktop.i18n import _, current_locale

log = logging.getLogger(__name__)


def build_report(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> str:
    """What a developer needs to reproduce the error, as plain text the user can paste in a mail."""
    lines = [
        _("Wushe Desk {version}").format(version=__version__),
        _("Time: {time}").format(time=datetime.now().astimezone().isoformat(timespec="seconds")),
        _("Python: {version}").format(version=platform.python_version()),
        _("Qt: {qt} (PySide6 {pyside})").format(qt=qVersion(), pyside=pyside_version),
        _("System: {os}").format(os=platform.platform()),
        _("Language: {locale}").format(locale=current_locale()),
        "",
        "".join(traceback.format_exception(exc_type, exc, tb)).rstrip(),
    ]
    return "\n".join(lines)


class CrashDialog(QDialog):
    """Says what happened and what to do, with the report ready to copy."""

    def __init__(self, report: str, log_path: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Unexpected error"))
        self.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(640, 440)
        heading = QLabel(_("Wushe Desk hit an unexpected error and could not finish what it was doing."))
        heading.setWordWrap(True)
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        advice = _("What was already saved is safe; what was being typed may need to be entered again. "
                   "If the error comes back, copy the report below and send it to your support contact.")
        if log_path is not None:
            advice += " " + _("The details were also written to {path}.").format(path=log_path)
        hint = QLabel(advice)
        hint.setWordWrap(True)
        self.report = QPlainTextEdit(report)
        self.report.setReadOnly(True)
        self.report.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.report.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        buttons = QDialogButtonBox()
        copy = QPushButton(_("Copy report"))
        copy.clicked.connect(self.copy_report)
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setText(_("Close"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(hint)
        layout.addWidget(self.report, 1)
        layout.addWidget(buttons)
        close.setFocus()

    def append(self, report: str) -> None:
        """A later error while this dialog is open goes into the same report, not a new window."""
        self.report.appendPlainText("\n" + "-" * 40 + "\n" + report)

    def copy_report(self) -> None:
        QGuiApplication.clipboard().setText(self.report.toPlainText())


class CrashHandler(QObject):
    """Replaces ``sys.excepthook`` and ``threading.excepthook``; one dialog at a time."""

    _deliver = Signal(str)  # reports from other threads travel to the GUI thread

    def __init__(self, log_path: Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._log_path = log_path
        self._dialog: CrashDialog | None = None
        self._handling = False
        self._previous = (sys.excepthook, threading.excepthook)
        # Emitted only from other threads, so Qt's automatic connection queues it to the GUI thread
        # (naming Qt.ConnectionType here would load Qt's namespace, 50 ms, before the first frame).
        self._deliver.connect(self._show)

    def install(self) -> None:
        self._previous = (sys.excepthook, threading.excepthook)
        sys.excepthook = self.handle
        threading.excepthook = self._thread_hook

    def uninstall(self) -> None:
        sys.excepthook, threading.excepthook = self._previous

    @property
    def dialog(self) -> CrashDialog | None:
        return self._dialog

    def handle(self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt) or self._handling:
            # Ctrl+C in a terminal, or an error raised while reporting one: don't loop.
            sys.__excepthook__(exc_type, exc, tb)
            return
        self._handling = True
        try:
            log.error("unexpected error", exc_info=(exc_type, exc, tb))
            report = build_report(exc_type, exc, tb)
            app = QCoreApplication.instance()
            if isinstance(app, QApplication) and QThread.currentThread() is app.thread():
                self._show(report)
            else:
                self._deliver.emit(report)
        except Exception:  # noqa: BLE001 - the handler itself must never raise
            sys.__excepthook__(exc_type, exc, tb)
        finally:
            self._handling = False

    def _thread_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            self.handle(args.exc_type, args.exc_value, args.exc_traceback)

    def _show(self, report: str) -> None:
        if not isinstance(QCoreApplication.instance(), QApplication):
            return  # no GUI (yet): the log has it
        if self._dialog is not None:
            self._dialog.append(report)
        else:
            self._dialog = CrashDialog(report, self._log_path)  # no parent: it must outlive the window that failed
            self._dialog.destroyed.connect(self._forget_dialog)
            self._dialog.show()
        self._dialog.raise_()
        self._dialog.activateWindow()

    def _forget_dialog(self) -> None:
        self._dialog = None
