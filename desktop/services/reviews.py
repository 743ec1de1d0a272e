"""Reviewing a round's proposals (评审): each reviewer's score sheet, the ranking and the approval list.

A sheet is its reviewer's own draft until submitted. A reviewer sees the others' submitted sheets of
a proposal only once their own is in, so that no score leans on another (issue #6); the station head
(MANAGE_ROUNDS) sees them all (once their own sheets of the round are in, when they review it too),
ranks the round and sets the approved amounts that the ``approve`` move then requires. The arithmetic
is ``domain.project_scoring``'s; scores are kept in tenths and sheet scores in hundredths, so nothing
here is a float.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.permissions import Action, Principal
from desktop.domain.project_scoring import (
    Criterion, Ranked, check_approvals, pool_left, project_score, rank, sheet_score, suggest_approvals,
)
from desktop.domain.project_workflow import FUNDED, Status
from desktop.errors import ValidationError
from desktop.i18n import _, ngettext
from desktop.services import projects, rounds
from desktop.services.cell_parsers import listing
from desktop.services.forms import optional_text
from desktop.services.guard import PermissionDenied, head_here, require
from desktop.services.project_access import load_project
from desktop.services.project_grants import held_fen
from desktop.services.projects import ProjectQuery
from desktop.services.records import tombstone
from desktop.services.rounds import CriterionView, ReviewerView, RoundView
from desktop.storage.base import utcnow
from desktop.storage.models import Project, ReviewScore, ReviewSheet

# Projects whose approved amount counts against the round's pool: the approval list being drawn up
# (in review) and every grant made (a terminated one's as far as it was paid).
HOLDING_POOL = frozenset({Status.IN_REVIEW}) | FUNDED


@dataclass(frozen=True)
class CriterionScore:
    criterion_id: str
    name: str
    weight: int  # share of 100
    guidance: str
    score: Decimal | None  # 0–100 with one place; None: not scored yet
    comment: str


@dataclass(frozen=True)
class SheetView:
    id: str
    project_id: str
    reviewer_user_id: str
    reviewer_name: str
    criteria: tuple[CriterionScore, ...]  # the round's rubric in order, with this sheet's scores
    opinion: str  # 评审意见
    submitted_at: datetime | None  # None: still the reviewer's draft
    score: Decimal | None  # the weighted score, once submitted


@dataclass(frozen=True)
class ResultRow:
    project_id: str
    number: str
    title: str
    applicant: str  # the social organisation's name
    community: str
    status: str  # domain.project_workflow.Status
    score: Decimal | None  # the mean of the submitted sheets; None before any is in
    rank: int | None  # ties share a rank (1, 2, 2, 4); None: not scored
    sheets_in: int
    sheet_scores: Mapping[str, Decimal]  # reviewer's user id → their submitted score
    requested_fen: int
    approved_fen: int | None  # on the approval list or granted; None for a rejected proposal


@dataclass(frozen=True)
class RoundResults:
    round_id: str
    name: str
    pool_fen: int
    approved_fen: int  # the approved amounts that count against the pool (a terminated one's as paid)
    pool_left_fen: int
    reviewers: tuple[ReviewerView, ...]  # the round's, then anyone else whose sheet is in
    rows: tuple[ResultRow, ...]  # ranking order, unscored proposals last
    # What terminated projects were granted and not paid, back in the pool: the rows' approved amounts
    # come to ``approved_fen`` and this.
    returned_fen: int


def _in_review(session: Session, project_id: str) -> Project:
    project = load_project(session, project_id)
    if project.status != Status.IN_REVIEW:
        raise ValidationError("status", _("Proposal {number} is not in review.").format(number=project.number))
    return project


def _as_reviewer(who: Principal, found: RoundView) -> ReviewerView | None:
    return next((reviewer for reviewer in found.reviewers if who.user_id and reviewer.user_id == who.user_id), None)


def _own_sheet(session: Session, who: Principal, project_id: str) -> ReviewSheet | None:
    return session.scalar(select(ReviewSheet).where(
        ReviewSheet.project_id == project_id, ReviewSheet.reviewer_user_id == (who.user_id or ""),
        ReviewSheet.deleted_at.is_(None)).order_by(ReviewSheet.id).limit(1))


def _scores(session: Session, sheet_id: str) -> dict[str, ReviewScore]:
    rows = session.scalars(select(ReviewScore).where(ReviewScore.sheet_id == sheet_id, ReviewScore.deleted_at.is_(None)))
    return {row.criterion_id: row for row in rows}


def _tenths(criterion_id: str, score: Decimal) -> int:
    """A score checked as the domain checks it (0–100, one place at most): alone on a sheet of full
    weight it is its own weighted score."""
    return int(sheet_score((Criterion(criterion_id, "", 100),), {criterion_id: score}).scaleb(1))


def _weighted(sheet: ReviewSheet) -> Decimal | None:
    return None if sheet.score_centi is None else Decimal(sheet.score_centi).scaleb(-2)


def _view(session: Session, sheet: ReviewSheet, criteria: Sequence[CriterionView]) -> SheetView:
    scores = _scores(session, sheet.id)
    rows = tuple(CriterionScore(
        c.id, c.name, c.weight, c.guidance,
        Decimal(scores[c.id].score_tenths).scaleb(-1) if c.id in scores else None,
        scores[c.id].comment if c.id in scores else "") for c in criteria)
    return SheetView(sheet.id, sheet.project_id, sheet.reviewer_user_id, sheet.reviewer_name, rows, sheet.opinion,
                     sheet.submitted_at, _weighted(sheet))


def _draft(session: Session, project_id: str) -> tuple[ReviewSheet, RoundView]:
    """The signed-in reviewer's sheet of a proposal in review, made if they have none, still open."""
    who = require(session, Action.REVIEW_PROJECTS)
    project = _in_review(session, project_id)
    found = rounds.get(session, project.round_id)
    reviewer = _as_reviewer(who, found)
    if reviewer is None:
        raise PermissionDenied(_("Only the reviewers of the round score its proposals."))
    sheet = _own_sheet(session, who, project.id)
    if sheet is None:
        sheet = ReviewSheet(project_id=project.id, reviewer_user_id=reviewer.user_id, reviewer_name=reviewer.name)
        session.add(sheet)
        session.flush()
    elif sheet.submitted_at is not None:
        raise ValidationError("sheet", _("Your score sheet for {number} is submitted; it can no longer change.")
                              .format(number=project.number))
    return sheet, found


def my_sheet(session: Session, project_id: str) -> SheetView:
    """The signed-in reviewer's sheet of a proposal: the one they started or submitted, or a new one
    when the proposal is in review. Call it in a unit of work that may write."""
    who = require(session, Action.REVIEW_PROJECTS)
    project = load_project(session, project_id)
    sheet = _own_sheet(session, who, project.id)
    if sheet is None:
        sheet, found = _draft(session, project_id)
    else:
        found = rounds.get(session, project.round_id)
    return _view(session, sheet, found.criteria)


def save_scores(session: Session, project_id: str, scores: Mapping[str, Decimal],
                comments: Mapping[str, str] | None = None, opinion: str = "") -> SheetView:
    """Keep the reviewer's draft: these scores (criterion id → 0–100, one place) and comments, and
    the opinion. A criterion left out has no score; a comment needs a score beside it."""
    sheet, found = _draft(session, project_id)
    comments = comments or {}
    known = {c.id for c in found.criteria}
    for criterion_id in [*scores, *comments]:
        if criterion_id not in known:
            raise ValidationError(criterion_id, _("This is not a criterion of the round."))
    for criterion_id in comments:
        if criterion_id not in scores:
            raise ValidationError(criterion_id, _("Give a score with the comment."))
    sheet.opinion = optional_text(opinion, "opinion", 1000)
    kept = _scores(session, sheet.id)
    for criterion_id, row in kept.items():
        if criterion_id not in scores:
            tombstone(session, row)
    for criterion_id, score in scores.items():
        tenths = _tenths(criterion_id, score)
        comment = optional_text(comments.get(criterion_id, ""), criterion_id, 300)
        row = kept.get(criterion_id)
        if row is None:
            session.add(ReviewScore(sheet_id=sheet.id, criterion_id=criterion_id, score_tenths=tenths, comment=comment))
        elif (row.score_tenths, row.comment) != (tenths, comment):
            row.score_tenths, row.comment = tenths, comment
    session.flush()
    return _view(session, sheet, found.criteria)


def submit_sheet(session: Session, project_id: str) -> SheetView:
    """Hand in the reviewer's sheet: every criterion scored; its weighted score is then final."""
    sheet, found = _draft(session, project_id)
    given = _view(session, sheet, found.criteria).criteria
    score = sheet_score([c.criterion() for c in found.criteria],
                        {c.criterion_id: c.score for c in given if c.score is not None})
    sheet.score_centi = int(score.scaleb(2))
    sheet.submitted_at = utcnow()
    session.flush()
    return _view(session, sheet, found.criteria)


def _submitted(session: Session, project_ids: Sequence[str]) -> list[ReviewSheet]:
    return list(session.scalars(select(ReviewSheet).where(
        ReviewSheet.project_id.in_(project_ids), ReviewSheet.submitted_at.is_not(None),
        ReviewSheet.deleted_at.is_(None)).order_by(ReviewSheet.submitted_at, ReviewSheet.id)))


def sheets(session: Session, project_id: str) -> list[SheetView]:
    """Every submitted sheet of a proposal, in the order they came in. A reviewer of the round sees
    them once their own sheet is submitted, whatever their role: a station head who also reviews
    waits like the others. The head who does not review sees them always; nobody else does."""
    who = require(session, Action.VIEW)
    project = load_project(session, project_id)
    found = rounds.get(session, project.round_id)
    if _as_reviewer(who, found) is not None:
        own = _own_sheet(session, who, project.id)
        if own is None or own.submitted_at is None:
            raise PermissionDenied(_("Submit your own score sheet first: the others' scores show after that."))
    elif not who.may(Action.MANAGE_ROUNDS):
        raise PermissionDenied(_("Only the {head} and the round's reviewers see score sheets.").format(
            head=head_here(session)))
    return [_view(session, sheet, found.criteria) for sheet in _submitted(session, [project.id])]


@dataclass(frozen=True)
class MySheetState:
    """Where the signed-in reviewer's sheet of one proposal stands, read without writing anything."""

    started: bool  # a draft or a submitted sheet exists
    submitted: bool
    score: Decimal | None  # the weighted score once submitted


def my_sheet_states(session: Session, project_ids: Sequence[str]) -> dict[str, MySheetState]:
    """The signed-in reviewer's sheets of ``project_ids`` (a list to score): a proposal without one
    has no entry. Unlike ``my_sheet`` this never makes a sheet."""
    who = require(session, Action.REVIEW_PROJECTS)
    rows = session.scalars(select(ReviewSheet).where(
        ReviewSheet.project_id.in_(project_ids), ReviewSheet.reviewer_user_id == (who.user_id or ""),
        ReviewSheet.deleted_at.is_(None)).order_by(ReviewSheet.id))
    states: dict[str, MySheetState] = {}
    for sheet in rows:
        states.setdefault(sheet.project_id, MySheetState(True, sheet.submitted_at is not None, _weighted(sheet)))
    return states


def _approvals(session: Session, round_id: str, leave_out: str = "") -> list[tuple[str, int, int]]:
    """(number, requested, held) of every project whose approved amount holds part of the pool: all of
    it, or what a terminated project was paid (``project_grants.held_fen``), if anything."""
    rows = session.scalars(select(Project).where(
        Project.round_id == round_id, Project.id != leave_out, Project.approved_fen.is_not(None),
        Project.status.in_(HOLDING_POOL), Project.deleted_at.is_(None)))
    held = [(row.number, row.requested_fen, held_fen(session, row)) for row in rows]
    return [approval for approval in held if approval[2] > 0]


def unscored_by_me(session: Session, round_id: str) -> list[str]:
    """The numbers of the round's proposals in review that the signed-in user, a reviewer of the
    round, has not yet submitted a sheet for; empty for anyone who does not review the round."""
    who = require(session, Action.VIEW)
    if _as_reviewer(who, rounds.get(session, round_id)) is None:
        return []
    done = select(ReviewSheet.project_id).where(
        ReviewSheet.reviewer_user_id == (who.user_id or ""), ReviewSheet.submitted_at.is_not(None),
        ReviewSheet.deleted_at.is_(None))
    return list(session.scalars(select(Project.number).where(
        Project.round_id == round_id, Project.status == Status.IN_REVIEW, Project.deleted_at.is_(None),
        Project.id.not_in(done)).order_by(Project.number)))


def results(session: Session, round_id: str) -> RoundResults:
    """The round's submitted proposals ranked by their mean score, with requests and approvals; ties
    keep the order of their numbers. A head who also reviews the round sees them, like any reviewer's
    view of the others' sheets, only once every proposal in review has their submitted sheet."""
    require(session, Action.MANAGE_ROUNDS)
    pending = unscored_by_me(session, round_id)
    if pending:
        raise PermissionDenied(ngettext(
            "Submit your own score sheet of {numbers} first: the results show after that.",
            "Submit your own score sheets of {numbers} first: the results show after that.",
            len(pending)).format(numbers=listing(pending)))
    found = rounds.get(session, round_id)
    views = [view for view in reversed(projects.list_all(session, ProjectQuery(round_id=round_id)))
             if view.status != Status.DRAFT]
    by_project: dict[str, dict[str, Decimal]] = {view.id: {} for view in views}
    reviewers = {reviewer.user_id: reviewer for reviewer in found.reviewers}
    for sheet in _submitted(session, list(by_project)):
        score = _weighted(sheet)
        if score is not None:  # always, once submitted
            by_project[sheet.project_id][sheet.reviewer_user_id] = score
        reviewers.setdefault(sheet.reviewer_user_id, ReviewerView(sheet.reviewer_user_id, sheet.reviewer_name))
    by_id = {view.id: view for view in views}
    rows = []
    for ranked in rank([(view.id, project_score(list(by_project[view.id].values()))) for view in views]):
        view, given = by_id[ranked.project_id], by_project[ranked.project_id]
        rows.append(ResultRow(view.id, view.number, view.title, view.org_name, view.community, view.status,
                              ranked.score, ranked.rank, len(given), given, view.requested_fen,
                              view.approved_fen if view.status in HOLDING_POOL else None))
    approved = [amount for _number, _requested, amount in _approvals(session, round_id)]
    returned = sum(row.approved_fen or 0 for row in rows) - sum(approved)
    return RoundResults(found.id, found.name, found.pool_fen, sum(approved), pool_left(found.pool_fen, approved),
                        tuple(reviewers.values()), tuple(rows), returned)


def set_approved(session: Session, project_id: str, amount_fen: int | None) -> RoundResults:
    """Put a proposal in review on the approval list with this amount (None takes it off): above zero,
    within its request, and the round's approvals together within the pool."""
    require(session, Action.MANAGE_ROUNDS)
    project = _in_review(session, project_id)
    if amount_fen is not None:
        others = _approvals(session, project.round_id, leave_out=project.id)
        try:
            check_approvals([*others, (project.number, project.requested_fen, amount_fen)],
                            rounds.get(session, project.round_id).pool_fen)
        except ValidationError as exc:
            raise ValidationError("approved_fen", exc.message) from None
    project.approved_fen = amount_fen
    session.flush()
    return results(session, project.round_id)


def suggest(session: Session, round_id: str, min_score: Decimal | None = None) -> dict[str, int]:
    """The approval list to start from (project id → amount, in rank order), not written: the
    proposals in review at or above ``min_score`` get their full request while what the grants
    already made leave of the pool lasts."""
    found = results(session, round_id)
    granted = rounds.approved_total(session, round_id)
    in_review = [row for row in found.rows if row.status == Status.IN_REVIEW]
    ranked = [Ranked(row.project_id, row.score, row.rank) for row in in_review]
    requested = {row.project_id: row.requested_fen for row in in_review}
    return {project_id: amount for project_id, _requested, amount
            in suggest_approvals(ranked, requested, found.pool_fen - granted, min_score)}
