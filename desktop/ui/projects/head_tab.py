"""基本信息: the head of a proposal as the basic table prints it — the round, the applicant from the register
of social organisations, where it runs, its title and period, the 项目领域 tick boxes, whom it serves,
and the project's leader and contact."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QVBoxLayout, QWidget

from desktop.domain.codes import PROJECT_AREAS
from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.services import rounds
from desktop.services.orgs import OrgView
from desktop.services.project_detail import ProposalDetail
from desktop.services.rounds import RoundView
from desktop.ui.cases.case_fields import line_edit
from desktop.ui.context import AppContext
from desktop.ui.forms import FieldForm, combo_value, fill_combo
from desktop.ui.gateway import Gateway
from desktop.ui.layouts import grid_of
from desktop.ui.projects.org_field import OrgField
from desktop.ui.projects.project_fields import date_edit, scrolled, set_editable
from desktop.ui.registers.choices import choice_combo, community_names, labelled, select_community

AREA_COLUMNS = 2
HEAD_FIELDS = frozenset({"round_id", "org_id", "community_id", "title", "starts_on", "ends_on", "areas",
                         "target_group", "beneficiaries", "leader_name", "leader_phone", "contact_name",
                         "contact_phone", "contact_email"})


def round_label(found: RoundView) -> str:
    return _("{name} ({year})").format(name=found.name, year=found.year)


class HeadTab(QWidget):
    edited = Signal()  # the user changed a field
    round_changed = Signal(object)  # the RoundView chosen

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self._filling = False
        self._rounds: dict[str, RoundView] = {}
        self.form = FieldForm(self)
        self.round = QComboBox()
        self.refresh_rounds(ctx.gateway)
        self.org = OrgField(ctx.gateway)
        self.community = choice_combo(community_names(ctx.gateway))
        self.title = line_edit(100)
        self.starts_on = date_edit()
        self.ends_on = date_edit()
        self.areas = {code: QCheckBox(text) for code, text in labelled(PROJECT_AREAS).items()}
        self.target_group = line_edit(200)
        self.target_group.setPlaceholderText(_("e.g. elderly people living alone in the village"))
        self.beneficiaries = QLineEdit()
        self.beneficiaries.setMaximumWidth(120)
        self.leader_name = line_edit(50)
        self.leader_phone = QLineEdit()
        self.contact_name = line_edit(50)
        self.contact_phone = QLineEdit()
        for phone in (self.leader_phone, self.contact_phone):
            phone.setPlaceholderText(_("Mobile or landline (023-48612345)"))
        self.contact_email = line_edit(100)

        form = self.form
        form.add_row("round_id", _("Round"), self.round)
        form.add_row("org_id", _("Applicant (申报单位)"), self.org)
        form.add_row("community_id", _("Runs in"), self.community)
        form.add_row("title", _("Project title"), self.title)
        form.add_row("starts_on", _("Starts on"), self.starts_on)
        form.add_row("ends_on", _("Ends on"), self.ends_on)
        form.add_row("areas", _("Areas (项目领域)"), grid_of(list(self.areas.values()), AREA_COLUMNS))
        form.add_row("target_group", _("Target group"), self.target_group)
        form.add_row("beneficiaries", _("Beneficiaries (受益人数)"), self.beneficiaries)
        form.add_row("leader_name", _("Project leader (项目负责人)"), self.leader_name)
        form.add_row("leader_phone", _("Leader's phone"), self.leader_phone)
        form.add_row("contact_name", _("Contact person (项目联系人)"), self.contact_name)
        form.add_row("contact_phone", _("Contact's phone"), self.contact_phone)
        form.add_row("contact_email", _("Contact's e-mail"), self.contact_email)
        form.watch("org_id", self.org.currentTextChanged)
        form.watch("starts_on", self.starts_on.dateChanged)
        form.watch("ends_on", self.ends_on.dateChanged)
        form.watch("areas", *(box.toggled for box in self.areas.values()))
        form.edited.connect(lambda _field: self._edited())
        self.round.activated.connect(lambda _index: self._round_picked())
        self.org.picked.connect(self._org_picked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scrolled(form.layout))

    # --- contents ---------------------------------------------------------------------------
    def fill(self, detail: ProposalDetail) -> None:
        project = detail.project
        self._filling = True
        if self.round.findData(project.round_id) < 0:  # a round deleted since
            self.round.addItem(project.round_name, project.round_id)
        self.round.setCurrentIndex(self.round.findData(project.round_id))
        self.org.choose(project.org_id, project.org_name)
        select_community(self.community, project.community_id, project.community)
        self.title.setText(project.title)
        self.starts_on.setDate(QDate(project.starts_on))
        self.ends_on.setDate(QDate(project.ends_on))
        for code, box in self.areas.items():
            box.setChecked(code in project.areas)
        self.target_group.setText(detail.target_group)
        self.beneficiaries.setText(str(detail.beneficiaries) if detail.beneficiaries else "")
        self.leader_name.setText(detail.leader_name)
        self.leader_phone.setText(detail.leader_phone)
        self.contact_name.setText(detail.contact_name)
        self.contact_phone.setText(detail.contact_phone)
        self.contact_email.setText(detail.contact_email)
        self._filling = False

    def refresh_rounds(self, gateway: Gateway) -> None:
        """Read the rounds again (one renamed, or its rules changed), keeping the one chosen."""
        chosen = combo_value(self.round)
        self._rounds = {found.id: found for found in gateway.read(rounds.list_all)}
        names = {found.id: round_label(found) for found in self._rounds.values()}
        if chosen and chosen not in names:  # a round deleted since
            names[chosen] = self.round.currentText()
        fill_combo(self.round, names, chosen)

    def values(self) -> dict[str, Any]:
        """The head's fields of ``ProposalInput``, as typed."""
        return {"round_id": combo_value(self.round), "org_id": self.org.org_id(),
                "community_id": combo_value(self.community), "title": self.title.text(),
                "starts_on": self.starts_on.date().toPython(), "ends_on": self.ends_on.date().toPython(),
                "areas": tuple(code for code, box in self.areas.items() if box.isChecked()),
                "target_group": self.target_group.text(), "beneficiaries": self.beneficiaries.text(),
                "leader_name": self.leader_name.text(), "leader_phone": self.leader_phone.text(),
                "contact_name": self.contact_name.text(), "contact_phone": self.contact_phone.text(),
                "contact_email": self.contact_email.text()}

    def chosen_round(self) -> RoundView | None:
        return self._rounds.get(combo_value(self.round))

    def set_editable(self, editable: bool) -> None:
        set_editable(self, editable)

    # --- what is wrong ----------------------------------------------------------------------
    def check(self, build: Callable[[], object]) -> None:
        """Show what ``build`` (the proposal as typed) says is wrong, if it is about a field of this tab."""
        self.form.check(build)

    def owns(self, field: str) -> bool:
        return field in HEAD_FIELDS

    def show_error(self, error: ValidationError) -> None:
        self.form.show_error(error)

    def _edited(self) -> None:
        if not self._filling:
            self.edited.emit()

    def _round_picked(self) -> None:
        found = self.chosen_round()
        if found is not None:
            self.round_changed.emit(found)

    def _org_picked(self, org: OrgView) -> None:
        """The applicant's own community, until another is chosen."""
        if not combo_value(self.community):
            select_community(self.community, org.community_id, org.community)
            self.form.edited.emit("community_id")


def links_chosen(values: dict[str, Any]) -> None:
    """A ValidationError for a round, applicant or community not chosen from its list, in the words the
    services use on saving."""
    if not values["round_id"]:
        raise ValidationError("round_id", _("Choose a round from the list."))
    if not values["org_id"]:
        raise ValidationError("org_id", _("Choose the applicant from the register of social organisations."))
    if not values["community_id"]:
        raise ValidationError("community_id", _("Choose a village or community from the list."))
