"""Permission checks and the unlocked key, as every service sees them through its Session."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.domain.codes import label
from desktop.domain.permissions import (
    ACTION_LABELS, SYSTEM, Action, Principal, head_title, role_labels, roles_that_may,
)
from desktop.errors import WusheError
from desktop.i18n import _
from desktop.security.vault import Vault
from desktop.storage.database import Database
from desktop.storage.models import UserAccount
from desktop.sync.home_node import node_kind, watch


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
    if not who.may(action):
        raise refused(who, action, node_kind(session))  # the node's kind read only to say no
    watch(session, action)
    return who


def require_on(db: Database, action: Action) -> Principal:
    """``require`` for operations on the whole file (backup, restore, demo) rather than in a unit of work."""
    with db.read() as session:
        return require(session, action)


def refused(who: Principal, action: Action, kind: str) -> PermissionDenied:
    """The refusal of ``action`` to ``who``, naming their role and the roles that may, as a node of ``kind``
    calls them: a person then knows whom to ask, or which account to sign in with."""
    labels = role_labels(kind)
    return PermissionDenied(_("As {role} you may not {action}; it needs the role of {roles}.").format(
        role=label(labels, who.role), action=label(ACTION_LABELS, action),
        roles=_(" or ").join(label(labels, role) for role in roles_that_may(action))))


def head_here(session: Session) -> str:
    """What this node calls its head in a sentence, for the refusals that name them: 站长, or 县级管理员 at a
    county."""
    return head_title(node_kind(session))


def vault(session: Session) -> Vault:
    unlocked = session.info.get("vault")
    if unlocked is None:
        raise Locked(_("Sign in first: this needs the station's data key."))
    return unlocked
