"""Adding or editing one volunteer: personal information, the ID document, and the consent to hold it."""

from __future__ import annotations

import re
from datetime import date

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QWidget

from desktop.domain import contact, identity
from desktop.domain.codes import GENDERS, ID_TYPES, SERVICE_CATEGORIES, VOLUNTEER_STATUSES
from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.services import volunteers
from desktop.services.volunteers import VolunteerInput, VolunteerView
from desktop.ui.context import AppContext
from desktop.ui.forms import combo_value, fill_combo
from desktop.ui.layouts import grid_of
from desktop.ui.registers.choices import choice_combo, community_names, select_community
from desktop.ui.registers.date_field import PastDateEdit
from desktop.ui.registers.id_reveal import add_reveal_row, kept_number_hint
from desktop.ui.registers.record_dialog import RecordDialog
from desktop.ui.tasks import Job
from desktop.ui.volunteers.consent_fields import ConsentFields

TEAM_SEPARATORS = re.compile(r"[、,，;；]")
COLUMNS_OF_CATEGORIES = 3


class VolunteerDialog(RecordDialog[VolunteerView]):
    """``outcome`` is the saved ``VolunteerView``. An existing ID number is kept unless a new one is typed;
    the full number shows only after an audited reveal, and only in this dialog."""

    def __init__(self, ctx: AppContext, existing: VolunteerView | None = None, parent: QWidget | None = None) -> None:
        super().__init__(ctx, existing, topic="volunteers", new_title=_("New volunteer"), parent=parent)
        self.name = QLineEdit()
        self.name.setMaxLength(100)
        self.community = choice_combo(community_names(ctx.gateway))
        self.id_type = QComboBox()
        fill_combo(self.id_type, {code: _(text) for code, text in ID_TYPES.items()})
        self.id_number = QLineEdit()
        self.id_number.setMaxLength(30)
        self.gender = QComboBox()
        fill_combo(self.gender, {"": _("From the ID card")} | {code: _(text) for code, text in GENDERS.items()})
        self.birth_date = PastDateEdit()
        self.phone = QLineEdit()
        self.phone.setPlaceholderText(_("Mobile number, optional"))
        self.residence = QLineEdit()
        self.residence.setMaxLength(100)
        self.residence.setPlaceholderText(_("e.g. 青山社区 3 组"))
        self.skills = QLineEdit()
        self.skills.setMaxLength(200)
        self.categories = {code: QCheckBox(_(text)) for code, text in SERVICE_CATEGORIES.items()}
        self.teams = QLineEdit()
        self.teams.setPlaceholderText(_("Separate several teams with 、"))
        self.registered_on = PastDateEdit()
        self.registered_on.set_value(date.today())
        self.status = QComboBox()
        fill_combo(self.status, {code: _(text) for code, text in VOLUNTEER_STATUSES.items()})
        self.notes = QLineEdit()
        self.notes.setMaxLength(500)

        form = self.form
        form.add_row("name", _("Name"), self.name)
        form.add_row("community_id", _("Community"), self.community)
        form.add_row("id_type", _("ID document"), self.id_type)
        form.add_row(identity.FIELD, _("ID number"), self.id_number)
        self.reveal = add_reveal_row(form, ctx, volunteers.TABLE, existing)
        form.add_row("gender", _("Gender"), self.gender)
        form.add_row("birth_date", _("Date of birth"), self.birth_date)
        form.add_row(contact.FIELD, _("Phone"), self.phone)
        form.add_row("residence", _("Residential area"), self.residence)
        form.add_row("skills", _("Skills"), self.skills)
        form.add_row("categories", _("Service categories"),
                     grid_of(list(self.categories.values()), COLUMNS_OF_CATEGORIES))
        form.add_row("teams", _("Teams"), self.teams)
        form.add_row("registered_on", _("Registered on"), self.registered_on)
        form.add_row("status", _("Status"), self.status)
        form.add_row("notes", _("Notes"), self.notes)
        self.consent = ConsentFields(form)
        if existing is not None:
            self._fill(existing)

        for date_edit in (self.birth_date, self.registered_on, self.consent.given_on):
            date_edit.dateChanged.connect(lambda _date: self.update_button())
        for box in self.categories.values():
            box.toggled.connect(lambda _on: self.update_button())
        self.consent.given_by.activated.connect(lambda _index: self.update_button())
        self.update_button()
        self.name.setFocus()

    def _fill(self, data: VolunteerView) -> None:
        select_community(self.community, data.community_id, data.community)
        for combo, code in ((self.id_type, data.id_type), (self.gender, data.gender), (self.status, data.status)):
            combo.setCurrentIndex(combo.findData(code))
        self.name.setText(data.name)
        self.id_number.setPlaceholderText(kept_number_hint(data.id_masked))
        self.birth_date.set_value(data.birth_date)
        self.phone.setText(data.phone)
        self.residence.setText(data.residence)
        self.skills.setText(data.skills)
        for code, box in self.categories.items():
            box.setChecked(code in data.categories)
        self.teams.setText("、".join(data.teams))
        self.registered_on.set_value(data.registered_on)
        self.notes.setText(data.notes)
        self.consent.fill(data.consent)
        self.consent.update()

    def checked(self) -> VolunteerInput:
        typed = self.id_number.text().strip()
        number = typed if typed or self.existing is None else None  # None keeps the stored number
        data = VolunteerInput(
            self.name.text(), combo_value(self.community), combo_value(self.id_type), number,
            combo_value(self.gender), self.birth_date.value(), self.phone.text(), self.residence.text(),
            self.skills.text(), tuple(code for code, box in self.categories.items() if box.isChecked()),
            tuple(TEAM_SEPARATORS.split(self.teams.text())), self.registered_on.value(), combo_value(self.status),
            self.consent.value(), self.notes.text())
        checked = data.validated()  # a kept number is checked by the service, which holds it
        if not checked.community_id:
            raise ValidationError("community_id", _("Choose a village or community from the list."))
        return data

    def job(self, values: VolunteerInput) -> Job:
        return self.add_or_update(volunteers.add, volunteers.update, values)
