"""What the tabs and dialogs of 供需对接 share: the topic their changes are published as, the colours of
urgent needs and of a candidate's warnings, what is said of a need gone since the list was read, and a list
read whole but shown a window at a time."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.errors import NotFoundError, ValidationError, WusheError
from desktop.i18n import _
from desktop.ui.table_model import FetchPage, whole_list
from desktop.ui.tasks import TaskRunner

TOPIC = "needs"  # needs, resources and matches: one topic, since a match changes all three lists
REFRESH_ON = (TOPIC, "communities", "clients", "donors", "orgs", "volunteers", "projects", "all")
WARNING_COLOR = QColor("#b26a00")  # amber: worth a look, not an error
GONE = (NotFoundError, ValidationError)  # what reading a need deleted by someone else raises


def say_gone(parent: QWidget | None, error: WusheError) -> None:
    """A need deleted by someone else since the list was read: said plainly, not in the crash dialog."""
    QMessageBox.information(parent, _("Wushe Desk"), "\n\n".join((error.message, _(
        "Someone else changed it since the list was read: the list now shows the needs as they are."))))


Row = TypeVar("Row")


class WholeList(Generic[Row]):
    """A list a service gives whole (a station has tens of projects, but the needs they answer grow with
    the matches): read on the database worker by ``load`` and kept here; narrowed by the test ``keep()``
    gives (the filters as they are now) and sorted by the column's key here, without reading it again;
    shown a window at a time: ``fetch_page`` and ``fetch_rows`` for a ``PagedTableModel``. ``keys`` maps
    a column's sort key to a row's sort value, the key "" keeping the service's own order."""

    def __init__(self, tasks: TaskRunner, read: Callable[[], Sequence[Row]], keep: Callable[[], Callable[[Row], bool]],
                 row_id: Callable[[Row], str], keys: dict[str, Callable[[Row], Any]]) -> None:
        self._tasks, self._read, self._keep, self._row_id, self._keys = tasks, read, keep, row_id, keys
        self._whole: list[Row] = []
        self._rows: dict[str, Row] = {}
        self._asked = 0  # tells the latest load from one overtaken by it
        self.loaded = False  # the first load has arrived
        self.fetch_page: FetchPage = whole_list(self._ids)

    def load(self, arrived: Callable[[], None]) -> None:
        """Read the list again on the worker; ``arrived`` runs on the GUI thread once it is here, unless a
        later load was asked for meanwhile."""
        self._asked += 1
        asked, read = self._asked, self._read

        def done(rows: Sequence[Row]) -> None:
            if asked == self._asked:
                self._whole, self.loaded = list(rows), True
                arrived()

        # A read refused (signed out meanwhile, say) is dropped: the page is built again for whoever signs in.
        self._tasks.run(lambda _progress: read(), show_progress=False, on_success=done, on_failure=lambda _error: None)

    def _ids(self, order_by: str, descending: bool) -> list[str]:
        kept = self._keep()
        found = [row for row in self._whole if kept(row)]
        key = self._keys.get(order_by)
        if key is not None:
            found.sort(key=key)  # stable: ties keep the service's order
        if descending:
            found.reverse()
        self._rows = {self._row_id(row): row for row in found}
        return list(self._rows)

    def fetch_rows(self, ids: list[str]) -> list[Row]:
        return [self._rows[i] for i in ids if i in self._rows]
