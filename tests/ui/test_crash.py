from __future__ import annotations

import logging
import sys
import threading

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLabel

from desktop import __version__
from desktop.ui.crash import CrashHandler


def raised(message: str) -> tuple[type[BaseException], BaseException, object]:
    try:
        raise RuntimeError(message)
    except RuntimeError:
        info = sys.exc_info()
    assert info[0] is not None and info[1] is not None
    return info[0], info[1], info[2]


@pytest.fixture
def handler(qtbot, tmp_path):
    handler = CrashHandler(tmp_path / "wushe.log")
    yield handler
    if handler.dialog is not None:
        handler.dialog.close()


def test_dialog_shows_the_traceback_and_the_app_keeps_running(qtbot, handler, caplog):
    with caplog.at_level(logging.ERROR):
        handler.handle(*raised("the disk is on fire"))
    dialog = handler.dialog
    assert dialog is not None and dialog.isVisible()
    report = dialog.report.toPlainText()
    assert "Traceback" in report and "RuntimeError: the disk is on fire" in report
    assert __version__ in report
    assert dialog.report.isReadOnly()
    assert "the disk is on fire" in caplog.text  # written to the log as well

    dialog.copy_report()
    assert "the disk is on fire" in QGuiApplication.clipboard().text()

    # A second error goes into the same dialog rather than a pile of windows.
    handler.handle(*raised("and the printer too"))
    assert handler.dialog is dialog
    assert "and the printer too" in dialog.report.toPlainText()

    dialog.close()
    qtbot.waitUntil(lambda: handler.dialog is None)
    assert QApplication.instance() is not None
    label = QLabel("still alive")
    qtbot.addWidget(label)
    label.show()
    assert label.isVisible()


def test_errors_in_other_threads_reach_the_dialog(qtbot, handler):
    handler.install()
    try:
        def fail() -> None:
            raise ValueError("from a worker thread")

        thread = threading.Thread(target=fail)
        thread.start()
        thread.join()
    finally:
        handler.uninstall()
    qtbot.waitUntil(lambda: handler.dialog is not None)
    assert "from a worker thread" in handler.dialog.report.toPlainText()


def test_install_and_uninstall_put_the_hooks_back(handler):
    before = (sys.excepthook, threading.excepthook)
    handler.install()
    assert sys.excepthook == handler.handle
    handler.uninstall()
    assert (sys.excepthook, threading.excepthook) == before
