"""Adding or editing one donor or partner: who they are, how to reach them, and what they can offer."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QWidget

from desktop.domain import contact
from desktop.domain.codes import DONOR_KINDS, OFFER_KINDS
from desktop.domain.credit_code import FIELD as CREDIT_CODE
from desktop.i18n import _
from desktop.services import donors
from desktop.services.donors import DonorInput, DonorView
from desktop.ui.context import AppContext
from desktop.ui.forms import combo_value, fill_combo
from desktop.ui.layouts import inline_row
from desktop.ui.registers.choices import choice_combo, community_names, labelled
from desktop.ui.registers.date_field import PastDateEdit
from desktop.ui.registers.record_dialog import RecordDialog
from desktop.ui.tasks import Job


class DonorDialog(RecordDialog[DonorView]):
    """``outcome`` is the saved ``DonorView``."""

    def __init__(self, ctx: AppContext, existing: DonorView | None = None, parent: QWidget | None = None) -> None:
        super().__init__(ctx, existing, topic="donors", new_title=_("New donor or partner"), parent=parent)
        self.name = QLineEdit()
        self.name.setMaxLength(100)
        self.kind = choice_combo(labelled(DONOR_KINDS))
        self.community = QComboBox()
        fill_combo(self.community, {"": _("Not tied to one village or community")} | community_names(ctx.gateway))
        self.credit_code = QLineEdit()
        self.credit_code.setPlaceholderText(_("18 characters; a person has none"))
        self.contact_person = QLineEdit()
        self.contact_person.setMaxLength(50)
        self.phone = QLineEdit()
        self.phone.setPlaceholderText(_("Mobile number, optional"))
        self.address = QLineEdit()
        self.address.setMaxLength(200)
        self.offers = {code: QCheckBox(text) for code, text in labelled(OFFER_KINDS).items()}
        self.offer_notes = QLineEdit()
        self.offer_notes.setMaxLength(500)
        self.offer_notes.setPlaceholderText(_("e.g. rice and oil every Double Ninth Festival"))
        self.first_contact_on = PastDateEdit()
        self.notes = QLineEdit()
        self.notes.setMaxLength(500)

        form = self.form
        form.add_row("name", _("Name"), self.name)
        form.add_row("kind", _("Kind"), self.kind)
        form.add_row("community_id", _("Community"), self.community)
        form.add_row(CREDIT_CODE, _("Credit code"), self.credit_code)
        form.add_row("contact_person", _("Contact person"), self.contact_person)
        form.add_row(contact.FIELD, _("Phone"), self.phone)
        form.add_row("address", _("Address"), self.address)
        form.add_row("offers", _("Offers"), inline_row(*self.offers.values()))
        form.add_row("offer_notes", _("What they offer"), self.offer_notes)
        form.add_row("first_contact_on", _("First contact"), self.first_contact_on)
        form.add_row("notes", _("Notes"), self.notes)
        if existing is not None:
            self._fill(existing)

        self.first_contact_on.dateChanged.connect(lambda _date: self.update_button())
        self.update_button()
        self.name.setFocus()

    def _fill(self, data: DonorView) -> None:
        if self.community.findData(data.community_id or "") < 0:  # deleted since: shown, and refused on save
            self.community.addItem(data.community, data.community_id)
        for combo, code in ((self.kind, data.kind), (self.community, data.community_id or "")):
            combo.setCurrentIndex(combo.findData(code))
        for code, box in self.offers.items():
            box.setChecked(code in data.offers)
        self.name.setText(data.name)
        self.credit_code.setText(data.credit_code)
        self.contact_person.setText(data.contact_person)
        self.phone.setText(data.phone)
        self.address.setText(data.address)
        self.offer_notes.setText(data.offer_notes)
        self.first_contact_on.set_value(data.first_contact_on)
        self.notes.setText(data.notes)

    def checked(self) -> DonorInput:
        offers = tuple(code for code, box in self.offers.items() if box.isChecked())
        return DonorInput(
            self.name.text(), combo_value(self.kind), offers, combo_value(self.community) or None,
            self.credit_code.text(), self.contact_person.text(), self.phone.text(), self.address.text(),
            self.offer_notes.text(), self.first_contact_on.value(), self.notes.text()).validated()

    def job(self, values: DonorInput) -> Job:
        return self.add_or_update(donors.add, donors.update, values)
