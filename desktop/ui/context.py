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

    ``changed`` carries a topic: "station", "communities", "backups", "users", "lock" (the idle
    lock's minutes), or "all" after a restore. ``notice`` carries a short message for the status bar.
    """

    changed = Signal(str)
    notice = Signal(str)

    def publish(self, topic: str) -> None:
        self.changed.emit(topic)

    def tell(self, text: str) -> None:
        self.notice.emit(text)


class SessionEvents(QObject):
    """Who sits at the keyboard: windows ask, the access controller (``ui.access.controller``) acts."""

    lock_requested = Signal()  # File ▸ Lock now
    sign_out_requested = Signal()  # File ▸ Sign out
    signed_out = Signal()  # the services signed everyone out (after a restore)
    user_changed = Signal()  # someone signed in again: windows rebuild for their role


@dataclass(frozen=True)
class AppContext:
    gateway: Gateway
    tasks: TaskRunner
    events: DataEvents
    session: SessionEvents
    language: Language
    settings: QSettings


def make_context(db: Database, language: Language, settings: QSettings, parent: QObject | None = None) -> AppContext:
    """Everything a window needs; Qt objects are parented to ``parent`` so they share its lifetime.

    The language comes in ready-made: it is chosen before the database is opened, so that an
    error opening it is already in the user's language.
    """
    return AppContext(
        gateway=Gateway(db),
        tasks=TaskRunner(parent=parent),
        events=DataEvents(parent),
        session=SessionEvents(parent),
        language=language,
        settings=settings,
    )
