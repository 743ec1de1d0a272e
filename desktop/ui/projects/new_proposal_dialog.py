"""Starting a proposal: the round, the applicant, where it runs, its title and period — enough to give
it a number as a draft, whose window then takes the rest (narrative, team, plan, budget)."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtWidgets import QComboBox, QWidget

from desktop.i18n import _
from desktop.services import projects, rounds
from desktop.services.orgs import OrgView
from desktop.services.project_input import ProposalInput
from desktop.ui.cases.case_fields import line_edit
from desktop.ui.context import AppContext
from desktop.ui.form_dialog import FormDialog
from desktop.ui.forms import combo_value, fill_combo
from desktop.ui.projects.head_tab import links_chosen, round_label
from desktop.ui.projects.org_field import OrgField
from desktop.ui.projects.project_fields import TOPIC, date_edit
from desktop.ui.registers.choices import choice_combo, community_names, select_community
from desktop.ui.tasks import Job

MONTHS = 6  # a new project's usual period


def _month_after(day: date) -> date:
    """The first day of the month after ``day``'s."""
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def usual_period(today: date) -> tuple[date, date]:
    """From the first of next month, for ``MONTHS`` whole months."""
    starts_on = ends_after = _month_after(today)
    for _month in range(MONTHS):
        ends_after = _month_after(ends_after)
    return starts_on, ends_after - timedelta(days=1)


class NewProposalDialog(FormDialog):
    """``outcome`` is the new draft's ``ProjectView``."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, title=_("New proposal"), ok_text=_("Create the draft"), parent=parent,
                         intro=_("The proposal is kept as a draft with a number; its window then takes the "
                                 "narrative, the team, the activity plan and the budget."))
        self.accepted.connect(lambda: ctx.events.publish(TOPIC))
        today = date.today()
        found = ctx.gateway.read(rounds.list_all)
        # Rounds taking proposals today first: that is where a new one goes.
        found.sort(key=lambda r: not r.is_open(today))
        self.round = QComboBox()
        fill_combo(self.round, {r.id: round_label(r) for r in found})
        self.org = OrgField(ctx.gateway)
        self.org.picked.connect(self._org_picked)
        self.community = choice_combo(community_names(ctx.gateway))
        self.title_edit = line_edit(100)
        starts_on, ends_on = usual_period(today)
        self.starts_on = date_edit(starts_on)
        self.ends_on = date_edit(ends_on)
        form = self.form
        form.add_row("round_id", _("Round"), self.round)
        form.add_row("org_id", _("Applicant (申报单位)"), self.org)
        form.add_row("community_id", _("Runs in"), self.community)
        form.add_row("title", _("Project title"), self.title_edit)
        form.add_row("starts_on", _("Starts on"), self.starts_on)
        form.add_row("ends_on", _("Ends on"), self.ends_on)
        form.watch("org_id", self.org.currentTextChanged)
        form.watch("starts_on", self.starts_on.dateChanged)
        form.watch("ends_on", self.ends_on.dateChanged)
        self.update_button()
        self.org.setFocus()

    def _org_picked(self, org: OrgView) -> None:
        """The applicant's own community, until another is chosen."""
        if not combo_value(self.community):
            select_community(self.community, org.community_id, org.community)
            self.update_button()

    def checked(self) -> ProposalInput:
        head = {"round_id": combo_value(self.round), "org_id": self.org.org_id(),
                "community_id": combo_value(self.community)}
        links_chosen(head)
        return ProposalInput(**head, title=self.title_edit.text(), starts_on=self.starts_on.date().toPython(),
                             ends_on=self.ends_on.date().toPython()).validated()

    def job(self, values: ProposalInput) -> Job:
        gateway = self._ctx.gateway
        return lambda _progress: gateway.write(projects.create, values)
