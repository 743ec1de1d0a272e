"""Recording or editing a need: where it was found, what it is, for whom, how urgent, and how it came to
light. A need of one client names the client only for the roles that see clients (PIPL); the others
record needs of groups or of a whole community."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QComboBox, QLayout, QLineEdit, QPlainTextEdit, QWidget

from desktop.domain.codes import NEED_CATEGORIES, NEED_HOLDERS, NEED_SOURCES, NEED_URGENCIES
from desktop.domain.permissions import Action
from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.services import clients, needs
from desktop.services.forms import count
from desktop.services.needs import NeedInput, NeedRow
from desktop.ui.cases.client_picker import ClientPicker
from desktop.ui.context import AppContext
from desktop.ui.form_dialog import FormDialog
from desktop.ui.forms import combo_value, fill_combo
from desktop.ui.needs.need_fields import GONE
from desktop.ui.registers.choices import choice_combo, community_names, labelled, select_community
from desktop.ui.tasks import Job
from desktop.ui.volunteers.fields import day, day_edit

CLIENT, GROUP = "client", "group"


class NeedDialog(FormDialog):
    """``existing`` None records a new need; ``outcome`` is then its id. Editing a need deleted meanwhile
    raises one of ``GONE``."""

    def __init__(self, ctx: AppContext, existing: NeedRow | None, parent: QWidget | None = None) -> None:
        super().__init__(ctx, title=_("Edit the need “{title}”").format(title=existing.title) if existing
                         else _("New need"), ok_text=_("Save"), parent=parent)
        self.existing = existing
        self.content.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)  # never cut its fields short
        try:
            stored = ctx.gateway.read(needs.need_input, existing.id) if existing is not None else None
        except GONE:  # deleted by someone else since the list was read: the caller says so (say_gone)
            self.deleteLater()
            raise
        sees_clients = ctx.gateway.may(Action.VIEW_CASES)
        self.community = choice_combo(community_names(ctx.gateway))
        self.category = choice_combo(labelled(NEED_CATEGORIES))
        self.title = QLineEdit()
        self.title.setMaxLength(100)
        self.title.setPlaceholderText(_("e.g. meals for elders living alone"))
        self.details = QPlainTextEdit()
        self.details.setPlaceholderText(_("What was found, and what would help"))
        self.details.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        holders = labelled(NEED_HOLDERS)
        if not sees_clients:
            holders.pop(CLIENT)  # naming a client is for the roles that see clients
        self.holder = QComboBox()
        fill_combo(self.holder, holders, "community")
        chosen = None
        if stored is not None and stored.client_id:  # given to the roles that see clients only
            found = ctx.gateway.read(clients.get_many, [stored.client_id])
            chosen = found[0] if found else None
        self.picker = ClientPicker(ctx.gateway, chosen) if sees_clients else None
        self.group_label = QLineEdit()
        self.group_label.setMaxLength(100)
        self.group_label.setPlaceholderText(_("e.g. children left behind"))
        self.people = QLineEdit()
        self.people.setPlaceholderText(_("How many people it concerns, if known"))
        self.urgency = QComboBox()
        fill_combo(self.urgency, labelled(NEED_URGENCIES), "medium")
        self.source = QComboBox()
        fill_combo(self.source, labelled(NEED_SOURCES), "visit")
        self.found_on = day_edit()
        if stored is not None:
            self._fill(stored)

        form = self.form
        form.add_row("community_id", _("Village or community"), self.community)
        form.add_row("category", _("Category"), self.category)
        form.add_row("title", _("Need"), self.title)
        form.add_row("details", _("Details"), self.details)
        form.add_row("holder", _("For whom"), self.holder)
        if self.picker is not None:
            form.add_row("client_search", _("Find the client"), self.picker.search)
            form.add_row("client_id", _("Client"), self.picker.matches)
            self.picker.changed.connect(self._client_chosen)
            self.picker.matches.activated.connect(lambda _index: self._client_chosen())
            form.watch("client_id", self.picker.matches.activated)
        form.add_row("group_label", _("Group"), self.group_label)
        form.add_row("people", _("People"), self.people)
        form.add_row("urgency", _("Urgency"), self.urgency)
        form.add_row("source", _("How it came to light"), self.source)
        form.add_row("found_on", _("Found on"), self.found_on)
        self.holder.currentIndexChanged.connect(lambda _index: self._show_holder_rows())
        self.found_on.dateChanged.connect(lambda _date: self.update_button())
        self._show_holder_rows()
        self.update_button()
        self.resize(600, self.sizeHint().height())
        self.title.setFocus()

    def _fill(self, stored: NeedInput) -> None:
        assert self.existing is not None
        select_community(self.community, stored.community_id, self.existing.community)
        self.category.setCurrentIndex(self.category.findData(stored.category))
        self.title.setText(stored.title)
        self.details.setPlainText(stored.details)
        if self.holder.findData(stored.holder) < 0:  # a client's need, for a role that may not see clients
            self.holder.addItem(needs.hidden_client(), stored.holder)
            self.holder.setEnabled(False)
        self.holder.setCurrentIndex(self.holder.findData(stored.holder))
        self.group_label.setText(stored.group_label)
        self.people.setText("" if stored.people is None else str(stored.people))
        self.urgency.setCurrentIndex(self.urgency.findData(stored.urgency))
        self.source.setCurrentIndex(self.source.findData(stored.source))
        if stored.found_on is not None:
            self.found_on.setDate(stored.found_on)

    def _client_chosen(self) -> None:
        """A client's need is where the client lives: the community follows the client chosen."""
        client = self.picker.client() if self.picker is not None else None
        if client is not None and combo_value(self.holder) == CLIENT:
            select_community(self.community, client.community_id, client.community)
        self.update_button()

    def _show_holder_rows(self) -> None:
        holder = combo_value(self.holder)
        if self.picker is not None:
            self.form.layout.setRowVisible(self.picker.search, holder == CLIENT)
            self.form.layout.setRowVisible(self.picker.matches, holder == CLIENT)
        self.form.layout.setRowVisible(self.group_label, holder == GROUP)
        self.update_button()

    def checked(self) -> NeedInput:
        if not combo_value(self.community):
            raise ValidationError("community_id", _("Choose the village or community."))
        client = self.picker.client() if self.picker is not None else None
        return NeedInput(
            community_id=combo_value(self.community), category=combo_value(self.category), title=self.title.text(),
            details=self.details.toPlainText(), holder=combo_value(self.holder),
            client_id=client.id if client is not None else None, group_label=self.group_label.text(),
            people=count(self.people.text(), "people"), urgency=combo_value(self.urgency),
            source=combo_value(self.source), found_on=day(self.found_on)).validated(date.today())

    def job(self, values: NeedInput) -> Job:
        gateway, existing = self._ctx.gateway, self.existing
        if existing is None:
            return lambda _progress: gateway.write(needs.add_need, values)
        return lambda _progress: gateway.write(needs.update_need, existing.id, values)
