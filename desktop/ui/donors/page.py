"""慈善资源: the register of donors and partners, and what each can offer."""

from __future__ import annotations

from operator import attrgetter

from desktop.domain.codes import DONOR_KINDS, OFFER_KINDS, label
from desktop.domain.permissions import Action
from desktop.i18n import N_, format_date, format_number, ngettext
from desktop.services import donors
from desktop.services.donors import DonorQuery, DonorView
from desktop.services.register_values import labels
from desktop.ui.context import AppContext
from desktop.ui.donors.donor_dialog import DonorDialog
from desktop.ui.registers.choices import community_filter
from desktop.ui.registers.register_page import RegisterPage
from desktop.ui.registers.spec import Choice, Filters, RegisterSpec
from desktop.ui.table_model import Column


COLUMNS: list[Column[DonorView]] = [
    Column(N_("Name"), "name", attrgetter("name")),
    Column(N_("Kind"), "kind", lambda d: label(DONOR_KINDS, d.kind)),
    Column(N_("Community"), "community", attrgetter("community")),
    Column(N_("Contact person"), "contact_person", attrgetter("contact_person")),
    # Phone and address are masked by the service unless the role may reveal them.
    Column(N_("Phone"), None, attrgetter("phone")),
    Column(N_("Address"), None, attrgetter("address")),
    Column(N_("Offers"), None, lambda d: labels(OFFER_KINDS, d.offers)),
    Column(N_("First contact"), "first_contact_on",
           lambda d: format_date(d.first_contact_on, "medium") if d.first_contact_on else ""),
    Column(N_("Credit code"), "credit_code", attrgetter("credit_code")),
]


def _query(filters: Filters) -> DonorQuery:
    choices = filters.choices
    return DonorQuery(text=filters.text, kind=choices["kind"], offer=choices["offer"],
                      community_id=choices["community"], include_deleted=filters.include_deleted)


DONORS: RegisterSpec[DonorView] = RegisterSpec(
    topic="donors",
    table="donor",
    edit_action=Action.EDIT_REGISTERS,
    columns=COLUMNS,
    query=_query,
    service=donors,
    dialog=DonorDialog,
    counted=lambda n: ngettext("{n} donor or partner", "{n} donors and partners", n).format(n=format_number(n)),
    listed_so_far=lambda n: ngettext("{n}+ donor or partner", "{n}+ donors and partners", n).format(
        n=format_number(n)),
    search_hint=N_("Chinese or pinyin initials, e.g. csh (Ctrl+F)"),
    empty=N_("No donors or partners in the register yet."),
    choices=[
        Choice.of_codes("kind", DONOR_KINDS, N_("All kinds")),
        Choice.of_codes("offer", OFFER_KINDS, N_("Offering anything")),
        community_filter(),
    ],
    refresh_on=("communities",),
    io="donors",
)


class DonorsPage(RegisterPage[DonorView]):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx, DONORS)
