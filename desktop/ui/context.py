"""What every page is given instead of reaching for globals: the collaborators of one window."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, QSettings, Signal

from desktop.storage.database import Database
from desktop.ui.gateway import Gateway
from desktop.ui.language import Language
from desktop.ui.tasks import TaskRunner


class DataEvents(QObject):
    """Tells pages that data changed elsewhere, so they refresh from the services.

    ``changed`` carries a topic: "station", "communities", "backups", or "all" after a restore.
    ``notice`` carries a short message for the status bar.
    """

    changed = Signal(str)
    notice = Signal(str)


@dataclass(frozen=True)
class AppContext:
    gateway: Gateway
    tasks: TaskRunner
    events: DataEvents
    language: Language
    settings: QSettings


def make_context(db: Database, settings: QSettings, actor: str, parent: QObject | None = None) -> AppContext:
    """Everything a window needs; Qt objects are parented to ``parent`` so they share its lifetime."""
    return AppContext(
        gateway=Gateway(db, actor),
        tasks=TaskRunner(parent=parent),
        events=DataEvents(parent),
        language=Language(settings, parent),
        settings=settings,
    )
