"""What the tabs and dialogs of 供需对接 share: the topic their changes are published as, the colours of
urgent needs and of a candidate's warnings, and a list read whole but shown a window at a time."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtGui import QColor

from desktop.ui.table_model import FetchPage, whole_list

TOPIC = "needs"  # needs, resources and matches: one topic, since a match changes all three lists
REFRESH_ON = (TOPIC, "communities", "clients", "donors", "orgs", "volunteers", "projects", "all")
WARNING_COLOR = QColor("#b26a00")  # amber: worth a look, not an error

Row = TypeVar("Row")


class WholeList(Generic[Row]):
    """A list a service gives whole (a station has tens of projects), sorted here by the
    column's key and shown a window at a time: ``fetch_page`` and ``fetch_rows`` for a ``PagedTableModel``.
    ``read()`` reads it as the filters say now; ``keys`` maps a column's sort key to a row's sort value,
    the key "" keeping the service's own order."""

    def __init__(self, read: Callable[[], Sequence[Row]], row_id: Callable[[Row], str],
                 keys: dict[str, Callable[[Row], Any]]) -> None:
        self._read, self._row_id, self._keys = read, row_id, keys
        self._rows: dict[str, Row] = {}
        self.fetch_page: FetchPage = whole_list(self._ids)

    def _ids(self, order_by: str, descending: bool) -> list[str]:
        found = list(self._read())
        key = self._keys.get(order_by)
        if key is not None:
            found.sort(key=key)  # stable: ties keep the service's order
        if descending:
            found.reverse()
        self._rows = {self._row_id(row): row for row in found}
        return list(self._rows)

    def fetch_rows(self, ids: list[str]) -> list[Row]:
        return [self._rows[i] for i in ids if i in self._rows]
