"""A community fund's particulars: a new fund with the members of its committee (管委会), saved in one
write, or a fund's particulars changed. The name follows the rule of FORMS.md ("<host charity><community>
社区慈善基金") until the user types one of their own. A committee may be incomplete while it forms; what
it lacks under the rules (at least five members, an odd number, a supervisor) is said as it is typed."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QComboBox, QLabel, QVBoxLayout, QWidget

from desktop.domain.committee_state import committee_warning
from desktop.domain.ledger import APPROVAL_RULE_LABELS, FUND_STATUS_LABELS, MEMBER_ROLE_LABELS, MemberRole, Seat
from desktop.errors import ValidationError, WusheError
from desktop.i18n import N_, _
from desktop.services import funds, ledger_lists
from desktop.services.funds import FIRST_OPENING, FundInput, FundView, MemberInput
from desktop.services.receipts import RECEIPT_WORD
from desktop.ui.cases.case_fields import line_edit, text_edit
from desktop.ui.context import AppContext
from desktop.ui.form_dialog import FormDialog
from desktop.ui.forms import ERROR_COLOR, combo_value, fill_combo
from desktop.ui.projects.table_editor import CHOICE, Field, Row, TableEditor
from desktop.ui.registers.choices import choice_combo, community_names, labelled, select_community
from desktop.ui.tasks import Job
from desktop.ui.volunteers.fields import day, day_edit

PREFIX = "committee"  # the services' name for the committee's rows: ``committee.<n>.<key>``
FIELDS = (Field("name", N_("Member name"), max_length=50),
          Field("role", N_("Committee role"), CHOICE, choices=MEMBER_ROLE_LABELS),
          Field("affiliation", N_("Affiliation (居民代表, 企业代表…)"), max_length=100, stretch=True))
COLUMN_MIN_WIDTH = 110  # pixels: an empty committee table still shows room for a name
NAME_WORD = "社区慈善基金"  # FORMS.md: the name ends so, in every language


def _new_member() -> Row:
    return {"name": "", "role": MemberRole.MEMBER.value, "affiliation": ""}


class FundDialog(FormDialog):
    """``fund`` None opens a new fund with its committee; ``outcome`` is the ``FundView`` saved."""

    def __init__(self, ctx: AppContext, fund: FundView | None, parent: QWidget | None = None) -> None:
        super().__init__(ctx, title=_("New community fund") if fund is None else _("Fund particulars"),
                         ok_text=_("Open the fund") if fund is None else _("Save"), parent=parent,
                         intro=_("A community fund has no bank account or seal of its own: its money is held in "
                                 "the account of its host charity, which issues the official donation tickets."))
        self._fund = fund
        self._name_typed = fund is not None  # a stored name is never replaced by the suggested one
        self.name = line_edit(100, fund.name if fund else "")
        self.community = choice_combo(community_names(ctx.gateway))
        self.host_charity = line_edit(100, fund.host_charity if fund else "")
        self.host_charity.setPlaceholderText(_("e.g. 清河县慈善会"))
        self.opened_on = day_edit(fund.opened_on if fund else None)
        self.opened_on.setMinimumDate(QDate(FIRST_OPENING))  # the services' rule (FundInput.validated)
        self.purpose = text_edit(fund.purpose if fund else "")
        self.approval_rule = QComboBox()
        fill_combo(self.approval_rule, labelled(APPROVAL_RULE_LABELS), fund.approval_rule if fund else "majority")
        self.receipt_prefix = line_edit(20, fund.receipt_prefix if fund else "")
        self.receipt_prefix.setPlaceholderText(_("{word}, as in {word}〔2026〕0001号").format(word=RECEIPT_WORD))
        form = self.form
        form.add_row("name", _("Name"), self.name)
        form.add_row("community_id", _("Village or community"), self.community)
        form.add_row("host_charity", _("Host charity (托管慈善组织)"), self.host_charity)
        form.add_row("opened_on", _("Set up on"), self.opened_on)
        form.watch("opened_on", self.opened_on.dateChanged)
        form.add_row("purpose", _("Fund purpose"), self.purpose)
        form.add_row("approval_rule", _("Disbursements need"), self.approval_rule)
        form.add_row("receipt_prefix", _("Receipt word"), self.receipt_prefix)
        self.status = choice_combo(labelled(FUND_STATUS_LABELS))
        self.committee: TableEditor | None = None
        self.warning = QLabel()
        if fund is None:
            self.committee = TableEditor(FIELDS, _new_member, _("Add a member"), PREFIX)
            # The table's own floor, not the editor's: a floor on the editor let its buttons under the lines below.
            self.committee.view.setMinimumHeight(150)
            self.committee.view.horizontalHeader().setMinimumSectionSize(COLUMN_MIN_WIDTH)
            self.warning.setWordWrap(True)
            self.warning.setStyleSheet(f"color: {ERROR_COLOR};")
            box = QWidget()  # the table with what the committee lacks under it, as one field
            column = QVBoxLayout(box)
            column.setContentsMargins(0, 0, 0, 0)
            column.addWidget(self.committee, 1)
            column.addWidget(self.warning)
            box.setFocusProxy(self.committee)
            form.add_row(PREFIX, _("Committee (管委会)"), box)
            form.watch(PREFIX, self.committee.edited)
        else:
            select_community(self.community, fund.community_id, fund.community)
            fill_combo(self.status, labelled(FUND_STATUS_LABELS), fund.status)
            form.add_row("status", _("Status"), self.status)
        self.name.textEdited.connect(lambda _text: setattr(self, "_name_typed", True))
        self.host_charity.textEdited.connect(lambda _text: self._suggest_name())
        self.community.activated.connect(lambda _index: self._suggest_name())
        self.setMinimumWidth(680)
        self.update_button()
        self.name.setFocus()

    def _suggest_name(self) -> None:
        """"<host charity><community>社区慈善基金", the name FORMS.md gives a fund, until one is typed."""
        if self._name_typed:
            return
        host, community = self.host_charity.text().strip(), self.community.currentText().strip()
        # 河滨社区 + 社区慈善基金 is 河滨社区慈善基金: the community's own 社区 is not said twice.
        self.name.setText(f"{host}{community.removesuffix('社区')}{NAME_WORD}" if host and community else "")

    def members(self) -> tuple[MemberInput, ...]:
        """The committee as typed, each serving from the day the fund opens; the first problem raised as
        ``committee.<n>.<field>``, every problem marked at its cell."""
        if self.committee is None:
            return ()
        opened, today = day(self.opened_on), date.today()
        found, problems = [], []
        for number, row in enumerate(self.committee.rows(), 1):
            try:
                found.append(MemberInput(str(row["name"]), str(row["role"]), opened,
                                         str(row["affiliation"])).validated(today))
            except ValidationError as exc:
                problems.append((f"{PREFIX}.{number}.{exc.field}", exc.message))
        self.committee.mark(problems)
        names = [member.name for member in found]
        if len(set(names)) < len(names):
            problems.append((PREFIX, _("A name is listed twice.")))
        if sum(member.role == MemberRole.CHAIR for member in found) > 1:
            problems.append((PREFIX, _("A management committee has one chair.")))
        if problems:
            raise ValidationError(PREFIX, problems[0][1])
        return tuple(found)

    def update_button(self) -> None:
        if self.committee is not None:
            seats = [Seat(str(row["role"]), True) for row in self.committee.rows()]
            self.warning.setText(committee_warning(seats))
        super().update_button()

    def checked(self) -> tuple[FundInput, tuple[MemberInput, ...]]:
        community = combo_value(self.community)
        if not community:
            raise ValidationError("community_id", _("Choose the village or community."))
        data = FundInput(self.name.text(), community, self.host_charity.text(), day(self.opened_on),
                         self.purpose.toPlainText(), combo_value(self.approval_rule), self.receipt_prefix.text())
        if self._fund is not None:
            data = replace(data, status=combo_value(self.status))
        return data.validated(date.today()), self.members()

    def job(self, values: tuple[FundInput, tuple[MemberInput, ...]]) -> Job:
        gateway, (data, members) = self._ctx.gateway, values
        if self._fund is None:
            return lambda _progress: gateway.write(ledger_lists.open_with_committee, data, members)
        fund_id = self._fund.id
        return lambda _progress: gateway.write(funds.update, fund_id, data)

    def show_failure(self, error: WusheError) -> None:
        if self.committee is not None and isinstance(error, ValidationError) and error.field.startswith(PREFIX + "."):
            self.committee.show_error(error)
            self.form.show_errors({PREFIX: error.message})
        else:
            super().show_failure(error)
