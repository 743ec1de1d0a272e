"""The bundled CJK font, so Chinese renders on a machine that has none installed."""

from __future__ import annotations

import logging
from functools import cache

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from desktop.paths import resources_dir

log = logging.getLogger(__name__)

FONT_FILE = "fonts/wqy-microhei.ttc"


@cache
def _load_family() -> str | None:
    """Add the font file once per process; the family name, or None when it cannot be loaded."""
    path = resources_dir() / FONT_FILE
    font_id = QFontDatabase.addApplicationFont(str(path))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        log.warning("could not load the bundled font %s", path)
        return None
    # The collection holds a proportional and a "Mono" face; the UI wants the proportional one.
    return next((f for f in families if "Mono" not in f), families[0])


def register_font(app: QApplication) -> str | None:
    """Make the bundled face the application's default, at the platform's default point size."""
    family = _load_family()
    if family is not None:
        font = QFont(family)
        font.setPointSizeF(app.font().pointSizeF())
        app.setFont(font)
    return family
