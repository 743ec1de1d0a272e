"""The management committee (管委会) of a fund: the members serving today, what the committee lacks under
the rules of FORMS.md (at least five, an odd number, unpaid, a supervisor) in the error colour until it
meets them, and for a role that manages funds a member added or their membership ended, on the day (or,
ended on the day it began, withdrawn as entered by mistake, with the reason)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QGroupBox, QHeaderView, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.domain.committee_state import committee_state, committee_warning, withdraws
from desktop.domain.ledger import MEMBER_ROLE_LABELS, Seat
from desktop.domain.permissions import Action
from desktop.errors import ValidationError
from desktop.i18n import N_, _, format_date
from desktop.services import accounts, funds
from desktop.services.forms import optional_text, required_text
from desktop.services.funds import FundView, MemberInput, MemberView
from desktop.ui.cases.case_fields import line_edit
from desktop.ui.context import AppContext
from desktop.ui.form_dialog import FormDialog
from desktop.ui.forms import ERROR_COLOR, combo_value, fill_combo
from desktop.ui.layouts import button_row
from desktop.ui.ledger.ledger_fields import TOPIC, fund_day_edit
from desktop.ui.list_view import list_view
from desktop.ui.projects.project_fields import published
from desktop.ui.registers.choices import choice_combo, labelled
from desktop.ui.table_model import Column
from desktop.ui.tasks import Job
from desktop.ui.volunteers.fields import day
from desktop.ui.volunteers.rows_model import RowsModel

COLUMNS: list[Column[MemberView]] = [
    Column(N_("Member name"), None, lambda m: m.name),
    Column(N_("Committee role"), None, lambda m: m.role_label),
    Column(N_("Affiliation"), None, lambda m: m.affiliation),
    Column(N_("Serving since"), None, lambda m: format_date(m.joined_on)),
]
# The long column (托管慈善组织代表（清河县慈善会）): it takes the room the others leave, so the day each
# member serves from stays in view in a narrow window, and is cut short with its whole text in the tooltip.
AFFILIATION = 2


def _whole_affiliation(member: MemberView, column: int, role: int) -> str | None:
    if column == AFFILIATION and role == Qt.ItemDataRole.ToolTipRole:
        return member.affiliation or None
    return None


def _seats(members: Sequence[MemberView]) -> list[Seat]:
    return [Seat(member.role, member.unpaid) for member in members]


class CommitteeBox(QGroupBox):
    """``fill(fund)`` shows the fund's committee as read last."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(_("Management committee (管委会)"), parent)
        self._ctx = ctx
        self.fund: FundView | None = None
        may_manage = ctx.gateway.may(Action.MANAGE_FUNDS)
        self.model: RowsModel[MemberView] = RowsModel(COLUMNS, _whole_affiliation)
        self.view = list_view(self.model)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(AFFILIATION, QHeaderView.ResizeMode.Stretch)
        self.view.selectionModel().selectionChanged.connect(lambda *_args: self._update_buttons())
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.add_button = QPushButton(_("Add a member…"))
        self.add_button.clicked.connect(self.add_member)
        self.end_button = QPushButton(_("End membership…"))
        self.end_button.clicked.connect(self.end_membership)
        for button in (self.add_button, self.end_button):
            button.setVisible(may_manage)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.state)
        layout.addLayout(button_row(self.add_button, self.end_button))

    def fill(self, fund: FundView) -> None:
        kept = self.selected()
        self.fund = fund
        self.model.set_rows(fund.committee)
        if kept is not None and kept in fund.committee:
            self.view.selectRow(fund.committee.index(kept))
        seats = _seats(fund.committee)
        self.state.setText(committee_state(seats, fund.approvals_needed))
        self.state.setStyleSheet(f"color: {ERROR_COLOR};" if committee_warning(seats) else "")
        self._update_buttons()

    def selected(self) -> MemberView | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_object(rows[0]) if rows else None

    def _update_buttons(self) -> None:
        self.end_button.setEnabled(self.selected() is not None)
        self.end_button.setToolTip("" if self.end_button.isEnabled() else _("Select the member who leaves."))

    def add_member(self) -> None:
        if self.fund is not None:
            published(self._ctx, MemberDialog(self._ctx, self.fund, self), TOPIC)

    def end_membership(self) -> None:
        member = self.selected()
        if self.fund is not None and member is not None:
            published(self._ctx, EndMembershipDialog(self._ctx, self.fund, member, self), TOPIC)


class MemberDialog(FormDialog):
    """A member joins the committee; ``outcome`` is the ``MemberView`` added."""

    def __init__(self, ctx: AppContext, fund: FundView, parent: QWidget | None = None) -> None:
        super().__init__(ctx, title=_("Add a committee member"), ok_text=_("Add"), parent=parent,
                         intro=_("Members serve unpaid. A member with an account of this station records their "
                                 "own decisions on disbursements."))
        self._fund = fund
        self.name = line_edit(50)
        self.role = choice_combo(labelled(MEMBER_ROLE_LABELS))
        self.affiliation = line_edit(100)
        self.affiliation.setPlaceholderText(_("e.g. 居民代表, 辖区企业代表"))
        self.joined_on = fund_day_edit(fund)
        self.account = QComboBox()
        users = {user.id: f"{user.display_name} ({user.username})" for user in ctx.gateway.read(accounts.list_users)
                 if not user.disabled}
        fill_combo(self.account, {"": _("No account")} | users)
        self.after = QLabel()
        self.after.setWordWrap(True)
        self.after.setStyleSheet(f"color: {ERROR_COLOR};")
        form = self.form
        form.add_row("name", _("Member name"), self.name)
        form.add_row("role", _("Committee role"), self.role)
        form.add_row("affiliation", _("Affiliation"), self.affiliation)
        form.add_row("joined_on", _("Serving from"), self.joined_on)
        form.watch("joined_on", self.joined_on.dateChanged)
        form.add_row("user_id", _("Account"), self.account)
        form.layout.addRow("", self.after)
        self.update_button()
        self.name.setFocus()

    def update_button(self) -> None:
        """Say what the committee will still lack with this member."""
        seats = [*_seats(self._fund.committee), Seat(combo_value(self.role), True)]
        self.after.setText(committee_warning(seats) if combo_value(self.role) else "")
        super().update_button()

    def checked(self) -> MemberInput:
        if not combo_value(self.role):
            raise ValidationError("role", _("Choose the member's role."))
        return MemberInput(self.name.text(), combo_value(self.role), day(self.joined_on), self.affiliation.text(),
                           user_id=combo_value(self.account) or None).validated(date.today())

    def job(self, values: MemberInput) -> Job:
        gateway, fund_id = self._ctx.gateway, self._fund.id
        return lambda _progress: gateway.write(funds.add_member, fund_id, values)


class EndMembershipDialog(FormDialog):
    """A member leaves the committee, with a reason if one is given (期满, 辞任); ended on the day they joined,
    the membership is withdrawn as entered by mistake, and the reason is required. ``outcome`` is the
    ``MemberView`` as it stands after."""

    def __init__(self, ctx: AppContext, fund: FundView, member: MemberView, parent: QWidget | None = None) -> None:
        super().__init__(ctx, title=_("End a membership"), ok_text=_("End membership"), parent=parent,
                         intro=_("{name} ({role}) leaves the committee of {fund}. They stay on file with the "
                                 "decisions they recorded.").format(name=member.name, role=member.role_label,
                                                                     fund=fund.name))
        self._member = member
        self.left_on = fund_day_edit(fund)
        self.after = QLabel(committee_warning(_seats([m for m in fund.committee if m.id != member.id])))
        self.after.setWordWrap(True)
        self.after.setStyleSheet(f"color: {ERROR_COLOR};")
        self.withdrawing = QLabel(_("Ended on the day it began ({date}), the membership is withdrawn as entered by "
                                    "mistake: the committee of no day counts {name}.").format(
            date=format_date(member.joined_on), name=member.name))
        self.withdrawing.setWordWrap(True)
        self.reason = line_edit(200)
        self.form.add_row("left_on", _("First day not serving"), self.left_on)
        self.form.watch("left_on", self.left_on.dateChanged)
        self.form.layout.addRow("", self.withdrawing)
        self.form.add_row("reason", _("Reason"), self.reason)
        self.form.layout.addRow("", self.after)
        self.update_button()

    def withdraws(self) -> bool:
        return withdraws(self._member.joined_on, day(self.left_on))

    def update_button(self) -> None:
        """The reason is required only of a membership ended on the day it began, which says so."""
        shown = self.withdraws()
        self.form.layout.setRowVisible(self.withdrawing, shown)
        self.ok_button.setText(_("Withdraw membership") if shown else _("End membership"))
        super().update_button()

    def checked(self) -> tuple[date, str]:
        left_on = day(self.left_on)
        if left_on < self._member.joined_on:
            raise ValidationError("left_on", _("The member cannot leave before they joined ({date}).").format(
                date=format_date(self._member.joined_on)))
        return left_on, (required_text if self.withdraws() else optional_text)(self.reason.text(), "reason", 200)

    def job(self, values: tuple[date, str]) -> Job:
        gateway, member_id, (left_on, reason) = self._ctx.gateway, self._member.id, values
        return lambda _progress: gateway.write(funds.end_membership, member_id, left_on, reason=reason)
