"""The 站点 column of the lists a county office holds for many stations (个案, 项目, 社区基金): after the
first column, each row named with the station it counts for (``sync.station_view.owners``), looked up with
the rows of each window. At a station the columns are as they were."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Generic

from desktop.i18n import N_
from desktop.sync.station_view import at_county, owners
from desktop.ui.gateway import Gateway
from desktop.ui.table_model import Column, R


class StationColumn(Generic[R]):
    """``columns`` and ``fetch_rows`` for a list of ``table``: with the column and the lookup at a county."""

    def __init__(self, gateway: Gateway, table: str, row_id: Callable[[R], str]) -> None:
        self._gateway, self._table, self._row_id = gateway, table, row_id
        self.shown = gateway.read(at_county)
        self._names: dict[str, str] = {}

    def columns(self, columns: Sequence[Column[R]]) -> list[Column[R]]:
        if not self.shown:
            return list(columns)
        return [columns[0], Column(N_("Station"), None, lambda row: self._names.get(self._row_id(row), "")),
                *columns[1:]]

    def fetching(self, fetch_rows: Callable[[list[str]], list[R]]) -> Callable[[list[str]], list[R]]:
        if not self.shown:
            return fetch_rows

        def fetch(ids: list[str]) -> list[R]:
            rows = fetch_rows(ids)
            found = self._gateway.read(owners, self._table, [self._row_id(row) for row in rows])
            self._names.update((row_id, owner.name) for row_id, owner in found.items())
            return rows

        return fetch

    def column_of(self, index: int) -> int:
        """Where the column at ``index`` of the columns given now stands."""
        return index + 1 if self.shown and index > 0 else index
