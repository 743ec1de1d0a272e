"""The budget tab's line of the round's rules says how a per person-day cap is applied to a line."""

from __future__ import annotations

from desktop.domain.project_budget import RoundRules
from desktop.ui.projects.budget_tab import BudgetTab, rules_text

HOW = ("a line whose unit is per person-day (人·天) is checked on its unit price, and a line priced per session or per "
       "day is divided by the people and days written in its item (such as “30人×2天”)")


def test_the_rules_line_explains_how_the_caps_are_applied(qtbot) -> None:
    tab = BudgetTab()
    qtbot.addWidget(tab)
    tab.set_rules(RoundRules(training_cap_fen=35000, meeting_cap_fen=None))
    assert "Training (培训费) at most 350.00 yuan per person-day; for these caps, " + HOW in tab.rules.text()
    assert "Meetings" not in tab.rules.text()


def test_a_round_without_caps_says_nothing_of_them() -> None:
    text = rules_text(RoundRules(training_cap_fen=None, meeting_cap_fen=None))
    assert "person-day" not in text and "人·天" not in text
