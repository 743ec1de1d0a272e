"""Every (status, step) pair of the project workflow, against the table in the micro-venture issue."""

from __future__ import annotations

import pytest

from desktop.domain.project_workflow import (
    EDITABLE,
    FUNDED,
    MOVES,
    RUNNING,
    STATUS_LABELS,
    Requirement,
    Status,
    check_move,
    moves_from,
)
from desktop.errors import ValidationError

S = Status
R = Requirement
# Written out by hand from issue 6, not derived from MOVES.
ALLOWED: dict[tuple[Status, str], Status] = {
    (S.DRAFT, "submit"): S.SUBMITTED,
    (S.SUBMITTED, "withdraw"): S.DRAFT,
    (S.SUBMITTED, "start_review"): S.IN_REVIEW,
    (S.IN_REVIEW, "approve"): S.APPROVED,
    (S.IN_REVIEW, "reject"): S.REJECTED,
    (S.APPROVED, "start"): S.RUNNING,
    (S.RUNNING, "midterm"): S.MIDTERM,
    (S.MIDTERM, "close"): S.CLOSED,
    (S.APPROVED, "terminate"): S.TERMINATED,
    (S.RUNNING, "terminate"): S.TERMINATED,
    (S.MIDTERM, "terminate"): S.TERMINATED,
}
NEEDS: dict[str, set[Requirement]] = {
    "submit": {R.BUDGET_VALID, R.WINDOW_OPEN},
    "withdraw": {R.REASON},
    "start_review": set(),
    "approve": {R.REVIEWS_DONE, R.APPROVED_AMOUNT},
    "reject": {R.REVIEWS_DONE, R.REASON},
    "start": set(),
    "midterm": {R.MIDTERM_EVALUATION},
    "close": {R.FINAL_EVALUATION},
    "terminate": {R.REASON},
}
EVERYTHING = frozenset(Requirement)
ACTIONS = sorted(NEEDS)


def test_the_table_covers_every_move() -> None:
    assert {move.action for move in MOVES} == set(ACTIONS)


@pytest.mark.parametrize("status", list(Status))
@pytest.mark.parametrize("action", ACTIONS)
def test_each_pair_is_allowed_or_refused_as_the_table_says(status: Status, action: str) -> None:
    expected = ALLOWED.get((status, action))
    if expected is None:
        with pytest.raises(ValidationError) as refused:
            check_move(status, action, EVERYTHING)
        assert refused.value.field == "action"
        assert STATUS_LABELS[status] in refused.value.message
    else:
        assert check_move(status, action, EVERYTHING) is expected


def test_the_moves_offered_are_exactly_the_allowed_ones() -> None:
    for status in Status:
        assert {m.action for m in moves_from(status)} == {a for (s, a) in ALLOWED if s is status}


@pytest.mark.parametrize(("status", "action"), sorted(ALLOWED))
def test_a_move_names_each_missing_requirement(status: Status, action: str) -> None:
    needs = NEEDS[action]
    for missing in needs:
        with pytest.raises(ValidationError) as refused:
            check_move(status, action, EVERYTHING - {missing})
        assert refused.value.field == missing.value
    assert check_move(status, action, needs) is ALLOWED[(status, action)]


def test_a_proposal_outside_the_window_or_with_a_bad_budget_stays_a_draft() -> None:
    with pytest.raises(ValidationError) as refused:
        check_move(S.DRAFT, "submit", {R.BUDGET_VALID})
    assert refused.value.field == "window_open"
    with pytest.raises(ValidationError) as refused:
        check_move(S.DRAFT, "submit", {R.WINDOW_OPEN})
    assert refused.value.field == "budget_valid"


def test_closed_rejected_and_terminated_projects_are_final() -> None:
    assert moves_from(S.CLOSED) == moves_from(S.REJECTED) == moves_from(S.TERMINATED) == []


def test_status_groups() -> None:
    assert EDITABLE == {S.DRAFT}
    assert RUNNING == {S.RUNNING, S.MIDTERM}
    assert FUNDED == {S.APPROVED, S.RUNNING, S.MIDTERM, S.CLOSED, S.TERMINATED}
    assert set(STATUS_LABELS) == set(Status)


def test_an_unknown_step_is_refused_by_name() -> None:
    with pytest.raises(ValidationError, match="teleport"):
        check_move(S.DRAFT, "teleport", EVERYTHING)
