"""The UI's door to the data: service calls wrapped in short read or write units of work.

Widgets keep only the frozen dataclasses the services return, never a Session or an ORM row.
Reads are short and never blocked by a writer (SQLite WAL), so pages may run them on the GUI
thread. Writes can wait on another process's lock (busy timeout), so they go through
``tasks.TaskRunner`` on the database worker. Both act as whoever is signed in on the database.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Concatenate, ParamSpec, TypeVar

from desktop.domain.codes import label
from desktop.domain.permissions import Action, Principal, role_labels
from desktop.services.guard import refused
from desktop.sync.home_node import node_kind
from desktop.storage.database import Database

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

P = ParamSpec("P")
T = TypeVar("T")


class Gateway:
    def __init__(self, db: Database) -> None:
        self.db = db

    @property
    def path(self) -> Path | None:
        return self.db.path

    @property
    def principal(self) -> Principal:
        """The signed-in user, recorded in the audit log for every write."""
        return self.db.principal

    @property
    def node_kind(self) -> str:
        """This node's kind (``codes.NODE_KINDS``), which names its roles (``permissions.role_labels``); read each
        time, as the setup wizard chooses it after the window is made."""
        with self.db.read() as session:
            return node_kind(session)

    def role_label(self, role: str) -> str:
        """A role's name here: 站长, or 县级管理员 at a county."""
        return label(role_labels(self.node_kind), role)

    def may(self, action: Action) -> bool:
        """Whether the services would let the signed-in user do ``action``; the UI hides what they refuse."""
        return self.db.principal.may(action)

    def refusal(self, action: Action) -> str:
        """The services' own words for refusing ``action`` (a disabled button's tooltip); "" if allowed."""
        return "" if self.may(action) else refused(self.db.principal, action, self.node_kind).message

    def read(self, fn: Callable[Concatenate[Session, P], T], *args: P.args, **kwargs: P.kwargs) -> T:
        with self.db.read() as session:
            return fn(session, *args, **kwargs)

    def write(self, fn: Callable[Concatenate[Session, P], T], *args: P.args, **kwargs: P.kwargs) -> T:
        with self.db.write() as session:
            return fn(session, *args, **kwargs)
