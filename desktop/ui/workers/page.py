"""社会工作者: the register of social workers, their certificates and the communities each covers."""

from __future__ import annotations

from operator import attrgetter

from desktop.domain.codes import CERT_LEVELS, EMPLOYMENT_KINDS, GENDERS, WORKER_STATUSES, label
from desktop.domain.permissions import Action
from desktop.i18n import N_, format_number, ngettext
from desktop.services import workers
from desktop.services.cell_parsers import listing
from desktop.services.workers import WorkerQuery, WorkerView
from desktop.ui.context import AppContext
from desktop.ui.registers.choices import community_filter
from desktop.ui.registers.register_page import RegisterPage
from desktop.ui.registers.spec import Choice, Filters, RegisterSpec
from desktop.ui.table_model import RIGHT, Column
from desktop.ui.workers.worker_dialog import WorkerDialog

COLUMNS: list[Column[WorkerView]] = [
    Column(N_("Full name"), "name", attrgetter("name")),
    Column(N_("Gender"), None, lambda w: label(GENDERS, w.gender) if w.gender else ""),
    Column(N_("Employer"), "employer", attrgetter("employer_name")),
    Column(N_("Employment"), "employment", lambda w: label(EMPLOYMENT_KINDS, w.employment)),
    Column(N_("Qualification"), "cert_level", lambda w: label(CERT_LEVELS, w.cert_level)),
    Column(N_("Certificate no."), "cert_number", attrgetter("cert_number")),
    Column(N_("Year certified"), "cert_year", lambda w: "" if w.cert_year is None else str(w.cert_year), RIGHT),
    Column(N_("Communities covered"), None, lambda w: listing(w.communities)),
    Column(N_("Phone"), None, attrgetter("phone")),  # masked by the service unless the role may reveal
    Column(N_("User account"), None, attrgetter("username")),
    Column(N_("Status"), "status", lambda w: label(WORKER_STATUSES, w.status)),
]


def _query(filters: Filters) -> WorkerQuery:
    choices = filters.choices
    return WorkerQuery(text=filters.text, community_id=choices["community"], cert_level=choices["cert_level"],
                       employment=choices["employment"], status=choices["status"],
                       include_deleted=filters.include_deleted)


WORKERS: RegisterSpec[WorkerView] = RegisterSpec(
    topic="workers",
    table="social_worker",
    edit_action=Action.EDIT_REGISTERS,
    columns=COLUMNS,
    query=_query,
    service=workers,
    dialog=WorkerDialog,
    counted=lambda n: ngettext("{n} social worker", "{n} social workers", n).format(n=format_number(n)),
    listed_so_far=lambda n: ngettext("{n}+ social worker", "{n}+ social workers", n).format(n=format_number(n)),
    search_hint=N_("Chinese or pinyin initials, e.g. lx (Ctrl+F)"),
    empty=N_("No social workers in the register yet."),
    choices=[
        community_filter(),
        Choice.of_codes("cert_level", CERT_LEVELS, N_("All qualifications")),
        Choice.of_codes("employment", EMPLOYMENT_KINDS, N_("Full- and part-time")),
        Choice.of_codes("status", WORKER_STATUSES, N_("All statuses")),
    ],
    refresh_on=("communities",),
    io="workers",
)


class WorkersPage(RegisterPage[WorkerView]):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx, WORKERS)
