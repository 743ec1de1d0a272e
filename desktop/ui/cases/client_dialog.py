"""Adding or editing one client (服务对象): identity, contact, target groups, guardian and consent, household.

The form checks as you type with the services' own rules (``ClientInput.validated``). A resident ID
card fills the birth date and gender; a date or gender typed that disagrees with it is shown at its
field. An old 15-digit ID card number is offered as the 18-character number it becomes (the rule an
import applies), to take with one click. An ID number another client holds is refused on save with a
button to that client; the same name and birth date only warns, as the service does. A sealed field
typed without a recorded consent is refused at the consent, which names it. Ctrl+S saves, Esc cancels.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import QTimer
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (QCheckBox, QComboBox, QFrame, QHBoxLayout, QLabel, QLineEdit, QPushButton,
                               QScrollArea, QWidget)

from desktop.domain import contact, identity
from desktop.domain.codes import GENDERS, ID_TYPES, TARGET_GROUPS
from desktop.domain.consent import CHILD_AGE, age_on
from desktop.domain.id_documents import checked_identity, tidy_id_text, upgraded_id
from desktop.errors import ValidationError, WusheError, raise_all
from desktop.i18n import _, format_date
from desktop.services import clients
from desktop.services.client_input import ADULT_AGE, refused_with_the_rest
from desktop.services.clients import ClientInput, ClientView, DuplicateClient
from desktop.services.received import NOT_RECEIVED
from desktop.ui.cases.guardian_fields import GuardianConsentFields
from desktop.ui.cases.household_editor import HouseholdEditor
from desktop.ui.context import AppContext
from desktop.ui.forms import combo_value, fill_combo
from desktop.ui.layouts import grid_of
from desktop.ui.registers.choices import choice_combo, community_names, labelled, select_community
from desktop.ui.registers.date_field import PastDateEdit
from desktop.ui.registers.filter_bar import SEARCH_DELAY_MS
from desktop.ui.registers.id_reveal import add_reveal_row, kept_number_hint
from desktop.ui.registers.record_dialog import RecordDialog
from desktop.ui.tasks import Job

COLUMNS_OF_GROUPS = 2
WIDTH = 780  # room for a household row: name, relation, year, lives with, notes, Remove
SCREEN_MARGIN = 120  # what the dialog leaves of the screen's height (title bar, taskbar)


class ClientDialog(RecordDialog[ClientView]):
    """``outcome`` is the saved ``ClientView``. An existing ID number is kept unless a new one is typed."""

    def __init__(self, ctx: AppContext, existing: ClientView | None = None, parent: QWidget | None = None) -> None:
        super().__init__(ctx, existing, topic="clients", new_title=_("New client"), parent=parent)
        self._duplicate_id = ""  # the client holding the ID number the service refused
        self._filled: tuple[date | None, str] = (None, "")  # what the ID card last filled in
        self.name = QLineEdit()
        self.name.setMaxLength(100)
        self.similar = QLabel()
        self.similar.setWordWrap(True)
        self.similar.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.community = choice_combo(community_names(ctx.gateway))
        self.id_type = QComboBox()
        fill_combo(self.id_type, labelled(ID_TYPES))
        self.id_number = QLineEdit()
        self.id_number.setMaxLength(30)
        self.open_existing = QPushButton(_("Open the existing client…"))
        self.open_existing.clicked.connect(self.show_existing)
        self.legacy = LegacyIdOffer()
        self.legacy.use.clicked.connect(self.use_upgraded_id)
        self.gender = QComboBox()
        fill_combo(self.gender, {"": _("From the ID card")} | labelled(GENDERS))
        self.birth_date = PastDateEdit()
        self.phone = QLineEdit()
        self.phone.setPlaceholderText(_("Mobile or landline (023-48612345), optional"))
        self.address = QLineEdit()
        self.address.setMaxLength(200)
        self.address.setPlaceholderText(_("e.g. 青山镇石桥村七组 41 号"))
        self.groups = {code: QCheckBox(text) for code, text in labelled(TARGET_GROUPS).items()}
        self.registered_on = PastDateEdit()
        self.registered_on.set_value(date.today())
        self.notes = QLineEdit()
        self.notes.setMaxLength(500)
        self.household = HouseholdEditor()

        form = self.form
        form.add_row("name", _("Full name"), self.name)
        form.add_row("similar", "", self.similar)
        form.add_row("community_id", _("Community"), self.community)
        form.add_row("id_type", _("ID document"), self.id_type)
        form.add_row(identity.FIELD, _("ID number"), self.id_number)
        form.add_row("existing", "", self.open_existing)
        form.add_row("legacy_id", "", self.legacy)
        self.reveal = add_reveal_row(form, ctx, clients.TABLE, existing)
        form.add_row("gender", _("Gender"), self.gender)
        form.add_row("birth_date", _("Date of birth"), self.birth_date)
        form.add_row(contact.FIELD, _("Phone"), self.phone)
        form.add_row("address", _("Address"), self.address)
        form.add_row("target_groups", _("Target groups"), grid_of(list(self.groups.values()), COLUMNS_OF_GROUPS))
        form.add_row("registered_on", _("Registration date"), self.registered_on)
        self.consent = GuardianConsentFields(form, self.is_minor, self.is_child)
        form.add_row("notes", _("Notes"), self.notes)
        form.add_row("members", _("Household"), self.household)
        self._show_row(self.similar, False)
        self._show_row(self.open_existing, False)
        self._show_row(self.legacy, False)
        if existing is not None:
            self._fill(existing)

        # Watched after filling, so that filling is not taken for the user's edits.
        form.watch("birth_date", self.birth_date.dateChanged)
        form.watch("registered_on", self.registered_on.dateChanged)
        form.watch("consent_on", self.consent.given_on.dateChanged)
        form.watch("target_groups", *(box.toggled for box in self.groups.values()))
        form.watch("members", self.household.changed)
        # A sealed field typed shows the consent's verdict at once: without a consent, it names that field.
        form.watch("consent_on", self.id_number.textEdited, self.phone.textEdited, self.address.textEdited,
                   self.notes.textEdited, self.consent.guardian_phone.textEdited, self.household.changed)
        self.id_type.activated.connect(lambda _index: self._id_changed())
        self.id_number.textEdited.connect(lambda _text: self._id_changed())
        for date_edit in (self.birth_date, self.registered_on):
            date_edit.dateChanged.connect(lambda _day: self.consent.age_changed())
        self._similar_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._similar_timer.timeout.connect(self.check_similar)
        self.name.textEdited.connect(lambda _text: self._similar_timer.start())
        self.birth_date.dateChanged.connect(lambda _day: self._similar_timer.start())
        self._scrolled()
        self.update_button()
        self.name.setFocus()

    # --- building -------------------------------------------------------------------------
    def _scrolled(self) -> None:
        """The form is taller than a 1366×768 screen: it scrolls, the buttons stay in view."""
        index = self.content.indexOf(self.form.layout)
        self.content.removeItem(self.form.layout)
        self.form.layout.setParent(None)  # a layout moves to a widget only once it has no parent
        body = QWidget()
        body.setLayout(self.form.layout)
        self.scroll = QScrollArea()
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(body)
        self.content.insertWidget(index, self.scroll, 1)
        wanted = body.sizeHint()
        room = self.screen().availableGeometry().height() - SCREEN_MARGIN
        bar = self.scroll.verticalScrollBar().sizeHint().width()
        self.resize(max(wanted.width() + bar + 2 * self.content.contentsMargins().left(), WIDTH),
                    min(wanted.height() + self.buttons.sizeHint().height() + 40, room))

    def _show_row(self, widget: QWidget, shown: bool) -> None:
        self.form.layout.setRowVisible(widget, shown)

    def _fill(self, data: ClientView) -> None:
        select_community(self.community, data.community_id, data.community)
        for combo, code in ((self.id_type, data.id_type), (self.gender, data.gender)):
            combo.setCurrentIndex(combo.findData(code))
        self.name.setText(data.name)
        self.id_number.setPlaceholderText(kept_number_hint(data.id_masked))
        self.birth_date.set_value(data.birth_date)
        self.phone.setText(data.phone)
        self.address.setText(data.address)
        for code, box in self.groups.items():
            box.setChecked(code in data.target_groups)
        self.registered_on.set_value(data.registered_on)
        self.notes.setText(data.notes)
        self.consent.fill(data.consent)
        self.consent.fill_guardian(data.guardian_name, data.guardian_relation, data.guardian_phone)
        self.household.fill(data.members)
        self._mark_withheld()

    def _mark_withheld(self) -> None:
        """A field a plain bundle left out stays empty, marked, and saving keeps it as it is at the node that has it."""
        if self.existing is None:
            return
        for field, box in (("id_number", self.id_number), ("phone", self.phone), ("address", self.address),
                           ("notes", self.notes), ("guardian_phone", self.consent.guardian_phone)):
            if field in self.existing.withheld:
                box.setPlaceholderText(_(NOT_RECEIVED))

    def show_read_only(self) -> None:
        """Read only, the hints on what to type gone, but not the mark: it says what is, not what to type."""
        super().show_read_only()
        self.household.show_read_only()  # its buttons are no checkable ones, which the form turns off itself
        self._mark_withheld()

    # --- as the user types ----------------------------------------------------------------
    def is_minor(self) -> bool:
        birth = self.birth_date.value()
        return birth is not None and age_on(birth, self.registered_on.value() or date.today()) < ADULT_AGE

    def is_child(self) -> bool:
        """Under 14, whose consent the guardian gives."""
        birth = self.birth_date.value()
        return birth is not None and age_on(birth, self.registered_on.value() or date.today()) < CHILD_AGE

    def _id_changed(self) -> None:
        """A resident ID card gives the birth date and gender: filled while blank or as the card last filled them."""
        self._duplicate_id = ""
        self._show_row(self.open_existing, False)
        self._offer_upgrade()
        try:
            card = checked_identity(combo_value(self.id_type), self.id_number.text(), "", None, date.today())
        except ValidationError:
            return  # the form says what is wrong, at the field
        if card.birth_date is None:
            return
        if self.birth_date.value() in (None, self._filled[0]):
            self.birth_date.set_value(card.birth_date)
        if combo_value(self.gender) in ("", self._filled[1]):
            self.gender.setCurrentIndex(self.gender.findData(card.gender))
        self._filled = (card.birth_date, card.gender)
        self.update_button()

    def _offer_upgrade(self) -> None:
        """An old 15-digit number: the 18-character one it becomes, offered beside it."""
        try:
            number = tidy_id_text(self.id_number.text())
            upgraded = upgraded_id(combo_value(self.id_type), number)
        except ValidationError:
            upgraded = ""  # no real date or division in it: the field says the number is wrong
        shown = bool(upgraded) and upgraded != number
        if shown:
            self.legacy.offer(upgraded)
        self._show_row(self.legacy, shown)

    def use_upgraded_id(self) -> None:
        """The offered 18-character number typed in for the user, as if typed."""
        self.id_number.setText(self.legacy.number)
        self.id_number.textEdited.emit(self.legacy.number)
        self.id_number.setFocus()

    def check_similar(self) -> None:
        """Warn, without refusing, about clients with this name and birth date: perhaps the same person."""
        existing = self.existing
        found = self._ctx.gateway.read(clients.similar, self.name.text(), self.birth_date.value(),
                                       existing.id if existing is not None else None)
        self.similar.setText(_("Already in the register with the same name and birth date: {clients}. Check that this "
                               "is another person.").format(clients=_("; ").join(
                                   _("{name} ({community}, registered on {date})").format(
                                       name=v.name, community=v.community, date=format_date(v.registered_on))
                                   for v in found)) if found else "")
        self._show_row(self.similar, bool(found))

    # --- saving ---------------------------------------------------------------------------
    def checked(self) -> ClientInput:
        typed = self.id_number.text().strip()
        consent = self.consent
        data = ClientInput(
            self.name.text(), combo_value(self.community), combo_value(self.id_type),
            typed if typed or self.existing is None else None,  # None keeps the stored number
            combo_value(self.gender), self.birth_date.value(), self.phone.text(), self.address.text(),
            tuple(code for code, box in self.groups.items() if box.isChecked()), consent.guardian_name.text(),
            consent.guardian_relation.text(), consent.guardian_phone.text(), None, self.notes.text(),
            self.registered_on.value(), self.household.members())
        problems: list[ValidationError] = []  # every one shown at once, each at its field
        try:
            data = replace(data, consent=consent.value())
        except ValidationError as refused:
            problems.append(refused_with_the_rest(data, refused))
        else:
            try:
                data.validated()  # a kept number is checked by the service, which holds it
            except ValidationError as exc:
                problems.append(exc)
        if not data.community_id:
            problems.append(ValidationError("community_id", _("Choose a village or community from the list.")))
        raise_all(problems)
        return data

    def job(self, values: ClientInput) -> Job:
        return self.add_or_update(clients.add, clients.update, values)

    def show_failure(self, error: WusheError) -> None:
        if isinstance(error, DuplicateClient):
            self._duplicate_id = error.existing_id
            self._show_row(self.open_existing, True)
        super().show_failure(error)
        focused = self.focusWidget()
        if focused is not None and self.scroll.widget().isAncestorOf(focused):
            self.scroll.ensureWidgetVisible(focused)

    def show_existing(self) -> None:
        """The client who holds the ID number, in a dialog of their own over this one."""
        if self._duplicate_id:
            ClientDialog(self._ctx, self._ctx.gateway.read(clients.get, self._duplicate_id), self).exec()


class LegacyIdOffer(QWidget):
    """The 18-character number an old 15-digit one becomes, and a button to use it."""

    def __init__(self) -> None:
        super().__init__()
        self.number = ""
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.use = QPushButton(_("Use this number"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.use)

    def offer(self, number: str) -> None:
        self.number = number
        self.text.setText(_("An old 15-digit ID card number: the current card's number is {number}.").format(
            number=number))
