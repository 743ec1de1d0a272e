"""Constants and helpers shared by tests, importable by name (``conftest`` modules are not:
each test folder may have its own, and which one ``import conftest`` finds depends on the run)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from desktop.domain.permissions import Principal, Role
from desktop.errors import ValidationError
from desktop.security.vault import Vault
from desktop.services import communities, signin
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


def signed_in_demo(path: Path) -> tuple[Principal, Vault]:
    """The demo station built at ``path`` and its head signed in once: the account and the unlocked data key,
    for a generator that seals rows and to open the file again signed in without Argon2 a second time."""
    build_demo(path)
    db = open_database(path)
    signin.sign_in(db, DEMO_HEAD[0], DEMO_PASSWORD)
    principal, vault = db.principal, db.vault
    db.close()
    assert vault is not None
    return principal, vault


def open_copy(template: Path, folder: Path) -> Database:
    """A test's own copy of a template station, opened."""
    folder.mkdir(parents=True, exist_ok=True)
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


def community_ids(db: Database) -> dict[str, str]:
    """The live villages and communities by name."""
    with db.read() as session:
        return {c.name: c.id for c in communities.list_all(session)}


def refusal(db: Database, change: Callable[[Session], object]) -> ValidationError:
    """The ValidationError that ``change`` raises in a unit of work (which then writes nothing)."""
    with pytest.raises(ValidationError) as caught, db.write() as session:
        change(session)
    return caught.value


# ``python -m desktop.cli`` as the tests' own processes sign in: with their cheap argon2 (tests/argon2_testing.py).
CHEAP_CLI = ("import runpy, argon2_testing; argon2_testing.use_cheap_argon2(); "
             "runpy.run_module('desktop.cli', run_name='__main__', alter_sys=True)")


def run_wushe(db: Path, *args: str, user: str | None = "admin", password: str = DEMO_PASSWORD, locale: str = "en",
              check: bool = True) -> subprocess.CompletedProcess[str]:
    """The ``wushe`` command in a process of its own, signed in through WUSHE_USER / WUSHE_PASSWORD."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("WUSHE_")}
    env.update(WUSHE_LOCALE=locale, QT_QPA_PLATFORM="offscreen", WUSHE_PASSWORD=password)
    if user is not None:
        env["WUSHE_USER"] = user
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(Path(__file__).parent), env.get("PYTHONPATH")]))
    result = subprocess.run([sys.executable, "-c", CHEAP_CLI, "--db", str(db), *args], capture_output=True,
                            text=True, env=env, stdin=subprocess.DEVNULL)
    if check and result.returncode != 0:
        raise AssertionError(f"wushe {' '.join(args)} failed ({result.returncode}): {result.stderr}")
    return result


def unembedded_fonts(pdf: Path) -> list[str]:
    """``pdffonts`` rows of ``pdf`` whose font is not an embedded subset of the bundled face
    (a table without a FONTNAME names Helvetica, which a Chinese PC may not have)."""
    listing = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = listing.splitlines()[2:]
    assert rows, listing
    return [row for row in rows
            if not ("+WenQuanYiMicroHei" in row.split()[0] and row.split()[-5:-3] == ["yes", "yes"])]
