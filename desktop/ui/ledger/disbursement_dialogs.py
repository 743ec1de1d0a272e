"""The three steps of a disbursement (募用分离): proposing it, one committee member's decision on it, and
paying it, which posts its entry. Each is one service call on the database worker."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QComboBox, QLabel, QVBoxLayout, QWidget

from desktop.domain.codes import label
from desktop.domain.ledger import (
    ACCOUNT_LABELS, DECISION_LABELS, DISBURSED, ENTRY_KIND_LABELS, RULES, Decision, EntryKind,
)
from desktop.errors import ValidationError
from desktop.i18n import _, format_date
from desktop.services import disbursements
from desktop.services.disbursements import DisbursementInput, DisbursementView
from desktop.services.grant_room import GrantRoom
from desktop.services.outflows import RefundRoom
from desktop.services.forms import optional_text, required_text
from desktop.services.funds import FundView, MemberView
from desktop.services.ledger import Balances
from desktop.ui.cases.case_fields import line_edit
from desktop.ui.context import AppContext
from desktop.ui.form_dialog import FormDialog
from desktop.ui.forms import combo_value, fill_combo
from desktop.ui.projects.money_field import fen_of, money_edit, yuan
from desktop.ui.tasks import Job
from desktop.ui.ledger.backdate_field import BackdateField
from desktop.ui.ledger.dialog_fit import grow_to_fit
from desktop.ui.ledger.ledger_fields import fund_day_edit
from desktop.ui.registers.choices import choice_combo
from desktop.ui.volunteers.fields import day


def payee_text(row: DisbursementView) -> str:
    return row.payee or "—"


def project_text(row: DisbursementView) -> str:
    """What a grant or a refund is for: the project, or the donation given back."""
    if row.refund_of_number is not None:
        return _("Donation No. {number}").format(number=row.refund_of_number)
    return f"{row.project_number} {row.project_title}" if row.project_id else ""


def refund_text(room: RefundRoom) -> str:
    """"No. 12 · 2026-09-03 · 周德明 · 2,000.00 yuan, 2,000.00 left": a donation a refund may give back."""
    return _("No. {number} · {date} · {donor} · {amount} yuan, {left} left").format(
        number=room.number, date=format_date(room.posted_on), donor=room.donor or "—", amount=yuan(room.amount_fen),
        left=yuan(room.left_fen))


def room_text(room: GrantRoom) -> str:
    """"Approved 28,000.00 yuan: 14,000.00 granted, 0.00 awaiting approval or payment, 14,000.00 left"."""
    return _("Approved {approved} yuan: {granted} granted, {waiting} awaiting approval or payment, "
             "{left} yuan left.").format(approved=yuan(room.approved_fen), granted=yuan(room.granted_fen),
                                         waiting=yuan(room.waiting_fen), left=yuan(room.left_fen))


def stacked(*widgets: QWidget) -> QWidget:
    """Widgets one under the other as one field of a form, focus going to the first."""
    box = QWidget()
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        column.addWidget(widget)
    box.setFocusProxy(widgets[0])
    return box


def note_label() -> QLabel:
    note = QLabel()
    note.setWordWrap(True)
    return note


class ProposeDialog(FormDialog):
    """Propose a grant to a funded project, an expense, a transfer to another fund (``funds``: id → name)
    or a refund of one of ``refunds``; ``outcome`` is the ``DisbursementView``."""

    def __init__(self, ctx: AppContext, fund: FundView, available_fen: int, rooms: Sequence[GrantRoom],
                 funds: dict[str, str], refunds: Sequence[RefundRoom], parent: QWidget | None = None) -> None:
        super().__init__(ctx, title=_("Propose a disbursement"), ok_text=_("Propose"), parent=parent, intro=_(
            "Money leaves {fund} only once its committee approves ({needed} of the members serving) and the finance "
            "officer pays it. The fund has {available} yuan available now.").format(
            fund=fund.name, needed=fund.approvals_needed, available=yuan(available_fen)))
        self._fund_id = fund.id
        self._available = available_fen
        self._rooms = {room.project_id: room for room in rooms}
        self.kind = QComboBox()
        fill_combo(self.kind, {kind: _(ENTRY_KIND_LABELS[kind]) for kind in DISBURSED}, EntryKind.GRANT)
        self.project = QComboBox()
        self.project.setPlaceholderText(_("Choose…") if rooms else _("No project has an approved grant."))
        for room in rooms:
            self.project.addItem(_("{number} {title} — {left} yuan left").format(
                number=room.number, title=room.title, left=yuan(room.left_fen)), room.project_id)
        self.project.setCurrentIndex(-1)
        self.room = note_label()
        self.to_fund = choice_combo({i: name for i, name in funds.items() if i != fund.id})
        self._refunds = {room.entry_id: room for room in refunds}
        self.refund_of = QComboBox()
        self.refund_of.setPlaceholderText(_("Choose…") if refunds else _("No donation of money is left to refund."))
        for refund in refunds:
            self.refund_of.addItem(refund_text(refund), refund.entry_id)
        self.refund_of.setCurrentIndex(-1)
        self.amount = money_edit()
        self.short = note_label()
        self.purpose = line_edit(200)
        self.purpose.setPlaceholderText(_("What the money is for; it becomes the entry's summary (摘要)"))
        self.payee = line_edit(100)
        form = self.form
        form.add_row("kind", _("Kind"), self.kind)
        form.add_row("project_id", _("Project"), stacked(self.project, self.room))
        form.watch("project_id", self.project.activated)
        form.add_row("to_fund_id", _("To the fund"), self.to_fund)
        form.watch("to_fund_id", self.to_fund.activated)
        form.add_row("refund_of_id", _("Donation refunded"), self.refund_of)
        form.watch("refund_of_id", self.refund_of.activated)
        form.add_row("amount", _("Amount (yuan)"), stacked(self.amount, self.short))
        form.watch("amount", self.amount.textEdited)
        form.add_row("purpose", _("Use of the money"), self.purpose)
        form.add_row("payee", _("Paid to"), self.payee)
        self.kind.currentIndexChanged.connect(lambda _index: self._show_kind())
        self.project.currentIndexChanged.connect(lambda _index: self._show_room())
        self.refund_of.currentIndexChanged.connect(lambda _index: self._show_room())
        self.setMinimumWidth(640)
        self._show_kind()
        self.kind.setFocus()

    def update_button(self) -> None:
        self._show_short()
        super().update_button()

    def _show_short(self) -> None:
        """Say, before proposing, that the fund does not hold the amount yet: it may be proposed, and is paid
        once the money is there."""
        try:
            over = fen_of(self.amount.text(), "amount") - self._available
        except ValidationError:
            over = 0
        self.short.setText(_("{amount} yuan more than the fund has available now: it can be paid only once the "
                             "fund holds it.").format(amount=yuan(over)) if over > 0 else "")
        self.short.setVisible(over > 0)
        grow_to_fit(self)

    def _show_kind(self) -> None:
        """Only the rows the kind asks: a grant's project, a transfer's fund (which is who is paid), a
        refund's donation."""
        kind = combo_value(self.kind)
        for field, shown in (("project_id", kind == EntryKind.GRANT), ("to_fund_id", kind == EntryKind.TRANSFER_OUT),
                             ("refund_of_id", kind == EntryKind.REFUND), ("payee", kind != EntryKind.TRANSFER_OUT)):
            self.form.layout.setRowVisible(self.form.widget(field), shown)
        self._show_room()

    def _show_room(self) -> None:
        room = self._rooms.get(combo_value(self.project))
        self.room.setText(room_text(room) if room else "")
        self.room.setVisible(room is not None)
        grow_to_fit(self)
        refund = self._refunds.get(combo_value(self.refund_of))
        kind = combo_value(self.kind)
        if kind == EntryKind.GRANT and room and room.org_name:
            hint = _("The project's organisation: {org}").format(org=room.org_name)
        elif kind == EntryKind.REFUND and refund and refund.donor:
            hint = _("The donor: {donor}").format(donor=refund.donor)
        else:
            hint = ""
        self.payee.setPlaceholderText(hint)
        self.update_button()

    def checked(self) -> DisbursementInput:
        kind = combo_value(self.kind)
        if not kind:
            raise ValidationError("kind", _("Choose one of the listed options."))
        project_id = combo_value(self.project) if kind == EntryKind.GRANT else ""
        room = self._rooms.get(project_id)
        if kind == EntryKind.GRANT and room is None:
            raise ValidationError("project_id", _("Choose the project the grant goes to."))
        to_fund = combo_value(self.to_fund) if kind == EntryKind.TRANSFER_OUT else ""
        if kind == EntryKind.TRANSFER_OUT and not to_fund:
            raise ValidationError("to_fund_id", _("Choose the fund that receives the transfer."))
        refund = self._refunds.get(combo_value(self.refund_of)) if kind == EntryKind.REFUND else None
        if kind == EntryKind.REFUND and refund is None:
            raise ValidationError("refund_of_id", _("Choose the donation that is refunded."))
        amount = fen_of(self.amount.text(), "amount")
        if room is not None and amount > room.left_fen:
            raise ValidationError("amount", _("Project {number} has {left} yuan of its approved amount left.").format(
                number=room.number, left=yuan(room.left_fen)))
        if refund is not None and amount > refund.left_fen:
            raise ValidationError("amount", _("Donation No. {number} has {left} yuan left to refund.").format(
                number=refund.number, left=yuan(refund.left_fen)))
        payee = optional_text(self.payee.text(), "payee", 100) if kind != EntryKind.TRANSFER_OUT else ""
        return DisbursementInput(kind, amount, required_text(self.purpose.text(), "purpose", 200), project_id or None,
                                 payee, to_fund or None, refund.entry_id if refund else None)

    def job(self, values: DisbursementInput) -> Job:
        gateway, fund_id = self._ctx.gateway, self._fund_id
        return lambda _progress: gateway.write(disbursements.propose_disbursement, fund_id, values)


def disbursement_intro(row: DisbursementView) -> str:
    """What it pays, to whom, who proposed it; and who withdrew or cancelled it, and why."""
    intro = _("{amount} yuan to {payee} for “{purpose}”, proposed by {by} on {date}.").format(
        amount=yuan(row.amount_fen), payee=payee_text(row), purpose=row.purpose, by=row.proposed_by,
        date=format_date(row.proposed_on))
    if row.closed_on is None:
        return intro
    return intro + " " + _("{status} by {by} on {date}. Reason: {reason}").format(
        status=row.status_label, by=row.closed_by, date=format_date(row.closed_on), reason=row.close_reason)


@dataclass(frozen=True)
class DecisionInput:
    member_id: str
    decision: str
    note: str


class DecisionDialog(FormDialog):
    """Record one serving member's decision, dated today; ``outcome`` is the ``DisbursementView``."""

    def __init__(self, ctx: AppContext, row: DisbursementView, members: Sequence[MemberView], needed: int,
                 parent: QWidget | None = None) -> None:
        approvals = sum(d.decision == Decision.APPROVE for d in row.decisions)
        said = _("Approvals so far: {approvals} of the {needed} it needs. A member with an account of their own "
                 "records their decision themselves.").format(approvals=approvals, needed=needed)
        if row.decided_on is not None:  # approved, not paid yet
            said = " ".join((said, _("The committee approved it on {date}: a decision recorded now is for the "
                                     "minutes and does not change that.").format(date=format_date(row.decided_on))))
        super().__init__(ctx, title=_("Record a committee decision"), ok_text=_("Record"), parent=parent,
                         intro=disbursement_intro(row) + "\n" + said)
        self._id = row.id
        self.member = QComboBox()
        self.member.setPlaceholderText(_("Choose…"))
        for member in members:
            self.member.addItem(f"{member.name} · {member.role_label}", member.id)
        self.member.setCurrentIndex(-1)
        self.decision = QComboBox()
        self.decision.setPlaceholderText(_("Choose…"))
        fill_combo(self.decision, {code: _(text) for code, text in DECISION_LABELS.items()})
        self.decision.setCurrentIndex(-1)
        self.note = line_edit(200)
        self.note.setPlaceholderText(_("Why, or the conditions attached (optional)"))
        self.form.add_row("member_id", _("Member"), self.member)
        self.form.add_row("decision", _("Decision"), self.decision)
        self.form.add_row("note", _("Note"), self.note)
        self.update_button()
        self.member.setFocus()

    def checked(self) -> DecisionInput:
        member_id, decision = combo_value(self.member), combo_value(self.decision)
        if not member_id:
            raise ValidationError("member_id", _("Choose a member serving on the fund's committee."))
        if not decision:
            raise ValidationError("decision", _("Choose one of the listed options."))
        return DecisionInput(member_id, decision, optional_text(self.note.text(), "note", 200))

    def job(self, values: DecisionInput) -> Job:
        gateway, row_id = self._ctx.gateway, self._id
        return lambda _progress: gateway.write(disbursements.approve_disbursement, row_id, values.member_id,
                                               values.decision, values.note)


@dataclass(frozen=True)
class Payment:
    posted_on: date
    account: str
    backdate_reason: str = ""


class PayDialog(FormDialog):
    """Pay an approved disbursement and post its entry; ``outcome`` is the ``EntryView`` posted."""

    def __init__(self, ctx: AppContext, fund: FundView, row: DisbursementView, held: Balances,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, title=_("Pay a disbursement"), ok_text=_("Pay and post"), parent=parent,
                         intro=disbursement_intro(row) + "\n" + _(
                             "Approved by the committee on {date}. Paying it posts a “{kind}” entry to the journal, "
                             "which is never changed: a mistake is undone by reversing it.").format(
                             date=format_date(row.decided_on) if row.decided_on else "—", kind=row.kind_label))
        self._id = row.id
        amount = QLabel(yuan(row.amount_fen))
        self.posted_on = fund_day_edit(fund)
        if row.decided_on is not None and row.decided_on > fund.opened_on:
            self.posted_on.setMinimumDate(QDate(row.decided_on))  # paid once the committee approved it
        self.account = QComboBox()
        fill_combo(self.account, {code: _("{account} — {held} yuan held").format(
            account=label(ACCOUNT_LABELS, code), held=yuan(held.accounts[code])) for code in RULES[row.kind].assets})
        self.form.add_row("amount", _("Amount (yuan)"), amount)
        self.form.add_row("posted_on", _("Paid on"), self.posted_on)
        self.form.add_row("account", _("Paid from"), self.account)
        self.form.watch("posted_on", self.posted_on.dateChanged)
        self.backdate = BackdateField(ctx.gateway, fund.id, self.form, self.posted_on)
        self.update_button()
        self.posted_on.setFocus()

    def checked(self) -> Payment:
        return Payment(day(self.posted_on), combo_value(self.account), self.backdate.reason())

    def job(self, values: Payment) -> Job:
        gateway, row_id = self._ctx.gateway, self._id
        return lambda _progress: gateway.write(disbursements.post_disbursement, row_id, values.posted_on,
                                               values.account, backdate_reason=values.backdate_reason)
