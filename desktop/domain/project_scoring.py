"""Reviewing micro-venture proposals: the round's rubric, score sheets, ranking and approved amounts.

Scores are Decimal with one place, computed in integer tenths and hundredths so that a mean is
rounded once, half-up, as a reviewer with a calculator would round it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from desktop.domain.money import from_fen
from desktop.errors import ValidationError
from desktop.i18n import N_, _

TOTAL_WEIGHT = 100
MAX_SCORE = 100


@dataclass(frozen=True)
class Criterion:
    key: str  # stable id the score sheets refer to
    name: str
    weight: int  # share of 100


# FORMS.md, "Micro-venture proposal": the criteria seen and their usual split. Names are msgids: a round
# created from this rubric stores them translated.
DEFAULT_RUBRIC: tuple[Criterion, ...] = (
    Criterion("need", N_("Need and necessity"), 20),
    Criterion("design", N_("Design and goals"), 25),
    Criterion("feasibility", N_("Feasibility and schedule"), 15),
    Criterion("budget", N_("Budget soundness"), 15),
    Criterion("capacity", N_("Team capacity"), 15),
    Criterion("innovation", N_("Innovation and sustainability"), 10),
)


def weight_message(name: str) -> str:
    """What is wrong with a weight that is no whole number from 1 to 100 (33.5, 0, 120): the sum must
    come to exactly 100, so a share is whole."""
    return _("The weight of “{name}” must be a whole number from 1 to 100.").format(name=name)


def check_rubric(criteria: Sequence[Criterion]) -> None:
    """A ValidationError unless the criteria are named, distinct and weighted 1..100 summing to 100."""
    if not criteria:
        raise ValidationError("rubric", _("A rubric needs at least one criterion."))
    names: set[str] = set()
    keys: set[str] = set()
    for criterion in criteria:
        name = criterion.name.strip()
        if not name:
            raise ValidationError("rubric", _("Every criterion needs a name."))
        if name in names or criterion.key in keys:
            raise ValidationError("rubric", _("The criterion “{name}” appears twice.").format(name=name))
        names.add(name)
        keys.add(criterion.key)
        if isinstance(criterion.weight, bool) or not isinstance(criterion.weight, int) \
                or not 1 <= criterion.weight <= TOTAL_WEIGHT:
            raise ValidationError("rubric", weight_message(name))
    total = sum(criterion.weight for criterion in criteria)
    if total != TOTAL_WEIGHT:
        raise ValidationError("rubric", _("The weights sum to {total}; they must sum to 100.").format(total=total))


def _tenths(field: str, score: Decimal) -> int:
    """A reviewer's score for one criterion, 0..100 with at most one place, in integer tenths."""
    if not isinstance(score, Decimal) or not score.is_finite() or not 0 <= score <= MAX_SCORE:
        raise ValidationError(field, _("Enter a score between 0 and 100."))
    tenths = score.scaleb(1)
    if tenths != tenths.to_integral_value():
        raise ValidationError(field, _("A score has at most one decimal place."))
    return int(tenths)


def _round_half_up(numerator: int, denominator: int) -> int:
    """numerator / denominator to the nearest whole number, halves up; both ≥ 0, denominator > 0."""
    return (2 * numerator + denominator) // (2 * denominator)


def _hundredths(value: int) -> Decimal:
    return Decimal(value).scaleb(-2)


def sheet_score(criteria: Sequence[Criterion], scores: Mapping[str, Decimal]) -> Decimal:
    """One reviewer's score: Σ weight × score / 100, every criterion scored, to 0.01 half-up."""
    unknown = sorted(set(scores) - {criterion.key for criterion in criteria})
    if unknown:
        raise ValidationError(unknown[0], _("“{key}” is not a criterion of this round.").format(key=unknown[0]))
    weighted = 0  # Σ weight × tenths = 1000 × the score, as weights are shares of 100
    for criterion in criteria:
        if criterion.key not in scores:
            raise ValidationError(criterion.key, _("Score “{name}”.").format(name=_(criterion.name)))
        weighted += criterion.weight * _tenths(criterion.key, scores[criterion.key])
    return _hundredths(_round_half_up(weighted, 10))


def project_score(sheet_scores: Sequence[Decimal]) -> Decimal | None:
    """The mean of the submitted sheets to 0.01 half-up; None before any sheet is in."""
    if not sheet_scores:
        return None
    hundredths = 0
    for score in sheet_scores:
        exact = score.scaleb(2)
        if not 0 <= score <= MAX_SCORE or exact != exact.to_integral_value():
            raise ValidationError("score", _("A sheet score is between 0 and 100 with at most two decimal places."))
        hundredths += int(exact)
    return _hundredths(_round_half_up(hundredths, len(sheet_scores)))


@dataclass(frozen=True)
class Ranked:
    project_id: str
    score: Decimal | None
    rank: int | None  # None: not scored yet


def rank(entries: Sequence[tuple[str, Decimal | None]]) -> list[Ranked]:
    """Highest score first; ties share a rank and the next rank skips (1, 2, 2, 4); ties keep their
    input order; unscored projects come last without a rank."""
    scored = [(project_id, score) for project_id, score in entries if score is not None]
    scored.sort(key=lambda entry: entry[1], reverse=True)  # sorting stays stable when reversed
    ranked: list[Ranked] = []
    for position, (project_id, score) in enumerate(scored, 1):
        same = bool(ranked) and ranked[-1].score == score
        ranked.append(Ranked(project_id, score, ranked[-1].rank if same else position))
    ranked.extend(Ranked(project_id, None, None) for project_id, score in entries if score is None)
    return ranked


def check_approvals(approvals: Sequence[tuple[str, int, int]], pool_fen: int) -> None:
    """(project id, requested fen, approved fen) each: approved above 0 and not above the request,
    each project once, and all together not above the round's pool."""
    seen: set[str] = set()
    for project_id, requested_fen, approved_fen in approvals:
        if project_id in seen:
            raise ValidationError(project_id, _("Project {project} is approved twice.").format(project=project_id))
        seen.add(project_id)
        if approved_fen <= 0:
            raise ValidationError(project_id, _("The approved amount for project {project} must be above zero.")
                                  .format(project=project_id))
        if approved_fen > requested_fen:
            raise ValidationError(project_id, _("Project {project}: the approved amount, {approved} yuan, is above "
                                                "the request of {requested} yuan.").format(
                project=project_id, approved=from_fen(approved_fen), requested=from_fen(requested_fen)))
    total = sum(approved_fen for _id, _requested, approved_fen in approvals)
    if total > pool_fen:
        raise ValidationError("pool", _("The approved amounts come to {total} yuan, more than the pool of {pool} "
                                        "yuan.").format(total=from_fen(total), pool=from_fen(pool_fen)))


def pool_left(pool_fen: int, approved: Iterable[int]) -> int:
    """What remains of the pool after the approved amounts (negative when overspent)."""
    return pool_fen - sum(approved)


def suggest_approvals(ranked: Sequence[Ranked], requested: Mapping[str, int], pool_fen: int,
                      min_score: Decimal | None = None) -> list[tuple[str, int, int]]:
    """The approval list a secretary starts from: in rank order, each scored project at or above
    ``min_score`` gets its full request while the pool lasts. A request that does not fit is skipped,
    never cut down, and the next ones are still tried: a smaller one may fit."""
    approvals: list[tuple[str, int, int]] = []
    left = pool_fen
    for entry in ranked:
        if entry.score is None or (min_score is not None and entry.score < min_score):
            continue
        request = requested[entry.project_id]
        if 0 < request <= left:
            approvals.append((entry.project_id, request, request))
            left -= request
    return approvals
