"""The language switch on the 设置 page; the same as View ▸ Language."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from desktop.i18n import LOCALE_NAMES, _
from desktop.ui.context import AppContext
from desktop.ui.forms import combo_value, fill_combo


class LanguageBox(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.combo = QComboBox()
        fill_combo(self.combo, LOCALE_NAMES, ctx.language.current)
        self.combo.activated.connect(lambda _index: ctx.language.switch(combo_value(self.combo)))
        caption = QLabel(_("Language"))
        caption.setBuddy(self.combo)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 0, 0, 4)
        layout.addWidget(caption)
        layout.addWidget(self.combo)
