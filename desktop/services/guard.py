"""Permission checks and the unlocked key, as every service sees them through its Session."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.domain.codes import label
from desktop.domain.permissions import ACTION_LABELS, ROLE_LABELS, SYSTEM, Action, Principal
from desktop.errors import WusheError
from desktop.i18n import _
from desktop.security.vault import Vault
from desktop.storage.database import Database
from desktop.storage.models import UserAccount
from desktop.sync.home_node import watch


class PermissionDenied(WusheError):
    """The signed-in user's role may not do this (DESIGN.md §8)."""


class Locked(WusheError):
    """Sensitive data is needed but nobody has unlocked the data key."""


def principal(session: Session) -> Principal:
    return session.info.get("principal", SYSTEM)


def require(session: Session, action: Action) -> Principal:
    """The acting principal, if they may do ``action``. Once the station has accounts, the system
    principal (nobody signed in) may do nothing: set-up is over. An action that changes records may
    then change only this node's own at a county office (``sync.home_node``)."""
    who = principal(session)
    if who is SYSTEM and session.scalar(select(func.count()).select_from(UserAccount)):
        raise Locked(_("Sign in first."))
    require_of(who, action)
    watch(session, action)
    return who


def require_on(db: Database, action: Action) -> Principal:
    """``require`` for operations on the whole file (backup, restore, demo) rather than in a unit of work."""
    with db.read() as session:
        return require(session, action)


def require_of(who: Principal, action: Action) -> Principal:
    if not who.may(action):
        raise PermissionDenied(_("As {role} you may not {action}.").format(
            role=label(ROLE_LABELS, who.role), action=label(ACTION_LABELS, action)))
    return who


def vault(session: Session) -> Vault:
    unlocked = session.info.get("vault")
    if unlocked is None:
        raise Locked(_("Sign in first: this needs the station's data key."))
    return unlocked
