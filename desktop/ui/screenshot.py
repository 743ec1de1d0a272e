"""PNG renders of the pages, for the README, reviews and the CLI's ``screenshot`` command."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from PySide6.QtCore import QPoint, QRect, QSettings
from PySide6.QtGui import QColor, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QTabWidget, QWidget

from desktop.domain.permissions import Action
from desktop.domain.project_workflow import FUNDED
from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _, current_locale, set_locale
from desktop.services import case_list, case_service_records, project_detail, projects, signin, station
from desktop.services.case_list import CaseQuery
from desktop.services.guard import PermissionDenied
from desktop.storage.database import Database
from desktop.storage.opening import open_database
from desktop.ui.access.sign_in_dialog import SignInDialog
from desktop.ui.context import AppContext, make_context
from desktop.ui.fonts import register_font
from desktop.ui.language import Language
from desktop.ui.main_window import MainWindow, open_main_window
from desktop.ui.pages import page_ids
from desktop.ui.registers.register_page import RegisterPage
from desktop.ui.screenshot_wizard import WIZARD_PAGES, wizard_at

WIZARD = "wizard"  # the setup wizard's station page, which has no place in the sidebar
LOGIN = "login"  # the sign-in window
# A tab of an area's page: the page's ``tabs`` and its attribute holding the tab (None for a role that may not see it).
TABS = {"settings-users": ("settings", "users", Action.MANAGE_USERS),
        "settings-audit": ("settings", "audit", Action.VIEW_AUDIT), "clients": ("cases", "clients", Action.VIEW_CASES),
        "stats-period": ("stats", "period", Action.VIEW)}
# A register page with its first record's dialog open over it.
DETAILS = {"orgs-edit": "orgs", "workers-edit": "workers", "donors-edit": "donors", "client-edit": "clients"}
RECORDS = {"volunteer-record": "volunteers"}  # the record window (``page.record(row)``) of the first row
CASE = "case"  # the window of a demo case in service with records, over the case list
PROJECT = "project"  # the window of a demo project at its budget, over the project list
PAGE_IDS: tuple[str, ...] = (*page_ids(), *WIZARD_PAGES, LOGIN, *TABS, *DETAILS, *RECORDS, CASE, PROJECT)
WIZARD_SIZE = (760, 600)
DIALOG_WIDTH = 480


def _application() -> QApplication:
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    return app


def _settle(app: QApplication) -> None:
    for _round in range(3):  # layouts settle over a few passes of the event loop
        app.processEvents()


def _sign_in(db: Database, username: str | None, password: str | None) -> None:
    if not signin.has_accounts(db):
        return  # nothing is protected yet
    if not username or not password:
        raise ValidationError("username", _("This database has user accounts: give a user name and password "
                                            "to sign in (WUSHE_USER and WUSHE_PASSWORD)."))
    signin.sign_in(db, username, password)


def _main_window(ctx: AppContext, page: str, size: tuple[int, int]) -> MainWindow:
    tab = TABS.get(page)
    window = open_main_window(ctx, page=tab[0] if tab else page)
    window.resize(*size)
    if tab is not None:
        widget = _page_widget(window, page)
        if widget is None:
            window.deleteLater()
            raise PermissionDenied(ctx.gateway.refusal(tab[2]))
        area = window.page_widget(tab[0])
        tabs = area.findChild(QTabWidget) if area is not None else None
        assert tabs is not None and tabs.indexOf(widget) >= 0
        tabs.setCurrentWidget(widget)
    window.show()
    return window


def _page_widget(window: MainWindow, page: str) -> QWidget | None:
    """What shows ``page``: an area's page, or a tab of one (``TABS``)."""
    tab = TABS.get(page)
    area = window.page_widget(tab[0] if tab else page)
    return getattr(area, tab[1]) if tab else area


def _detail_over(app: QApplication, window: QWidget, page: str, record: bool = False) -> QPixmap:
    """The window with the detail dialog of the page's first record over it, as a person sees it."""
    assert isinstance(window, MainWindow)
    register = _page_widget(window, page)
    assert isinstance(register, RegisterPage)
    row = register.model.row_object(register.model.index(0, 0))
    dialog = register.record(row) if record else register.shown_detail(row)  # type: ignore[attr-defined]
    return _dialog_over(app, window, dialog)


def _case_over(app: QApplication, ctx: AppContext, window: QWidget) -> QPixmap:
    """The window of the demo case in service with the most records, a corrected one if any."""
    from desktop.ui.cases.case_window import open_case_window

    records = {row.id: ctx.gateway.read(case_service_records.service_records, row.id, include_corrected=True)
               for row in ctx.gateway.read(case_list.list_all, CaseQuery(stage="service"))}
    if not records:
        raise NotFoundError(_("No case in service to show: load the demo data (wushe demo)."))
    shown = max(records, key=lambda case_id: (any(r.corrected for r in records[case_id]), len(records[case_id])))
    dialog = open_case_window(ctx, shown, window)
    dialog.resize(min(dialog.width(), window.width() - 60), min(dialog.height(), window.height() - 60))
    return _dialog_over(app, window, dialog)


def _project_over(app: QApplication, ctx: AppContext, window: QWidget) -> QPixmap:
    """The window of the demo project with the most budget lines, a funded one if any, at its budget."""
    from desktop.ui.projects.project_window import open_project_window

    details = [ctx.gateway.read(project_detail.detail, row.id) for row in ctx.gateway.read(projects.list_all)]
    if not details:
        raise NotFoundError(_("No project to show: load the demo data (wushe demo)."))
    shown = max(details, key=lambda d: (d.project.status in FUNDED, len(d.budget)))
    dialog = open_project_window(ctx, shown.project.id, window)
    dialog.tabs.setCurrentWidget(dialog.budget)
    dialog.resize(min(dialog.width(), window.width() - 60), min(dialog.height(), window.height() - 60))
    return _dialog_over(app, window, dialog)


def _dialog_over(app: QApplication, window: QWidget, dialog: QWidget) -> QPixmap:
    dialog.show()  # a child of the page: it goes with the window
    _settle(app)
    shot = window.grab()
    painter = QPainter(shot)
    painter.fillRect(shot.rect(), QColor(0, 0, 0, 40))  # the window behind a modal dialog
    corner = QPoint((shot.width() - dialog.width()) // 2, max((shot.height() - dialog.height()) // 2, 0))
    painter.drawPixmap(corner, dialog.grab())
    painter.setPen(QColor(0, 0, 0, 120))
    painter.drawRect(QRect(corner, dialog.size()).adjusted(0, 0, -1, -1))
    painter.end()
    return shot


def render_page(db_path: Path, page: str, out: Path, locale: str = "zh_CN", size: tuple[int, int] = (1280, 800),
                username: str | None = None, password: str | None = None) -> None:
    """Render ``page`` of the app on ``db_path`` into the PNG ``out``.

    Pages of the main window need a database that is set up (``wushe demo`` makes one) and, once it
    has accounts, a user name and password to sign in with. "login" shows the sign-in window; the
    wizard pages run on a throw-away blank database.
    """
    if page not in PAGE_IDS:
        raise ValueError(f"unknown page {page!r}; choose one of {', '.join(PAGE_IDS)}")
    app = _application()
    register_font(app)
    previous = current_locale()
    widget: QWidget | None = None
    with tempfile.TemporaryDirectory() as scratch:
        db = open_database(Path(scratch) / "wizard.db" if page in WIZARD_PAGES else db_path)
        # Throw-away settings: a render must not move the user's window or change their language.
        settings = QSettings(str(Path(scratch) / "render.ini"), QSettings.Format.IniFormat)
        language = Language(settings)
        language.apply(locale)
        ctx = make_context(db, language, settings)
        try:
            if page in WIZARD_PAGES:
                widget = wizard_at(ctx, page, app)
                widget.resize(min(size[0], WIZARD_SIZE[0]), min(size[1], WIZARD_SIZE[1]))
            elif page == LOGIN:
                widget = SignInDialog(ctx)
                widget.resize(DIALOG_WIDTH, widget.sizeHint().height())
                widget.show()
            else:
                if not station.is_initialized(db):
                    raise NotFoundError(_("This database has not been set up yet; run the setup first."))
                _sign_in(db, username, password)
                area = {CASE: "cases", PROJECT: "projects"}.get(page) or DETAILS.get(page, RECORDS.get(page, page))
                widget = _main_window(ctx, area, size)
            _settle(app)
            ctx.tasks.wait()  # a page that reads on the database worker (统计) has its figures by now
            _settle(app)
            if page == CASE:
                image = _case_over(app, ctx, widget)
            elif page == PROJECT:
                image = _project_over(app, ctx, widget)
            elif page in DETAILS or page in RECORDS:
                image = _detail_over(app, widget, DETAILS.get(page) or RECORDS[page], record=page in RECORDS)
            else:
                image = widget.grab()
            out.parent.mkdir(parents=True, exist_ok=True)
            if not image.save(str(out), "PNG"):
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
