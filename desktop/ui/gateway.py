"""The UI's door to the data: service calls wrapped in short read or write units of work.

Widgets keep only the frozen dataclasses the services return, never a Session or an ORM row.
Reads are short and never blocked by a writer (SQLite WAL), so pages may run them on the GUI
thread. Writes can wait on another process's lock (busy timeout), so they go through
``tasks.TaskRunner`` on the database worker.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Concatenate, ParamSpec, TypeVar

from desktop.storage.database import Database

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

P = ParamSpec("P")
T = TypeVar("T")


class Gateway:
    def __init__(self, db: Database, actor: str) -> None:
        self.db = db
        self.actor = actor  # recorded in the audit log for every write

    @property
    def path(self) -> Path | None:
        return self.db.path

    def read(self, fn: Callable[Concatenate[Session, P], T], *args: P.args, **kwargs: P.kwargs) -> T:
        with self.db.read() as session:
            return fn(session, *args, **kwargs)

    def write(self, fn: Callable[Concatenate[Session, P], T], *args: P.args, **kwargs: P.kwargs) -> T:
        with self.db.write(self.actor) as session:
            return fn(session, *args, **kwargs)
