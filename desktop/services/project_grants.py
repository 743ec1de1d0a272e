"""How much of its round's pool a project's grant holds (issue #6).

An approved grant (立项金额) holds its full amount while the project may still draw on it. A terminated
project (终止) draws no more: it holds only what it was actually paid, and the rest of its grant goes
back to the pool for the round to give again. What it was paid is the largest of three records of the
same money, as a round may pay through the station's funds or outside them, and spending may be
recorded before the money arrives (it is then owed): the grants the funds posted to the project
(``ledger.granted_fen``, net of reversals), the funds received (到位资金) as an evaluation last stated
them, and what it spent beyond its matching funds (``project_spending.budget_vs_actual``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.project_workflow import Status
from desktop.services.ledger import granted_fen
from desktop.services.project_spending import budget_vs_actual
from desktop.storage.models import Project, ProjectEvaluation, ProjectStatusChange


@dataclass(frozen=True)
class Termination:
    """When and why a project was terminated, and what of its grant went back to the pool."""

    on: date
    reason: str
    by: str
    approved_fen: int  # 立项金额
    paid_fen: int  # what the project keeps: paid to it, or spent of the grant, before it ended
    returned_fen: int  # back in the round's pool


def funds_received_fen(session: Session, project_id: str) -> int | None:
    """到位资金 as the latest evaluation stating it says (the funds arrive in instalments, so a mid-term
    evaluation may be the last to have counted them); None when none states it."""
    return session.scalar(select(ProjectEvaluation.funds_received_fen).where(
        ProjectEvaluation.project_id == project_id, ProjectEvaluation.deleted_at.is_(None),
        ProjectEvaluation.funds_received_fen.is_not(None)).order_by(
        ProjectEvaluation.evaluated_on.desc(), ProjectEvaluation.created_at.desc()).limit(1))


def paid_fen(session: Session, project: Project) -> int:
    """What the project was actually paid of its grant, never above it."""
    total = budget_vs_actual(session, project.id).total
    paid = max(granted_fen(session, project.id), funds_received_fen(session, project.id) or 0,
               total.spent_fen - total.matching_fen)
    return min(paid, project.approved_fen or 0)


def held_fen(session: Session, project: Project) -> int:
    """What the project's approved amount holds of the pool: all of it, or once terminated what was paid."""
    if project.approved_fen is None:
        return 0
    return paid_fen(session, project) if project.status == Status.TERMINATED else project.approved_fen


def termination(session: Session, project: Project) -> Termination | None:
    """The termination of a terminated project (its last status change to 终止); None for any other."""
    if project.status != Status.TERMINATED:
        return None
    change = session.scalars(select(ProjectStatusChange).where(
        ProjectStatusChange.project_id == project.id, ProjectStatusChange.to_status == Status.TERMINATED,
        ProjectStatusChange.deleted_at.is_(None)).order_by(
        ProjectStatusChange.changed_on.desc(), ProjectStatusChange.created_at.desc()).limit(1)).first()
    approved = project.approved_fen or 0
    paid = paid_fen(session, project)
    return Termination(change.changed_on if change else project.ends_on, change.reason if change else "",
                       change.by_name if change else "", approved, paid, approved - paid)
