"""Constants and helpers shared by tests, importable by name (``conftest`` modules are not:
each test folder may have its own, and which one ``import conftest`` finds depends on the run)."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from desktop.domain.permissions import Principal, Role
from desktop.services.accounts import AccountInput
from desktop.services.demo import DEMO_HEAD, DEMO_STATION, DEMO_USERS, load_demo
from desktop.services.station import initialize
from desktop.storage.database import Database
from desktop.storage.opening import open_database


DEMO_PASSWORD = "Qingshan-2026"


def acting_as(db: Database, name: str, role: Role = Role.ADMIN) -> Database:
    """Make ``name`` the actor of the next writes, without an account (storage-level tests)."""
    db.sign_in(Principal(None, name, name, role), db.vault)
    return db


DEMO_PHONES = {DEMO_HEAD[0]: DEMO_HEAD[2], **{name: phone for name, _n, _r, phone in DEMO_USERS}}


@dataclass(frozen=True)
class DemoTemplate:
    """A demo station file made once per test module (argon2 is slow on purpose); tests use copies."""

    path: Path
    recovery_code: str


def build_demo(path: Path, password: str = DEMO_PASSWORD) -> DemoTemplate:
    db = open_database(path)
    username, name, phone = DEMO_HEAD
    result = initialize(db, DEMO_STATION, head=AccountInput(username, name, Role.ADMIN, password, phone))
    load_demo(db, password)
    db.close()
    assert result.recovery_code
    return DemoTemplate(path, result.recovery_code)


def open_copy(template: Path, folder: Path) -> Database:
    """A test's own copy of a template station, opened."""
    path = folder / "wushe.db"
    shutil.copy(template, path)
    return open_database(path)


def shown(qtbot, widget, size: tuple[int, int] | None = None):  # type: ignore[no-untyped-def]
    """``widget`` handed to qtbot (closed after the test), optionally resized, and shown."""
    qtbot.addWidget(widget)
    if size:
        widget.resize(*size)
    widget.show()
    return widget
