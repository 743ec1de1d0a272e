"""Adding or editing a resource: what is on offer, the categories of needs it serves, who provides it (from
a register, or named), where, how much at once, and when."""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QCheckBox, QComboBox, QLayout, QLineEdit, QWidget

from desktop.domain.codes import NEED_CATEGORIES, RESOURCE_KINDS, RESOURCE_STATUSES
from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.services import resources
from desktop.services.resources import KIND_REGISTERS, ResourceInput, ResourceRow
from desktop.ui.context import AppContext
from desktop.ui.form_dialog import FormDialog
from desktop.ui.forms import combo_value, fill_combo
from desktop.ui.layouts import grid_of
from desktop.ui.needs.end_resource_dialog import EndResourceDialog
from desktop.ui.needs.provider_picker import NAMED, REGISTERS, ProviderPicker
from desktop.ui.registers.choices import choice_combo, community_names, labelled, select_community
from desktop.ui.registers.date_field import PastDateEdit
from desktop.ui.tasks import Job

LATEST = QDate(2099, 12, 31)


def date_edit() -> PastDateEdit:
    """A date that may be unset ("Not set") and may be in the future: when a resource is on offer."""
    edit = PastDateEdit()
    edit.setMaximumDate(LATEST)
    edit.setSpecialValueText(_("Not set"))
    return edit


class ResourceDialog(FormDialog):
    """``existing`` None adds a resource; ``outcome`` is then its id."""

    def __init__(self, ctx: AppContext, existing: ResourceRow | None, parent: QWidget | None = None) -> None:
        super().__init__(ctx, title=_("Edit {name}").format(name=existing.name) if existing else _("New resource"),
                         ok_text=_("Save"), parent=parent)
        self.existing = existing
        self.content.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        self.name = QLineEdit()
        self.name.setMaxLength(100)
        self.name.setPlaceholderText(_("e.g. meals for elders (Happiness Canteen)"))
        self.kind = choice_combo(labelled(RESOURCE_KINDS))
        self.categories = {code: QCheckBox(text) for code, text in labelled(NEED_CATEGORIES).items()}
        self.provider = ProviderPicker(ctx.gateway)
        self.community = QComboBox()
        fill_combo(self.community, {"": resources.township_wide()} | community_names(ctx.gateway))
        self.capacity = QLineEdit()
        self.capacity.setPlaceholderText(_("Needs it can take on at once; empty: not limited"))
        self.capacity_note = QLineEdit()
        self.capacity_note.setMaxLength(100)
        self.capacity_note.setPlaceholderText(_("e.g. 20 visits a month"))
        self.available_from, self.available_until = date_edit(), date_edit()
        self.availability = QLineEdit()
        self.availability.setMaxLength(200)
        self.availability.setPlaceholderText(_("e.g. weekend mornings"))
        self.status = QComboBox()
        fill_combo(self.status, labelled(RESOURCE_STATUSES), "available")
        self.contact = QLineEdit()
        self.contact.setMaxLength(100)
        self.contact.setPlaceholderText(_("An office or a contact person, not a private phone"))
        self.notes = QLineEdit()
        self.notes.setMaxLength(500)

        form = self.form
        form.add_row("name", _("Name"), self.name)
        form.add_row("kind", _("Kind"), self.kind)
        form.add_row("categories", _("Serves needs of"), grid_of(list(self.categories.values()), 3))
        form.add_row("provider_source", _("Provided by"), self.provider.source)
        form.add_row("provider_search", _("Find"), self.provider.search)
        form.add_row("provider", _("Provider's name"), self.provider.matches)
        form.add_row("provider_name", _("Provider's name"), self.provider.name)
        form.add_row("community_id", _("Serves where"), self.community)
        form.add_row("capacity", _("Capacity"), self.capacity)
        form.add_row("capacity_note", _("Capacity note"), self.capacity_note)
        form.add_row("available_from", _("Available from"), self.available_from)
        form.add_row("available_until", _("Available until"), self.available_until)
        form.add_row("availability", _("Available when"), self.availability)
        form.add_row("status", _("Status"), self.status)
        form.add_row("contact", _("Contact"), self.contact)
        form.add_row("notes", _("Notes"), self.notes)
        form.watch("categories", *(box.toggled for box in self.categories.values()))
        form.watch("provider", self.provider.matches.activated)
        self.kind.activated.connect(lambda _index: self._suggest_register())
        self.provider.source.currentIndexChanged.connect(lambda _index: self._show_provider_rows())
        self.provider.changed.connect(self.update_button)
        for edit in (self.available_from, self.available_until):
            edit.dateChanged.connect(lambda _date: self.update_button())
        if existing is not None:
            self._fill(ctx.gateway.read(resources.resource_input, existing.id))
        self._show_provider_rows()
        self.update_button()
        self.resize(640, self.sizeHint().height())
        self.name.setFocus()

    def _fill(self, stored: ResourceInput) -> None:
        assert self.existing is not None
        self.name.setText(stored.name)
        self.kind.setCurrentIndex(self.kind.findData(stored.kind))
        for code, box in self.categories.items():
            box.setChecked(code in stored.categories)
        field = next((f for f in REGISTERS if getattr(stored, f)), NAMED)
        self.provider.set_chosen(field, getattr(stored, field) if field else None, stored.provider_name)
        if stored.community_id:
            select_community(self.community, stored.community_id, self.existing.community)
        self.capacity.setText("" if stored.capacity is None else str(stored.capacity))
        self.capacity_note.setText(stored.capacity_note)
        self.available_from.set_value(stored.available_from)
        self.available_until.set_value(stored.available_until)
        self.availability.setText(stored.availability)
        self.status.setCurrentIndex(self.status.findData(stored.status))
        self.contact.setText(stored.contact)
        self.notes.setText(stored.notes)

    def _suggest_register(self) -> None:
        """A donor's, an organisation's or volunteers' resource comes from that register, most likely."""
        field = KIND_REGISTERS.get(combo_value(self.kind))
        if field is not None and self.provider.field() != field:
            self.provider.use(field)

    def _show_provider_rows(self) -> None:
        on_register = self.provider.field() != NAMED
        for widget in (self.provider.search, self.provider.matches):
            self.form.layout.setRowVisible(widget, on_register)
        self.form.layout.setRowVisible(self.provider.name, not on_register)
        self.update_button()

    def checked(self) -> ResourceInput:
        provider = self.provider.provider()
        if self.provider.field() != NAMED and not provider[self.provider.field()]:
            raise ValidationError("provider", _("Choose one from the register, or name the provider in words."))
        return ResourceInput(
            name=self.name.text(), kind=combo_value(self.kind),
            categories=tuple(code for code, box in self.categories.items() if box.isChecked()), **provider,
            community_id=combo_value(self.community) or None, capacity=resources.places(self.capacity.text()),
            capacity_note=self.capacity_note.text(), available_from=self.available_from.value(),
            available_until=self.available_until.value(), availability=self.availability.text(),
            status=combo_value(self.status), contact=self.contact.text(), notes=self.notes.text()).validated()

    def save(self) -> None:
        """Ending a resource that has matches under way asks first, and why (EndResourceDialog): they are closed
        with it, as did not work."""
        existing = self.existing
        if existing is None or self._read_only or self._busy or existing.status == "ended" \
                or combo_value(self.status) != "ended":
            super().save()
            return
        under = self._ctx.gateway.read(resources.open_matches, existing.id)
        values = self.form.check(self.checked) if under else None
        if values is None:
            super().save()
            return
        confirm = EndResourceDialog(self._ctx, existing.id, existing.name, [title for _id, title in under], values,
                                    self)
        confirm.accepted.connect(self.accept)
        confirm.open()

    def job(self, values: ResourceInput) -> Job:
        gateway, existing = self._ctx.gateway, self.existing
        if existing is None:
            return lambda _progress: gateway.write(resources.add_resource, values)
        return lambda _progress: gateway.write(resources.update_resource, existing.id, values)
