"""The statuses of a micro-venture project (微创投项目) and the moves between them, as data.

草稿 draft → 已申报 submitted → 评审中 in review → 立项 approved / 未立项 rejected → 实施中 running →
中期评估 mid-term → 结项 closed, and 终止 terminated once funded. A service asks ``check_move`` before it
writes a status change; the table below is the whole rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from desktop.errors import ValidationError
from desktop.i18n import N_, _


class Status(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    IN_REVIEW = "in_review"
    APPROVED = "approved"
    REJECTED = "rejected"
    RUNNING = "running"
    MIDTERM = "midterm"
    CLOSED = "closed"
    TERMINATED = "terminated"


STATUS_LABELS: dict[str, str] = {
    Status.DRAFT: N_("Draft (草稿)"),
    Status.SUBMITTED: N_("Submitted (已申报)"),
    Status.IN_REVIEW: N_("In review (评审中)"),
    Status.APPROVED: N_("Approved (立项)"),
    Status.REJECTED: N_("Not approved (未立项)"),
    Status.RUNNING: N_("Running (实施中)"),
    Status.MIDTERM: N_("Mid-term evaluation (中期评估)"),
    Status.CLOSED: N_("Closed (结项)"),
    Status.TERMINATED: N_("Terminated (终止)"),
}

# The proposal is the form contract: its contents change only while it is a draft.
EDITABLE = frozenset({Status.DRAFT})
# Activities and spending are recorded while the project runs.
RUNNING = frozenset({Status.RUNNING, Status.MIDTERM})
# A grant was approved: the amount counts against the round's pool.
FUNDED = frozenset({Status.APPROVED, Status.RUNNING, Status.MIDTERM, Status.CLOSED, Status.TERMINATED})


class Requirement(StrEnum):
    """What a move needs besides the project itself; the service checks each one it is given."""

    REASON = "reason"  # why: withdrawing, rejecting, terminating
    BUDGET_VALID = "budget_valid"  # the budget passes the round's rules (project_budget.check_budget)
    WINDOW_OPEN = "window_open"  # the round's application window is open
    REVIEWS_DONE = "reviews_done"  # every reviewer submitted a score sheet
    APPROVED_AMOUNT = "approved_amount"  # within the request and the pool (project_scoring.check_approvals)
    MIDTERM_EVALUATION = "midterm_evaluation"
    FINAL_EVALUATION = "final_evaluation"


@dataclass(frozen=True)
class Move:
    action: str
    label: str  # marked with N_, translated when shown
    sources: frozenset[Status]
    target: Status
    needs: frozenset[Requirement] = frozenset()


def _move(action: str, label: str, sources: set[Status] | frozenset[Status], target: Status,
          *needs: Requirement) -> Move:
    return Move(action, label, frozenset(sources), target, frozenset(needs))


MOVES: tuple[Move, ...] = (
    _move("submit", N_("Submit the proposal (申报)"), {Status.DRAFT}, Status.SUBMITTED,
          Requirement.BUDGET_VALID, Requirement.WINDOW_OPEN),
    _move("withdraw", N_("Withdraw the proposal"), {Status.SUBMITTED}, Status.DRAFT, Requirement.REASON),
    _move("start_review", N_("Start the review"), {Status.SUBMITTED}, Status.IN_REVIEW),
    _move("approve", N_("Approve the project (立项)"), {Status.IN_REVIEW}, Status.APPROVED,
          Requirement.REVIEWS_DONE, Requirement.APPROVED_AMOUNT),
    _move("reject", N_("Do not approve (未立项)"), {Status.IN_REVIEW}, Status.REJECTED,
          Requirement.REVIEWS_DONE, Requirement.REASON),
    _move("start", N_("Start the project"), {Status.APPROVED}, Status.RUNNING),
    _move("midterm", N_("Record the mid-term evaluation"), {Status.RUNNING}, Status.MIDTERM,
          Requirement.MIDTERM_EVALUATION),
    _move("close", N_("Close the project (结项)"), {Status.MIDTERM}, Status.CLOSED, Requirement.FINAL_EVALUATION),
    _move("terminate", N_("Terminate the project (终止)"), {Status.APPROVED, Status.RUNNING, Status.MIDTERM},
          Status.TERMINATED, Requirement.REASON),
)

_BY_ACTION = {move.action: move for move in MOVES}

REQUIREMENT_MESSAGES: dict[Requirement, str] = {
    Requirement.REASON: N_("Give the reason for this step."),
    Requirement.BUDGET_VALID: N_("The budget must pass the round's rules before the proposal is submitted."),
    Requirement.WINDOW_OPEN: N_("The round's application window is not open."),
    Requirement.REVIEWS_DONE: N_("Every reviewer must submit a score sheet first."),
    Requirement.APPROVED_AMOUNT: N_("Set an approved amount within the request and the round's pool."),
    Requirement.MIDTERM_EVALUATION: N_("Record the mid-term evaluation first."),
    Requirement.FINAL_EVALUATION: N_("Record the final evaluation before closing the project."),
}


def moves_from(status: Status) -> list[Move]:
    """The moves open to a project in ``status``, in the order a secretary meets them."""
    return [move for move in MOVES if status in move.sources]


def find_move(action: str) -> Move:
    try:
        return _BY_ACTION[action]
    except KeyError:
        raise ValidationError("action", _("Unknown step for a project: {action}").format(action=action)) from None


def check_move(status: Status, action: str, have: set[Requirement] | frozenset[Requirement]) -> Status:
    """The status after ``action`` from ``status``, or a ValidationError naming what is missing."""
    move = find_move(action)
    if status not in move.sources:
        raise ValidationError("action", _("A project at “{status}” cannot take the step “{step}”.").format(
            status=_(STATUS_LABELS[status]), step=_(move.label)))
    # In the order the needs are declared: a person hears about the reviews before the amount.
    missing = [need for need in Requirement if need in move.needs and need not in have]
    if missing:
        raise ValidationError(missing[0].value, _(REQUIREMENT_MESSAGES[missing[0]]))
    return move.target
