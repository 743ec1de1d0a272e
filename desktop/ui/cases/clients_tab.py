"""服务对象: the client register, searched by part of the name, pinyin initials (zjh → 曾建华) or the
last 4 ID digits; ID numbers and phones masked in the list. Open a case… starts a case for the client."""

from __future__ import annotations

from operator import attrgetter

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QBoxLayout, QPushButton, QWidget

from desktop.domain.codes import GENDERS, TARGET_GROUPS, label
from desktop.domain.permissions import Action
from desktop.i18n import N_, _, format_date, format_number, ngettext
from desktop.services import clients
from desktop.services.clients import ClientQuery, ClientView
from desktop.services.contacts import masked_phone
from desktop.services.received import marked
from desktop.ui.cases.client_dialog import ClientDialog
from desktop.ui.context import AppContext
from desktop.ui.registers.choices import community_filter
from desktop.ui.registers.register_page import RegisterPage
from desktop.ui.registers.spec import Choice, Filters, RegisterSpec
from desktop.ui.table_model import RIGHT, Column

LIST_SEPARATOR = "、"  # how Chinese lists several items in one cell


COLUMNS: list[Column[ClientView]] = [
    Column(N_("Full name"), "name", attrgetter("name")),
    Column(N_("Gender"), "gender", lambda c: label(GENDERS, c.gender) if c.gender else ""),
    Column(N_("Age"), None, lambda c: "" if c.age is None else format_number(c.age), RIGHT),
    Column(N_("ID number"), None, lambda c: marked(c.id_masked, "id_number", c.withheld)),  # masked; Reveal: dialog
    Column(N_("Community"), "community", attrgetter("community")),
    Column(N_("Target groups"), None, lambda c: LIST_SEPARATOR.join(c.group_labels)),
    Column(N_("Phone"), None, lambda c: marked(masked_phone(c.phone), "phone", c.withheld)),
    Column(N_("Registration date"), "registered_on", lambda c: format_date(c.registered_on, "medium")),
]


def _query(filters: Filters) -> ClientQuery:
    return ClientQuery(text=filters.text, community_id=filters.choices["community"],
                       target_group=filters.choices["target_group"], include_deleted=filters.include_deleted)


CLIENTS: RegisterSpec[ClientView] = RegisterSpec(
    topic="clients",
    table="client",
    edit_action=Action.EDIT_CASES,
    columns=COLUMNS,
    query=_query,
    service=clients,
    dialog=ClientDialog,
    counted=lambda n: ngettext("{n} client", "{n} clients", n).format(n=format_number(n)),
    listed_so_far=lambda n: ngettext("{n}+ client", "{n}+ clients", n).format(n=format_number(n)),
    search_hint=N_("Name, pinyin initials or last 4 ID digits, e.g. zjh (Ctrl+F)"),
    empty=N_("No clients in the register yet."),
    choices=[
        community_filter(),
        Choice.of_codes("target_group", TARGET_GROUPS, N_("All target groups")),
    ],
    refresh_on=("communities",),
    io="clients",
)


class ClientsTab(RegisterPage[ClientView]):
    """``case_requested(client)`` asks for a case to be opened for the selected client."""

    case_requested = Signal(object)

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx, CLIENTS)
        self.case_button = QPushButton(_("Open a case…"))
        self.case_button.setVisible(ctx.gateway.may(Action.EDIT_CASES))
        self.case_button.clicked.connect(self.request_case)
        self._beside(self.restore_button, self.case_button)
        self.view.selectionModel().selectionChanged.connect(lambda *_args: self._update_case_button())
        self._update_case_button()

    def _beside(self, neighbour: QWidget, widget: QWidget) -> None:
        """Put ``widget`` right after ``neighbour`` in the page's row of actions."""
        page = self.layout()
        assert page is not None
        for index in range(page.count()):
            row = page.itemAt(index).layout()
            if isinstance(row, QBoxLayout) and row.indexOf(neighbour) >= 0:
                row.insertWidget(row.indexOf(neighbour) + 1, widget)
                return

    def _update_case_button(self) -> None:
        row = self.selected()
        # A station's client at a county office: its cases are the station's (the page's own check ran first).
        self.case_button.setEnabled(row is not None and not row.deleted and not self._not_here)
        self.case_button.setToolTip(self._not_here or _("Open a case (接案) for the selected client"))

    def request_case(self) -> None:
        row = self.selected()
        if row is not None and not row.deleted and not self._not_here:
            self.case_requested.emit(row)
