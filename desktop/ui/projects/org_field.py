"""The applicant of a proposal (申报单位): a social organisation of the register, typed to find."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox

from desktop.i18n import _
from desktop.services import orgs
from desktop.services.orgs import OrgView
from desktop.ui.forms import make_searchable
from desktop.ui.gateway import Gateway


class OrgField(QComboBox):
    """``org_id()`` is the organisation whose name is typed or picked, "" while none is; ``picked`` fires
    with its ``OrgView`` when the user chooses one."""

    picked = Signal(object)

    def __init__(self, gateway: Gateway) -> None:
        super().__init__()
        make_searchable(self)
        self.setMinimumContentsLength(20)
        self._orgs: dict[str, OrgView] = {}
        found = gateway.read(orgs.list_all)
        names = Counter(org.name for org in found)
        for org in found:  # namesakes in two communities are told apart by the community
            self.addItem(org.name if names[org.name] == 1 else f"{org.name} ({org.community})", org.id)
            self._orgs[org.id] = org
        self.setCurrentIndex(-1)
        self.lineEdit().setPlaceholderText(_("Type to find in the register of social organisations"))
        self.activated.connect(lambda _index: self._picked())

    def choose(self, org_id: str, name: str) -> None:
        """Show a stored proposal's applicant, added when it left the register since (refused on save)."""
        if self.findData(org_id) < 0:
            self.addItem(name, org_id)
        self.setCurrentIndex(self.findData(org_id))

    def org_id(self) -> str:
        # What is typed must be a whole name of the list, not only the start of one.
        index = self.findText(self.currentText(), Qt.MatchFlag.MatchExactly)
        data = self.itemData(index) if index >= 0 else None
        return data if isinstance(data, str) else ""

    def org(self) -> OrgView | None:
        return self._orgs.get(self.org_id())

    def _picked(self) -> None:
        org = self.org()
        if org is not None:
            self.picked.emit(org)
