"""The stages of a case (个案) and the moves between them, as data.

接案 intake → 需求评估 assessment → 服务计划 plan → 服务实施 service → 评估 evaluation → 结案 closed,
with 转介 referred-out and reopening. A service asks ``check_move`` before it writes a stage change;
nothing else in the code decides which move is allowed, so the table below is the whole rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from desktop.errors import ValidationError, raise_all
from desktop.i18n import N_, _


class Stage(StrEnum):
    INTAKE = "intake"
    ASSESSMENT = "assessment"
    PLAN = "plan"
    SERVICE = "service"
    EVALUATION = "evaluation"
    CLOSED = "closed"
    REFERRED = "referred"


STAGE_LABELS: dict[str, str] = {
    Stage.INTAKE: N_("Intake (接案)"),
    Stage.ASSESSMENT: N_("Needs assessment (需求评估)"),
    Stage.PLAN: N_("Service plan (服务计划)"),
    Stage.SERVICE: N_("Service (服务实施)"),
    Stage.EVALUATION: N_("Evaluation (评估)"),
    Stage.CLOSED: N_("Closed (结案)"),
    Stage.REFERRED: N_("Referred out (转介)"),
}

OPEN_STAGES = frozenset({Stage.INTAKE, Stage.ASSESSMENT, Stage.PLAN, Stage.SERVICE, Stage.EVALUATION})


class Requirement(StrEnum):
    """What a move needs besides the case itself; the service checks each one it is given."""

    REASON = "reason"  # why: declining, referring, reopening, going back
    ASSESSMENT = "assessment"  # a needs assessment on file
    PLAN = "plan"  # a service plan with at least one goal
    EVALUATION = "evaluation"  # an evaluation of the service
    CLOSING_SUMMARY = "closing_summary"  # 结案小结
    RECEIVER = "receiver"  # the body the client is referred to


@dataclass(frozen=True)
class Move:
    action: str
    label: str  # marked with N_, translated when shown
    sources: frozenset[Stage]
    target: Stage
    needs: frozenset[Requirement] = frozenset()


def _move(action: str, label: str, sources: set[Stage] | frozenset[Stage], target: Stage,
          *needs: Requirement) -> Move:
    return Move(action, label, frozenset(sources), target, frozenset(needs))


DECLINE = "decline"  # 不接案: the intake ends the case, closed, with the reason

MOVES: tuple[Move, ...] = (
    _move("assess", N_("Start the needs assessment"), {Stage.INTAKE}, Stage.ASSESSMENT),
    _move(DECLINE, N_("Do not take on (不接案)"), {Stage.INTAKE}, Stage.CLOSED, Requirement.REASON),
    _move("plan", N_("Draw up the service plan"), {Stage.ASSESSMENT}, Stage.PLAN, Requirement.ASSESSMENT),
    _move("serve", N_("Start the service"), {Stage.PLAN}, Stage.SERVICE, Requirement.PLAN),
    _move("evaluate", N_("Evaluate the service"), {Stage.SERVICE}, Stage.EVALUATION),
    _move("close", N_("Close the case (结案)"), {Stage.EVALUATION}, Stage.CLOSED,
          Requirement.EVALUATION, Requirement.CLOSING_SUMMARY),
    # Going back: new needs show up during the service, or the evaluation finds goals unmet.
    _move("reassess", N_("Assess the needs again"), {Stage.PLAN, Stage.SERVICE, Stage.EVALUATION},
          Stage.ASSESSMENT, Requirement.REASON),
    _move("revise_plan", N_("Revise the service plan"), {Stage.SERVICE, Stage.EVALUATION}, Stage.PLAN,
          Requirement.REASON),
    _move("resume", N_("Continue the service"), {Stage.EVALUATION}, Stage.SERVICE, Requirement.REASON),
    _move("refer", N_("Refer out (转介)"), OPEN_STAGES, Stage.REFERRED,
          Requirement.RECEIVER, Requirement.REASON),
    _move("reopen", N_("Reopen the case"), {Stage.CLOSED, Stage.REFERRED}, Stage.ASSESSMENT,
          Requirement.REASON),
)

_BY_ACTION = {move.action: move for move in MOVES}

# Not a move: the case goes to another social worker (转交) and keeps its stage. It is recorded among
# the stage changes, from and to the same stage, so the course of the case shows it in its place.
HAND_OVER = "hand_over"
HAND_OVER_LABEL = N_("Hand over (转交)")

REQUIREMENT_MESSAGES: dict[Requirement, str] = {
    Requirement.REASON: N_("Give the reason for this step."),
    Requirement.ASSESSMENT: N_("Record the needs assessment first."),
    Requirement.PLAN: N_("The service plan needs at least one goal first."),
    Requirement.EVALUATION: N_("Record the evaluation of the service before closing."),
    Requirement.CLOSING_SUMMARY: N_("Write the closing summary (结案小结)."),
    Requirement.RECEIVER: N_("Name the body the client is referred to."),
}


def moves_from(stage: Stage) -> list[Move]:
    """The moves open to a case in ``stage``, in the order a worker meets them."""
    return [move for move in MOVES if stage in move.sources]


def find_move(action: str) -> Move:
    try:
        return _BY_ACTION[action]
    except KeyError:
        raise ValidationError("action", _("Unknown step for a case: {action}").format(action=action)) from None


def check_move(stage: Stage, action: str, have: set[Requirement] | frozenset[Requirement]) -> Stage:
    """The stage after ``action`` from ``stage``, or a ValidationError naming what is missing (each at once,
    ``ValidationErrors``, when several are)."""
    move = find_move(action)
    if stage not in move.sources:
        refused = _("A case at “{stage}” cannot take the step “{step}”.").format(
            stage=_(STAGE_LABELS[stage]), step=_(move.label))
        open_now = moves_from(stage)
        if open_now:
            refused = _("{refused} Steps open now: {steps}.").format(refused=refused, steps=_(", ").join(
                f"“{_(m.label)}” ({m.action})" for m in open_now))
        raise ValidationError("action", refused)
    raise_all([ValidationError(need.value, _(REQUIREMENT_MESSAGES[need])) for need in sorted(move.needs - set(have))])
    return move.target
