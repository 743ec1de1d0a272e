from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.services.station import is_initialized
from desktop.storage.opening import open_database
from desktop.ui.application import run_gui
from desktop.ui.main_window import MainWindow
from desktop.ui.setup_wizard import SetupWizard


def close_soon(kind: type) -> None:
    """Close the first top-level window of ``kind`` once the event loop shows it."""
    def attempt() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, kind) and widget.isVisible():
                widget.close()
                return
        QTimer.singleShot(50, attempt)

    QTimer.singleShot(50, attempt)


def test_cancelling_the_wizard_leaves_the_database_blank(qapp, db_path):
    hook = sys.excepthook
    close_soon(SetupWizard)
    assert run_gui(db_path, locale="en") == 0
    assert sys.excepthook is hook  # the crash handler is taken down again
    db = open_database(db_path)
    try:
        assert not is_initialized(db)
    finally:
        db.close()


def test_a_set_up_database_opens_the_main_window_and_backs_up(qapp, demo_db, qtbot):
    close_soon(MainWindow)
    assert run_gui(demo_db.path, locale="en") == 0
    assert (demo_db.path.parent / "backups").is_dir()  # the daily backup ran
    assert (demo_db.path.parent / "logs" / "wushe.log").is_file()


def test_a_foreign_file_is_refused_with_a_message(qapp, tmp_path, monkeypatch):
    bogus = tmp_path / "wushe.db"
    bogus.write_bytes(b"this is not a database" * 100)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text: shown.append(text))
    assert run_gui(bogus, locale="en") == 1
    assert shown and str(bogus) in shown[0]
