"""The main window: a sidebar of areas, one page per area, menus, and the database in the status bar.

It is shown in two steps so that a window is on screen at once: ``MainWindow(settings)`` is the
frame (sidebar, an "opening" notice, the saved geometry) and needs nothing of the data layer;
``attach(ctx)`` then gives it the database, menus and pages. Importing SQLAlchemy and the services
takes longer than all of Qt's start, so this module imports them only where a method needs them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

# Qt's namespace is reached through QtCore.Qt when first needed, after the frame is shown: loading it
# takes 50 ms, a third of what the frame may add to a bare window's start-up.
from PySide6 import QtCore
from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtGui import QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QMainWindow, QMessageBox,
                               QStackedWidget, QWidget)

from desktop import __version__
from desktop.domain.codes import label
from desktop.domain.permissions import Action, role_labels
from desktop.errors import NotFoundError
from desktop.i18n import LOCALE_NAMES, LOCALES, _
from desktop.ui.pages import PAGES

if TYPE_CHECKING:
    from desktop.services.station import StationProfile
    from desktop.ui.context import AppContext

SIDEBAR_WIDTH = 180  # at least; wider when an area's title needs it (服务对象与个案 at 1.15×)
SIDEBAR_PADDING = 2 * 12 + 24  # the items' stylesheet padding, the frame and the view's margins
GEOMETRY_KEY = "ui/geometry"
PAGE_KEY = "ui/page"


class MainWindow(QMainWindow):
    def __init__(self, settings: QSettings) -> None:
        super().__init__()
        self._settings = settings
        self._ctx: AppContext | None = None
        self._pages: dict[str, QWidget] = {}
        self._sidebar = QListWidget()
        self._sidebar.setFixedWidth(SIDEBAR_WIDTH)
        self._sidebar.setObjectName("sidebar")
        self._sidebar.setStyleSheet("QListWidget#sidebar { outline: 0; }"
                                    " QListWidget#sidebar::item { padding: 8px 12px; }")
        sidebar_font = self._sidebar.font()
        sidebar_font.setPointSizeF(sidebar_font.pointSizeF() * 1.15)  # the areas read as headings
        self._sidebar.setFont(sidebar_font)
        self._sidebar.currentRowChanged.connect(self._on_sidebar_row)
        self._stack = QStackedWidget()
        self._opening = QLabel(_("Opening the database…"))
        self._opening.setStyleSheet("qproperty-alignment: AlignCenter;")  # no Qt namespace yet, see above
        self._stack.addWidget(self._opening)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._sidebar)
        layout.addWidget(self._stack, 1)
        self.setCentralWidget(central)
        self._user_label = QLabel()
        self._db_label = QLabel()
        self.statusBar().addPermanentWidget(self._user_label)
        self.statusBar().addPermanentWidget(self._db_label)
        # 1366×768 at 125 % leaves about 1090×570 logical pixels under the taskbar.
        self.setMinimumSize(800, 520)
        self._restore_geometry()
        self.setWindowTitle(_("Wushe Desk"))
        for spec in PAGES:  # the areas are there from the first frame, usable once attached
            self._sidebar.addItem(_(spec.title))
        self._fit_sidebar()
        self._sidebar.setEnabled(False)

    def attach(self, ctx: AppContext, page: str | None = None) -> None:
        """Give the window its database: menus, status, and the saved (or given) page."""
        self._ctx = ctx
        self._stack.removeWidget(self._opening)
        self._opening.deleteLater()
        saved = self._settings.value(PAGE_KEY)
        self._sidebar.setEnabled(True)
        self._db_label.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self._build(page or (saved if isinstance(saved, str) else "home"))
        # Queued: the menu action or combo that asked for the switch is rebuilt, so let it return first.
        ctx.language.changed.connect(self._rebuild, QtCore.Qt.ConnectionType.QueuedConnection)
        ctx.session.user_changed.connect(self._rebuild)  # another role sees other buttons
        ctx.events.changed.connect(self._on_data_changed)
        ctx.events.notice.connect(lambda text: self.statusBar().showMessage(text, 8000))

    def is_attached(self) -> bool:
        return self._ctx is not None

    @property
    def ctx(self) -> AppContext:
        assert self._ctx is not None, "attach() the window to a context first"
        return self._ctx

    # --- pages ----------------------------------------------------------------------------
    def current_page(self) -> str:
        item = self._sidebar.currentItem()
        return item.data(QtCore.Qt.ItemDataRole.UserRole) if item is not None else PAGES[0].id

    def show_page(self, page_id: str) -> None:
        for row in range(self._sidebar.count()):
            if self._sidebar.item(row).data(QtCore.Qt.ItemDataRole.UserRole) == page_id:
                self._sidebar.setCurrentRow(row)
                return
        raise ValueError(f"unknown page {page_id!r}")

    def page_widget(self, page_id: str) -> QWidget | None:
        return self._pages.get(page_id)

    def _on_sidebar_row(self, row: int) -> None:
        if row < 0:
            return
        spec = PAGES[row]
        if spec.id not in self._pages:  # built on first visit: later areas may be heavy
            self._pages[spec.id] = spec.factory(self.ctx)
            self._stack.addWidget(self._pages[spec.id])
        self._stack.setCurrentWidget(self._pages[spec.id])

    # --- building and rebuilding in another language ---------------------------------------
    def _build(self, page_id: str) -> None:
        profile = self._profile()
        self._show_title(profile)
        self._db_label.setText(_("Database: {path}").format(path=self.ctx.gateway.path))
        user = self.ctx.gateway.principal
        role = label(role_labels(profile.kind if profile else ""), user.role)  # 县级管理员 at a county
        shown = _("{name} ({user})") if user.display_name == role else _("{name} ({user}), {role}")  # 站长, not twice
        self._user_label.setText(shown.format(name=user.display_name, user=user.username, role=role)
                                 if user.user_id is not None else "")
        self._build_menus()
        self._sidebar.blockSignals(True)
        self._sidebar.clear()
        for spec in PAGES:
            item = QListWidgetItem(_(spec.title))
            item.setData(QtCore.Qt.ItemDataRole.UserRole, spec.id)
            self._sidebar.addItem(item)
        self._sidebar.blockSignals(False)
        self._fit_sidebar()
        known = any(spec.id == page_id for spec in PAGES)
        self.show_page(page_id if known else PAGES[0].id)

    def _fit_sidebar(self) -> None:
        metrics = self._sidebar.fontMetrics()
        widest = max(metrics.horizontalAdvance(self._sidebar.item(row).text()) for row in range(self._sidebar.count()))
        self._sidebar.setFixedWidth(max(SIDEBAR_WIDTH, widest + SIDEBAR_PADDING))

    def _rebuild(self) -> None:
        current = self.current_page()
        for widget in self._pages.values():
            self._stack.removeWidget(widget)
            widget.deleteLater()
        self._pages.clear()
        self._build(current)

    def _build_menus(self) -> None:
        from desktop.ui.operations import back_up_now  # the data layer: see the module's docstring

        ctx = self.ctx
        bar = self.menuBar()
        for old in bar.actions():  # a language switch builds new menus; the old ones go
            if old.menu() is not None:
                old.menu().deleteLater()
        bar.clear()
        file_menu = bar.addMenu(_("&File"))
        backup = file_menu.addAction(_("&Back up now"))
        backup.setEnabled(ctx.gateway.may(Action.MAKE_BACKUP))
        backup.triggered.connect(lambda: back_up_now(ctx, self))
        file_menu.addSeparator()
        signed_in = ctx.gateway.principal.user_id is not None
        session = ctx.session
        for text, shortcut, slot in ((_("&Lock now"), "Ctrl+L", session.lock_requested.emit),
                                     (_("&Change password…"), "", self._change_password),
                                     (_("Sign &out"), "", session.sign_out_requested.emit)):
            action = file_menu.addAction(text)
            action.setShortcut(QKeySequence(shortcut))
            action.setEnabled(signed_in)
            action.triggered.connect(lambda _checked=False, run=slot: run())
        file_menu.addSeparator()
        quit_action = file_menu.addAction(_("&Quit"))
        quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        quit_action.triggered.connect(self.close)

        language_menu = bar.addMenu(_("&View")).addMenu(_("&Language"))
        group = QActionGroup(language_menu)
        for locale in LOCALES:
            action = language_menu.addAction(LOCALE_NAMES[locale])
            action.setCheckable(True)
            action.setChecked(locale == ctx.language.current)
            action.setData(locale)
            action.triggered.connect(lambda _checked=False, loc=locale: ctx.language.switch(loc))
            group.addAction(action)

        help_menu = bar.addMenu(_("&Help"))
        help_menu.addAction(_("&About Wushe Desk")).triggered.connect(self._about)

    def _profile(self) -> StationProfile | None:
        """This node's profile, None before set-up."""
        from desktop.services.station import get_profile  # the data layer: see the module's docstring

        try:
            return self.ctx.gateway.read(get_profile)
        except NotFoundError:
            return None

    def _show_title(self, profile: StationProfile | None) -> None:
        self.setWindowTitle(_("Wushe Desk — {station}").format(station=profile.name) if profile else _("Wushe Desk"))

    def _on_data_changed(self, topic: str) -> None:
        if topic in ("station", "all"):
            self._show_title(self._profile())

    def _change_password(self) -> None:
        from desktop.ui.access.change_password_dialog import ChangePasswordDialog  # see the module's docstring

        if ChangePasswordDialog(self.ctx, parent=self).exec():
            self.ctx.events.tell(_("Your password is changed."))

    def _about(self) -> None:
        QMessageBox.about(
            self, _("About Wushe Desk"),
            _("Wushe Desk {version}\n\nOffline-first workbench for township social-work stations "
              "and the five linked elements (五社联动).").format(version=__version__),
        )

    # --- geometry -------------------------------------------------------------------------
    def _restore_geometry(self) -> None:
        geometry = self._settings.value(GEOMETRY_KEY)
        if isinstance(geometry, QByteArray) and self.restoreGeometry(geometry):
            return
        screen = self.screen().availableGeometry()
        # Fits a 1366×768 laptop with the taskbar; larger screens get a comfortable default.
        self.resize(min(1280, screen.width() - 40), min(800, screen.height() - 40))

    def closeEvent(self, event: QCloseEvent) -> None:
        self._settings.setValue(GEOMETRY_KEY, self.saveGeometry())
        if self._ctx is not None:  # closed before the database was opened: no page to remember
            self._settings.setValue(PAGE_KEY, self.current_page())
        super().closeEvent(event)


def open_main_window(ctx: AppContext, page: str | None = None) -> MainWindow:
    """The window attached at once, for callers that have the context already (screenshots, tests)."""
    window = MainWindow(ctx.settings)
    window.attach(ctx, page)
    return window
