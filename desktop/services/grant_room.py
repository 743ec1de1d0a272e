"""What is left of a funded micro-venture project's approved amount (立项金额) for grants from the funds:
grants posted net of reversals (``ledger.granted_fen``) and those proposed or approved, not yet paid, never
above it (``disbursements`` checks a grant when proposed and again when paid)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.domain.codes import label
from desktop.domain.ledger import DisbursementStatus, EntryKind
from desktop.domain.money import from_fen
from desktop.domain.permissions import Action
from desktop.domain.project_workflow import FUNDED, STATUS_LABELS, Status
from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.services import ledger
from desktop.services.guard import require
from desktop.services.project_access import load_project
from desktop.storage.models import Disbursement, Project, SocialOrg

# Disbursements not paid, withdrawn, cancelled or rejected yet.
OPEN = (DisbursementStatus.PROPOSED, DisbursementStatus.APPROVED)

# A terminated project's unpaid grant went back to its round's pool (services.project_grants); a closed
# one may still get its last tranche (尾款) after the final evaluation.
GRANTABLE = FUNDED - {Status.TERMINATED}


def funded_project(session: Session, project_id: str | None) -> Project:
    if not project_id:
        raise ValidationError("project_id", _("Choose the project the grant goes to."))
    project = load_project(session, project_id)
    if project.status == Status.TERMINATED:
        raise ValidationError("project_id", _("Project {number} was terminated (终止): no more grants are paid to it.")
                              .format(number=project.number))
    if project.status not in FUNDED:  # not approved yet, or not approved at all: say which
        raise ValidationError("project_id", _("Project {number} is not approved yet (未立项): it is {status}. A grant "
                                              "is paid only once it is approved, up to its approved amount.").format(
            number=project.number, status=label(STATUS_LABELS, project.status)))
    if project.approved_fen is None:
        raise ValidationError("project_id", _("Project {number} has no approved grant (立项金额).").format(
            number=project.number))
    return project


def waiting_fen(session: Session, project_id: str) -> int:
    """The grants to the project proposed or approved, not yet paid."""
    return int(session.scalar(select(func.coalesce(func.sum(Disbursement.amount_fen), 0)).where(
        Disbursement.project_id == project_id, Disbursement.kind == EntryKind.GRANT, Disbursement.status.in_(OPEN),
        Disbursement.deleted_at.is_(None))) or 0)


def check_grant(session: Session, project: Project, amount_fen: int, with_open: bool) -> None:
    """The grants to ``project`` with this one stay within its approved amount; ``with_open`` counts
    those awaiting approval or payment too."""
    granted = ledger.granted_fen(session, project.id)
    waiting = waiting_fen(session, project.id) if with_open else 0
    assert project.approved_fen is not None
    if granted + waiting + amount_fen > project.approved_fen:
        raise ValidationError("amount", _(
            "Grants to project {number} would come to {total} yuan, above its approved amount of {approved} yuan "
            "({granted} yuan granted, {waiting} yuan awaiting approval or payment).").format(
            number=project.number, total=from_fen(granted + waiting + amount_fen),
            approved=from_fen(project.approved_fen), granted=from_fen(granted), waiting=from_fen(waiting)))


@dataclass(frozen=True)
class GrantRoom:
    """What is left of a funded project's approved amount (立项金额) for grants from any fund."""

    project_id: str
    number: str
    title: str
    org_name: str
    approved_fen: int
    granted_fen: int  # posted, net of reversals
    waiting_fen: int  # proposed or approved, not yet paid

    @property
    def left_fen(self) -> int:
        return self.approved_fen - self.granted_fen - self.waiting_fen


def grant_rooms(session: Session) -> list[GrantRoom]:
    """Every funded project a grant may go to, by number, with what is left of its approved amount."""
    require(session, Action.VIEW)
    rows = session.execute(select(Project, SocialOrg.name).outerjoin(SocialOrg, Project.org_id == SocialOrg.id).where(
        Project.status.in_(GRANTABLE), Project.approved_fen.is_not(None), Project.deleted_at.is_(None))
        .order_by(Project.number)).all()
    return [GrantRoom(project.id, project.number, project.title, org or "", int(project.approved_fen or 0),
                      ledger.granted_fen(session, project.id), waiting_fen(session, project.id))
            for project, org in rows]
