"""志愿者: the volunteer register. A double-click opens the volunteer's record; Edit… their details."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from operator import attrgetter

from PySide6.QtWidgets import QLineEdit, QPushButton

from desktop.domain.codes import GENDERS, SERVICE_CATEGORIES, VOLUNTEER_STATUSES, label
from desktop.domain.consent import age_on
from desktop.domain.durations import hours_text
from desktop.domain.permissions import Action
from desktop.domain.timebank import points_text
from desktop.i18n import N_, _, format_date, format_number, ngettext
from desktop.services import volunteers
from desktop.services.volunteers import VolunteerQuery, VolunteerView
from desktop.ui.context import AppContext
from desktop.ui.gateway import Gateway
from desktop.ui.layouts import button_row
from desktop.ui.registers.choices import community_filter
from desktop.ui.registers.register_page import RegisterPage
from desktop.ui.registers.spec import Choice, Filters, RegisterSpec
from desktop.ui.table_model import RIGHT, Column
from desktop.ui.volunteers.certificates_window import CertificatesWindow
from desktop.ui.volunteers.record_window import RecordWindow
from desktop.ui.volunteers.rewards_window import RewardsWindow
from desktop.ui.volunteers.signin_sheet import SignInSheetDialog
from desktop.ui.volunteers.volunteer_dialog import VolunteerDialog

LIST_SEPARATOR = "、"  # how Chinese lists several names in one cell


def _age(volunteer: VolunteerView) -> str:
    return "" if volunteer.birth_date is None else format_number(age_on(volunteer.birth_date, date.today()))


COLUMNS: list[Column[VolunteerView]] = [
    Column(N_("Number"), "number", attrgetter("number")),
    Column(N_("Name"), "name", attrgetter("name")),
    Column(N_("Gender"), "gender", lambda v: label(GENDERS, v.gender) if v.gender else ""),
    Column(N_("Age"), None, _age, RIGHT),
    Column(N_("ID number"), None, attrgetter("id_masked")),  # always masked; Reveal is in the dialog
    Column(N_("Phone"), None, attrgetter("phone")),  # masked by the service unless the role may reveal
    Column(N_("Community"), "community", attrgetter("community")),
    Column(N_("Teams"), None, lambda v: LIST_SEPARATOR.join(v.teams)),
    Column(N_("Skills"), None, attrgetter("skills")),
    Column(N_("Registered"), "registered_on", lambda v: format_date(v.registered_on, "medium")),
    Column(N_("Status"), "status", lambda v: label(VOLUNTEER_STATUSES, v.status)),
    Column(N_("Hours"), None, lambda v: hours_text(v.minutes), RIGHT),
    Column(N_("Points"), None, lambda v: points_text(v.balance), RIGHT),
]


def _teams(gateway: Gateway) -> dict[str, str]:
    return {"": _("All teams")} | {team: team for team in gateway.read(volunteers.team_names)}


def _query(filters: Filters) -> VolunteerQuery:
    choices = filters.choices
    return VolunteerQuery(text=filters.text, community_id=choices["community"], status=choices["status"],
                          category=choices["category"], team=choices["team"], include_deleted=filters.include_deleted)


VOLUNTEERS: RegisterSpec[VolunteerView] = RegisterSpec(
    topic="volunteers",
    table="volunteer",
    edit_action=Action.EDIT_REGISTERS,
    columns=COLUMNS,
    query=_query,
    service=volunteers,
    dialog=VolunteerDialog,
    counted=lambda n: ngettext("{n} volunteer", "{n} volunteers", n).format(n=format_number(n)),
    listed_so_far=lambda n: ngettext("{n}+ volunteer", "{n}+ volunteers", n).format(n=format_number(n)),
    search_hint=N_("Chinese, pinyin initials or number, e.g. wxl (Ctrl+F)"),
    empty=N_("No volunteers in the register yet."),
    choices=[
        community_filter(),
        Choice.of_codes("status", VOLUNTEER_STATUSES, N_("All statuses")),
        Choice.of_codes("category", SERVICE_CATEGORIES, N_("All service categories")),
        Choice("team", _teams),
    ],
    refresh_on=("communities",),
    io="volunteers",
)


class VolunteersPage(RegisterPage[VolunteerView]):
    def __init__(self, ctx: AppContext) -> None:
        self.id_lookup = QLineEdit()  # read by ``query()``, which the base class calls while it builds
        super().__init__(ctx, VOLUNTEERS)
        self.id_lookup.setPlaceholderText(_("Exact ID number"))
        self.id_lookup.setToolTip(_("Finds the volunteer with exactly this ID number (Enter to look up)"))
        self.id_lookup.setClearButtonEnabled(True)
        self.id_lookup.setMaximumWidth(220)
        self.id_lookup.returnPressed.connect(self.reload)
        self.id_lookup.textChanged.connect(lambda text: None if text else self.reload())
        self.record_button = QPushButton(_("Record…"))
        self.record_button.setToolTip(_("Service hours, training, awards, evaluations, time bank (double-click)"))
        self.record_button.clicked.connect(self.edit)
        self.sheet_button = QPushButton(_("Record service…"))
        self.sheet_button.setToolTip(_("Enter a sign-in sheet: one activity, several volunteers"))
        self.sheet_button.clicked.connect(self.record_service)
        self.sheet_button.setVisible(ctx.gateway.may(Action.EDIT_REGISTERS))
        self.certificates_button = QPushButton(_("Certificates…"))
        self.certificates_button.clicked.connect(lambda: CertificatesWindow(ctx, self).exec())
        self.rewards_button = QPushButton(_("Rewards catalogue…"))
        self.rewards_button.clicked.connect(lambda: RewardsWindow(ctx, self).exec())
        self.edit_button.clicked.disconnect()
        self.edit_button.clicked.connect(self.edit_details)
        row = button_row(self.id_lookup)
        for button in (self.record_button, self.sheet_button, self.certificates_button, self.rewards_button):
            row.addWidget(button)
        layout = self.layout()
        assert layout is not None
        layout.insertLayout(1, row)  # under the filters: the area's own actions
        self.view.selectionModel().selectionChanged.connect(lambda *_args: self._update_record_button())
        self._update_record_button()

    def query(self) -> VolunteerQuery:
        return replace(super().query(), id_number=self.id_lookup.text())

    def _update_record_button(self) -> None:
        row = self.selected()
        self.record_button.setEnabled(row is not None and not row.deleted)

    def edit(self) -> None:
        """Double-click, Enter and Record… open the volunteer's record, for every role."""
        row = self.selected()
        if row is not None and not row.deleted:
            self.record(row).exec()

    def record(self, row: VolunteerView) -> RecordWindow:
        return RecordWindow(self._ctx, row.id, self)

    def edit_details(self) -> None:
        super().edit()

    def record_service(self) -> None:
        row = self.selected()
        SignInSheetDialog(self._ctx, [row] if row is not None and not row.deleted else [], self).exec()
