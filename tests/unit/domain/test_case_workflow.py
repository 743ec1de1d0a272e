"""Every (stage, step) pair of the case workflow, against the table a social worker would draw."""

from __future__ import annotations

import pytest

from desktop.domain.case_workflow import MOVES, Requirement, Stage, check_move, moves_from
from desktop.errors import ValidationError

S = Stage
# Written out by hand from the workflow in the case-files issue and FORMS.md, not derived from MOVES.
ALLOWED: dict[tuple[Stage, str], Stage] = {
    (S.INTAKE, "assess"): S.ASSESSMENT,
    (S.INTAKE, "decline"): S.CLOSED,
    (S.INTAKE, "refer"): S.REFERRED,
    (S.ASSESSMENT, "plan"): S.PLAN,
    (S.ASSESSMENT, "refer"): S.REFERRED,
    (S.PLAN, "serve"): S.SERVICE,
    (S.PLAN, "reassess"): S.ASSESSMENT,
    (S.PLAN, "refer"): S.REFERRED,
    (S.SERVICE, "evaluate"): S.EVALUATION,
    (S.SERVICE, "reassess"): S.ASSESSMENT,
    (S.SERVICE, "revise_plan"): S.PLAN,
    (S.SERVICE, "refer"): S.REFERRED,
    (S.EVALUATION, "close"): S.CLOSED,
    (S.EVALUATION, "resume"): S.SERVICE,
    (S.EVALUATION, "reassess"): S.ASSESSMENT,
    (S.EVALUATION, "revise_plan"): S.PLAN,
    (S.EVALUATION, "refer"): S.REFERRED,
    (S.CLOSED, "reopen"): S.ASSESSMENT,
    (S.REFERRED, "reopen"): S.ASSESSMENT,
}
EVERYTHING = frozenset(Requirement)
ACTIONS = sorted({move.action for move in MOVES})


@pytest.mark.parametrize("stage", list(Stage))
@pytest.mark.parametrize("action", ACTIONS)
def test_each_pair_is_allowed_or_refused_as_the_table_says(stage: Stage, action: str) -> None:
    expected = ALLOWED.get((stage, action))
    if expected is None:
        with pytest.raises(ValidationError) as refused:
            check_move(stage, action, EVERYTHING)
        assert refused.value.field == "action"
    else:
        assert check_move(stage, action, EVERYTHING) is expected


def test_the_moves_offered_are_exactly_the_allowed_ones() -> None:
    for stage in Stage:
        assert {m.action for m in moves_from(stage)} == {a for (s, a) in ALLOWED if s is stage}


@pytest.mark.parametrize(("stage", "action", "needs"), [
    (S.INTAKE, "decline", {Requirement.REASON}),
    (S.ASSESSMENT, "plan", {Requirement.ASSESSMENT}),
    (S.PLAN, "serve", {Requirement.PLAN}),
    (S.EVALUATION, "close", {Requirement.EVALUATION, Requirement.CLOSING_SUMMARY}),
    (S.SERVICE, "refer", {Requirement.RECEIVER, Requirement.REASON}),
    (S.CLOSED, "reopen", {Requirement.REASON}),
])
def test_a_move_names_each_missing_requirement(stage: Stage, action: str, needs: set[Requirement]) -> None:
    for missing in needs:
        with pytest.raises(ValidationError) as refused:
            check_move(stage, action, EVERYTHING - {missing})
        assert refused.value.field == missing.value
    assert check_move(stage, action, needs) is ALLOWED[(stage, action)]


def test_closing_needs_both_evaluation_and_summary() -> None:
    with pytest.raises(ValidationError):
        check_move(S.EVALUATION, "close", {Requirement.EVALUATION})
    with pytest.raises(ValidationError):
        check_move(S.EVALUATION, "close", {Requirement.CLOSING_SUMMARY})


def test_an_unknown_step_is_refused_by_name() -> None:
    with pytest.raises(ValidationError, match="teleport"):
        check_move(S.INTAKE, "teleport", EVERYTHING)
