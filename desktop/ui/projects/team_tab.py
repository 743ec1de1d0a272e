"""执行团队: the people who carry out the project — name, education and major, social work qualification,
role and phone — one row each."""

from __future__ import annotations

from collections.abc import Sequence

from desktop.i18n import N_, _
from desktop.services.project_detail import TeamMemberView
from desktop.services.project_input import TeamMemberInput
from desktop.ui.projects.rows_tab import RowsTab
from desktop.ui.projects.table_editor import Field, Row

PREFIX = "team"  # the services' name for the team's rows: ``team.<n>.<key>``
FIELDS = (Field("name", N_("Name"), max_length=50),
          Field("education", N_("Education and major (学历及专业)"), max_length=100),
          Field("qualification", N_("Social work qualification (职业资格)"), max_length=100),
          Field("role", N_("Role (角色分工)"), max_length=100, stretch=True),
          Field("phone", N_("Phone"), max_length=30))
KEYS = tuple(spec.key for spec in FIELDS)


def _new_row() -> Row:
    return dict.fromkeys(KEYS, "")


class TeamTab(RowsTab):
    def __init__(self) -> None:
        super().__init__(FIELDS, _new_row, _("Add a member"), PREFIX,
                         _("The people who will carry out the project; the leader first."))

    def fill(self, members: Sequence[TeamMemberView]) -> None:
        self.editor.set_rows({key: getattr(member, key) for key in KEYS} for member in members)
        self.check()

    def checked_row(self, row: Row, number: int) -> TeamMemberInput:
        return TeamMemberInput(*(str(row.get(key, "")) for key in KEYS)).validated(f"{PREFIX}.{number}")
