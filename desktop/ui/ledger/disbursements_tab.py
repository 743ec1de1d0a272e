"""拨付: a fund's disbursements (募用分离), numbered as the CLI numbers them. One is proposed, each committee
member serving decides on it once, and the finance officer (not its proposer) pays it once enough
approved, which posts its entry; one not paid is withdrawn or cancelled with a reason. The decisions on
the one selected are listed under the table: who decided what, when, and who recorded it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QApplication, QGroupBox, QHeaderView, QLabel, QPushButton, QSplitter, QVBoxLayout,
                               QWidget)

from desktop.domain.codes import label
from desktop.domain.ledger import APPROVAL_RULE_LABELS, DECISION_LABELS, DROPPED, DisbursementStatus
from desktop.domain.permissions import Action
from desktop.i18n import N_, _, format_date
from desktop.services import disbursements, grant_room, ledger, ledger_lists, outflows
from desktop.services.disbursement_withdrawal import may_withdraw, withdraw
from desktop.services.disbursements import DecisionView, DisbursementView
from desktop.services.funds import MemberView
from desktop.ui.context import AppContext
from desktop.ui.ledger.disbursement_dialogs import (DecisionDialog, PayDialog, ProposeDialog, disbursement_intro,
                                                    payee_text, project_text)
from desktop.ui.ledger.fund_tab import FundTab
from desktop.ui.list_view import list_view
from desktop.ui.projects.money_field import yuan
from desktop.ui.table_model import RIGHT, Column
from desktop.ui.volunteers.fields import ReasonDialog
from desktop.ui.volunteers.rows_model import RowsModel


def decision_text(decision: DecisionView) -> str:
    said = label(DECISION_LABELS, decision.decision)
    if not decision.counted:
        return _("{decision} (not counted: recorded after the member left)").format(decision=said)
    if decision.after_outcome:
        return _("{decision} (recorded after the committee decided)").format(decision=said)
    return said


class DisbursementsTab(FundTab[DisbursementView]):
    def __init__(self, ctx: AppContext, fund_id: str, parent: QWidget | None = None) -> None:
        self.numbers: dict[str, int] = {}  # id → the number the CLI gives it
        kind = Column(N_("Kind"), None, lambda r: r.kind_label)
        status = Column(N_("Status"), None, lambda r: r.status_label)
        columns: list[Column[DisbursementView]] = [
            Column(N_("No."), None, lambda r: str(self.numbers.get(r.id, "")), RIGHT),
            Column(N_("Proposed on"), None, lambda r: format_date(r.proposed_on)),
            kind,
            Column(N_("Project or donation"), None, project_text),
            Column(N_("Paid to"), None, payee_text),
            Column(N_("Use of the money"), None, lambda r: r.purpose),
            Column(N_("Amount (yuan)"), None, lambda r: yuan(r.amount_fen), RIGHT),
            Column(N_("Approvals"), None, lambda r: r.tally_text, RIGHT),
            status,  # who proposed it, and when each member decided, are shown under the table
        ]
        super().__init__(ctx, fund_id, columns, self._rows, _look, parent, whole=(kind, status))
        self.decisions: RowsModel[DecisionView] = RowsModel([
            Column(N_("Member"), None, lambda d: d.member_name),
            Column(N_("Decision"), None, decision_text),
            Column(N_("Date"), None, lambda d: format_date(d.decided_on)),
            Column(N_("Note"), None, lambda d: d.note),
            Column(N_("Recorded by"), None, lambda d: d.by_name),
        ])
        self.decisions_view = list_view(self.decisions)
        self.decisions_view.setSelectionMode(self.decisions_view.SelectionMode.NoSelection)
        header = self.decisions_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.decided = QLabel()
        self.decided.setWordWrap(True)
        self.decided.setTextFormat(Qt.TextFormat.PlainText)
        decisions_box = QGroupBox(_("Committee decisions"))
        decisions_column = QVBoxLayout(decisions_box)
        decisions_column.addWidget(self.decided)
        decisions_column.addWidget(self.decisions_view, 1)
        listed = QGroupBox(_("Disbursements"))
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.removeWidget(self.body)
        QVBoxLayout(listed).addWidget(self.body)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(listed)
        splitter.addWidget(decisions_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        layout.insertWidget(1, splitter, 1)  # under the summary
        self.propose_button = self.button(_("Propose…"), self.propose, Action.APPROVE_DISBURSEMENTS)
        self.decide_button = self.button(_("Record a decision…"), self.decide, Action.APPROVE_DISBURSEMENTS)
        self.pay_button = self.button(_("Pay and post…"), self.pay, Action.RECORD_LEDGER)
        self.withdraw_button = self.button(_("Withdraw…"), self.withdraw, Action.APPROVE_DISBURSEMENTS)
        self.cancel_button = self.button(_("Cancel unpaid…"), self.withdraw, Action.APPROVE_DISBURSEMENTS)
        self.refresh()

    def _rows(self, fund_id: str) -> list[DisbursementView]:
        """The latest number first, as the CLI numbers them (not by the day proposed, which may be back-dated)."""
        self.numbers = self._ctx.gateway.read(disbursements.numbered, fund_id)
        return sorted(self._ctx.gateway.read(disbursements.disbursements, fund_id),
                      key=lambda row: self.numbers.get(row.id, 0), reverse=True)

    def empty_text(self) -> str:
        if self.fund.problems:
            return _("No disbursement yet. The committee cannot decide on one yet: {problem}").format(
                problem=self.fund.problems[0])
        return _("No disbursement yet.\n\nGrants, expenses, transfers to another fund and refunds are proposed here "
                 "(Propose…), approved by the committee, then paid by the finance officer.")

    def steps(self) -> list[QPushButton]:
        return [self.decide_button, self.pay_button]

    def load(self) -> None:
        super().load()
        fund = self.fund
        self.summary.setText(_("The committee serving today has {members} members; a disbursement needs {needed} "
                               "approvals ({rule}).").format(members=len(fund.committee), needed=fund.approvals_needed,
                                                             rule=label(APPROVAL_RULE_LABELS, fund.approval_rule))
                             if fund.committee else
                             _("No committee member serves today: money leaves the fund only once its committee is "
                               "formed and approves."))

    def update_actions(self) -> None:
        row = self.selected()
        self.decisions.set_rows(row.decisions if row else [])
        self.decided.setText(disbursement_intro(row) if row else _("Select a disbursement to see who decided what."))
        closed = _("The fund {name} is closed.").format(name=self.fund.name)
        if self.fund_open and self.fund.problems:  # a committee that cannot decide gets nothing to decide
            self.allow(self.propose_button, False, _("The committee cannot decide yet: {problem}").format(
                problem=" ".join(self.fund.problems)))
        else:
            self.allow(self.propose_button, self.fund_open, closed)
        if row is None or row.status not in disbursements.OPEN:
            self.allow(self.decide_button, False, _("Select a disbursement awaiting the committee or its payment."))
        elif self.fund.problems:
            self.allow(self.decide_button, False, _("The committee cannot decide yet: {problem}").format(
                problem=self.fund.problems[0]))
        elif row.proposer == self._ctx.gateway.principal.username and not self._deciders(row):
            self.allow(self.decide_button, False, _("You proposed this disbursement: the committee's clerk, another "
                                                    "account, records the decisions of its members (募用分离)."))
        else:
            self.allow(self.decide_button, bool(self._deciders(row)),
                       _("Every member serving who may be recorded here has decided."))
        self.allow(self.pay_button, row is not None and row.status == DisbursementStatus.APPROVED and self.fund_open,
                   closed if not self.fund_open else _("Select a disbursement the committee approved."))
        me = self._ctx.gateway.principal
        self.allow(self.withdraw_button, row is not None and row.status == DisbursementStatus.PROPOSED
                   and may_withdraw(me, row), _("Select a disbursement awaiting the committee that you proposed "
                                                "(the head may withdraw any)."))
        self.allow(self.cancel_button, row is not None and row.status == DisbursementStatus.APPROVED
                   and may_withdraw(me, row), _("The head cancels a disbursement approved and not paid."))

    def _deciders(self, row: DisbursementView) -> list[MemberView]:
        """The members serving today who have not decided (once it is approved, of those who served that day),
        and whose decision the signed-in user records: their own, or, as the committee's clerk on a disbursement
        someone else proposed, that of a member with no account (``disbursements.approve_disbursement``)."""
        decided = {d.member_id for d in row.decisions}
        me = self._ctx.gateway.principal
        clerk = self._ctx.gateway.may(Action.DECIDE_DISBURSEMENTS) and row.proposer != me.username
        return [m for m in self.fund.committee if m.id not in decided
                and (row.decided_on is None or m.joined_on <= row.decided_on)
                and (m.user_id == me.user_id if m.user_id is not None else clerk)]

    def propose(self) -> None:
        if not self.fund_open:
            return
        gateway = self._ctx.gateway
        held = gateway.read(ledger.balances, self.fund_id)
        rooms = [room for room in gateway.read(grant_room.grant_rooms) if room.left_fen > 0]
        self.run(ProposeDialog(self._ctx, self.fund, held.available_fen, rooms, gateway.read(ledger_lists.fund_names),
                               gateway.read(outflows.refundable, self.fund_id), self))

    def decide(self) -> None:
        row = self.selected()
        if row is not None and row.status in disbursements.OPEN and not self.fund.problems:
            self.run(DecisionDialog(self._ctx, row, self._deciders(row), row.approvals_needed, self))

    def pay(self) -> None:
        row = self.selected()
        if row is not None and row.status == DisbursementStatus.APPROVED and self.fund_open:
            held = self._ctx.gateway.read(ledger.balances, self.fund_id)
            self.run(PayDialog(self._ctx, self.fund, row, held, self))

    def withdraw(self) -> None:
        """Withdraw the proposal selected, or cancel the approved one, asking why."""
        row = self.selected()
        if row is None or not may_withdraw(self._ctx.gateway.principal, row):
            return
        gateway, row_id = self._ctx.gateway, row.id
        proposed = row.status == DisbursementStatus.PROPOSED
        self.run(ReasonDialog(
            self._ctx, title=_("Withdraw a disbursement") if proposed else _("Cancel an approved disbursement"),
            ok_text=_("Withdraw") if proposed else _("Cancel it"),
            intro=disbursement_intro(row) + "\n" + _(
                "It stays in the list with the reason, and no longer holds any of a project's approved amount."),
            work=lambda reason: gateway.write(withdraw, row_id, reason), parent=self))


def _look(row: DisbursementView, _column: int, role: int) -> Any:
    """A disbursement rejected, withdrawn or cancelled, or a payment reversed (冲销), dimmed: it takes no
    money."""
    if role == Qt.ItemDataRole.ForegroundRole and (row.status in DROPPED or row.reversed_by_number is not None):
        return QApplication.palette().placeholderText()
    return None
