from __future__ import annotations

from PySide6.QtCore import QByteArray

from desktop.i18n import _, current_locale, set_locale
from desktop.services import communities
from desktop.services.communities import CommunityInput
from desktop.ui.main_window import GEOMETRY_KEY, MainWindow, open_main_window
from desktop.ui.pages import PAGES




def sidebar_texts(window: MainWindow) -> list[str]:
    return [window._sidebar.item(row).text() for row in range(window._sidebar.count())]


def menu_titles(window: MainWindow) -> list[str]:
    return [action.text() for action in window.menuBar().actions()]


def test_title_sidebar_and_status_bar(window, ctx):
    assert "青山镇社会工作服务站" in window.windowTitle()
    assert [item for item in sidebar_texts(window)] == [_(spec.title) for spec in PAGES]
    assert window.current_page() == "home"
    assert str(ctx.gateway.path) in window._db_label.text()
    window.show_page("settings")
    assert window._stack.currentWidget() is window.page_widget("settings")


def test_switching_language_rebuilds_texts_and_keeps_the_page(qtbot, window, ctx, settings):
    set_locale("zh_CN")
    window._rebuild()
    window.show_page("settings")
    page_before = window.page_widget("settings")
    chinese = (sidebar_texts(window), menu_titles(window))

    combo = page_before.tabs.cornerWidget().combo
    combo.setCurrentIndex(combo.findData("en"))
    combo.activated.emit(combo.currentIndex())
    qtbot.waitUntil(lambda: window.page_widget("settings") is not page_before)

    assert current_locale() == "en"
    assert settings.value("ui/locale") == "en"
    assert window.current_page() == "settings"
    assert sidebar_texts(window) == [spec.title for spec in PAGES]  # English is the source language
    assert "&File" in menu_titles(window)
    checked = [a.data() for m in window.menuBar().actions() for sub in m.menu().actions() if sub.menu()
               for a in sub.menu().actions() if a.isChecked()]
    assert checked == ["en"]

    # And back through the menu; the texts are the Chinese ones again (translated or not yet).
    language_menu = next(sub.menu() for m in window.menuBar().actions() for sub in m.menu().actions()
                         if sub.menu())
    next(a for a in language_menu.actions() if a.data() == "zh_CN").trigger()
    qtbot.waitUntil(lambda: current_locale() == "zh_CN" and sidebar_texts(window) == chinese[0])
    assert settings.value("ui/locale") == "zh_CN"
    assert menu_titles(window) == chinese[1]
    assert window.current_page() == "settings"


def test_home_counts_follow_changes(qtbot, window, ctx, demo_db):
    home = window.page_widget("home")
    before = home.tiles["total"].value.text()
    with demo_db.write() as session:
        communities.add(session, CommunityInput("桃源村", "rural", 100))
    ctx.events.publish("communities")
    assert home.tiles["total"].value.text() != before
    assert home.tiles["rural"].value.text() == "8"
    assert "1" in home.tiles["population"].note.text()  # 柏林村 has no figure


def test_geometry_and_page_are_remembered(qtbot, ctx, settings, monkeypatch):
    first = open_main_window(ctx)
    qtbot.addWidget(first)
    first.show()
    first.show_page("settings")
    first.close()
    saved = settings.value(GEOMETRY_KEY)
    assert isinstance(saved, QByteArray) and not saved.isEmpty()
    # The offscreen screen is too small to compare sizes; check the saved bytes are handed back.
    restored: list[QByteArray] = []
    monkeypatch.setattr(MainWindow, "restoreGeometry", lambda self, data: restored.append(data) or True)
    second = open_main_window(ctx)
    qtbot.addWidget(second)
    assert restored == [saved]
    assert second.current_page() == "settings"
