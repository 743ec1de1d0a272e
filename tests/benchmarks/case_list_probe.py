"""The memory of one process, run by test_case_files.py: prints its resident set size now ("rss") and at
its highest ("peak"), in MiB, from /proc/self/status, then exits.

    python case_list_probe.py baseline           a bare QApplication
    python case_list_probe.py app DB_PATH ROWS   Wushe Desk's 服务对象与个案 page on DB_PATH, in Chinese,
                                                 its case list loaded and scrolled through ROWS rows

The app path builds what the main window would for the page (font, language, the opened database,
the context, sign-in as WUSHE_USER / WUSHE_PASSWORD), offscreen at 1366×768, with a throw-away
QSettings file so the user's own are neither read nor changed; it also prints how many rows the
case list holds ("rows") and how many cases the database worker counted ("total"), once it has.
"""

from __future__ import annotations

import sys


def _memory() -> str:
    """VmRSS and VmHWM of this process as ``rss N`` and ``peak N`` lines, in MiB."""
    with open("/proc/self/status", encoding="ascii") as status:
        kib = {key: int(value.split()[0]) for key, value in (line.split(":", 1) for line in status)
               if key in ("VmRSS", "VmHWM")}
    return f"rss {kib['VmRSS'] / 1024:.1f}\npeak {kib['VmHWM'] / 1024:.1f}"


def baseline() -> None:
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    app.processEvents()
    print(_memory(), flush=True)


def wushe(db_path: str, rows: int) -> None:
    import os
    import tempfile
    from pathlib import Path

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from desktop.services import signin
    from desktop.storage.opening import open_database
    from desktop.ui.cases.page import CasesPage
    from desktop.ui.context import make_context
    from desktop.ui.fonts import register_font
    from desktop.ui.language import Language

    app = QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as scratch:
        settings = QSettings(str(Path(scratch) / "bench.ini"), QSettings.Format.IniFormat)
        register_font(app)
        language = Language(settings, app)
        language.apply("zh_CN")
        db = open_database(Path(db_path))
        ctx = make_context(db, language, settings, app)
        signin.sign_in(db, os.environ["WUSHE_USER"], os.environ["WUSHE_PASSWORD"])
        page = CasesPage(ctx)
        assert page.cases is not None, "the signed-in user may not see cases"
        page.resize(1366, 768)
        page.show()
        app.processEvents()
        model, view = page.cases.model, page.cases.view
        while model.rowCount() < rows and model.canFetchMore():  # as a person scrolling down does
            model.fetchMore()
            view.scrollToBottom()
            app.processEvents()
        while not model.is_counted():  # the database worker counts the list meanwhile
            ctx.tasks.wait()
            app.processEvents()
        print(f"{_memory()}\nrows {model.rowCount()}\ntotal {model.total()}", flush=True)
        page.close()
        ctx.tasks.wait()
        db.close()


if __name__ == "__main__":
    if sys.argv[1:2] == ["baseline"]:
        baseline()
    elif sys.argv[1:2] == ["app"] and len(sys.argv) == 4:
        wushe(sys.argv[2], int(sys.argv[3]))
    else:
        raise SystemExit(__doc__)
