"""Options the register pages and dialogs share: codes with their labels, the villages and communities,
and a combo that starts with nothing chosen."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox

from desktop.i18n import _
from desktop.services import communities
from desktop.ui.forms import fill_combo
from desktop.ui.gateway import Gateway
from desktop.ui.registers.spec import Choice


def labelled(codes: dict[str, str]) -> dict[str, str]:
    """Code → translated label, for a combo over stable codes (``domain.codes``)."""
    return {code: _(text) for code, text in codes.items()}


def community_names(gateway: Gateway) -> dict[str, str]:
    """The live villages and communities, id → name, in pinyin order."""
    return {c.id: c.name for c in gateway.read(communities.list_all)}


def community_filter(key: str = "community") -> Choice:
    """The filter "which village or community", its first item for all of them."""
    return Choice(key, lambda gateway: {"": _("All villages and communities")} | community_names(gateway))


def select_community(combo: QComboBox, community_id: str, name: str) -> None:
    """Select a stored record's village or community, added to ``combo`` when it was deleted since: shown,
    and refused on save."""
    if combo.findData(community_id) < 0:
        combo.addItem(name, community_id)
    combo.setCurrentIndex(combo.findData(community_id))


def choice_combo(items: dict[str, str]) -> QComboBox:
    """A combo of code → label that starts with nothing chosen ("Choose…") rather than guess."""
    combo = QComboBox()
    combo.setPlaceholderText(_("Choose…"))
    fill_combo(combo, items)
    combo.setCurrentIndex(-1)
    return combo
