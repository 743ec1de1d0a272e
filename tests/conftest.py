"""Shared fixtures: real SQLite files in a temporary folder, never a mocked database."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.i18n import current_locale, set_locale
from desktop.services.station import StationInput, initialize
from desktop.storage import migrate
from desktop.storage.database import Database
from desktop.storage.opening import open_database
from argon2_testing import use_cheap_argon2, use_production_argon2
from wushe_testing import DemoTemplate, build_demo, open_copy

STATION = StationInput(
    name="青山镇社会工作服务站",
    kind="station",
    division_code="500110108",
    township="青山镇",
    county="清河县",
)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "wushe.db"


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    """A freshly migrated, not yet initialised database file."""
    database = open_database(db_path)
    yield database
    database.close()


@pytest.fixture
def initialized_db(db: Database) -> Database:
    """``db`` set up as a township station (node identity and station profile)."""
    initialize(db, STATION)
    return db


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Tests read messages in English (the source language); a test about Chinese switches itself.
    The previous locale is put back, so no test leaks its language into the next."""
    previous = current_locale()
    set_locale("en")
    yield
    set_locale(previous)



@pytest.fixture(scope="session", autouse=True)
def cheap_argon2() -> None:
    """Every test process hashes and wraps with cheap argon2 (tests/argon2_testing.py), templates included."""
    use_cheap_argon2()


@pytest.fixture(scope="session", autouse=True)
def migrated_once(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """A new database file starts as a copy of one migrated once per test process: the Alembic revisions
    cost most of a second each time. Existing files, and upgrades to other targets, still migrate for real."""
    template = tmp_path_factory.mktemp("migrated") / "wushe.db"
    upgrade = migrate.upgrade
    upgrade(template)

    def upgrade_new_from_template(path: Path, *, target: str = "head", cfg: object = None) -> bool:
        if target != "head" or cfg is not None or path.exists():
            return upgrade(path, target=target, cfg=cfg)
        shutil.copy(template, path)
        return True

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(migrate, "upgrade", upgrade_new_from_template)
        yield


@pytest.fixture
def production_argon2() -> Iterator[None]:
    """For a test about the argon2 parameters themselves: the production ones, for this test only."""
    use_production_argon2()
    yield
    use_cheap_argon2()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> DemoTemplate:
    """The demo station with its accounts, built once per test process (argon2 is slow on purpose)."""
    return build_demo(tmp_path_factory.mktemp("demo-template") / "wushe.db")


@pytest.fixture
def demo(demo_template: DemoTemplate, tmp_path: Path) -> Iterator[Database]:
    """A test's own copy of the demo station, nobody signed in."""
    db = open_copy(demo_template.path, tmp_path)
    yield db
    db.close()


@pytest.fixture
def demo_file(demo_template: DemoTemplate, tmp_path: Path) -> Path:
    """A test's own copy of the demo station as a closed file, for commands to open."""
    open_copy(demo_template.path, tmp_path / "db").close()
    return tmp_path / "db" / "wushe.db"
