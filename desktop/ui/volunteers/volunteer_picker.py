"""Find a volunteer to add to a sheet or to give points to: type a name, initials or number, pick."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QPushButton, QWidget

from desktop.i18n import _
from desktop.services import volunteers
from desktop.services.volunteers import VolunteerQuery, VolunteerView
from desktop.ui.gateway import Gateway

MATCHES = 20  # enough to pick from; typing more narrows the list


class VolunteerPicker(QWidget):
    picked = Signal(object)  # the chosen VolunteerView

    def __init__(self, gateway: Gateway, action: str) -> None:
        super().__init__()
        self._gateway = gateway
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Name, pinyin initials or number"))
        self.matches = QComboBox()
        self.matches.setMinimumContentsLength(16)
        self.button = QPushButton(action)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search, 1)
        layout.addWidget(self.matches, 1)
        layout.addWidget(self.button)
        self.search.textChanged.connect(self.find)
        self.search.returnPressed.connect(self.pick)
        self.button.clicked.connect(self.pick)
        self.find("")

    def find(self, text: str) -> None:
        ids = self._gateway.read(volunteers.list_ids, VolunteerQuery(text=text, status="active"))[:MATCHES]
        self.matches.clear()
        for volunteer in self._gateway.read(volunteers.get_many, ids):
            self.matches.addItem(f"{volunteer.name} ({volunteer.number}, {volunteer.community})", volunteer)
        self.button.setEnabled(self.matches.count() > 0)

    def current(self) -> VolunteerView | None:
        data = self.matches.currentData()
        return data if isinstance(data, VolunteerView) else None

    def pick(self) -> None:
        volunteer = self.current()
        if volunteer is not None:
            self.picked.emit(volunteer)
