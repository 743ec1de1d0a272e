"""预算: the proposal's budget table, edited in place. Each line's amount (unit price × quantity) and
requested part (the amount less its matching funds) are worked out as the line is typed; the subtotals
per category and the totals are under the table, and beside them what keeps the budget from passing the
round's rules (``domain.project_budget.budget_problems``), each problem's cell marked in the table."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop.domain.codes import BUDGET_CATEGORIES, label
from desktop.domain.money import from_fen
from desktop.domain.project_budget import BudgetLine, RoundRules, budget_problems, totals
from desktop.errors import ValidationError
from desktop.i18n import N_, _
from desktop.services.project_detail import BudgetLineView
from desktop.ui.forms import ERROR_COLOR
from desktop.ui.projects.money_field import fen_of, plain_decimal, yuan
from desktop.ui.projects.table_editor import CHOICE, NUMBER, Field, Row, TableEditor

PREFIX = "lines"  # the services' name for the budget's lines: ``lines.<n>.<key>``
WHOLE_BUDGET = frozenset({PREFIX, "requested", "matching", "labour"})  # problems of the totals, not of a line


def _html(text: str) -> str:
    """``text`` for a rich-text label: its own < and & shown as typed (quotes need no escaping there)."""
    return escape(text, quote=False)


def line_of(row: Row, number: int) -> BudgetLine:
    """The budget line a row of the table says, or a ValidationError at the cell that is not a figure."""
    at = f"{PREFIX}.{number}."
    matching = str(row.get("matching", "")).strip()
    return BudgetLine(
        str(row.get("category", "")), str(row.get("item", "")), str(row.get("unit", "")),
        fen_of(str(row.get("unit_price", "")), at + "unit_price"),
        plain_decimal(str(row.get("quantity", "")), at + "quantity", _("Enter a quantity, e.g. 12 or 1.5.")),
        fen_of(matching, at + "matching") if matching else 0)


def _worked_out(row: Row, part: str) -> str:
    """The line's amount or requested part, once its figures read as figures."""
    try:
        line = line_of(row, 1)
    except ValidationError:
        return ""
    return yuan(line.amount_fen if part == "amount" else line.requested_fen)


def _amount_text(text: str) -> str:
    """A typed amount with two places, as the printed table shows it; left as typed while it is not one."""
    try:
        return yuan(fen_of(text, PREFIX))
    except ValidationError:
        return text


FIELDS = (
    Field("category", N_("Category"), CHOICE, choices=BUDGET_CATEGORIES),
    Field("item", N_("Item (明细)"), max_length=200, stretch=True),
    Field("unit", N_("Unit"), max_length=20),
    Field("unit_price", N_("Unit price (yuan)"), NUMBER, max_length=20, display=_amount_text),
    Field("quantity", N_("Quantity"), NUMBER, max_length=14),
    Field("matching", N_("Matching funds (yuan)"), NUMBER, max_length=20, display=_amount_text),
    Field("amount", N_("Amount (yuan)"), NUMBER, shown=lambda row: _worked_out(row, "amount")),
    Field("requested", N_("Requested (yuan)"), NUMBER, shown=lambda row: _worked_out(row, "requested")),
)


def _new_row() -> Row:
    return {"category": "", "item": "", "unit": "", "unit_price": "", "quantity": "1", "matching": "0"}


def row_of(line: BudgetLineView) -> Row:
    """A stored line as the table's cells show it for editing."""
    return {"category": line.category, "item": line.item, "unit": line.unit,
            "unit_price": str(from_fen(line.unit_price_fen)), "quantity": format(line.quantity.normalize(), "f"),
            "matching": str(from_fen(line.matching_fen))}


def rules_text(rules: RoundRules) -> str:
    """The round's rules in one sentence, so the applicant knows them before submitting."""
    parts = [_("maximum grant {amount} yuan").format(amount=yuan(rules.max_grant_fen))
             if rules.max_grant_fen is not None else _("no maximum grant")]
    if rules.min_matching_percent:
        parts.append(_("matching funds at least {percent} of the request").format(
            percent=f"{rules.min_matching_percent}%"))
    parts.append(_("labour and volunteer allowances at most {percent} of the total").format(
        percent=f"{rules.labour_max_percent}%"))
    capped = {category: cap for category, cap in rules.caps().items() if cap is not None}
    for category, cap in capped.items():
        parts.append(_("{category} at most {amount} yuan per person-day").format(
            category=label(BUDGET_CATEGORIES, category), amount=yuan(cap)))
    if capped:  # how a line is held to its cap (domain.project_budget._cap_problem), as an applicant writes it
        parts.append(_("for these caps, a line whose unit is per person-day (人·天) is checked on its unit price, and "
                       "a line priced per session or per day is divided by the people and days written in its item "
                       "(such as “30人×2天”), so write them there"))
    parts.append(_("no management fee, buildings, vehicles, fines, debts or investments"))
    # Translators: what separates the rules listed in one sentence ("；" in Chinese).
    return _("The round's rules: {rules}.").format(rules=_("; ").join(parts))


class BudgetTab(QWidget):
    edited = Signal()  # the user changed the budget

    def __init__(self) -> None:
        super().__init__()
        self._rules = RoundRules()
        self.editor = TableEditor(FIELDS, _new_row, _("Add a line"), PREFIX)
        self.editor.edited.connect(self._changed)
        self.rules = QLabel()
        self.rules.setWordWrap(True)
        self.totals = QLabel()
        self.totals.setTextFormat(Qt.TextFormat.RichText)
        self.totals.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.problems = QLabel()
        self.problems.setWordWrap(True)
        self.problems.setTextFormat(Qt.TextFormat.RichText)
        self.problems.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.problems.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        under = QHBoxLayout()
        under.addWidget(self.totals)
        under.addSpacing(24)
        under.addWidget(self.problems, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.rules)
        layout.addWidget(self.editor, 1)
        layout.addLayout(under)
        self.check()

    # --- contents ---------------------------------------------------------------------------
    def fill(self, lines: Sequence[BudgetLineView], rules: RoundRules) -> None:
        self._rules = rules
        self.editor.set_rows(row_of(line) for line in lines)
        self.check()

    def set_rules(self, rules: RoundRules) -> None:
        """The rules of the round the proposal is now in (another round may be chosen while it is a draft)."""
        self._rules = rules
        self.check()

    def set_editable(self, editable: bool) -> None:
        self.editor.set_editable(editable)

    def lines(self) -> tuple[BudgetLine, ...]:
        """The lines as typed, or a ValidationError at the first cell that is not a figure."""
        return tuple(line_of(row, n) for n, row in enumerate(self.editor.rows(), 1))

    # --- what is wrong ----------------------------------------------------------------------
    def current_problems(self) -> list[tuple[str, str]]:
        """What keeps the budget from passing: cells that are not figures first, then the round's rules."""
        parsed: list[BudgetLine] = []
        unread: list[tuple[str, str]] = []
        for number, row in enumerate(self.editor.rows(), 1):
            try:
                parsed.append(line_of(row, number))
            except ValidationError as exc:
                unread.append((exc.field, _("Line {line}: {problem}").format(line=number, problem=exc.message)))
        if unread:
            return unread
        return budget_problems(parsed, self._rules, totals(parsed).requested_fen)

    def check(self) -> list[tuple[str, str]]:
        """Mark and list what is wrong now; the totals of the lines that read as figures."""
        found = self.current_problems()
        self.editor.mark(found)
        self.rules.setText(rules_text(self._rules))
        self._show_totals()
        if found:
            items = "".join(f"<li>{_html(message)}</li>" for _field, message in found)
            self.problems.setText(f"<span style='color: {ERROR_COLOR}'>{_html(_('Before it can be submitted:'))}"
                                  f"<ul style='margin: 0'>{items}</ul></span>")
        else:
            self.problems.setText(_html(_("The budget passes the round's rules.")))
        return found

    def owns(self, field: str) -> bool:
        return field in WHOLE_BUDGET or field.startswith(PREFIX + ".")

    def show_error(self, error: ValidationError) -> None:
        self.check()
        self.editor.show_error(error)

    def _changed(self) -> None:
        self.check()
        self.edited.emit()

    def _show_totals(self) -> None:
        lines: list[BudgetLine] = []
        for row in self.editor.rows():
            try:
                line = line_of(row, 1)
            except ValidationError:
                continue
            if not line.problems():
                lines.append(line)
        sums = totals(lines)
        cell = "<td style='padding: 1px 10px' align='{align}'>{text}</td>"

        def row(*texts: str, bold: bool = False) -> str:
            cells = "".join(cell.format(align="left" if n == 0 else "right", text=_html(text))
                            for n, text in enumerate(texts))
            return f"<tr style='font-weight: {'bold' if bold else 'normal'}'>{cells}</tr>"

        body = [row(_("Category"), _("Requested"), _("Matching"), _("Total"), bold=True)]
        for category, (requested, matching) in sums.by_category.items():
            body.append(row(label(BUDGET_CATEGORIES, category), yuan(requested), yuan(matching),
                            yuan(requested + matching)))
        body.append(row(_("Total (合计)"), yuan(sums.requested_fen), yuan(sums.matching_fen), yuan(sums.total_fen),
                        bold=True))
        self.totals.setText(f"<table cellspacing='0'>{''.join(body)}</table>")
