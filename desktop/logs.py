"""The rotating log file in the user data folder (beside the database)."""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

from desktop.paths import logs_dir

LOG_NAME = "wushe.log"


def configure_logging(db_path: Path, level: int = logging.INFO) -> Path:
    """Log to ``logs/wushe.log`` beside the database, 1 MB a file, five files kept."""
    folder = logs_dir(db_path)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOG_NAME
    root = logging.getLogger()
    if not any(isinstance(h, RotatingFileHandler) and Path(h.baseFilename) == path for h in root.handlers):
        handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
    root.setLevel(level)
    return path
