"""Where things live: the bundled resources and catalogs, and the user's data folder."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "WusheDesk"
DB_FILENAME = "wushe.db"


def install_root() -> Path:
    """The folder holding ``resources/`` and ``i18n/``: the PyInstaller bundle or the source tree."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent


def resources_dir() -> Path:
    return install_root() / "resources"


def catalogs_dir() -> Path:
    return install_root() / "i18n"


def user_data_dir() -> Path:
    import platformdirs  # here, not at the top: the first window needs no paths of the user's

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_db_path() -> Path:
    """``WUSHE_DB`` if set, else ``wushe.db`` in the user data folder."""
    env = os.environ.get("WUSHE_DB")
    return Path(env) if env else user_data_dir() / DB_FILENAME


def backups_dir(db_path: Path) -> Path:
    """Backups sit beside the database they protect, so a test's temp database keeps its own."""
    return db_path.parent / "backups"


def logs_dir(db_path: Path) -> Path:
    return db_path.parent / "logs"


def attachments_dir(db_path: Path) -> Path:
    """Attached files (activity photos) sit beside the database whose rows name them."""
    return db_path.parent / "attachments"
