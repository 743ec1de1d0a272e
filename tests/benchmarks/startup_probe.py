"""One start-up, run in a fresh process by test_startup.py: prints the wall-clock times (time.time())
at which the main window is shown ("shown") and at which its home page is built ("ready"), each
once the event loop has processed it, then exits.

    python startup_probe.py baseline        a bare PySide6 QMainWindow (shown = ready)
    python startup_probe.py app DB_PATH     Wushe Desk's main window on the home page of DB_PATH

The app path follows desktop.ui.application.run_gui (font, language, the window's frame, then open
and migrate the database, context, sign-in, the window attached) without the crash handler, the
log file, the setup wizard and the daily backup; its QSettings are a throw-away file so the
user's own are neither read nor changed. A database with accounts is signed into as WUSHE_USER /
WUSHE_PASSWORD, the way desktop.ui.screenshot does it. In the app a person types their password
there, and the check is made slow on purpose (Argon2), so its duration is printed too and
test_startup.py leaves it out.
"""

from __future__ import annotations

import sys
import time


def baseline() -> None:
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.show()
    app.processEvents()
    shown = time.time()
    assert window.isVisible()
    print(f"shown {shown:.6f}\nready {shown:.6f}", flush=True)


def wushe(db_path: str) -> None:
    import os
    import tempfile
    from pathlib import Path

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from desktop.ui.fonts import register_font
    from desktop.ui.language import Language
    from desktop.ui.main_window import MainWindow

    app = QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as scratch:
        settings = QSettings(str(Path(scratch) / "bench.ini"), QSettings.Format.IniFormat)
        register_font(app)
        language = Language(settings, app)
        language.apply("zh_CN")
        window = MainWindow(settings)
        window.show()
        app.processEvents()
        shown = time.time()
        assert window.isVisible()

        from desktop.services import signin  # the data layer, after the first frame as in the app
        from desktop.storage.opening import open_database
        from desktop.ui.context import make_context

        db = open_database(Path(db_path))
        ctx = make_context(db, language, settings, app)
        signing_in = time.time()
        if signin.has_accounts(db):
            signin.sign_in(db, os.environ["WUSHE_USER"], os.environ["WUSHE_PASSWORD"])
        signed_in = time.time() - signing_in
        window.attach(ctx, page="home")
        app.processEvents()
        ready = time.time()
        assert window.current_page() == "home" and window.page_widget("home") is not None
        print(f"shown {shown:.6f}\nready {ready:.6f}\nsign-in {signed_in:.6f}", flush=True)
        window.close()
        ctx.tasks.wait()
        db.close()


if __name__ == "__main__":
    if sys.argv[1:2] == ["baseline"]:
        baseline()
    elif sys.argv[1:2] == ["app"] and len(sys.argv) == 3:
        wushe(sys.argv[2])
    else:
        raise SystemExit(__doc__)
