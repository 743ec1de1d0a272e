"""Ending a resource that still has matches under way: the dialog names them and asks why, since ending it
closes them as did not work (services.resource_ending); it saves the resource's form with it, in one go."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QWidget

from desktop.i18n import _, ngettext
from desktop.services import resource_ending
from desktop.services.cell_parsers import listing
from desktop.services.forms import required_text
from desktop.services.resources import ResourceInput
from desktop.ui.context import AppContext
from desktop.ui.form_dialog import FormDialog
from desktop.ui.tasks import Job

REASON_LIMIT = 400


class EndResourceDialog(FormDialog):
    """``values``: the resource's form as saved, status 已停止; ``outcome``: how many matches were closed."""

    def __init__(self, ctx: AppContext, resource_id: str, name: str, needs: list[str], values: ResourceInput,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, title=_("End {name}?").format(name=name), ok_text=_("End it and close the matches"),
                         parent=parent, intro=ngettext(
                             "{name} still has {n} match under way: {needs}. Ending it closes it as did not work, "
                             "and its need waits for a match again unless another match of it is under way.",
                             "{name} still has {n} matches under way: {needs}. Ending it closes them as did not "
                             "work, and each need with no other match under way waits for a match again.",
                             len(needs)).format(name=name, n=len(needs), needs=listing(needs)))
        self.resource_id, self.values = resource_id, values
        self.reason = QLineEdit()
        self.reason.setMaxLength(REASON_LIMIT)
        self.reason.setPlaceholderText(_("e.g. the volunteers who delivered the meals have left"))
        self.form.add_row("reason", _("Why it ends"), self.reason)
        self.update_button()
        self.reason.setFocus()

    def checked(self) -> str:
        return required_text(self.reason.text(), "reason", REASON_LIMIT)

    def job(self, values: str) -> Job:
        gateway, resource_id, data = self._ctx.gateway, self.resource_id, self.values
        return lambda _progress: gateway.write(resource_ending.end_resource, resource_id, values, data)
