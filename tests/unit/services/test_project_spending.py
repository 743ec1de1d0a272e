"""Spending of a running project: append-only expenses and their reversal rules, and the budget
against actual spending per line, per category and in total, in exact fen."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from case_testing import as_user
from desktop.domain.project_workflow import Status
from desktop.services import project_spending
from desktop.services.guard import PermissionDenied
from desktop.services.project_spending import ExpenseInput, approved_shares
from desktop.storage.database import Database
from desktop.storage.models import Project, ProjectBudgetLine, ProjectExpense
from desktop.storage.tracking import RecordRuleError
from running_testing import STARTED, head, project, projects_template  # noqa: F401 (fixtures)
from wushe_testing import refusal

SPENT = date.today() - timedelta(days=10)


def lines(db: Database, project_id: str) -> list[str]:
    """The ids of the project's budget lines: 社会服务支出 12,000, 劳务费 6,000, 印刷费 2,000 yuan."""
    with db.read() as session:
        return list(session.scalars(select(ProjectBudgetLine.id).where(ProjectBudgetLine.project_id == project_id)
                                    .order_by(ProjectBudgetLine.position)))


def expense(line_id: str, amount_fen: int, **changes: object) -> ExpenseInput:
    return replace(ExpenseInput(line_id, SPENT, amount_fen, "记-2026-031", "青山超市", "助餐食材"), **changes)


def record(db: Database, project_id: str, data: ExpenseInput) -> project_spending.ExpenseView:
    with db.write() as session:
        return project_spending.record_expense(session, project_id, data)


def test_budget_against_actual_per_line_category_and_total(head: Database, project: dict[Status, str]) -> None:
    running = project[Status.RUNNING]
    service, labour, printing = lines(head, running)
    record(head, running, expense(service, 300_001))
    record(head, running, expense(service, 99_999))
    record(head, running, expense(printing, 250_050, note="折页加印"))
    with head.read() as session:
        report = project_spending.budget_vs_actual(session, running)
    first, second, third = (entry.spending for entry in report.lines)
    assert (first.budgeted_fen, first.spent_fen, first.left_fen, first.percent_used) == (
        1_200_000, 400_000, 800_000, Decimal("33.3"))
    assert (second.spent_fen, second.percent_used, second.overspent) == (0, Decimal("0.0"), False)
    assert (third.spent_fen, third.left_fen, third.percent_used, third.overspent) == (
        250_050, -50_050, Decimal("125.0"), True)
    assert [code for code, _s in report.categories] == ["service", "labour", "printing"]
    assert (report.total.budgeted_fen, report.total.spent_fen, report.total.left_fen) == (2_000_000, 650_050, 1_349_950)
    assert all(isinstance(value, int) for value in (report.total.spent_fen, report.total.left_fen))
    [warning] = report.warnings
    assert "Line 3" in warning and "500.50 yuan" in warning  # overspending is recorded and flagged


def test_an_approval_below_the_request_is_shared_over_the_lines_to_the_fen(head: Database,
                                                                          project: dict[Status, str]) -> None:
    running = project[Status.RUNNING]
    with head.write() as session:
        row = session.get(Project, running)
        assert row is not None
        row.approved_fen = 1_500_001
    with head.read() as session:
        report = project_spending.budget_vs_actual(session, running)
    assert [entry.spending.approved_fen for entry in report.lines] == [900_001, 450_000, 150_000]
    assert report.total.approved_fen == report.total.available_fen == 1_500_001


@pytest.mark.parametrize(("requested", "approved"), [
    ([1, 1, 1], 2), ([0, 0], 0), ([3, 0, 7], 9), ([333_333, 333_333, 333_334], 999_999), ([5], 5)])
def test_approved_shares_sum_exactly_and_never_exceed_a_request(requested: list[int], approved: int) -> None:
    shares = approved_shares(requested, approved)
    assert sum(shares) == approved
    assert all(0 <= share <= part for share, part in zip(shares, requested, strict=True))


def test_a_reversal_is_a_negated_row_and_the_pair_counts_for_nothing(head: Database,
                                                                    project: dict[Status, str]) -> None:
    running = project[Status.RUNNING]
    service = lines(head, running)[0]
    kept = record(head, running, expense(service, 12_345))
    wrong = record(head, running, expense(service, 50_000, spent_on=SPENT - timedelta(days=5)))
    with head.write() as session:
        reversal = project_spending.reverse_expense(session, wrong.id, "重复报销")
    assert (reversal.amount_fen, reversal.reverses_id, reversal.note, reversal.spent_on) == (
        -50_000, wrong.id, "重复报销", wrong.spent_on)
    with head.read() as session:
        rows = project_spending.expenses(session, running)
        report = project_spending.budget_vs_actual(session, running)
        early = project_spending.budget_vs_actual(session, running, as_of=SPENT - timedelta(days=1))
    assert [(r.amount_fen, r.reversed) for r in rows] == [(50_000, True), (-50_000, False), (12_345, False)]
    assert report.total.spent_fen == kept.amount_fen and early.total.spent_fen == 0


def test_a_reversal_cannot_be_reversed_nor_an_expense_twice(head: Database, project: dict[Status, str]) -> None:
    running = project[Status.RUNNING]
    wrong = record(head, running, expense(lines(head, running)[0], 50_000))
    with head.write() as session:
        reversal = project_spending.reverse_expense(session, wrong.id, "录错金额")
    assert "already been reversed" in refusal(
        head, lambda s: project_spending.reverse_expense(s, wrong.id, "再冲一次")).message
    assert "cannot be reversed" in refusal(
        head, lambda s: project_spending.reverse_expense(s, reversal.id, "冲回")).message
    assert refusal(head, lambda s: project_spending.reverse_expense(s, wrong.id, " ")).field == "reason"


def test_expense_rows_are_never_changed(head: Database, project: dict[Status, str]) -> None:
    running = project[Status.RUNNING]
    row_id = record(head, running, expense(lines(head, running)[0], 100)).id
    with pytest.raises(RecordRuleError), head.write() as session:
        row = session.get(ProjectExpense, row_id)
        assert row is not None
        row.amount_fen = 200
        session.flush()


@pytest.mark.parametrize(("change", "field"), [
    ({"amount_fen": 0}, "amount"),
    ({"amount_fen": -100}, "amount"),
    ({"amount_fen": True}, "amount"),
    ({"voucher_no": ""}, "voucher_no"),
    ({"spent_on": date.today() + timedelta(days=1)}, "spent_on"),
    ({"spent_on": STARTED - timedelta(days=1)}, "spent_on"),
    ({"budget_line_id": "no-such-line"}, "budget_line_id"),
])
def test_bad_expenses_are_refused_at_their_field(head: Database, project: dict[Status, str],
                                                 change: dict[str, object], field: str) -> None:
    data = replace(expense(lines(head, project[Status.RUNNING])[0], 100), **change)
    assert refusal(head, lambda s: project_spending.record_expense(s, project[Status.RUNNING], data)).field == field


def test_another_projects_line_is_refused(head: Database, project: dict[Status, str]) -> None:
    data = expense(lines(head, project[Status.MIDTERM])[0], 100)
    assert refusal(head, lambda s: project_spending.record_expense(
        s, project[Status.RUNNING], data)).field == "budget_line_id"


@pytest.mark.parametrize("status", [Status.APPROVED, Status.CLOSED])
def test_spending_is_recorded_only_while_the_project_runs(head: Database, project: dict[Status, str],
                                                          status: Status) -> None:
    data = expense(lines(head, project[status])[0], 100)
    assert refusal(head, lambda s: project_spending.record_expense(s, project[status], data)).field == "project_id"


def test_finance_records_spending_and_a_viewer_may_not(head: Database, project: dict[Status, str]) -> None:
    midterm = project[Status.MIDTERM]
    data = expense(lines(head, midterm)[0], 100)
    assert record(as_user(head, "wangfang"), midterm, data).by_name == "王芳"
    with pytest.raises(PermissionDenied), as_user(head, "zhaolei").write() as session:
        project_spending.record_expense(session, midterm, data)
