"""设置 → 村（社区）: the villages and communities as a register page."""

from __future__ import annotations

from operator import attrgetter

from desktop.domain.codes import COMMUNITY_SETTINGS, label
from desktop.domain.permissions import Action
from desktop.i18n import N_, _, format_datetime, format_number, ngettext
from desktop.services import communities
from desktop.services.communities import CommunityQuery, CommunityView
from desktop.ui.context import AppContext
from desktop.ui.registers.register_page import RegisterPage
from desktop.ui.registers.spec import Choice, Filters, RegisterSpec
from desktop.ui.settings.community_dialog import CommunityDialog
from desktop.ui.table_model import RIGHT, Column


def _query(filters: Filters) -> CommunityQuery:
    return CommunityQuery(text=filters.text, setting=filters.choices["setting"],
                          include_deleted=filters.include_deleted)


COMMUNITIES: RegisterSpec[CommunityView] = RegisterSpec(
    topic="communities",
    table="community",
    edit_action=Action.EDIT_COMMUNITIES,
    columns=[
        Column(N_("Name"), "name", attrgetter("name")),
        Column(N_("Urban or rural"), "setting", lambda r: label(COMMUNITY_SETTINGS, r.setting)),
        Column(N_("Resident population"), "population",
               lambda r: "—" if r.population is None else format_number(r.population), RIGHT),
        Column(N_("Division code"), "division_code", attrgetter("division_code")),
        Column(N_("Volunteer service point"), "volunteer_point", lambda r: _("Yes") if r.volunteer_point else ""),
        Column(N_("Last changed"), "updated_at", lambda r: format_datetime(r.updated_at.astimezone(), "short")),
    ],
    query=_query,
    service=communities,
    dialog=CommunityDialog,
    counted=lambda n: ngettext("{n} village or community", "{n} villages and communities", n).format(
        n=format_number(n)),
    listed_so_far=lambda n: ngettext("{n}+ village or community", "{n}+ villages and communities", n).format(
        n=format_number(n)),
    search_hint=N_("Search by name (Ctrl+F)"),
    empty=N_("No villages or communities yet."),
    choices=[Choice.of_codes("setting", COMMUNITY_SETTINGS, N_("Urban and rural"))],
)


class CommunitiesTab(RegisterPage[CommunityView]):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx, COMMUNITIES)
