"""The interface language: gettext catalogs, Qt's own translations, and the saved choice."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QObject, QSettings, QTranslator, Signal

from desktop.i18n import DEFAULT_LOCALE, LOCALES, current_locale, set_locale

log = logging.getLogger(__name__)

SETTINGS_KEY = "ui/locale"


def preferred_locale(settings: QSettings, requested: str | None = None) -> str:
    """The ``requested`` locale, else the one saved in the settings, else Simplified Chinese."""
    for candidate in (requested, settings.value(SETTINGS_KEY)):
        if isinstance(candidate, str) and candidate in LOCALES:
            return candidate
    return DEFAULT_LOCALE


class Language(QObject):
    """Switches the language; windows listen to ``changed`` and rebuild their texts."""

    changed = Signal(str)

    def __init__(self, settings: QSettings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self._qt_translator: QTranslator | None = None

    @property
    def current(self) -> str:
        return current_locale()

    def apply(self, locale: str) -> None:
        """Activate ``locale`` for our catalogs and for Qt's standard dialogs, without saving it."""
        set_locale(locale)
        self._install_qt_translations(locale)

    def switch(self, locale: str) -> None:
        """The user's choice: apply, remember it, and tell the windows."""
        if locale == current_locale():
            return
        self.apply(locale)
        self._settings.setValue(SETTINGS_KEY, locale)
        self.changed.emit(locale)

    def detach(self) -> None:
        """Take Qt's translations out of the application again (a throw-away ``Language``)."""
        app = QCoreApplication.instance()
        if app is not None and self._qt_translator is not None:
            app.removeTranslator(self._qt_translator)
        self._qt_translator = None

    def _install_qt_translations(self, locale: str) -> None:
        app = QCoreApplication.instance()
        self.detach()
        if app is None or locale == "en":
            return  # Qt's source strings are English
        translator = QTranslator(self)
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if translator.load(f"qtbase_{locale}", folder):
            app.installTranslator(translator)
            self._qt_translator = translator
        else:
            log.info("no Qt translations for %s in %s", locale, folder)
