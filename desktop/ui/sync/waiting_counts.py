"""What waits for each peer (``peers.waiting_counts``), counted on the database worker: up to a few seconds a
peer on a busy node, so the sync screens show the rest of a peer's status at once and this when it arrives."""

from __future__ import annotations

from collections.abc import Collection

import shiboken6
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from desktop.i18n import _, format_number
from desktop.sync import peers
from desktop.ui.context import AppContext
from desktop.ui.tasks import Progress

PENDING = "…"  # in a peer's row until its count arrives


def waiting_text(count: int | None) -> str:
    return PENDING if count is None else format_number(count)


class WaitingCounts(QObject):
    """Counts the peers of ``node_ids`` (all when None) in one job; ``arrived`` carries the counts. Asked again
    (a reload after a change), the newer count wins: the older one is skipped if the worker has not reached
    it, and dropped if it arrives anyway, since it counted the data as it was before. A child of the widget
    that shows the counts, holding no reference to it, so a closed window is gone with its count."""

    arrived = Signal(object)  # dict[node_id, int]

    def __init__(self, ctx: AppContext, parent: QWidget, node_ids: Collection[str] | None = None) -> None:
        super().__init__(parent)
        self._ctx, self._node_ids = ctx, node_ids
        self._asked = 0  # tells the count asked last from earlier ones

    def start(self) -> None:
        self._asked += 1
        asked, gateway, node_ids = self._asked, self._ctx.gateway, self._node_ids

        def job(_progress: Progress) -> dict[str, int] | None:
            if asked != self._asked:  # asked again before the worker got here
                return None
            return gateway.read(peers.waiting_counts, node_ids)

        def done(waiting: dict[str, int] | None) -> None:
            if shiboken6.isValid(self) and asked == self._asked and waiting is not None:
                self.arrived.emit(waiting)

        # No parent for the job: it would hold the widget until the job's own objects are collected. A count
        # refused (signed out meanwhile, say) leaves the screen saying it is still counting.
        self._ctx.tasks.run(job, label=_("Counting…"), show_progress=False, on_success=done,
                            on_failure=lambda _error: None)
