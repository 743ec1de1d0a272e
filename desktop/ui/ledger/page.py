"""社区基金: the community funds, each with the money it holds and what needs a person's attention (a
committee that cannot decide yet, a bank balance the ledger disagrees with), searched and filtered.
A station holds a handful of funds, so the list is read whole; a fund's journal, which may be long, is
paged in its window. Double-click or Enter opens the fund's window; New fund… opens one."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QPushButton

from desktop.domain.fund_balances import BOOK_BALANCE_YUAN, MONEY_BALANCE_YUAN
from desktop.domain.ledger import FUND_STATUS_LABELS
from desktop.domain.permissions import Action
from desktop.i18n import N_, _, format_date, format_number, ngettext
from desktop.services import ledger_lists
from desktop.services.funds import ACTIVE
from desktop.services.ledger_lists import FundRow
from desktop.ui.context import AppContext
from desktop.ui.layouts import button_row
from desktop.ui.ledger.ledger_fields import REFRESH_ON, TOPIC
from desktop.ui.projects.money_field import yuan
from desktop.ui.projects.project_fields import published
from desktop.ui.registers.choices import community_filter
from desktop.ui.registers.filter_bar import FilterBar
from desktop.ui.registers.paged_list import PagedListPage
from desktop.ui.registers.spec import Choice
from desktop.ui.station_column import StationColumn
from desktop.ui.table_model import RIGHT, Column, PagedTableModel, whole_list


def _attention(row: FundRow) -> str:
    """What needs doing about the fund, or "" when nothing does."""
    notes = []
    if row.fund.problems:
        notes.append(_("Committee incomplete"))
    if row.unreconciled:
        notes.append(ngettext("{n} balance differs", "{n} balances differ", row.unreconciled).format(
            n=row.unreconciled))
    if row.awaiting_committee:
        notes.append(ngettext("{n} awaits the committee", "{n} await the committee", row.awaiting_committee).format(
            n=row.awaiting_committee))
    if row.awaiting_payment:
        notes.append(ngettext("{n} approved, to be paid", "{n} approved, to be paid", row.awaiting_payment).format(
            n=row.awaiting_payment))
    return " · ".join(notes)


COLUMNS: list[Column[FundRow]] = [
    Column(N_("Fund"), "name", lambda r: r.fund.name),
    Column(N_("Community"), None, lambda r: r.fund.community),
    Column(N_("Host charity"), None, lambda r: r.fund.host_charity),
    Column(N_("Set up on"), None, lambda r: format_date(r.fund.opened_on)),
    Column(N_("Status"), None, lambda r: r.fund.status_label),
    Column(MONEY_BALANCE_YUAN, None, lambda r: yuan(r.available_fen), RIGHT),
    Column(N_("Goods (yuan)"), None, lambda r: yuan(r.goods_fen), RIGHT),
    Column(BOOK_BALANCE_YUAN, None, lambda r: yuan(r.available_fen + r.goods_fen), RIGHT),
    Column(N_("Committee"), None, lambda r: str(len(r.fund.committee)), RIGHT),
    Column(N_("Needs attention"), None, _attention),
]


class LedgerPage(PagedListPage[FundRow]):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self._ctx = ctx
        self._may_manage = ctx.gateway.may(Action.MANAGE_FUNDS)
        self._rows: dict[str, FundRow] = {}
        self.filters = FilterBar(ctx.gateway, [community_filter(),
                                               Choice.of_codes("status", FUND_STATUS_LABELS, N_("All statuses"))],
                                 N_("Fund or host charity (Ctrl+F)"))
        self.filters.show_deleted.hide()  # funds are closed, never deleted
        station = StationColumn(ctx.gateway, "fund", lambda r: r.id)  # at a county: whose fund
        self._init_list(PagedTableModel(station.columns(COLUMNS), whole_list(self._fetch_ids),
                                        station.fetching(self._fetch_rows), row_id=lambda r: r.id,
                                        dimmed=lambda r: r.fund.status != ACTIVE),
                        0, Qt.SortOrder.AscendingOrder)
        self.new_button = QPushButton(_("New fund…"))
        self.new_button.setShortcut(QKeySequence.StandardKey.New)
        self.new_button.setVisible(self._may_manage)
        self.new_button.clicked.connect(self.new_fund)
        self.open_button = QPushButton(_("Open…"))
        self.open_button.setToolTip(_("The fund's committee, journal, disbursements, receipts and reconciliation "
                                      "(double-click or Enter)"))
        self.open_button.clicked.connect(self._open_selected)
        status_line = button_row(self.new_button, self.open_button)
        status_line.addWidget(self.count)
        self._lay_out(status_line, ctx.events, REFRESH_ON)

    def _fetch_ids(self, _order_by: str, descending: bool) -> list[str]:
        filters = self.filters.value()
        found = self._ctx.gateway.read(ledger_lists.fund_rows, filters.text, filters.choices["community"],
                                       filters.choices["status"])
        self._rows = {row.id: row for row in found}
        ids = [row.id for row in found]
        return ids[::-1] if descending else ids

    def _fetch_rows(self, ids: list[str]) -> list[FundRow]:
        return [self._rows[i] for i in ids if i in self._rows]

    def _counted(self, total: int) -> str:
        return ngettext("{n} fund", "{n} funds", total).format(n=format_number(total))

    def _listed_so_far(self, listed: int) -> str:
        return self._counted(listed)  # read whole: the count is always known

    def _empty_text(self) -> str:
        if self.filters.narrowed():
            return _("Nothing matches the search and filters.")
        if self._may_manage:
            return _("No community funds yet.\n\nChoose New fund… to open the first one.")
        return _("No community funds yet.")

    def _update_buttons(self) -> None:
        self.open_button.setEnabled(self.selected() is not None)

    def new_fund(self) -> None:
        """A new fund with its committee, selected in the list and opened in its window."""
        from desktop.ui.ledger.fund_dialog import FundDialog

        dialog = FundDialog(self._ctx, None, self)
        if published(self._ctx, dialog, TOPIC) and dialog.outcome is not None:
            self.select(dialog.outcome.id)
            self._open(dialog.outcome.id)

    def _open_selected(self) -> None:
        row = self.selected()
        if row is not None:
            self._open(row.id)

    def _open(self, fund_id: str) -> None:
        from desktop.ui.ledger.fund_window import open_fund_window  # loaded when first used

        open_fund_window(self._ctx, fund_id, self)
