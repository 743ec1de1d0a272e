"""PNG renders of the pages, for the README, reviews and the CLI's ``screenshot`` command."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QWidget

from desktop.i18n import current_locale, set_locale
from desktop.storage.opening import open_database
from desktop.ui.context import make_context
from desktop.ui.fonts import register_font
from desktop.ui.language import Language
from desktop.ui.main_window import MainWindow
from desktop.ui.pages import page_ids
from desktop.ui.setup_wizard import SetupWizard

WIZARD = "wizard"  # the setup wizard's station page, which has no place in the sidebar
PAGE_IDS: tuple[str, ...] = (*page_ids(), WIZARD)
WIZARD_SIZE = (760, 560)


def _application() -> QApplication:
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    return app


def _settle(app: QApplication) -> None:
    for _round in range(3):  # layouts settle over a few passes of the event loop
        app.processEvents()


def render_page(db_path: Path, page: str, out: Path, locale: str = "zh_CN",
                size: tuple[int, int] = (1280, 800)) -> None:
    """Render ``page`` of the app on ``db_path`` into the PNG ``out``.

    Pages other than "wizard" need a database that is set up (``wushe demo`` makes one).
    """
    if page not in PAGE_IDS:
        raise ValueError(f"unknown page {page!r}; choose one of {', '.join(PAGE_IDS)}")
    app = _application()
    register_font(app)
    previous = current_locale()
    db = open_database(db_path)
    widget: QWidget | None = None
    with tempfile.TemporaryDirectory() as scratch:
        # Throw-away settings: a render must not move the user's window or change their language.
        settings = QSettings(str(Path(scratch) / "render.ini"), QSettings.Format.IniFormat)
        language = Language(settings)
        language.apply(locale)
        ctx = make_context(db, language, settings, "screenshot")
        try:
            if page == WIZARD:
                wizard = SetupWizard(ctx)
                wizard.resize(min(size[0], WIZARD_SIZE[0]), min(size[1], WIZARD_SIZE[1]))
                wizard.show()
                wizard.next()
                widget = wizard
            else:
                widget = MainWindow(ctx, page=page)
                widget.resize(*size)
                widget.show()
            _settle(app)
            out.parent.mkdir(parents=True, exist_ok=True)
            if not widget.grab().save(str(out), "PNG"):
                raise OSError(f"could not write {out}")
        finally:
            if widget is not None:
                widget.hide()
                widget.deleteLater()
            ctx.tasks.wait()
            _settle(app)
            db.close()
            language.detach()
            set_locale(previous)
