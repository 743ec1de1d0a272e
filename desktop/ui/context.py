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

    def publish(self, topic: str) -> None:
        self.changed.emit(topic)

    def tell(self, text: str) -> None:
        self.notice.emit(text)


@dataclass(frozen=True)
class AppContext:
    gateway: Gateway
    tasks: TaskRunner
    events: DataEvents
    language: Language
    settings: QSettings


def make_context(db: Database, language: Language, settings: QSettings, actor: str,
                 parent: QObject | None = None) -> AppContext:
    """Everything a window needs; Qt objects are parented to ``parent`` so they share its lifetime.

    The language comes in ready-made: it is chosen before the database is opened, so that an
    error opening it is already in the user's language.
    """
    return AppContext(
        gateway=Gateway(db, actor),
        tasks=TaskRunner(parent=parent),
        events=DataEvents(parent),
        language=language,
        settings=settings,
    )
