"""The figures of a running project as its tabs and the evaluation dialog show them: the outputs the
proposal planned against what the activities achieved, and its budget against its spending."""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import format_percent
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QProgressBar

from desktop.domain.durations import hours_text
from desktop.i18n import _, babel_locale, format_number
from desktop.services.project_activities import OUTPUT_LABELS, Output, Outputs
from desktop.services.project_spending import Spending
from desktop.ui.projects.money_field import yuan

PERCENT_PATTERN = "#,##0.0%"  # 56.3%: to one place, as the services round it


def percent_text(value: Decimal | None) -> str:
    """A percentage the services worked out (56.3 for 56.3 %), or "—" when there is nothing to measure by."""
    return "—" if value is None else format_percent(value / 100, format=PERCENT_PATTERN, locale=babel_locale())


def _figure(output: Output, value: int | None) -> str:
    if value is None:
        return "—"
    if output.code == "volunteer_minutes":
        return _("{hours} h").format(hours=hours_text(value))
    return format_number(value)


def spending_summary(spending: Spending) -> str:
    """One line on the budget as a whole: what may be spent, what was, what is left."""
    return _("Budget {budgeted} yuan, of which {available} yuan may be spent (approved share and matching funds); "
             "spent {spent} yuan ({percent}), {left} yuan left.").format(
        budgeted=yuan(spending.budgeted_fen), available=yuan(spending.available_fen), spent=yuan(spending.spent_fen),
        percent=percent_text(spending.percent_used), left=yuan(spending.left_fen))


class OutputsBox(QGroupBox):
    """预期产出 against 实际完成, side by side: each output's achieved and planned figures over a bar of the
    share achieved (past 100 % the bar stays full and its text says how far past)."""

    def __init__(self) -> None:
        super().__init__(_("Outputs: achieved of planned"))
        grid = QGridLayout(self)
        grid.setHorizontalSpacing(24)
        self.rows: dict[str, tuple[QLabel, QProgressBar]] = {}
        for column, (code, text) in enumerate(OUTPUT_LABELS.items()):
            figures, bar = QLabel(), QProgressBar()
            bar.setRange(0, 1000)  # tenths of a percent
            bar.setMaximumHeight(bar.fontMetrics().height() + 4)
            grid.addWidget(QLabel(_(text)), 0, column)
            grid.addWidget(figures, 1, column)
            grid.addWidget(bar, 2, column)
            grid.setColumnStretch(column, 1)
            self.rows[code] = (figures, bar)

    def fill(self, outputs: Outputs) -> None:
        for output in outputs.rows():
            figures, bar = self.rows[output.code]
            achieved = _figure(output, output.achieved)
            figures.setText(f"<b>{achieved}</b>" if output.planned is None else _(
                "<b>{achieved}</b> of {planned}").format(achieved=achieved, planned=_figure(output, output.planned)))
            share = output.percent
            bar.setValue(0 if share is None else min(int(share * 10), bar.maximum()))
            bar.setFormat(percent_text(share) if share is not None else _("No figure planned"))
