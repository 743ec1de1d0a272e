"""Find a client for a form: type part of the name, pinyin initials or the last 4 ID digits, then pick
one of the matches. The search is the client register's own, a window of it at a time."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QLineEdit

from desktop.i18n import _
from desktop.services import clients
from desktop.services.clients import ClientQuery, ClientView
from desktop.ui.gateway import Gateway
from desktop.ui.registers.filter_bar import SEARCH_DELAY_MS

MATCHES = 20  # enough to pick from; typing more narrows the list


def client_label(client: ClientView) -> str:
    """How a client is told apart from namesakes in a list to pick from."""
    if client.id_masked:
        return _("{name} ({community}, ID {id})").format(name=client.name, community=client.community,
                                                         id=client.id_masked)
    return _("{name} ({community})").format(name=client.name, community=client.community)


class ClientPicker(QObject):
    """Two inputs for a form's rows: ``search`` and the ``matches`` found; ``changed`` fires once they are
    listed again after typing. No client is chosen until the user picks one, or typed what only one matches."""

    changed = Signal()

    def __init__(self, gateway: Gateway, chosen: ClientView | None = None) -> None:
        super().__init__()
        self._gateway = gateway
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Name, pinyin initials or last 4 ID digits"))
        self.search.setClearButtonEnabled(True)
        self.matches = QComboBox()
        self._typing = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._typing.timeout.connect(self.find)
        self.search.textEdited.connect(lambda _text: self._typing.start())
        if chosen is not None:
            self.search.setText(chosen.name)
        self.find()
        if chosen is not None:
            self.choose(chosen)

    def find(self) -> None:
        """List the first matches of what is typed (the register in pinyin order when nothing is)."""
        self._typing.stop()
        chosen = self.client()
        page = self._gateway.read(clients.list_page, ClientQuery(text=self.search.text()), 0, MATCHES, False)
        self.matches.clear()
        for client in self._gateway.read(clients.get_many, page.ids):
            self.matches.addItem(client_label(client), client)
        # The one chosen stays chosen when found again; otherwise the first of several would be a guess.
        index = self._index(chosen) if chosen is not None else -1
        if index < 0 and self.matches.count() == 1 and self.search.text().strip():
            index = 0
        self.matches.setCurrentIndex(index)
        self.matches.setPlaceholderText(_("Pick the client from the list") if self.matches.count()
                                        else _("No client found"))
        self.changed.emit()

    def _index(self, client: ClientView) -> int:
        return next((n for n in range(self.matches.count()) if self.matches.itemData(n).id == client.id), -1)

    def choose(self, client: ClientView) -> None:
        index = self._index(client)
        if index < 0:  # beyond the first matches: put first
            self.matches.insertItem(0, client_label(client), client)
            index = 0
        self.matches.setCurrentIndex(index)

    def client(self) -> ClientView | None:
        data = self.matches.currentData()
        return data if isinstance(data, ClientView) else None
