"""Where a resource comes from: one of the registers (慈善资源, 社会组织, 志愿者), found by typing part of
a name or its pinyin initials, or a provider named in words (a department, a venue's owner). Like the
client picker, each register is searched a window at a time, so a register of 100,000 volunteers costs
the first 20 matches."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QLineEdit

from desktop.i18n import N_, _
from desktop.services import donors, orgs, volunteers
from desktop.services.donors import DonorQuery
from desktop.services.orgs import OrgQuery
from desktop.services.volunteers import VolunteerQuery
from desktop.ui.forms import combo_value, fill_combo
from desktop.ui.gateway import Gateway
from desktop.ui.registers.filter_bar import SEARCH_DELAY_MS

MATCHES = 20  # enough to pick from; typing more narrows the list
NAMED = ""  # the provider is named in words, on no register


@dataclass(frozen=True)
class Register:
    title: str  # marked with N_
    service: Any  # a register's service module: list_page and get_many
    query: Callable[[str], Any]  # the register's query for what is typed


# The ResourceInput field each register fills, in the order offered.
REGISTERS: dict[str, Register] = {
    "donor_id": Register(N_("Charity resources register"), donors, lambda text: DonorQuery(text=text)),
    "org_id": Register(N_("Social organisations register"), orgs, lambda text: OrgQuery(text=text)),
    "volunteer_id": Register(N_("Volunteers register"), volunteers, lambda text: VolunteerQuery(text=text)),
}
# The register a resource of this kind usually comes from.


def _label(record: Any) -> str:
    community = getattr(record, "community", "")
    return _("{name} ({community})").format(name=record.name, community=community) if community else record.name


class ProviderPicker(QObject):
    """Inputs for a form's rows: ``source`` (a register, or named in words), then ``search`` and
    ``matches`` for a register or ``name`` for words; ``changed`` fires when what is chosen may have."""

    changed = Signal()

    def __init__(self, gateway: Gateway) -> None:
        super().__init__()
        self._gateway = gateway
        self.source = QComboBox()
        fill_combo(self.source, {code: _(register.title) for code, register in REGISTERS.items()}
                   | {NAMED: _("Named here (a department, a venue's owner…)")}, NAMED)
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Part of the name, or pinyin initials"))
        self.search.setClearButtonEnabled(True)
        self.matches = QComboBox()
        self.matches.setPlaceholderText(_("None found"))
        self.name = QLineEdit()
        self.name.setMaxLength(100)
        self.name.setPlaceholderText(_("e.g. the township civil affairs office"))
        self._typing = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._typing.timeout.connect(self.find)
        self.search.textEdited.connect(lambda _text: self._typing.start())
        self.source.currentIndexChanged.connect(lambda _index: self.find())
        self.matches.currentIndexChanged.connect(lambda _index: self.changed.emit())
        self.name.textEdited.connect(lambda _text: self.changed.emit())

    def field(self) -> str:
        """The ResourceInput field chosen ("donor_id", …), or "" for a provider named in words."""
        return combo_value(self.source)

    def use(self, field: str) -> None:
        self.source.setCurrentIndex(max(self.source.findData(field), 0))

    def find(self) -> None:
        """List the first matches of what is typed in the chosen register (all of it when nothing is)."""
        self._typing.stop()
        self.matches.clear()
        register = REGISTERS.get(self.field())
        if register is not None:
            page = self._gateway.read(register.service.list_page, register.query(self.search.text()), 0, MATCHES,
                                      False)
            for record in self._gateway.read(register.service.get_many, page.ids):
                self.matches.addItem(_label(record), record.id)
            self.matches.setCurrentIndex(0 if self.matches.count() else -1)
        self.changed.emit()

    def set_chosen(self, field: str, record_id: str | None, name: str) -> None:
        """Show what a stored resource names: a register's record (put first), or the words."""
        self.use(field)
        register = REGISTERS.get(field)
        if register is None or not record_id:
            self.name.setText(name)
            return
        found = self._gateway.read(register.service.get_many, [record_id])
        if found and self.matches.findData(record_id) < 0:
            self.matches.insertItem(0, _label(found[0]), record_id)
        self.matches.setCurrentIndex(self.matches.findData(record_id))

    def provider(self) -> dict[str, Any]:
        """The ResourceInput fields for the provider chosen."""
        field = self.field()
        if field == NAMED:
            return {"provider_name": self.name.text()}
        return {field: combo_value(self.matches) or None}
