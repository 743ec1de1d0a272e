"""社会组织: the register of community social organisations, searchable by Chinese or pinyin initials."""

from __future__ import annotations

from operator import attrgetter

from desktop.domain.codes import ORG_CATEGORIES, ORG_STATUSES, label
from desktop.domain.permissions import Action
from desktop.i18n import N_, _, format_date, format_number, ngettext
from desktop.services import orgs
from desktop.services.orgs import OrgQuery, OrgView
from desktop.ui.context import AppContext
from desktop.ui.orgs.org_dialog import OrgDialog
from desktop.ui.registers.choices import community_filter
from desktop.ui.registers.register_page import RegisterPage
from desktop.ui.registers.spec import Choice, Filters, RegisterSpec
from desktop.ui.table_model import RIGHT, Column

FLAGS = ((attrgetter("party_branch"), N_("Party branch")), (attrgetter("brand"), N_("Brand")),
         (attrgetter("is_federation"), N_("Federation")))


def flags(org: OrgView) -> str:
    return " · ".join(_(text) for flagged, text in FLAGS if flagged(org))


COLUMNS: list[Column[OrgView]] = [
    Column(N_("Name"), "name", attrgetter("name")),
    Column(N_("Community"), "community", attrgetter("community")),
    Column(N_("Category"), "category", lambda o: label(ORG_CATEGORIES, o.category)),
    Column(N_("Status"), "status", lambda o: label(ORG_STATUSES, o.status)),
    Column(N_("Credit code"), "credit_code", attrgetter("credit_code")),
    Column(N_("Founded"), "founded_on", lambda o: format_date(o.founded_on, "medium") if o.founded_on else ""),
    Column(N_("Leader"), None, attrgetter("leader")),
    Column(N_("Phone"), None, attrgetter("leader_phone")),  # masked by the service unless the role may reveal
    Column(N_("Members"), "members", lambda o: "" if o.members is None else format_number(o.members), RIGHT),
    Column(N_("Marks"), None, flags),
]


def _query(filters: Filters) -> OrgQuery:
    return OrgQuery(text=filters.text, community_id=filters.choices["community"],
                    category=filters.choices["category"], status=filters.choices["status"],
                    include_deleted=filters.include_deleted)


ORGS: RegisterSpec[OrgView] = RegisterSpec(
    topic="orgs",
    table="social_org",
    edit_action=Action.EDIT_REGISTERS,
    columns=COLUMNS,
    query=_query,
    service=orgs,
    dialog=OrgDialog,
    counted=lambda n: ngettext("{n} organisation", "{n} organisations", n).format(n=format_number(n)),
    listed_so_far=lambda n: ngettext("{n}+ organisation", "{n}+ organisations", n).format(n=format_number(n)),
    search_hint=N_("Chinese or pinyin initials, e.g. gcw (Ctrl+F)"),
    empty=N_("No social organisations in the register yet."),
    choices=[
        community_filter(),
        Choice.of_codes("category", ORG_CATEGORIES, N_("All categories")),
        Choice.of_codes("status", ORG_STATUSES, N_("All statuses")),
    ],
    refresh_on=("communities",),
    io="orgs",
)


class OrgsPage(RegisterPage[OrgView]):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx, ORGS)
