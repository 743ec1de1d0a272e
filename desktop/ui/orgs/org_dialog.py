"""Adding or editing one community social organisation; a change of status asks why and is kept. It also
holds what a proposal's basic table asks of the applicant: address, postcode, inspection, rating, profile."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QGroupBox, QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

from desktop.domain import contact
from desktop.domain.codes import ORG_CATEGORIES, ORG_INSPECTIONS, ORG_RATINGS, ORG_STATUSES, label
from desktop.errors import ValidationError
from desktop.i18n import _, format_date
from desktop.services import orgs
from desktop.services.forms import optional_text
from desktop.services.orgs import PROFILE, OrgInput, OrgQuery, OrgView, StatusChange
from desktop.ui.context import AppContext
from desktop.ui.counted_text import CountedText
from desktop.ui.forms import combo_value, fill_combo
from desktop.ui.layouts import inline_row
from desktop.ui.registers.choices import choice_combo, community_names, labelled, select_community
from desktop.ui.registers.date_field import PastDateEdit
from desktop.ui.registers.record_dialog import RecordDialog
from desktop.ui.tasks import Job

PROFILE_LINES = 5  # the profile box's height in lines; a longer profile scrolls inside it


class OrgDialog(RecordDialog[OrgView]):
    """``outcome`` is the saved ``OrgView``; editing shows the history of status changes."""

    def __init__(self, ctx: AppContext, existing: OrgView | None = None, parent: QWidget | None = None) -> None:
        super().__init__(ctx, existing, topic="orgs", new_title=_("New social organisation"), parent=parent)
        self.name = QLineEdit()
        self.name.setMaxLength(100)
        self.community = choice_combo(community_names(ctx.gateway))
        self.category = choice_combo(labelled(ORG_CATEGORIES))
        self.status = choice_combo(labelled(ORG_STATUSES))
        self.status_note = QLineEdit()
        self.status_note.setMaxLength(200)
        self.status_note.setPlaceholderText(_("e.g. filed with the street office"))
        self.credit_code = QLineEdit()
        self.credit_code.setPlaceholderText(_("18 characters; required once registered"))
        self.founded_on = PastDateEdit()
        self.address = QLineEdit()
        self.address.setMaxLength(200)
        self.postcode = QLineEdit()
        self.postcode.setMaxLength(6)
        self.postcode.setPlaceholderText(_("6 digits"))
        self.inspection = QComboBox()
        fill_combo(self.inspection, {"": _("Not stated")} | labelled(ORG_INSPECTIONS))
        self.rating = QComboBox()
        fill_combo(self.rating, {"": _("Not stated")} | labelled(ORG_RATINGS))
        self.leader = QLineEdit()
        self.leader.setMaxLength(50)
        self.leader_phone = QLineEdit()
        self.leader_phone.setPlaceholderText(_("Mobile number, optional"))
        self.members = QLineEdit()
        self.members.setPlaceholderText(_("Leave empty if not known"))
        self.party_branch = QCheckBox(_("Has a party branch"))
        self.brand = QCheckBox(_("Brand organisation"))
        self.is_federation = QCheckBox(_("Is the township federation"))
        self.federation = QComboBox()
        fill_combo(self.federation, self._federations())
        self.notes = QLineEdit()
        self.notes.setMaxLength(500)
        self.profile = QPlainTextEdit()
        self.profile.setTabChangesFocus(True)  # Tab goes on to the next field, as everywhere else in the form
        self.profile.setPlaceholderText(_("What the organisation does, for whom, since when; at most {n} characters")
                                        .format(n=PROFILE))
        self.profile.setFixedHeight(self.profile.fontMetrics().lineSpacing() * PROFILE_LINES
                                    + 2 * self.profile.frameWidth() + 8)
        profile = CountedText(self.profile, PROFILE)
        self.profile_count = profile.count
        if existing is not None:
            self._fill(existing)

        form = self.form
        form.add_row("name", _("Name"), self.name)
        form.add_row("community_id", _("Community"), self.community)
        form.add_row("category", _("Category"), self.category)
        form.add_row("status", _("Status"), self.status)
        form.add_row("status_note", _("Reason for the change"), self.status_note)
        form.add_row("credit_code", _("Credit code"), self.credit_code)
        form.add_row("founded_on", _("Founded"), self.founded_on)
        form.add_row("address", _("Mailing address"), self.address)
        form.add_row("postcode", _("Postcode"), self.postcode)
        form.add_row("inspection", _("Annual inspection"), self.inspection)
        form.add_row("rating", _("Evaluation rating"), self.rating)
        form.add_row("leader", _("Leader"), self.leader)
        form.add_row(contact.FIELD, _("Leader's phone"), self.leader_phone)
        form.add_row("members", _("Members"), self.members)
        form.add_row("flags", _("Marks"), inline_row(self.party_branch, self.brand, self.is_federation))
        form.add_row("federation_id", _("Belongs to federation"), self.federation)
        form.add_row("profile", _("Organisation profile"), profile)
        form.watch("profile", self.profile.textChanged)  # filled above, so every change from here is the user's
        form.add_row("notes", _("Notes"), self.notes)
        self.history: QLabel | None = None  # the status changes of an existing organisation
        if existing is not None:
            self.content.insertWidget(self.content.count() - 1, self._history(existing.id))

        for box in (self.party_branch, self.brand, self.is_federation):
            box.toggled.connect(lambda _on: self._update())
        self.founded_on.dateChanged.connect(lambda _date: self._update())
        self.status.currentIndexChanged.connect(lambda _index: self._update())
        if existing is not None:
            self.status.activated.connect(lambda _index: self._status_picked())
        self._update()
        self.name.setFocus()

    # --- what is offered --------------------------------------------------------------------
    def _federations(self) -> dict[str, str]:
        gateway = self._ctx.gateway
        found = gateway.read(orgs.get_many, gateway.read(orgs.list_ids, OrgQuery(federations=True)))
        return {"": _("None")} | {f.id: f.name for f in found}

    def _fill(self, data: OrgView) -> None:
        select_community(self.community, data.community_id, data.community)
        for combo, code in ((self.category, data.category), (self.status, data.status),
                            (self.federation, data.federation_id or ""), (self.inspection, data.inspection),
                            (self.rating, data.rating)):
            combo.setCurrentIndex(combo.findData(code))
        self.federation.removeItem(self.federation.findData(data.id))  # not a member of itself
        self.name.setText(data.name)
        self.credit_code.setText(data.credit_code)
        self.founded_on.set_value(data.founded_on)
        self.address.setText(data.address)
        self.postcode.setText(data.postcode)
        self.leader.setText(data.leader)
        self.leader_phone.setText(data.leader_phone)
        self.members.setText("" if data.members is None else str(data.members))
        self.party_branch.setChecked(data.party_branch)
        self.brand.setChecked(data.brand)
        self.is_federation.setChecked(data.is_federation)
        self.notes.setText(data.notes)
        self.profile.setPlainText(data.profile)

    def _history(self, org_id: str) -> QGroupBox:
        changes = self._ctx.gateway.read(orgs.history, org_id)
        box = QGroupBox(_("Status history"))
        self.history = QLabel("<table cellspacing='0' cellpadding='2'>" + "".join(_history_row(c) for c in changes)
                              + "</table>")
        self.history.setTextFormat(Qt.TextFormat.RichText)
        self.history.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        QVBoxLayout(box).addWidget(self.history)
        return box

    # --- as the user types ------------------------------------------------------------------
    def _status_changed(self) -> bool:
        return self.existing is not None and combo_value(self.status) != self.existing.status

    def _update(self) -> None:
        row, _role = self.form.layout.getWidgetPosition(self.status_note)
        self.form.layout.setRowVisible(row, self._status_changed())
        self.federation.setEnabled(not self.is_federation.isChecked())  # a federation belongs to none
        self.update_button()

    def _status_picked(self) -> None:
        """The record's fields are all filled in: say at once what the new status asks for (a credit code)."""
        self.form.touch_all()
        self.update_button()

    def checked(self) -> tuple[OrgInput, str]:
        federation = "" if self.is_federation.isChecked() else combo_value(self.federation)
        data = OrgInput(
            self.name.text(), combo_value(self.community), combo_value(self.category), combo_value(self.status),
            self.credit_code.text(), self.founded_on.value(), self.leader.text(), self.leader_phone.text(),
            self.members.text(), self.party_branch.isChecked(), self.brand.isChecked(),
            self.is_federation.isChecked(), federation or None, self.notes.text(), self.address.text(),
            self.postcode.text(), combo_value(self.inspection), combo_value(self.rating),
            self.profile.toPlainText()).validated()
        if not data.community_id:
            raise ValidationError("community_id", _("Choose a village or community from the list."))
        note = optional_text(self.status_note.text(), "status_note", 200) if self._status_changed() else ""
        return data, note

    def job(self, values: tuple[OrgInput, str]) -> Job:
        gateway, existing = self._ctx.gateway, self.existing
        data, note = values
        if existing is None:
            return lambda _progress: gateway.write(orgs.add, data)
        return lambda _progress: gateway.write(orgs.update, existing.id, data, note)


def _history_row(change: StatusChange) -> str:
    cells = (format_date(change.changed_on, "medium"), label(ORG_STATUSES, change.status), change.note)
    return "<tr>" + "".join(f"<td style='padding-right: 16px'>{escape(cell)}</td>" for cell in cells) + "</tr>"
