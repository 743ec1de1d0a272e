"""A community fund's window: what it holds and what needs attention at the top, its papers (statement,
public notice), and one tab per part of its work — 概况 (particulars, committee, balances, goods), 流水
(the journal), 拨付 (disbursements the committee decides), 收据 (donation receipts) and 对账 (balances
against bank statements). One window per fund: opening it again raises the one open.

Every write in any tab is published under ``ledger_fields.TOPIC``; each open fund window and the list of
funds read again then (a transfer changes two funds), so every tab shows what was written."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout,
                               QWidget)

from desktop.domain.fund_balances import BOOK_BALANCE, MONEY_BALANCE
from desktop.domain.permissions import Action
from desktop.errors import NotFoundError
from desktop.i18n import _, format_date, ngettext
from desktop.services import ledger_lists
from desktop.services.ledger_lists import FundRow
from desktop.sync.home_node import read_only_reason
from desktop.ui.context import AppContext
from desktop.ui.forms import ERROR_COLOR
from desktop.ui.layouts import button_row
from desktop.ui.ledger.disbursements_tab import DisbursementsTab
from desktop.ui.ledger.journal_tab import JournalTab
from desktop.ui.ledger.ledger_fields import REFRESH_ON, TOPIC
from desktop.ui.ledger.overview_tab import OverviewTab
from desktop.ui.ledger.receipts_tab import ReceiptsTab
from desktop.ui.ledger.reconcile_tab import ReconcileTab
from desktop.ui.projects.money_field import yuan
from desktop.ui.projects.project_fields import published
from desktop.ui.read_only import hold_off, read_only_note
from desktop.ui.record_windows import RecordWindows

_windows: RecordWindows[FundWindow] = RecordWindows()


class FundWindow(QDialog):
    def __init__(self, ctx: AppContext, fund_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint)
        self.ctx = ctx
        self.row: FundRow = ctx.gateway.read(ledger_lists.fund_row, fund_id)
        fund = self.row.fund
        self.resize(1200, 720)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.attention = QLabel()
        self.attention.setWordWrap(True)
        self.attention.setStyleSheet(f"color: {ERROR_COLOR};")
        self.edit_button = QPushButton(_("Particulars…"))
        self.edit_button.setToolTip(_("Change the fund's name, host charity, rules or status"))
        self.edit_button.setVisible(ctx.gateway.may(Action.MANAGE_FUNDS))
        self.edit_button.clicked.connect(self.edit)
        self.statement_button = QPushButton(_("Statement…"))
        self.statement_button.setToolTip(_("The fund's statement for a period (PDF or .xlsx)"))
        self.statement_button.clicked.connect(self.print_statement)
        self.notice_button = QPushButton(_("Public notice (公示)…"))
        self.notice_button.setToolTip(_("The sheet posted in the community: donations received and money used"))
        self.notice_button.clicked.connect(self.print_notice)
        for button in (self.edit_button, self.statement_button, self.notice_button):
            button.setAutoDefault(False)  # Enter in the window opens none of them
        self.overview = OverviewTab(ctx, fund)
        self.journal = JournalTab(ctx, fund)
        self.disbursements = DisbursementsTab(ctx, fund.id)
        self.receipts = ReceiptsTab(ctx, fund.id)
        self.reconcile = ReconcileTab(ctx, fund)
        self.tabs = QTabWidget()
        for tab, title in ((self.overview, _("Overview")), (self.journal, _("Journal entries")),
                           (self.disbursements, _("Disbursements")), (self.receipts, _("Receipts")),
                           (self.reconcile, _("Reconciliation"))):
            self.tabs.addTab(tab, title)
        # A station's fund at a county office: read there, never changed (``sync.home_node``).
        self.not_here = ctx.gateway.read(read_only_reason, "fund", fund_id)
        self.read_only = read_only_note(self.not_here)
        hold_off(self.edit_buttons(), self.not_here)
        # ledger-ui2's tabs emit ``changed`` after a write and publish TOPIC with it (``FundTab.run``): every
        # fund window and the list read again on TOPIC, so ``changed`` needs no handler of its own here.
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addLayout(button_row(self.edit_button, self.statement_button, self.notice_button))
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.read_only)
        layout.addWidget(self.attention)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        ctx.events.changed.connect(self._on_data_changed)
        # Another user at the keyboard must not find this fund open.
        ctx.session.user_changed.connect(self.close)
        ctx.session.signed_out.connect(self.close)
        self._show()

    def edit_buttons(self) -> list[QPushButton]:
        """Every button of the window and its tabs that writes to the fund (not its papers)."""
        overview, journal, reconcile = self.overview, self.journal, self.reconcile
        return [self.edit_button, overview.committee.add_button, overview.committee.end_button,
                overview.correct_button, journal.post_button, journal.reverse_button, *self.disbursements.edit_buttons,
                *self.receipts.edit_buttons, reconcile.record_button, reconcile.reconcile_button]

    def _show(self) -> None:
        row, fund = self.row, self.row.fund
        self.setWindowTitle(_("Fund: {name}").format(name=fund.name))
        facts = " · ".join((fund.community, _("held by {host}").format(host=fund.host_charity),
                            _("opened {date}").format(date=format_date(fund.opened_on))))
        self.heading.setText(_("<b>{name}</b> · <b>{status}</b><br>{facts}<br>{money_label} {money} yuan · "
                               "{book_label} {book} yuan").format(
            name=escape(fund.name), status=escape(fund.status_label), facts=escape(facts),
            money_label=escape(_(MONEY_BALANCE)), money=yuan(row.available_fen),
            book_label=escape(_(BOOK_BALANCE)), book=yuan(row.available_fen + row.goods_fen)))
        notes = []
        if fund.problems:
            notes.append(_("The committee cannot decide on disbursements yet: {problem}").format(
                problem=fund.problems[0]))
        if row.unreconciled:
            notes.append(ngettext("{n} recorded balance differs from the ledger (对账).",
                                  "{n} recorded balances differ from the ledger (对账).",
                                  row.unreconciled).format(n=row.unreconciled))
        self.attention.setText("\n".join(notes))
        self.attention.setVisible(bool(notes))

    def reload(self) -> None:
        """Read the fund again, and every tab with it."""
        try:
            self.row = self.ctx.gateway.read(ledger_lists.fund_row, self.row.id)
        except NotFoundError:
            self.close()
            return
        self._show()
        for tab in (self.overview, self.journal, self.reconcile):
            tab.set_fund(self.row.fund)
        self.disbursements.refresh()
        self.receipts.refresh()

    def _on_data_changed(self, topic: str) -> None:
        if topic in REFRESH_ON:
            self.reload()

    def edit(self) -> None:
        from desktop.ui.ledger.fund_dialog import FundDialog

        published(self.ctx, FundDialog(self.ctx, self.row.fund, self), TOPIC)

    def print_statement(self) -> None:
        from desktop.ui.ledger.ledger_print import print_statement  # loaded when first used

        print_statement(self.ctx, self, self.row.id)

    def print_notice(self) -> None:
        from desktop.ui.ledger.ledger_print import print_notice  # loaded when first used

        print_notice(self.ctx, self, self.row.id)


def open_fund_window(ctx: AppContext, fund_id: str, parent: QWidget | None = None) -> FundWindow:
    """The fund's window, shown and raised: the one already open, or a new one."""
    return _windows.show(ctx, fund_id, lambda: FundWindow(ctx, fund_id, parent))
