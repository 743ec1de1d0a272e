"""The database handle: engine with the right pragmas, and read / write units of work."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, func, select
from sqlalchemy.orm import Session, sessionmaker

from desktop.domain.hlc import HybridClock
from desktop.domain.permissions import SYSTEM, Principal
from desktop.security.vault import Vault
from desktop.storage import tracking, withheld
from desktop.storage.models import ChangeLogEntry, NodeIdentity

BUSY_TIMEOUT_MS = 10_000


def _sqlite_pragmas(foreign_keys: bool) -> Any:
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event emit BEGIN itself, so DDL is transactional too.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")  # rural power cuts: durability over speed
        cursor.execute(f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}")
        cursor.close()

    return on_connect


def _sqlite_begin(connection: Any) -> None:
    # Writers take the lock up front, so a read-then-write never fails half-way with SQLITE_BUSY.
    immediate = connection.get_execution_options().get("sqlite_immediate", False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def make_engine(url: str, *, foreign_keys: bool = True) -> Engine:
    """An engine for ``url``; on SQLite with the pragmas of DESIGN.md §3.

    ``foreign_keys=False`` is for migrations only, which check every key before they commit.
    """
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas(foreign_keys))
        event.listen(engine, "begin", _sqlite_begin)
    return engine


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


class Database:
    """One node's database. Services get Sessions from ``read()`` or ``write()``, never build their own."""

    def __init__(self, engine: Engine, path: Path | None = None) -> None:
        self.engine = engine
        self.path = path
        self._readers = sessionmaker(engine, expire_on_commit=False)
        self._writers = sessionmaker(
            engine.execution_options(sqlite_immediate=True), expire_on_commit=False
        )
        tracking.install(self._writers)
        withheld.install(self._writers)  # runs first: an edit keeps a field it never received
        self.node_id: str | None = None
        self.clock = HybridClock()
        # Who is signed in, and the unlocked data key; the system acts before any account exists.
        self.principal: Principal = SYSTEM
        self.vault: Vault | None = None
        self.refresh_identity()

    @classmethod
    def open_file(cls, path: Path) -> Database:
        return cls(make_engine(sqlite_url(path)), path)

    def refresh_identity(self) -> None:
        """Load the node id and move the clock past every stamp already written."""
        with self.read() as session:
            self.node_id = session.scalar(select(NodeIdentity.node_id))
            last = session.scalar(select(func.max(ChangeLogEntry.hlc))) or 0
        self.clock.observe(last)

    def sign_in(self, principal: Principal, vault: Vault | None) -> None:
        self.principal = principal
        self.vault = vault

    def sign_out(self) -> None:
        """Forget the user and the data key (the app locks or the user leaves)."""
        self.principal = SYSTEM
        self.vault = None

    def _stamp_session(self, session: Session) -> None:
        session.info.update(principal=self.principal, actor=self.principal.username, vault=self.vault,
                            node_id=self.node_id, clock=self.clock)

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._readers() as session:
            self._stamp_session(session)
            try:
                yield session
            finally:
                session.rollback()

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction: commits when the block ends, rolls everything back on any error.
        The audit log records the signed-in user as the actor."""
        with self._writers() as session:
            self._stamp_session(session)
            with session.begin():
                yield session

    def close(self) -> None:
        self.engine.dispose()
