"""Micro-venture rounds (创投批次): the pool, the application window, the budget rules checked when a
proposal is submitted, the scoring rubric and the reviewers.

A new round starts with ``project_scoring.DEFAULT_RUBRIC``. The rubric is fixed once any reviewer has
submitted a sheet, and a reviewer who submitted one stays: the scores already given must keep meaning
what they meant. Writing needs MANAGE_ROUNDS; reading, VIEW.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from babel.lists import format_list
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.domain.codes import FUNDING_KINDS, PROJECT_AREAS
from desktop.domain.ids import new_id
from desktop.domain.money import MAX_FEN, from_fen
from desktop.domain.permissions import Action, may
from desktop.domain.pinyin import person_keys
from desktop.domain.project_budget import RoundRules
from desktop.domain.project_scoring import DEFAULT_RUBRIC, Criterion, check_rubric, pool_left
from desktop.domain.project_workflow import FUNDED, Status
from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _, babel_locale, ngettext
from desktop.services import records
from desktop.services.forms import one_of, optional_text, required_text
from desktop.services.guard import require
from desktop.services.project_grants import held_fen
from desktop.services.tags import tags_column, tags_of
from desktop.storage.models import (
    Project, ProjectRound, ReviewScore, ReviewSheet, RoundCriterion, RoundReviewer, UserAccount,
)

FIRST_YEAR, LAST_YEAR = 2000, 2100
GUIDANCE = 300  # characters of a criterion's guidance for reviewers


@dataclass(frozen=True)
class RoundInput:
    name: str
    year: int
    organiser: str  # 主办单位
    funding_kind: str  # domain.codes.FUNDING_KINDS
    funding_source: str  # the fund or budget, by name
    pool_fen: int  # 资金池
    opens_on: date  # the application window, both days included
    closes_on: date
    areas: tuple[str, ...] = ()  # domain.codes.PROJECT_AREAS the round funds; none: any
    rules: RoundRules = RoundRules()
    notes: str = ""

    def validated(self) -> RoundInput:
        if isinstance(self.year, bool) or not isinstance(self.year, int) or not FIRST_YEAR <= self.year <= LAST_YEAR:
            raise ValidationError("year", _("Enter a year between {first} and {last}.").format(
                first=FIRST_YEAR, last=LAST_YEAR))
        if isinstance(self.pool_fen, bool) or not isinstance(self.pool_fen, int) or not 0 < self.pool_fen <= MAX_FEN:
            raise ValidationError("pool", _("The pool must be above zero."))
        if self.closes_on < self.opens_on:
            raise ValidationError("closes_on", _("The window closes before it opens."))
        rules = self.rules.validated()
        if rules.max_grant_fen is not None and rules.max_grant_fen > self.pool_fen:
            raise ValidationError("max_grant", _("The maximum grant is above the pool."))
        return replace(
            self, name=required_text(self.name, "name", 100), organiser=required_text(self.organiser, "organiser", 100),
            funding_kind=one_of(self.funding_kind, FUNDING_KINDS, "funding_kind"),
            funding_source=optional_text(self.funding_source, "funding_source", 100),
            areas=tuple(dict.fromkeys(one_of(area, PROJECT_AREAS, "areas") for area in self.areas)),
            notes=optional_text(self.notes, "notes", 500))


@dataclass(frozen=True)
class CriterionInput:
    name: str
    weight: int  # share of 100
    guidance: str = ""  # what reviewers look for


@dataclass(frozen=True)
class CriterionView:
    id: str  # the key score sheets refer to
    name: str
    weight: int
    guidance: str

    def criterion(self) -> Criterion:
        return Criterion(self.id, self.name, self.weight)


@dataclass(frozen=True)
class ReviewerView:
    user_id: str
    name: str


@dataclass(frozen=True)
class RoundView:
    id: str
    name: str
    year: int
    organiser: str
    funding_kind: str
    funding_source: str
    pool_fen: int
    opens_on: date
    closes_on: date
    areas: tuple[str, ...]
    rules: RoundRules
    notes: str
    criteria: tuple[CriterionView, ...]  # in the rubric's order
    reviewers: tuple[ReviewerView, ...]
    projects: int  # proposals in the round, drafts included
    approved_fen: int  # granted to the round's funded projects
    pool_left_fen: int  # negative when overspent

    def as_input(self) -> RoundInput:
        return RoundInput(self.name, self.year, self.organiser, self.funding_kind, self.funding_source, self.pool_fen,
                          self.opens_on, self.closes_on, self.areas, self.rules, self.notes)

    def is_open(self, day: date) -> bool:
        """Whether proposals may be submitted on ``day``."""
        return self.opens_on <= day <= self.closes_on

def rules_of(row: ProjectRound) -> RoundRules:
    """The budget rules a round's proposals are checked against."""
    return RoundRules(row.max_grant_fen, row.min_matching_percent, row.labour_max_percent, row.training_cap_fen,
                      row.meeting_cap_fen, row.expert_cap_fen)


def _apply(row: ProjectRound, data: RoundInput) -> None:
    row.name, row.year, row.organiser = data.name, data.year, data.organiser
    row.funding_kind, row.funding_source, row.pool_fen = data.funding_kind, data.funding_source, data.pool_fen
    row.opens_on, row.closes_on, row.notes = data.opens_on, data.closes_on, data.notes
    row.areas = tags_column(data.areas)
    rules = data.rules
    row.max_grant_fen, row.min_matching_percent, row.labour_max_percent = (
        rules.max_grant_fen, rules.min_matching_percent, rules.labour_max_percent)
    row.training_cap_fen, row.meeting_cap_fen, row.expert_cap_fen = (
        rules.training_cap_fen, rules.meeting_cap_fen, rules.expert_cap_fen)


def load_round(session: Session, round_id: str, field: str = "round_id") -> ProjectRound:
    """A live round, or a ValidationError on ``field`` (a proposal naming a round that is not there)."""
    row = session.get(ProjectRound, round_id) if round_id else None
    if row is None or row.deleted_at is not None:
        raise ValidationError(field, _("Choose a round from the list."))
    return row


def _load(session: Session, round_id: str) -> ProjectRound:
    row = records.load(session, ProjectRound, round_id, _("No such round."))
    if row.deleted_at is not None:
        raise NotFoundError(_("No such round."))
    return row


def _live_criteria(session: Session, round_id: str) -> list[RoundCriterion]:
    return list(session.scalars(select(RoundCriterion).where(
        RoundCriterion.round_id == round_id, RoundCriterion.deleted_at.is_(None)).order_by(RoundCriterion.position)))


def _live_reviewers(session: Session, round_id: str) -> list[RoundReviewer]:
    """In pinyin order of their names, as every list of people is (a few rows: sorted here)."""
    rows = session.scalars(select(RoundReviewer).where(
        RoundReviewer.round_id == round_id, RoundReviewer.deleted_at.is_(None)))
    return sorted(rows, key=lambda reviewer: person_keys(reviewer.name)[0])


def approved_total(session: Session, round_id: str) -> int:
    """What the round has granted: the approved amounts of its funded projects, a terminated one's
    only as far as it was paid (``project_grants.held_fen``)."""
    return sum(held_fen(session, row) for row in session.scalars(select(Project).where(
        Project.round_id == round_id, Project.status.in_(FUNDED), Project.deleted_at.is_(None))))


def _view(session: Session, row: ProjectRound) -> RoundView:
    projects = session.scalar(select(func.count()).select_from(Project).where(
        Project.round_id == row.id, Project.deleted_at.is_(None))) or 0
    approved = approved_total(session, row.id)
    return RoundView(
        row.id, row.name, row.year, row.organiser, row.funding_kind, row.funding_source, row.pool_fen, row.opens_on,
        row.closes_on, tags_of(row.areas), rules_of(row), row.notes,
        tuple(CriterionView(c.id, c.name, c.weight, c.guidance) for c in _live_criteria(session, row.id)),
        tuple(ReviewerView(r.user_id, r.name) for r in _live_reviewers(session, row.id)),
        projects, approved, pool_left(row.pool_fen, [approved]))


def get(session: Session, round_id: str) -> RoundView:
    require(session, Action.VIEW)
    return _view(session, _load(session, round_id))


def list_all(session: Session, year: int | None = None) -> list[RoundView]:
    """Every round (of ``year``), newest first: a station runs a few a year, so no paging."""
    require(session, Action.VIEW)
    stmt = select(ProjectRound).where(ProjectRound.deleted_at.is_(None))
    if year is not None:
        stmt = stmt.where(ProjectRound.year == year)
    rows = session.scalars(stmt.order_by(ProjectRound.year.desc(), ProjectRound.opens_on.desc(), ProjectRound.id))
    return [_view(session, row) for row in rows]


def find(session: Session, name_or_id: str) -> RoundView:
    """The round with this id, or else the one live round with this name."""
    require(session, Action.VIEW)
    wanted = name_or_id.strip()
    row = session.get(ProjectRound, wanted) if wanted else None
    if row is not None and row.deleted_at is None:
        return _view(session, row)
    ids = list(session.scalars(select(ProjectRound.id).where(ProjectRound.name == wanted,
                                                              ProjectRound.deleted_at.is_(None))))
    if len(ids) != 1:
        raise NotFoundError(_("No round is named “{name}”.").format(name=wanted) if not ids else
                            _("Several rounds are named “{name}”; give its id.").format(name=wanted))
    return get(session, ids[0])


def add(session: Session, data: RoundInput) -> RoundView:
    """A new round, scored on the default rubric until ``set_rubric`` changes it."""
    require(session, Action.MANAGE_ROUNDS)
    data = data.validated()
    row = ProjectRound(id=new_id())
    _apply(row, data)
    session.add(row)
    session.flush()
    _write_rubric(session, row.id, [CriterionInput(_(c.name), c.weight) for c in DEFAULT_RUBRIC])
    return _view(session, row)


def update(session: Session, round_id: str, data: RoundInput) -> RoundView:
    """Change the round's settings; the pool may not shrink below what it has granted."""
    require(session, Action.MANAGE_ROUNDS)
    row = _load(session, round_id)
    data = data.validated()
    granted = approved_total(session, round_id)
    if data.pool_fen < granted:
        raise ValidationError("pool", _("The round has granted {approved} yuan already; the pool cannot be less.")
                              .format(approved=from_fen(granted)))
    _apply(row, data)
    session.flush()
    return _view(session, row)


def delete(session: Session, round_id: str) -> None:
    """Tombstone a round opened by mistake, with the drafts written in it; a round any proposal was
    submitted to is on record (its proposals are withdrawn or terminated instead) and is refused."""
    require(session, Action.MANAGE_ROUNDS)
    row = _load(session, round_id)
    live = (Project.round_id == row.id, Project.deleted_at.is_(None))
    submitted = session.scalar(select(func.count()).select_from(Project).where(
        *live, Project.status != Status.DRAFT)) or 0
    if submitted:
        raise ValidationError("round", ngettext(
            "{n} proposal has been submitted to round {name}: the round stays on record.",
            "{n} proposals have been submitted to round {name}: the round stays on record.", submitted).format(
            n=submitted, name=row.name))
    for draft in session.scalars(select(Project).where(*live)):
        records.tombstone(session, draft)
    records.tombstone(session, row)


def any_submitted(session: Session, round_id: str, reviewer_user_id: str | None = None) -> bool:
    """Whether a score sheet of the round (of one reviewer) has been submitted."""
    stmt = select(ReviewSheet.id).join(Project, ReviewSheet.project_id == Project.id).where(
        Project.round_id == round_id, ReviewSheet.submitted_at.is_not(None), ReviewSheet.deleted_at.is_(None))
    if reviewer_user_id is not None:
        stmt = stmt.where(ReviewSheet.reviewer_user_id == reviewer_user_id)
    return session.scalar(stmt.limit(1)) is not None


def set_rubric(session: Session, round_id: str, criteria: Sequence[CriterionInput], *,
               drop_drafts: bool = False) -> RoundView:
    """Replace the round's rubric: weights summing to 100, before any sheet is submitted. A criterion
    kept by name keeps its row, so reviewers' draft scores of it stay; one dropped takes the draft scores
    given to it, which is refused unless ``drop_drafts`` says the secretary agreed (``drafts_dropped``)."""
    require(session, Action.MANAGE_ROUNDS)
    row = _load(session, round_id)
    if any_submitted(session, round_id):
        raise ValidationError("rubric", _("Score sheets have been submitted: the rubric can no longer change."))
    scorers = drafts_dropped(session, round_id, [c.name for c in criteria])
    if scorers and not drop_drafts:
        raise ValidationError("rubric", ngettext(
            "{names} has draft scores for criteria this rubric drops, which would be lost: keep those criteria, "
            "or have the reviewer submit or clear the draft first.",
            "{names} have draft scores for criteria this rubric drops, which would be lost: keep those criteria, "
            "or have the reviewers submit or clear their drafts first.", len(scorers)).format(
            names=format_list(scorers, locale=babel_locale())))
    _write_rubric(session, round_id, criteria)
    return _view(session, row)


def drafts_dropped(session: Session, round_id: str, names: Sequence[str]) -> list[str]:
    """The reviewers (by name, in pinyin order) whose unsubmitted sheets score a criterion of the round that
    a rubric of the criteria ``names`` would drop."""
    require(session, Action.VIEW)
    kept = {name.strip() for name in names}
    dropped = [c.id for c in _live_criteria(session, round_id) if c.name not in kept]
    if not dropped:
        return []
    users = set(session.scalars(select(ReviewSheet.reviewer_user_id).join(
        ReviewScore, ReviewScore.sheet_id == ReviewSheet.id).where(
        ReviewScore.criterion_id.in_(dropped), ReviewScore.deleted_at.is_(None), ReviewSheet.submitted_at.is_(None),
        ReviewSheet.deleted_at.is_(None))))
    return [reviewer.name for reviewer in _live_reviewers(session, round_id) if reviewer.user_id in users]


def _write_rubric(session: Session, round_id: str, criteria: Sequence[CriterionInput]) -> None:
    cleaned = [replace(c, name=required_text(c.name, "rubric", 50), guidance=optional_text(c.guidance, "rubric",
                                                                                           GUIDANCE))
               for c in criteria]
    check_rubric([Criterion(str(n), c.name, c.weight) for n, c in enumerate(cleaned)])
    existing = {c.name: c for c in _live_criteria(session, round_id)}
    for position, data in enumerate(cleaned, 1):
        kept = existing.pop(data.name, None) or RoundCriterion(round_id=round_id, name=data.name)
        kept.position, kept.weight, kept.guidance = position, data.weight, data.guidance
        session.add(kept)
    for dropped in existing.values():
        for score in session.scalars(select(ReviewScore).where(ReviewScore.criterion_id == dropped.id,
                                                               ReviewScore.deleted_at.is_(None))):
            records.tombstone(session, score)
        records.tombstone(session, dropped)
    session.flush()


def set_reviewers(session: Session, round_id: str, user_ids: Sequence[str]) -> RoundView:
    """The accounts that review the round: active ones whose role may score proposals. One who has
    submitted a sheet stays on."""
    require(session, Action.MANAGE_ROUNDS)
    row = _load(session, round_id)
    wanted = list(dict.fromkeys(user_ids))
    accounts = {a.id: a for a in session.scalars(select(UserAccount).where(UserAccount.id.in_(wanted)))}
    for user_id in wanted:
        account = accounts.get(user_id)
        if account is None or account.disabled_at is not None or not may(account.role, Action.REVIEW_PROJECTS):
            raise ValidationError("reviewers", _("Choose active accounts that may score proposals."))
    current = {r.user_id: r for r in _live_reviewers(session, round_id)}
    for user_id, reviewer in current.items():
        if user_id in wanted:
            continue
        if any_submitted(session, round_id, user_id):
            raise ValidationError("reviewers", _("{name} has submitted score sheets and stays a reviewer.").format(
                name=reviewer.name))
        records.tombstone(session, reviewer)
    for user_id in wanted:
        if user_id not in current:
            session.add(RoundReviewer(round_id=round_id, user_id=user_id, name=accounts[user_id].display_name))
    session.flush()
    return _view(session, row)
