from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QImage

from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import current_locale
from desktop.services.guard import PermissionDenied
from desktop.ui.pages import page_ids
from desktop.ui.screenshot import PAGE_IDS, render_page

DIALOGS = {"wizard", "wizard-account", "wizard-recovery", "login"}  # sized to themselves, not to ``size``


def test_every_page_id_is_listed() -> None:
    assert set(page_ids()) <= set(PAGE_IDS)
    assert {"wizard", "login", "settings-users", "settings-audit"} <= set(PAGE_IDS)


@pytest.mark.parametrize("page", PAGE_IDS)
@pytest.mark.parametrize("locale", ["zh_CN", "en"])
def test_render_writes_a_png(qapp, demo_db, tmp_path, page, locale, password):
    before = current_locale()
    out = tmp_path / "shots" / f"{page}-{locale}.png"
    render_page(demo_db.path, page, out, locale=locale, size=(1024, 700), username="admin", password=password)
    assert out.read_bytes().startswith(b"\x89PNG")
    image = QImage(str(out))
    assert not image.isNull()
    if page not in DIALOGS:
        assert (image.width(), image.height()) == (1024, 700)
    assert current_locale() == before  # the render does not change the app's language


def test_a_database_with_accounts_needs_credentials(qapp, demo_db, tmp_path) -> None:
    with pytest.raises(ValidationError, match="WUSHE_USER"):
        render_page(demo_db.path, "home", tmp_path / "x.png")
    render_page(demo_db.path, "login", tmp_path / "login.png")  # the sign-in window needs none


def test_a_database_not_set_up_is_refused_before_any_window(qapp, tmp_path) -> None:
    with pytest.raises(NotFoundError, match="set up|设置"):
        render_page(tmp_path / "blank.db", "ledger", tmp_path / "x.png")
    assert not (tmp_path / "x.png").exists()
    render_page(tmp_path / "blank.db", "wizard", tmp_path / "wizard.png")  # the setup itself needs none


def test_a_tab_the_role_may_not_see_is_refused(qapp, demo_db, tmp_path, password) -> None:
    with pytest.raises(PermissionDenied):
        render_page(demo_db.path, "settings-users", tmp_path / "x.png", username="zhaolei", password=password)


def test_render_leaves_no_qt_translation_behind(qapp, demo_db, tmp_path) -> None:
    render_page(demo_db.path, "wizard", tmp_path / "zh.png", locale="zh_CN")
    assert QCoreApplication.translate("QWizard", "Cancel") == "Cancel"


def test_unknown_page_lists_the_ids(demo_db, tmp_path) -> None:
    with pytest.raises(ValueError, match="home"):
        render_page(demo_db.path, "nowhere", tmp_path / "x.png")
