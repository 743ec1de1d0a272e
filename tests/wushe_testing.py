"""Constants and helpers shared by tests, importable by name (``conftest`` modules are not:
each test folder may have its own, and which one ``import conftest`` finds depends on the run)."""

from __future__ import annotations

from desktop.domain.permissions import Principal, Role
from desktop.storage.database import Database


DEMO_PASSWORD = "Qingshan-2026"


def acting_as(db: Database, name: str, role: Role = Role.ADMIN) -> Database:
    """Make ``name`` the actor of the next writes, without an account (storage-level tests)."""
    db.sign_in(Principal(None, name, name, role), db.vault)
    return db
