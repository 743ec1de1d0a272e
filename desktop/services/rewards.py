"""The time bank's reward catalogue (积分兑换): goods from the 爱心超市 and services, with their cost."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.codes import REWARD_KINDS
from desktop.domain.permissions import Action
from desktop.domain.timebank import parse_points
from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.services import records
from desktop.services.forms import one_of, optional_text, required_text
from desktop.services.guard import require
from desktop.storage.models import TimebankReward


@dataclass(frozen=True)
class RewardInput:
    name: str
    kind: str
    cost: str | int | Decimal  # points as typed ("30", "2.5"); stored in hundredths
    active: bool = True
    notes: str = ""

    def validated(self) -> RewardInput:
        cost = parse_points(self.cost, "cost")
        if cost == 0:
            raise ValidationError("cost", _("Enter a number of points above zero."))
        return replace(self, name=required_text(self.name, "name", 100), kind=one_of(self.kind, REWARD_KINDS, "kind"),
                       cost=cost, notes=optional_text(self.notes, "notes", 200))


@dataclass(frozen=True)
class RewardView:
    id: str
    name: str
    kind: str
    cost: int  # hundredths of a point
    active: bool
    notes: str


def _view(row: TimebankReward) -> RewardView:
    return RewardView(row.id, row.name, row.kind, row.cost, row.active, row.notes)


def list_rewards(session: Session, include_inactive: bool = False) -> list[RewardView]:
    require(session, Action.VIEW)
    stmt = select(TimebankReward).where(TimebankReward.deleted_at.is_(None))
    if not include_inactive:
        stmt = stmt.where(TimebankReward.active.is_(True))
    return [_view(r) for r in session.scalars(stmt.order_by(TimebankReward.cost, TimebankReward.name))]


def _check_name(session: Session, name: str, reward_id: str | None) -> None:
    if session.scalar(select(TimebankReward.id).where(TimebankReward.name == name, TimebankReward.deleted_at.is_(None),
                                                     TimebankReward.id != (reward_id or ""))):
        raise ValidationError("name", _("{name} is already in the catalogue.").format(name=name))


def _apply(row: TimebankReward, data: RewardInput) -> None:
    row.name, row.kind, row.active, row.notes = data.name, data.kind, data.active, data.notes
    row.cost = int(data.cost)


def add_reward(session: Session, data: RewardInput) -> RewardView:
    require(session, Action.EDIT_REGISTERS)
    data = data.validated()
    _check_name(session, data.name, None)
    row = TimebankReward()
    _apply(row, data)
    session.add(row)
    session.flush()
    return _view(row)


def update_reward(session: Session, reward_id: str, data: RewardInput) -> RewardView:
    """A new cost applies to later redemptions; those made already keep what they cost."""
    require(session, Action.EDIT_REGISTERS)
    data = data.validated()
    row = records.load(session, TimebankReward, reward_id, _("No such reward."))
    _check_name(session, data.name, reward_id)
    _apply(row, data)
    session.flush()
    return _view(row)
